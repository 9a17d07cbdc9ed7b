//! Locker sizes, smallest first.

use serde::{Deserialize, Serialize};

/// A locker size. Ordered: a package fits any size at or above its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Size {
    S,
    M,
    L,
    XL,
}

impl Size {
    /// Every size, smallest first.
    pub const ALL: [Size; 4] = [Size::S, Size::M, Size::L, Size::XL];

    /// The short code stored in the database and shown on screen.
    pub fn code(self) -> &'static str {
        match self {
            Size::S => "S",
            Size::M => "M",
            Size::L => "L",
            Size::XL => "XL",
        }
    }

    /// Parse a code as written in config or the database.
    pub fn parse(s: &str) -> Option<Size> {
        Size::ALL
            .into_iter()
            .find(|z| z.code().eq_ignore_ascii_case(s.trim()))
    }

    /// The next larger size, if any.
    pub fn next_up(self) -> Option<Size> {
        Size::ALL.into_iter().find(|z| *z > self)
    }

    /// Position in [`Size::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_parse_next() {
        assert!(Size::S < Size::XL);
        assert_eq!(Size::parse(" xl "), Some(Size::XL));
        assert_eq!(Size::parse("XXL"), None);
        assert_eq!(Size::S.next_up(), Some(Size::M));
        assert_eq!(Size::L.next_up(), Some(Size::XL));
        assert_eq!(Size::XL.next_up(), None);
        for z in Size::ALL {
            assert_eq!(Size::parse(z.code()), Some(z));
            assert_eq!(Size::ALL[z.index()], z);
        }
    }
}

//! The site file: the wall's lockers and wiring, the directory to start with,
//! and the carrier accounts. The demo site is built in; a real site names its own file.
//! This room also holds the wiring (`wiring`) and the kiosk's configuration (`config`).

pub mod config;
pub mod wiring;

use crate::domain::{KeptFree, Size};
use crate::site::wiring::{Board, BoardSpec, BoardType};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// The demo site shipped in the binary.
pub const DEMO_SITE: &str = include_str!("../../assets/demo-site.toml");

/// A whole site file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// The property's name.
    pub name: String,
    #[serde(default)]
    pub lockers: Vec<LockerSpec>,
    /// The lock boards, where they differ from "a KR-CU16 at the address lockers name".
    #[serde(default)]
    pub boards: Vec<BoardSpec>,
    #[serde(default)]
    pub residents: Vec<ResidentSpec>,
    #[serde(default)]
    pub carriers: Vec<CarrierSpec>,
    /// The first package staff accounts (more are added with `lockerwall staff add`).
    #[serde(default)]
    pub staff: Vec<StaffSpec>,
    /// A package room beside the wall, if the property has one.
    #[serde(default)]
    pub room: Option<RoomSpec>,
    /// Offer carriers the locker a resident's other package is in ("Add to
    /// B07 with their other package?"), so one code opens one door for both.
    #[serde(default)]
    pub share_lockers: bool,
    /// Accessible lockers of each size kept free for residents who need
    /// them: one number for every size, or a table by size (`{ M = 2 }`;
    /// a size left out keeps the default, one).
    #[serde(default)]
    pub accessible_kept_free: Option<KeptFreeSpec>,
}

/// How the site file says how many accessible lockers stay free.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum KeptFreeSpec {
    /// The same number for every size.
    Every(u32),
    /// By size.
    BySize(KeptBySize),
}

/// Accessible lockers kept free, size by size.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeptBySize {
    #[serde(rename = "S")]
    s: Option<u32>,
    #[serde(rename = "M")]
    m: Option<u32>,
    #[serde(rename = "L")]
    l: Option<u32>,
    #[serde(rename = "XL")]
    xl: Option<u32>,
}

impl Site {
    /// How many accessible lockers of each size the allocator holds back.
    pub fn kept_free(&self) -> KeptFree {
        let default = KeptFree::default().0;
        match &self.accessible_kept_free {
            None => KeptFree(default),
            Some(KeptFreeSpec::Every(n)) => KeptFree([*n; 4]),
            Some(KeptFreeSpec::BySize(k)) => {
                let by = [k.s, k.m, k.l, k.xl];
                KeptFree(std::array::from_fn(|i| by[i].unwrap_or(default[i])))
            }
        }
    }
}

/// The package room: one controlled door (a lock channel like any locker's)
/// and named shelves, each with a rough capacity in packages.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomSpec {
    /// What the screen and the notices call its door ("Package room").
    #[serde(default = "room_label")]
    pub label: String,
    pub board: u8,
    pub lock: u8,
    pub shelves: Vec<ShelfSpec>,
}

/// A shelf or zone in the package room; its label is printed on it (and scannable).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShelfSpec {
    pub label: String,
    /// About how many packages it holds; the kiosk stops offering a full room.
    pub capacity: u32,
}

fn room_label() -> String {
    "Package room".into()
}

/// One locker: where it is on the wall and where it is wired.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockerSpec {
    pub label: String,
    pub size: Size,
    pub column: u32,
    pub row: u32,
    #[serde(default = "one")]
    pub height: u32,
    #[serde(default)]
    pub accessible: bool,
    /// The board's number on the wall (see `[[boards]]`).
    pub board: u8,
    /// Lock number on the board, from 0.
    pub lock: u8,
    /// An occupancy sensor is fitted (the simulator fits one where this is set).
    #[serde(default)]
    pub sensor: bool,
}

fn one() -> u32 {
    1
}

/// A resident to start the directory with.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResidentSpec {
    pub name: String,
    pub unit: String,
    pub building: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub needs_accessible: bool,
    /// The language of their notices: "en" (the default) or "es".
    #[serde(default = "english")]
    pub language: String,
}

/// A staff account with its first PIN (hashed when stored).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffSpec {
    pub name: String,
    /// "staff" (everything) or "maintenance" (doors and lockers only).
    #[serde(default = "staff_role")]
    pub role: String,
    pub pin: String,
}

fn staff_role() -> String {
    "staff".into()
}

fn english() -> String {
    "en".into()
}

/// A carrier account with its first PIN (hashed when stored).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarrierSpec {
    pub name: String,
    pub pin: String,
}

/// A site file that cannot be used, in words an installer can act on.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("the site file is not valid: {0}")]
    Parse(#[from] toml::de::Error),
    /// A mistake in one entry: the line it starts on, and what is wrong.
    #[error("line {line}: {what}")]
    At { line: usize, what: String },
    #[error("the site has no lockers")]
    NoLockers,
    #[error("resident {0}: notices can be in en or es, not {1}")]
    Language(String, String),
    #[error("{0}: the PIN must be 4 to 8 digits (and, for staff, not one digit repeated or a straight run)")]
    BadPin(String),
    #[error("staff member {0}: unknown role {1:?} (use \"staff\" or \"maintenance\")")]
    Role(String, String),
    #[error("bus {0} has both kr-cu16 and modbus-relay boards; one bus speaks one protocol")]
    MixedBus(String),
    #[error("package room: {0}")]
    Room(String),
}

/// Where each entry starts in the file, to name the line of a mistake.
#[derive(Deserialize, Default)]
struct Lines {
    #[serde(default)]
    lockers: Vec<toml::Spanned<toml::Table>>,
    #[serde(default)]
    boards: Vec<toml::Spanned<toml::Table>>,
}

fn line_of(text: &str, span: &toml::Spanned<toml::Table>) -> usize {
    let start = span.span().start.min(text.len());
    text[..start].matches('\n').count() + 1
}

impl Site {
    /// Parse and check a site file.
    pub fn parse(text: &str) -> Result<Site, SiteError> {
        let site: Site = toml::from_str(text)?;
        let lines: Lines = toml::from_str(text).unwrap_or_default();
        let locker_lines: Vec<usize> = lines.lockers.iter().map(|s| line_of(text, s)).collect();
        let board_lines: Vec<usize> = lines.boards.iter().map(|s| line_of(text, s)).collect();
        site.validate(&locker_lines, &board_lines)?;
        Ok(site)
    }

    /// The built-in demo site.
    pub fn demo() -> Site {
        Site::parse(DEMO_SITE).expect("the bundled demo site is valid (checked by a test)")
    }

    fn validate(&self, locker_lines: &[usize], board_lines: &[usize]) -> Result<(), SiteError> {
        let at = |lines: &[usize], i: usize, what: String| SiteError::At {
            line: lines.get(i).copied().unwrap_or(0),
            what,
        };
        let mut declared: HashMap<u8, &BoardSpec> = HashMap::new();
        let mut addresses: HashMap<(&str, u8), u8> = HashMap::new();
        for (i, b) in self.boards.iter().enumerate() {
            if let Some(what) = b.problem() {
                return Err(at(board_lines, i, what));
            }
            if declared.insert(b.number, b).is_some() {
                return Err(at(
                    board_lines,
                    i,
                    format!("board {} is declared twice", b.number),
                ));
            }
            if let Some(other) = addresses.insert((b.bus.as_str(), b.address()), b.number) {
                return Err(at(
                    board_lines,
                    i,
                    format!(
                        "boards {other} and {} both have address {} on bus {}",
                        b.number,
                        b.address(),
                        b.bus
                    ),
                ));
            }
        }
        let mut kinds: HashMap<&str, BoardType> = HashMap::new();
        for b in &self.boards {
            if *kinds.entry(b.bus.as_str()).or_insert(b.kind) != b.kind {
                return Err(SiteError::MixedBus(b.bus.clone()));
            }
        }
        if self.lockers.is_empty() {
            return Err(SiteError::NoLockers);
        }
        let mut labels = HashSet::new();
        let mut wired = HashMap::new();
        for (i, l) in self.lockers.iter().enumerate() {
            let name = &l.label;
            let board = declared
                .get(&l.board)
                .map(|b| (*b).clone())
                .unwrap_or_else(|| BoardSpec::implicit(l.board));
            if !declared.contains_key(&l.board) {
                if let Some(what) = board.problem() {
                    return Err(at(locker_lines, i, format!("locker {name}: {what}")));
                }
            }
            if l.lock >= board.locks() {
                return Err(at(
                    locker_lines,
                    i,
                    format!(
                        "locker {name}: lock {} is out of range (board {} has locks 0 to {})",
                        l.lock,
                        l.board,
                        board.locks() - 1
                    ),
                ));
            }
            if l.height == 0 {
                return Err(at(
                    locker_lines,
                    i,
                    format!("locker {name}: height must be at least 1"),
                ));
            }
            if !labels.insert(name.as_str()) {
                return Err(at(locker_lines, i, format!("locker {name} appears twice")));
            }
            if let Some(other) = wired.insert((l.board, l.lock), name.as_str()) {
                return Err(at(
                    locker_lines,
                    i,
                    format!(
                        "lockers {other} and {name} are wired to the same lock (board {}, lock {})",
                        l.board, l.lock
                    ),
                ));
            }
        }
        if let Some(room) = &self.room {
            let board = declared
                .get(&room.board)
                .map(|b| (*b).clone())
                .unwrap_or_else(|| BoardSpec::implicit(room.board));
            if room.lock >= board.locks() {
                return Err(SiteError::Room(format!(
                    "lock {} is out of range (board {} has locks 0 to {})",
                    room.lock,
                    room.board,
                    board.locks() - 1
                )));
            }
            if let Some(other) = wired.get(&(room.board, room.lock)) {
                return Err(SiteError::Room(format!(
                    "its door and locker {other} are wired to the same lock (board {}, lock {})",
                    room.board, room.lock
                )));
            }
            if labels.contains(room.label.as_str()) {
                return Err(SiteError::Room(format!(
                    "{} is also a locker's label",
                    room.label
                )));
            }
            if room.shelves.is_empty() {
                return Err(SiteError::Room("it needs at least one shelf".into()));
            }
            let mut shelves = HashSet::new();
            for sh in &room.shelves {
                if sh.label.trim().is_empty() || !shelves.insert(sh.label.as_str()) {
                    return Err(SiteError::Room(format!(
                        "shelf {:?} is empty or appears twice",
                        sh.label
                    )));
                }
                if sh.capacity == 0 {
                    return Err(SiteError::Room(format!(
                        "shelf {} needs a capacity of at least 1",
                        sh.label
                    )));
                }
            }
        }
        for r in &self.residents {
            if !crate::notify::templates::LANGUAGES.contains(&r.language.as_str()) {
                return Err(SiteError::Language(r.name.clone(), r.language.clone()));
            }
        }
        for c in &self.carriers {
            if !(4..=8).contains(&c.pin.len()) || !c.pin.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SiteError::BadPin(c.name.clone()));
            }
        }
        for s in &self.staff {
            if crate::domain::Role::parse(&s.role).is_none() {
                return Err(SiteError::Role(s.name.clone(), s.role.clone()));
            }
            if crate::domain::staff::check_new_staff_pin(&s.pin).is_err() {
                return Err(SiteError::BadPin(s.name.clone()));
            }
        }
        Ok(())
    }

    /// Every board the wall uses, resolved: declared ones, and those lockers name.
    pub fn wiring(&self) -> Vec<Board> {
        let mut numbers: Vec<u8> = self
            .boards
            .iter()
            .map(|b| b.number)
            .chain(self.lockers.iter().map(|l| l.board))
            .chain(self.room.iter().map(|r| r.board))
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
            .into_iter()
            .map(|n| {
                let spec = self
                    .boards
                    .iter()
                    .find(|b| b.number == n)
                    .cloned()
                    .unwrap_or_else(|| BoardSpec::implicit(n));
                let sensors = self
                    .lockers
                    .iter()
                    .filter(|l| l.board == n && l.sensor && l.lock < 32)
                    .fold(0u32, |m, l| m | (1 << l.lock));
                spec.resolve(sensors)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_site_is_valid_and_sized() {
        let site = Site::demo();
        assert!((28..=36).contains(&site.lockers.len()));
        for size in Size::ALL {
            assert!(site.lockers.iter().any(|l| l.size == size), "{size:?}");
        }
        assert!(site.lockers.iter().filter(|l| l.accessible).count() >= 3);
        assert!(site.residents.len() >= 40);
        let names: Vec<_> = site.carriers.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["USPS", "UPS", "FedEx", "Amazon", "DHL", "Other"]);
    }

    #[test]
    fn accessible_lockers_kept_free_read_as_one_number_or_by_size() {
        let kept = |extra: &str| {
            Site::parse(&format!("{BASE}{extra}{}", locker("A1", 0, 0))).map(|s| s.kept_free().0)
        };
        assert_eq!(kept("").unwrap(), [1, 1, 1, 1]);
        assert_eq!(kept("accessible_kept_free = 2\n").unwrap(), [2, 2, 2, 2]);
        assert_eq!(
            kept("accessible_kept_free = { M = 3, XL = 0 }\n").unwrap(),
            [1, 3, 1, 0]
        );
        assert!(kept("accessible_kept_free = { XXL = 1 }\n").is_err());
        assert!(kept("accessible_kept_free = -1\n").is_err());
    }

    fn locker(label: &str, board: u8, lock: u8) -> String {
        format!("[[lockers]]\nlabel = \"{label}\"\nsize = \"S\"\ncolumn = 0\nrow = 0\nboard = {board}\nlock = {lock}\n")
    }

    fn error(text: &str) -> String {
        Site::parse(text).unwrap_err().to_string()
    }

    const BASE: &str = "name = \"x\"\n";

    #[test]
    fn locker_mistakes_name_the_line() {
        // Each locker table is 7 lines; the first starts on line 2.
        let two = |a: &str, b: &str| format!("{BASE}{a}{b}");
        assert_eq!(
            error(&two(&locker("A1", 0, 0), &locker("A1", 0, 1))),
            "line 9: locker A1 appears twice"
        );
        assert_eq!(
            error(&two(&locker("A1", 0, 0), &locker("A2", 0, 0))),
            "line 9: lockers A1 and A2 are wired to the same lock (board 0, lock 0)"
        );
        assert!(matches!(Site::parse(BASE), Err(SiteError::NoLockers)));
        let e = error(&format!(
            "{BASE}{}",
            locker("A1", 0, 0).replace("\"S\"", "\"XXL\"")
        ));
        assert!(
            e.contains("line 4") && e.contains("unknown variant `XXL`"),
            "{e}"
        );
        assert_eq!(
            error(&format!("{BASE}{}", locker("A1", 12, 0))),
            "line 2: locker A1: board 12: address 12 is out of range for a kr-cu16 board (0 to 9)"
        );
        assert_eq!(
            error(&two(&locker("A1", 0, 0), &locker("A2", 0, 16))),
            "line 9: locker A2: lock 16 is out of range (board 0 has locks 0 to 15)"
        );
        let e = error(&format!(
            "{BASE}{}",
            locker("A1", 0, 0).replace("lock = 0\n", "")
        ));
        assert!(
            e.contains("missing field `lock`") && e.contains("line 2"),
            "{e}"
        );
        let e = error(&format!(
            "{BASE}{}",
            locker("A1", 0, 0)
                .replace("height", "hieght")
                .replace("row = 0", "row = 0\nhieght = 2")
        ));
        assert!(e.contains("unknown field `hieght`"), "{e}");
        let pin = format!(
            "{BASE}{}[[carriers]]\nname = \"UPS\"\npin = \"12\"\n",
            locker("A1", 0, 0)
        );
        assert!(matches!(Site::parse(&pin), Err(SiteError::BadPin(n)) if n == "UPS"));
    }

    #[test]
    fn board_mistakes_name_the_line() {
        let board = |extra: &str| format!("[[boards]]\nnumber = 3\n{extra}");
        let with = |boards: &str| format!("{BASE}{boards}{}", locker("A1", 3, 0));
        assert_eq!(
            error(&with(&board("type = \"modbus-relay\"\naddress = 0\n"))),
            "line 2: board 3: address 0 is out of range for a modbus-relay board (1 to 247)"
        );
        assert_eq!(
            error(&with(&board("type = \"modbus-relay\"\nlocks = 40\n"))),
            "line 2: board 3: locks must be 1 to 32 for a modbus-relay board"
        );
        assert_eq!(
            error(&with(&board("locks = 8\n"))),
            "line 2: board 3: a kr-cu16 board always has 16 locks (remove `locks = 8`)"
        );
        assert_eq!(
            error(&with(&format!("{}{}", board(""), board("")))),
            "line 4: board 3 is declared twice"
        );
        assert_eq!(
            error(&with(&format!(
                "{}[[boards]]\nnumber = 4\naddress = 3\n",
                board("")
            ))),
            "line 4: boards 3 and 4 both have address 3 on bus main"
        );
        assert_eq!(
            error(&with(&format!(
                "{}[[boards]]\nnumber = 4\ntype = \"modbus-relay\"\n",
                board("")
            ))),
            "bus main has both kr-cu16 and modbus-relay boards; one bus speaks one protocol"
        );
        let small = board("type = \"modbus-relay\"\naddress = 1\nlocks = 4\n");
        assert_eq!(
            error(&format!("{BASE}{small}{}", locker("A1", 3, 4))),
            "line 7: locker A1: lock 4 is out of range (board 3 has locks 0 to 3)"
        );
        let e = error(&with(&board("type = \"cu48\"\n")));
        assert!(
            e.contains("unknown variant `cu48`") && e.contains("line 4"),
            "{e}"
        );
    }

    #[test]
    fn wiring_resolves_declared_and_implicit_boards() {
        let text = format!(
            "{BASE}[[boards]]\nnumber = 5\nbus = \"lower\"\ntype = \"modbus-relay\"\naddress = 1\nlocks = 8\nhook_set_means_closed = false\n{}{}sensor = true\n",
            locker("A1", 0, 2),
            locker("B1", 5, 7)
        );
        let site = Site::parse(&text).unwrap();
        let w = site.wiring();
        assert_eq!(w.len(), 2);
        assert_eq!(
            (
                w[0].number,
                w[0].bus.as_str(),
                w[0].kind,
                w[0].address,
                w[0].locks,
                w[0].sensors
            ),
            (0, "main", BoardType::KrCu16, 0, 16, 0)
        );
        assert_eq!(
            (
                w[1].number,
                w[1].bus.as_str(),
                w[1].kind,
                w[1].address,
                w[1].locks,
                w[1].sensors
            ),
            (5, "lower", BoardType::ModbusRelay, 1, 8, 1 << 7)
        );
        assert!(!w[1].hook_set_means_closed);
        let buses = crate::site::wiring::by_bus(&w);
        assert_eq!(buses[0].0, "main");
        assert_eq!(buses[1].0, "lower");
    }
}

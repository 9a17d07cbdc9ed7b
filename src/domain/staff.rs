//! Package staff and what each role may do.

use super::refusal::PinRule;

/// What a staff account may do at the kiosk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything in staff mode.
    Staff,
    /// Doors and lockers only: open a door, take a locker out of service.
    Maintenance,
}

impl Role {
    /// Database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Maintenance => "maintenance",
        }
    }

    /// Parse the database (and command line) spelling.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "staff" => Some(Role::Staff),
            "maintenance" => Some(Role::Maintenance),
            _ => None,
        }
    }

    /// May handle packages, residents, reports and the attention list.
    pub fn handles_packages(self) -> bool {
        self == Role::Staff
    }
}

/// A staff member logged in at the kiosk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffMember {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

impl StaffMember {
    /// How the audit names them.
    pub fn actor(&self) -> String {
        actor(&self.name)
    }
}

/// The audit's name for a staff member: `staff:NAME`.
pub fn actor(name: &str) -> String {
    format!("staff:{name}")
}

/// A staff or carrier account as listed for managing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub name: String,
    /// `None` for carriers.
    pub role: Option<Role>,
    pub active: bool,
}

/// A carrier's PIN: 4 to 8 digits, not all one digit, not a straight run.
pub fn check_new_pin(pin: &str) -> Result<(), PinRule> {
    digits(pin, 4, 8)?;
    weak(pin)
}

/// A staff member's PIN opens every locker: 6 to 8 digits, and not weak.
pub fn check_new_staff_pin(pin: &str) -> Result<(), PinRule> {
    digits(pin, 6, 8)?;
    weak(pin)
}

fn digits(pin: &str, min: u8, max: u8) -> Result<(), PinRule> {
    let fits = (usize::from(min)..=usize::from(max)).contains(&pin.len());
    if !fits || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PinRule::Length { min, max });
    }
    Ok(())
}

fn weak(pin: &str) -> Result<(), PinRule> {
    let b = pin.as_bytes();
    if b.iter().all(|&c| c == b[0]) {
        return Err(PinRule::Repeated);
    }
    let run = |step: i8| b.windows(2).all(|w| w[1] as i8 - w[0] as i8 == step);
    if run(1) || run(-1) {
        return Err(PinRule::InARow);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_pins_are_refused() {
        assert!(check_new_pin("2580").is_ok());
        assert!(
            check_new_staff_pin("2580").is_err(),
            "four digits open no locker wall"
        );
        assert!(check_new_staff_pin("258025").is_ok());
        assert!(check_new_staff_pin("123456").is_err());
        assert_eq!(
            check_new_pin("123"),
            Err(PinRule::Length { min: 4, max: 8 })
        );
        assert_eq!(check_new_pin("1111"), Err(PinRule::Repeated));
        assert_eq!(check_new_pin("1234"), Err(PinRule::InARow));
        assert_eq!(check_new_pin("9876"), Err(PinRule::InARow));
        assert!(check_new_pin("12a4").is_err());
        assert!(check_new_pin("123456789").is_err());
    }

    #[test]
    fn roles_round_trip() {
        for r in [Role::Staff, Role::Maintenance] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert!(!Role::Maintenance.handles_packages());
    }
}

/// A mark in a staff session the audit trail keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionMark {
    Login,
    Logout,
    /// The session ended because nobody touched the screen.
    Timeout,
}

/// Which kind of account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountKind {
    Staff,
    Carrier,
}

/// The actor the audit trail names for what the kiosk does on its own.
pub const ACTOR_KIOSK: &str = "kiosk";

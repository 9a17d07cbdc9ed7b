//! The wall's wiring: which lock boards there are, of which type, on which
//! bus and at which address, with which hook polarity. Declared in the site
//! file's `[[boards]]`; a board a locker names without declaring it is a
//! KR-CU16 at that address on the main bus (the common one-bus wall).

use serde::Deserialize;

/// The bus every board is on unless it says otherwise.
pub const MAIN_BUS: &str = "main";

/// The kinds of lock board there are drivers for.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum BoardType {
    /// Kerong KR-CU16: 16 locks, hook switch and item sensor per lock, address 0..=9.
    #[default]
    KrCu16,
    /// A Modbus RTU relay board with digital inputs, unit id 1..=247.
    ModbusRelay,
}

impl BoardType {
    /// How the site file spells it.
    pub fn name(self) -> &'static str {
        match self {
            BoardType::KrCu16 => "kr-cu16",
            BoardType::ModbusRelay => "modbus-relay",
        }
    }

    /// The addresses a board of this type can have on its bus.
    pub fn addresses(self) -> std::ops::RangeInclusive<u8> {
        match self {
            BoardType::KrCu16 => 0..=9,
            BoardType::ModbusRelay => 1..=247,
        }
    }

    /// The most locks a board of this type drives.
    pub fn max_locks(self) -> u8 {
        match self {
            BoardType::KrCu16 => 16,
            BoardType::ModbusRelay => 32,
        }
    }
}

/// One `[[boards]]` entry of the site file.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct BoardSpec {
    /// The board's number on the wall: what lockers' `board =` names.
    pub number: u8,
    /// The bus it is on (its serial port is set in lockerwall.toml).
    #[serde(default = "main_bus")]
    pub bus: String,
    #[serde(default, rename = "type")]
    pub kind: BoardType,
    /// Its address on the bus (DIP switches or Modbus unit id); default: its number.
    pub address: Option<u8>,
    /// True when a set hook bit / input means "door closed" (the usual switch).
    #[serde(default = "yes")]
    pub hook_set_means_closed: bool,
    /// Locks it drives (Modbus relay boards; a KR-CU16 has 16).
    pub locks: Option<u8>,
}

fn main_bus() -> String {
    MAIN_BUS.to_string()
}

fn yes() -> bool {
    true
}

/// One board as the kiosk drives it: everything resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Board {
    pub number: u8,
    pub bus: String,
    pub kind: BoardType,
    pub address: u8,
    pub hook_set_means_closed: bool,
    pub locks: u8,
    /// Locks with an item sensor fitted (bit 0 = lock 1).
    pub sensors: u32,
}

impl BoardSpec {
    /// The board a locker names without a `[[boards]]` entry.
    pub fn implicit(number: u8) -> BoardSpec {
        BoardSpec {
            number,
            bus: main_bus(),
            kind: BoardType::KrCu16,
            address: None,
            hook_set_means_closed: true,
            locks: None,
        }
    }

    /// Its address on the bus.
    pub fn address(&self) -> u8 {
        self.address.unwrap_or(self.number)
    }

    /// How many locks it drives.
    pub fn locks(&self) -> u8 {
        match self.kind {
            BoardType::KrCu16 => 16,
            BoardType::ModbusRelay => self.locks.unwrap_or(16),
        }
    }

    /// What is wrong with this entry on its own, in an installer's words.
    pub fn problem(&self) -> Option<String> {
        let (kind, address) = (self.kind, self.address());
        if !kind.addresses().contains(&address) {
            let r = kind.addresses();
            return Some(format!(
                "board {}: address {address} is out of range for a {} board ({} to {})",
                self.number,
                kind.name(),
                r.start(),
                r.end()
            ));
        }
        match (kind, self.locks) {
            (BoardType::KrCu16, Some(n)) if n != 16 => Some(format!(
                "board {}: a kr-cu16 board always has 16 locks (remove `locks = {n}`)",
                self.number
            )),
            (BoardType::ModbusRelay, Some(n)) if n == 0 || n > kind.max_locks() => Some(format!(
                "board {}: locks must be 1 to {} for a {} board",
                self.number,
                kind.max_locks(),
                kind.name()
            )),
            _ => None,
        }
    }

    /// The resolved board, with the sensor mask the site's lockers give it.
    pub fn resolve(&self, sensors: u32) -> Board {
        Board {
            number: self.number,
            bus: self.bus.clone(),
            kind: self.kind,
            address: self.address(),
            hook_set_means_closed: self.hook_set_means_closed,
            locks: self.locks(),
            sensors,
        }
    }
}

/// Boards grouped by bus, in bus-name order (main first).
pub fn by_bus(boards: &[Board]) -> Vec<(String, Vec<Board>)> {
    let mut buses: std::collections::BTreeMap<(bool, String), Vec<Board>> = Default::default();
    for b in boards {
        buses
            .entry((b.bus != MAIN_BUS, b.bus.clone()))
            .or_default()
            .push(b.clone());
    }
    buses.into_iter().map(|((_, name), b)| (name, b)).collect()
}

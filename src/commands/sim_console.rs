//! The simulated buses' console: while `lockerwall hal simulate-board` runs, a
//! person types faults and events on its standard input ("jam B07",
//! "offline 3", "corrupt 5") to see how the kiosk on the other end copes.

use crate::site::Site;
use lockerwall_hal::kerong::sim_board::{self, SimBus};
use lockerwall_hal::modbus::sim_device::{self, SimRelayBus};
use lockerwall_hal::sim::{Fault, SimWall};
use lockerwall_hal::Channel;

/// One simulated bus, by its protocol.
#[derive(Clone, Debug)]
pub enum SimBusHandle {
    Kerong(SimBus),
    Modbus(SimRelayBus),
}

/// What is wrong with a typed line (said on the console as it stands).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConsoleError {
    #[error("which locker? (e.g. B07)")]
    WhichLocker,
    #[error("there is no locker {0}")]
    NoLocker(String),
    #[error("there is no bus {0}")]
    NoBus(String),
    #[error("there is no board {0}")]
    NoBoard(u32),
    #[error("a number is missing")]
    NumberMissing,
    #[error("{0} is not a number")]
    NotANumber(String),
    #[error("unknown command {0}; type help")]
    Unknown(String),
}

/// What the console can reach: the wall, its lockers by label, the buses by name.
pub struct Console {
    wall: SimWall,
    lockers: Vec<(String, Channel)>,
    buses: Vec<(String, SimBusHandle)>,
}

/// The commands, as `help` prints them.
pub const HELP: &str = "\
commands (LOCKER is a label like B07, BOARD a wall board number, BUS defaults to main):
  open LOCKER      pull the door open without an unlock (a forced door)
  close LOCKER     close the door
  fill LOCKER      put something inside (the item sensor sees it)
  empty LOCKER     take it out
  jam LOCKER       the lock releases but the door stays shut
  ignore LOCKER    the lock ignores unlocks
  fix LOCKER       clear a jam or an ignored lock
  offline BOARD    the board stops answering
  online BOARD     the board answers again
  silent N [BUS]   lose the next N requests on the bus
  corrupt N [BUS]  damage the next N replies (bad checksum or CRC)
  wrong N [BUS]    answer the next N requests as another board
  doors            list open doors, faults and filled lockers
  help             this list";

impl Console {
    /// A console over these simulated buses.
    pub fn new(wall: SimWall, site: &Site, buses: Vec<(String, SimBusHandle)>) -> Self {
        let lockers = site
            .lockers
            .iter()
            .map(|l| (l.label.to_ascii_uppercase(), Channel::new(l.board, l.lock)))
            .collect();
        Self {
            wall,
            lockers,
            buses,
        }
    }

    fn locker(&self, label: Option<&str>) -> Result<(String, Channel), ConsoleError> {
        let label = label.ok_or(ConsoleError::WhichLocker)?.to_ascii_uppercase();
        self.lockers
            .iter()
            .find(|(l, _)| *l == label)
            .cloned()
            .ok_or(ConsoleError::NoLocker(label))
    }

    fn bus(&self, name: Option<&str>) -> Result<&SimBusHandle, ConsoleError> {
        let name = name.unwrap_or(crate::site::wiring::MAIN_BUS);
        self.buses
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b)
            .ok_or_else(|| ConsoleError::NoBus(name.to_string()))
    }

    fn wire(&self, what: &str, n: u32, bus: Option<&str>) -> Result<String, ConsoleError> {
        match self.bus(bus)? {
            SimBusHandle::Kerong(b) => b.set_faults(match what {
                "silent" => sim_board::WireFaults {
                    silent: n,
                    ..Default::default()
                },
                "corrupt" => sim_board::WireFaults {
                    corrupt: n,
                    ..Default::default()
                },
                _ => sim_board::WireFaults {
                    wrong_address: n,
                    ..Default::default()
                },
            }),
            SimBusHandle::Modbus(b) => b.set_faults(match what {
                "silent" => sim_device::WireFaults {
                    silent: n,
                    ..Default::default()
                },
                "corrupt" => sim_device::WireFaults {
                    corrupt: n,
                    ..Default::default()
                },
                _ => sim_device::WireFaults {
                    wrong_unit: n,
                    ..Default::default()
                },
            }),
        }
        Ok(format!(
            "the next {n} on bus {}: {what}",
            bus.unwrap_or(crate::site::wiring::MAIN_BUS)
        ))
    }

    /// Carry out one typed line; the answer is a sentence to print.
    pub fn run(&self, line: &str) -> Result<String, ConsoleError> {
        let mut words = line.split_whitespace();
        let Some(command) = words.next() else {
            return Ok(String::new());
        };
        let arg = words.next();
        let extra = words.next();
        let number = |a: Option<&str>| -> Result<u32, ConsoleError> {
            let a = a.ok_or(ConsoleError::NumberMissing)?;
            a.parse()
                .map_err(|_| ConsoleError::NotANumber(a.to_string()))
        };
        match command.to_ascii_lowercase().as_str() {
            "open" | "close" | "fill" | "empty" | "jam" | "ignore" | "fix" => {
                let (label, ch) = self.locker(arg)?;
                let w = &self.wall;
                match command {
                    "open" => w.force_open(ch),
                    "close" => w.close(ch),
                    "fill" => w.set_occupied(ch, true),
                    "empty" => w.set_occupied(ch, false),
                    "jam" => w.set_fault(ch, Some(Fault::DoorStuck)),
                    "ignore" => w.set_fault(ch, Some(Fault::UnlockIgnored)),
                    _ => w.set_fault(ch, None),
                }
                Ok(format!("{label}: {command}"))
            }
            "offline" | "online" => {
                let board = number(arg)?;
                let known = u8::try_from(board)
                    .ok()
                    .filter(|b| self.wall.snapshot().iter().any(|(c, _)| c.board == *b));
                let board = known.ok_or(ConsoleError::NoBoard(board))?;
                self.wall.set_offline(board, command == "offline");
                Ok(format!("board {board}: {command}"))
            }
            "silent" | "corrupt" | "wrong" => self.wire(command, number(arg)?, extra),
            "doors" => {
                let mut lines = Vec::new();
                for (label, ch) in &self.lockers {
                    let Some(d) = self.wall.door(*ch) else {
                        continue;
                    };
                    let mut notes = Vec::new();
                    if d.open {
                        notes.push("open".to_string());
                    }
                    if d.occupied {
                        notes.push("filled".to_string());
                    }
                    if let Some(f) = d.fault {
                        notes.push(format!("{f:?}").to_lowercase());
                    }
                    if !notes.is_empty() {
                        lines.push(format!("{label}: {}", notes.join(", ")));
                    }
                }
                if lines.is_empty() {
                    Ok("every door is closed and empty".into())
                } else {
                    Ok(lines.join("\n"))
                }
            }
            "help" | "?" => Ok(HELP.into()),
            other => Err(ConsoleError::Unknown(other.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn console() -> (Console, SimWall, SimBus) {
        let site = Site::demo();
        let wall = crate::app::sim_wall(&site);
        let bus = SimBus::new(wall.clone());
        let c = Console::new(
            wall.clone(),
            &site,
            vec![("main".into(), SimBusHandle::Kerong(bus.clone()))],
        );
        (c, wall, bus)
    }

    #[test]
    fn commands_reach_the_wall_and_the_bus() {
        let (c, wall, bus) = console();
        let b07 = Channel::new(1, 6);
        assert_eq!(c.run("open b07").unwrap(), "B07: open");
        assert!(wall.door(b07).unwrap().open);
        c.run("close B07").unwrap();
        c.run("fill B07").unwrap();
        c.run("jam B07").unwrap();
        let d = wall.door(b07).unwrap();
        assert!(!d.open && d.occupied && d.fault == Some(Fault::DoorStuck));
        assert_eq!(c.run("doors").unwrap(), "B07: filled, doorstuck");
        c.run("fix B07").unwrap();
        assert_eq!(wall.door(b07).unwrap().fault, None);
        c.run("offline 3").unwrap();
        assert!(wall.read_now(3).is_err());
        c.run("online 3").unwrap();
        assert!(wall.read_now(3).is_ok());
        assert_eq!(
            c.run("corrupt 2").unwrap(),
            "the next 2 on bus main: corrupt"
        );
        assert_eq!(bus.faults().corrupt, 2);
    }

    #[test]
    fn mistakes_are_explained() {
        let (c, _, _) = console();
        let c = |line: &str| c.run(line).map_err(|e| e.to_string());
        assert_eq!(c("open Z99").unwrap_err(), "there is no locker Z99");
        assert_eq!(c("open").unwrap_err(), "which locker? (e.g. B07)");
        assert_eq!(c("offline 12").unwrap_err(), "there is no board 12");
        assert_eq!(c("silent x").unwrap_err(), "x is not a number");
        assert_eq!(c("silent 2 lower").unwrap_err(), "there is no bus lower");
        assert_eq!(c("dance").unwrap_err(), "unknown command dance; type help");
        assert!(c("help").unwrap().contains("offline BOARD"));
        assert_eq!(c("   ").unwrap(), "");
    }
}

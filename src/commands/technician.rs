//! The technician's lock-board commands: status, open, probe, watch.

use crate::domain::{Locker, Timestamp};
use crate::runtime::DoorMap;
use crate::site::wiring::{Board, BoardType};
use crate::store::{Store, StoreError};
use lockerwall_hal::kerong::{BoardSettings, BusSettings, KerongBus};
use lockerwall_hal::modbus::{ModbusBus, RelayBoard, RelaySettings};
use lockerwall_hal::{DoorReading, HalError, LockController};
use std::collections::HashMap;
use std::io::Write;
use std::time::Duration;

/// What went wrong, for the command line.
#[derive(Debug, thiserror::Error)]
pub enum TechError {
    #[error("there is no locker {0} (see `lockerwall hal status`)")]
    UnknownLocker(String),
    #[error(transparent)]
    Hal(#[from] HalError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

fn describe(reading: Option<&DoorReading>) -> (&'static str, &'static str) {
    match reading {
        None => ("board not answering", "-"),
        Some(d) => (
            if d.open { "open" } else { "closed" },
            match d.occupied {
                None => "no sensor",
                Some(true) => "occupied",
                Some(false) => "empty",
            },
        ),
    }
}

/// Every locker: wiring, door, sensor, and whether its board answers.
/// LOCK is the connector number printed on the board (the site file's `lock` + 1);
/// WIRED says which bus, board type and address the board is at.
pub async fn status(
    hal: &dyn LockController,
    lockers: &[Locker],
    wiring: &[Board],
    out: &mut impl Write,
) -> Result<(), TechError> {
    let map = DoorMap::new(lockers.to_vec());
    let reading = map.read_all(hal).await;
    writeln!(
        out,
        "{:<7} {:<4} {:<6} {:<5} {:<20} {:<20} {:<10}",
        "LOCKER", "SIZE", "BOARD", "LOCK", "WIRED", "DOOR", "SENSOR"
    )?;
    for l in lockers {
        let (door, sensor) = describe(reading.doors.get(&l.channel));
        let wired = wiring
            .iter()
            .find(|b| b.number == l.channel.board)
            .map(|b| format!("{}:{}@{}", b.bus, b.kind.name(), b.address))
            .unwrap_or_else(|| "not wired".into());
        writeln!(
            out,
            "{:<7} {:<4} {:<6} {:<5} {:<20} {:<20} {:<10}",
            l.label,
            l.size.code(),
            l.channel.board,
            l.channel.lock + 1,
            wired,
            door,
            sensor
        )?;
    }
    for (board, e) in &reading.silent {
        writeln!(out, "board {board}: {e}")?;
    }
    Ok(())
}

/// Open one locker by label, audited as a technician's action.
pub async fn open(
    hal: &dyn LockController,
    store: &mut Store,
    label: &str,
    now: Timestamp,
) -> Result<Locker, TechError> {
    let locker = store
        .doors()?
        .into_iter()
        .find(|l| l.label.eq_ignore_ascii_case(label))
        .ok_or_else(|| TechError::UnknownLocker(label.to_string()))?;
    // Recorded before the door moves, like every other door opening.
    store.record_technician_open(locker.id, now)?;
    hal.unlock(locker.channel).await?;
    Ok(locker)
}

/// Which board addresses answer on `path`, at which baud rate: KR-CU16
/// addresses 0 to 9, or Modbus relay units 1 to 32.
pub async fn probe(path: &str, kind: BoardType, out: &mut impl Write) -> Result<usize, TechError> {
    let mut found = 0;
    let quick = Duration::from_millis(60);
    for baud in [19200, 9600, 57600, 115200] {
        let port = lockerwall_hal::serial::open(path, baud)?;
        let (bus, addresses): (Box<dyn LockController>, Vec<u8>) = match kind {
            BoardType::KrCu16 => {
                let boards = (0..=9).map(BoardSettings::new).collect();
                let settings = BusSettings {
                    reply_timeout: quick,
                    retries: 0,
                    ..BusSettings::default()
                };
                (
                    Box::new(KerongBus::new(port, boards, settings)),
                    (0..=9).collect(),
                )
            }
            BoardType::ModbusRelay => {
                let boards = (1..=32).map(|u| RelayBoard::new(u, 1)).collect();
                let settings = RelaySettings {
                    reply_timeout: quick,
                    retries: 0,
                    ..RelaySettings::default()
                };
                (
                    Box::new(ModbusBus::new(port, boards, settings)),
                    (1..=32).collect(),
                )
            }
        };
        let what = match kind {
            BoardType::KrCu16 => "board",
            BoardType::ModbusRelay => "unit",
        };
        for address in addresses {
            if bus.read_board(address).await.is_ok() {
                writeln!(
                    out,
                    "{} {what} {address} answers at {baud} baud",
                    kind.name()
                )?;
                found += 1;
            }
        }
        if found > 0 {
            break;
        }
    }
    if found == 0 {
        writeln!(
            out,
            "no {} board answered on {path} at 19200, 9600, 57600 or 115200 baud",
            kind.name()
        )?;
    }
    Ok(found)
}

/// Print every door change until `rounds` polls have passed (`None`: forever).
pub async fn watch(
    hal: &dyn LockController,
    lockers: &[Locker],
    every: Duration,
    rounds: Option<u64>,
    out: &mut impl Write,
) -> Result<(), TechError> {
    let map = DoorMap::new(lockers.to_vec());
    let by_channel: HashMap<_, _> = lockers
        .iter()
        .map(|l| (l.channel, l.label.as_str()))
        .collect();
    let mut last = map.read_all(hal).await;
    writeln!(out, "watching {} lockers; Ctrl-C to stop", lockers.len())?;
    let mut n = 0u64;
    while rounds.is_none_or(|r| n < r) {
        tokio::time::sleep(every).await;
        n += 1;
        let now = map.read_all(hal).await;
        for (ch, d) in &now.doors {
            if last.doors.get(ch).map(|p| p.open) != Some(d.open) {
                let label = by_channel.get(ch).copied().unwrap_or("?");
                writeln!(out, "{label}: {}", if d.open { "opened" } else { "closed" })?;
            }
        }
        for board in now.silent.keys().filter(|b| !last.silent.contains_key(b)) {
            writeln!(out, "board {board}: stopped answering")?;
        }
        for board in last.silent.keys().filter(|b| !now.silent.contains_key(b)) {
            writeln!(out, "board {board}: answers again")?;
        }
        out.flush()?;
        last.doors.extend(now.doors);
        last.silent = now.silent;
    }
    Ok(())
}

//! 10,000 operations on the KR-CU16 driver against the simulated bus with
//! faults thrown in at random: corrupt checksums, replies from the wrong
//! address, requests lost on the bus, locks that do not release, doors that
//! bounce, a board that disappears and comes back. Whatever happens:
//! - a reading the driver returns is what the board holds (a door is never
//!   reported closed, or open, unless a board said so);
//! - a fault that retries cannot hide is returned as an error, and nothing
//!   else is (no error without a fault);
//! - an unlock the driver reports done reached the board, unless the bus lost
//!   the command itself (KR-CU16 unlocks have no reply; the kiosk's door
//!   deadline catches those, and the run counts them).

use lockerwall_hal::kerong::sim_board::{SimBus, WireFaults};
use lockerwall_hal::kerong::{BoardSettings, BusSettings, KerongBus};
use lockerwall_hal::sim::{Fault, SimWall};
use lockerwall_hal::{Channel, LockController};
use std::time::Duration;

/// A small deterministic generator (xorshift64*): the run is the same every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const OPERATIONS: usize = 10_000;
const RETRIES: u32 = 2;

#[derive(Default, Debug)]
struct Tally {
    reads: u32,
    unlocks: u32,
    faults_injected: u32,
    errors_surfaced: u32,
    hidden_by_retry: u32,
    lost_unlocks: u32,
    offline_periods: u32,
}

// Paused time: the bus is in memory, so tokio skips ahead through every reply
// timeout at once; silence costs nothing and the run cannot be slowed into a
// false timeout by a loaded machine.
#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn ten_thousand_operations_under_random_faults() {
    let wall = SimWall::new();
    wall.add_board(0, 16, false);
    wall.add_board(1, 16, true);
    let sim = SimBus::new(wall.clone());
    let (ours, theirs) = tokio::io::duplex(4096);
    tokio::spawn(sim.clone().serve(theirs));
    let bus = KerongBus::new(
        ours,
        vec![
            BoardSettings::new(0),
            BoardSettings {
                sensors: 0xFFFF,
                ..BoardSettings::new(1)
            },
        ],
        BusSettings {
            reply_timeout: Duration::from_millis(100),
            retries: RETRIES,
            after_unlock: Duration::from_millis(0),
        },
    );
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let mut t = Tally::default();
    let mut offline: Option<u8> = None;
    for op in 0..OPERATIONS {
        // The world moves between operations: doors bounce, people load lockers.
        if rng.chance(10) {
            let ch = Channel::new(rng.below(2) as u8, rng.below(16) as u8);
            let d = wall.door(ch).unwrap();
            if d.open {
                wall.close(ch);
            } else {
                wall.force_open(ch);
            }
            if rng.chance(30) {
                wall.set_occupied(ch, !d.occupied);
            }
        }
        // A board disappears now and then, and comes back.
        match offline {
            None if rng.chance(1) => {
                let b = rng.below(2) as u8;
                wall.set_offline(b, true);
                offline = Some(b);
                t.offline_periods += 1;
            }
            Some(b) if rng.chance(20) => {
                wall.set_offline(b, false);
                offline = None;
            }
            _ => {}
        }
        // Faults on the wire for the next replies: one is retried away,
        // three outlast the retries.
        let mut faults = WireFaults::default();
        let burst = if rng.chance(20) { RETRIES + 1 } else { 1 };
        match rng.below(100) {
            0..=9 => faults.corrupt = burst,
            10..=17 => faults.wrong_address = burst,
            18..=22 => faults.silent = burst,
            _ => {}
        }
        let injected = faults != WireFaults::default();
        if injected {
            t.faults_injected += 1;
        }
        let outlasts = injected && burst > RETRIES;
        sim.set_faults(faults.clone());
        let board = rng.below(2) as u8;
        let expect_error = outlasts || offline == Some(board);
        if rng.chance(70) {
            t.reads += 1;
            match bus.read_board(board).await {
                Ok(reading) => {
                    assert!(
                        !expect_error,
                        "op {op}: board {board} read through an unretryable fault {faults:?}"
                    );
                    for (lock, seen) in reading.doors.iter().enumerate() {
                        let truth = wall.door(Channel::new(board, lock as u8)).unwrap();
                        assert_eq!(seen.open, truth.open, "op {op}: board {board} lock {lock}: a door state the board did not give");
                        let sensor = truth.has_sensor.then_some(truth.occupied);
                        assert_eq!(
                            seen.occupied, sensor,
                            "op {op}: board {board} lock {lock}: a sensor the board did not give"
                        );
                    }
                    if injected {
                        t.hidden_by_retry += 1;
                    }
                }
                Err(e) => {
                    assert!(
                        expect_error,
                        "op {op}: an error with no fault behind it: {e}"
                    );
                    assert_eq!(e.board(), board, "op {op}: the error names the board");
                    t.errors_surfaced += 1;
                }
            }
        } else {
            t.unlocks += 1;
            let ch = Channel::new(board, rng.below(16) as u8);
            let stuck = rng.chance(10);
            wall.set_fault(
                ch,
                stuck.then_some(if rng.chance(50) {
                    Fault::UnlockIgnored
                } else {
                    Fault::DoorStuck
                }),
            );
            let before = wall.door(ch).unwrap();
            // The unlock frame has no reply: a fault on the wire hits the unlock
            // itself (silence: it is lost) or the status read that follows it.
            let lost = faults.silent > 0;
            match bus.unlock(ch).await {
                Ok(()) => {
                    let after = wall.door(ch).unwrap();
                    if after.unlocks == before.unlocks {
                        assert!(
                            lost,
                            "op {op}: unlock of {ch} reported done, never reached the board"
                        );
                        t.lost_unlocks += 1;
                    }
                    if stuck {
                        assert_eq!(after.open, before.open, "op {op}: a stuck lock opened");
                    }
                }
                Err(e) => {
                    assert!(
                        expect_error || lost,
                        "op {op}: unlock failed with no fault behind it: {e}"
                    );
                    t.errors_surfaced += 1;
                }
            }
            wall.set_fault(ch, None);
        }
        sim.set_faults(WireFaults::default());
    }
    eprintln!("bus faults over {OPERATIONS} operations: {t:?}");
    assert!(
        t.errors_surfaced > 100 && t.hidden_by_retry > 100 && t.offline_periods > 10,
        "{t:?}"
    );
}

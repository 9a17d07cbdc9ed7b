//! The Modbus RTU relay-board driver (tokio-modbus) against the simulated relay
//! board over a real pseudo-terminal: the exact bytes on the wire, several
//! units on one bus, polarity, sensors, and every fault.

use lockerwall_hal::modbus::sim_device::{SimRelayBus, SimUnit, WireFaults};
use lockerwall_hal::modbus::{ModbusBus, RelayBoard, RelaySettings};
use lockerwall_hal::sim::{Fault, SimWall};
use lockerwall_hal::{serial, Channel, HalError, LockController};
use std::time::Duration;
use tokio_serial::SerialStream;

struct Rig {
    bus: ModbusBus,
    sim: SimRelayBus,
    _slave: SerialStream,
}

/// Unit 1: 8 locks, no sensors. Unit 2: 4 locks with sensors, switches that
/// read "set" when the door is open. Wall boards 0 and 1 hold their doors.
async fn rig() -> Rig {
    let wall = SimWall::new();
    wall.add_board(0, 8, false);
    wall.add_board(1, 4, true);
    let sim = SimRelayBus::new(
        wall,
        vec![
            SimUnit {
                unit: 1,
                board: 0,
                locks: 8,
                input_set_means_closed: true,
            },
            SimUnit {
                unit: 2,
                board: 1,
                locks: 4,
                input_set_means_closed: false,
            },
        ],
    );
    let (master, slave, path) = serial::pty_pair().expect("pty");
    tokio::spawn(sim.clone().serve(master));
    let port = serial::open(&path, 9600).expect("open the pty like a serial port");
    let boards = vec![
        RelayBoard::new(1, 8),
        RelayBoard {
            unit: 2,
            locks: 4,
            input_set_means_closed: false,
            sensors: 0b1111,
        },
    ];
    let settings = RelaySettings {
        reply_timeout: Duration::from_millis(100),
        retries: 2,
        pulse: Duration::from_millis(50),
    };
    Rig {
        bus: ModbusBus::new(port, boards, settings),
        sim,
        _slave: slave,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_and_unlock_with_the_exact_bytes() {
    let r = rig().await;
    let s = r.bus.read_board(1).await.unwrap();
    assert_eq!(s.doors.len(), 8);
    assert!(s.doors.iter().all(|d| !d.open && d.occupied.is_none()));
    // Read 8 discrete inputs from address 0 of unit 1.
    assert_eq!(
        r.sim.received(),
        [vec![0x01, 0x02, 0x00, 0x00, 0x00, 0x08, 0x79, 0xCC]]
    );

    // Unlock lock 1 of unit 1: relay on, a pulse, relay off.
    r.bus.unlock(Channel::new(1, 0)).await.unwrap();
    let rx = r.sim.received();
    assert_eq!(rx[1], [0x01, 0x05, 0x00, 0x00, 0xFF, 0x00, 0x8C, 0x3A]);
    assert_eq!(rx[2], [0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0xCD, 0xCA]);
    assert!(!r.sim.coil(1, 0), "the relay is off again after the pulse");
    let s = r.bus.read_board(1).await.unwrap();
    assert!(s.door(0).unwrap().open);
    assert_eq!(s.doors.iter().filter(|d| d.open).count(), 1);

    // Unit 2 on the same bus: inverted switches, sensors after the door inputs.
    r.sim.wall().set_occupied(Channel::new(1, 3), true);
    let s = r.bus.read_board(2).await.unwrap();
    assert_eq!(s.doors.len(), 4);
    assert!(s.doors.iter().all(|d| !d.open));
    assert_eq!(s.door(3).unwrap().occupied, Some(true));
    assert_eq!(s.door(2).unwrap().occupied, Some(false));
    assert_eq!(
        r.sim.received().last().unwrap()[..6],
        [0x02, 0x02, 0x00, 0x00, 0x00, 0x08],
        "4 door inputs and 4 sensor inputs in one request"
    );
    r.sim.wall().force_open(Channel::new(1, 2));
    assert!(r.bus.read_board(2).await.unwrap().door(2).unwrap().open);
    r.sim.wall().close(Channel::new(0, 0));
    assert!(!r.bus.read_board(1).await.unwrap().door(0).unwrap().open);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_on_the_wire() {
    let r = rig().await;
    // One damaged reply: the retry gets a good one.
    r.sim.set_faults(WireFaults {
        corrupt: 1,
        ..Default::default()
    });
    assert!(r.bus.read_board(1).await.is_ok());
    // Damaged every time: a bad reply, never "closed".
    r.sim.set_faults(WireFaults {
        corrupt: 3,
        ..Default::default()
    });
    assert!(matches!(
        r.bus.read_board(1).await,
        Err(HalError::BadReply { board: 1, .. })
    ));
    // Answered by another unit every time: a bad reply that names the mismatch.
    r.sim.set_faults(WireFaults {
        wrong_unit: 3,
        ..Default::default()
    });
    match r.bus.read_board(1).await {
        Err(HalError::BadReply { board: 1, detail }) => {
            assert!(detail.to_lowercase().contains("mismatch"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
    // Lost requests: one is retried, three are silence.
    r.sim.set_faults(WireFaults {
        silent: 1,
        ..Default::default()
    });
    assert!(r.bus.read_board(1).await.is_ok());
    r.sim.set_faults(WireFaults {
        silent: 3,
        ..Default::default()
    });
    assert_eq!(
        r.bus.read_board(1).await,
        Err(HalError::NotAnswering { board: 1 })
    );
    // The board refuses: an exception is an answer, reported at once.
    r.sim.set_faults(WireFaults {
        exception: 1,
        ..Default::default()
    });
    assert!(matches!(
        r.bus.read_board(1).await,
        Err(HalError::BadReply { board: 1, ref detail }) if detail.contains("refused")
    ));
    // A board that stops answering is reported as such, and recovers.
    r.sim.wall().set_offline(1, true);
    assert_eq!(
        r.bus.read_board(2).await,
        Err(HalError::NotAnswering { board: 2 })
    );
    assert_eq!(
        r.bus.unlock(Channel::new(2, 0)).await,
        Err(HalError::NotAnswering { board: 2 })
    );
    assert!(!r.sim.wall().door(Channel::new(1, 0)).unwrap().open);
    r.sim.wall().set_offline(1, false);
    assert!(r.bus.read_board(2).await.is_ok());
    // A lock that does not release: the pulse goes out, the door stays shut.
    r.sim
        .wall()
        .set_fault(Channel::new(0, 5), Some(Fault::UnlockIgnored));
    r.bus.unlock(Channel::new(1, 5)).await.unwrap();
    assert!(!r.bus.read_board(1).await.unwrap().door(5).unwrap().open);
    assert!(!r.sim.coil(1, 5));
    // A unit not on this bus, and a lock beyond the board's relays.
    assert_eq!(
        r.bus.read_board(9).await,
        Err(HalError::NotAnswering { board: 9 })
    );
    assert_eq!(
        r.bus.unlock(Channel::new(1, 8)).await,
        Err(HalError::NoSuchChannel(Channel::new(1, 8)))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_reply_is_not_taken_for_the_next() {
    let r = rig().await;
    // Lose the next request's reply once; the bytes that follow belong to the retry.
    r.sim.set_faults(WireFaults {
        silent: 1,
        ..Default::default()
    });
    r.sim.wall().force_open(Channel::new(0, 4));
    let s = r.bus.read_board(1).await.unwrap();
    assert!(s.door(4).unwrap().open);
    // Then a request to another unit gets its own answer, not a stale one.
    let s = r.bus.read_board(2).await.unwrap();
    assert_eq!(s.board, 2);
    assert_eq!(s.doors.len(), 4);
}

//! The KR-CU16 driver against the simulated board over a real pseudo-terminal:
//! the exact bytes on the wire, several boards, every fault.

use lockerwall_hal::kerong::sim_board::{SimBus, WireFaults};
use lockerwall_hal::kerong::{BoardSettings, BusSettings, KerongBus};
use lockerwall_hal::sim::{Fault, SimWall};
use lockerwall_hal::{serial, Channel, HalError, LockController};
use std::time::Duration;
use tokio_serial::SerialStream;

struct Rig {
    bus: KerongBus<SerialStream>,
    sim: SimBus,
    _slave: SerialStream,
}

fn settings() -> BusSettings {
    BusSettings {
        reply_timeout: Duration::from_millis(100),
        retries: 2,
        after_unlock: Duration::from_millis(20),
    }
}

/// Boards 0 and 1 (board 1 has sensors on every lock), served over a pty.
async fn rig(boards: Vec<BoardSettings>) -> Rig {
    let wall = SimWall::new();
    wall.add_board(0, 16, false);
    wall.add_board(1, 16, true);
    let sim = SimBus::new(wall);
    let (master, slave, path) = serial::pty_pair().expect("pty");
    tokio::spawn(sim.clone().serve(master));
    let port = serial::open(&path, 19200).expect("open the pty like a serial port");
    Rig {
        bus: KerongBus::new(port, boards, settings()),
        sim,
        _slave: slave,
    }
}

fn both() -> Vec<BoardSettings> {
    vec![
        BoardSettings::new(0),
        BoardSettings {
            sensors: 0xFFFF,
            ..BoardSettings::new(1)
        },
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_and_unlock_with_the_vendors_bytes() {
    let r = rig(both()).await;
    let s = r.bus.read_board(0).await.unwrap();
    assert_eq!(s.doors.len(), 16);
    assert!(s.doors.iter().all(|d| !d.open && d.occupied.is_none()));
    assert_eq!(
        r.sim.received(),
        [vec![0x02, 0x00, 0x30, 0x03, 0x35]],
        "status of board 0, as in the vendor's example"
    );

    // "Lock 3" of board 0 is lock index 2: the vendor's unlock example.
    r.bus.unlock(Channel::new(0, 2)).await.unwrap();
    let rx = r.sim.received();
    assert_eq!(rx[1], [0x02, 0x02, 0x31, 0x03, 0x38]);
    assert_eq!(
        rx[2],
        [0x02, 0x00, 0x30, 0x03, 0x35],
        "the unlock is confirmed by reading the board"
    );
    let s = r.bus.read_board(0).await.unwrap();
    assert!(s.door(2).unwrap().open);
    assert_eq!(s.doors.iter().filter(|d| d.open).count(), 1);

    // A second board on the same bus, with sensors.
    r.sim.wall().set_occupied(Channel::new(1, 11), true);
    let s = r.bus.read_board(1).await.unwrap();
    assert_eq!(s.door(11).unwrap().occupied, Some(true));
    assert_eq!(s.door(10).unwrap().occupied, Some(false));
    assert_eq!(
        r.sim.received().last().unwrap(),
        &vec![0x02, 0x10, 0x30, 0x03, 0x45]
    );
    r.sim.wall().close(Channel::new(0, 2));
    assert!(!r.bus.read_board(0).await.unwrap().door(2).unwrap().open);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unlock_time_is_set_and_read_back() {
    let r = rig(both()).await;
    assert_eq!(r.bus.unlock_time(0).await.unwrap(), 550);
    assert_eq!(r.bus.set_unlock_time(0, 1000).await.unwrap(), 1000);
    assert!(r
        .sim
        .received()
        .contains(&vec![0x02, 0x00, 0x37, 0x00, 0x64, 0x03, 0xA0]));
    assert_eq!(r.bus.unlock_time(0).await.unwrap(), 1000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_on_the_wire() {
    let r = rig(both()).await;
    // One corrupt reply: the retry gets a good one.
    r.sim.set_faults(WireFaults {
        corrupt: 1,
        ..Default::default()
    });
    assert!(r.bus.read_board(0).await.is_ok());
    // Corrupt every attempt: a bad reply, never "closed".
    r.sim.set_faults(WireFaults {
        corrupt: 3,
        ..Default::default()
    });
    assert!(matches!(
        r.bus.read_board(0).await,
        Err(HalError::BadReply { board: 0, .. })
    ));
    // Answered by the wrong board every time: named as such.
    r.sim.set_faults(WireFaults {
        wrong_address: 3,
        ..Default::default()
    });
    match r.bus.read_board(0).await {
        Err(HalError::BadReply { board: 0, detail }) => {
            assert_eq!(detail, "board 1 answered instead")
        }
        other => panic!("{other:?}"),
    }
    // Lost requests: one is retried, three are silence.
    r.sim.set_faults(WireFaults {
        silent: 1,
        ..Default::default()
    });
    assert!(r.bus.read_board(0).await.is_ok());
    r.sim.set_faults(WireFaults {
        silent: 3,
        ..Default::default()
    });
    assert_eq!(
        r.bus.read_board(0).await,
        Err(HalError::NotAnswering { board: 0 })
    );
    // A board that stops answering is reported as such, and recovers.
    r.sim.wall().set_offline(1, true);
    assert_eq!(
        r.bus.read_board(1).await,
        Err(HalError::NotAnswering { board: 1 })
    );
    assert_eq!(
        r.bus.unlock(Channel::new(1, 0)).await,
        Err(HalError::NotAnswering { board: 1 })
    );
    assert!(!r.sim.wall().door(Channel::new(1, 0)).unwrap().open);
    r.sim.wall().set_offline(1, false);
    assert!(r.bus.read_board(1).await.is_ok());
    // A lock that does not release: the unlock goes out, the door stays shut.
    r.sim
        .wall()
        .set_fault(Channel::new(0, 5), Some(Fault::UnlockIgnored));
    r.bus.unlock(Channel::new(0, 5)).await.unwrap();
    assert!(!r.bus.read_board(0).await.unwrap().door(5).unwrap().open);
    // A door opened by hand (no unlock) reads open.
    r.sim.wall().force_open(Channel::new(0, 7));
    assert!(r.bus.read_board(0).await.unwrap().door(7).unwrap().open);
    // A board not configured on this bus, and a lock beyond 16.
    assert_eq!(
        r.bus.read_board(4).await,
        Err(HalError::NotAnswering { board: 4 })
    );
    assert_eq!(
        r.bus.unlock(Channel::new(0, 16)).await,
        Err(HalError::NoSuchChannel(Channel::new(0, 16)))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hook_polarity_is_per_board() {
    // Board 0's switches read the other way round; the driver is told so.
    let r = rig(vec![
        BoardSettings {
            hook_set_means_closed: false,
            ..BoardSettings::new(0)
        },
        BoardSettings::new(1),
    ])
    .await;
    r.sim.invert_hooks(0);
    assert!(r
        .bus
        .read_board(0)
        .await
        .unwrap()
        .doors
        .iter()
        .all(|d| !d.open));
    r.sim.wall().force_open(Channel::new(0, 1));
    let s = r.bus.read_board(0).await.unwrap();
    assert!(s.door(1).unwrap().open);
    assert_eq!(s.doors.iter().filter(|d| d.open).count(), 1);
}

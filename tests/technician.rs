//! The technician's commands against the simulated KR-CU16 bus over a pty.

mod common;

use lockerwall::commands::technician;
use lockerwall::site::wiring::BoardType;
use lockerwall::site::Site;
use lockerwall_hal::Channel;
use std::time::Duration;

/// The `hal status` row of a locker, with its columns single-spaced.
fn row(text: &str, label: &str) -> String {
    text.lines()
        .find(|l| l.starts_with(label))
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_open_probe_watch() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let site = Site::demo();
    let wall = lockerwall::app::sim_wall(&site);
    let (bus, _slave, path) = common::kerong_on_pty(&wall);
    let lockers = store.lockers().unwrap();

    // Open B07 as a technician: the door opens and the audit says who.
    let b07 = technician::open(&bus, &mut store, "b07", common::T0)
        .await
        .unwrap();
    assert_eq!(b07.label, "B07");
    assert!(wall.door(b07.channel).unwrap().open);
    assert_eq!(
        store.locker_audit_kinds(b07.id).unwrap(),
        ["technician_open"]
    );
    let err = technician::open(&bus, &mut store, "Z99", common::T0)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "there is no locker Z99 (see `lockerwall hal status`)"
    );

    // Status: every locker, with its wiring and door; a silent board is named.
    wall.set_offline(5, true);
    let mut out = Vec::new();
    technician::status(&bus, &lockers, &site.wiring(), &mut out)
        .await
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 1 + lockers.len() + 1, "{text}");
    let line = |label: &str| row(&text, label);
    assert_eq!(line("B07"), "B07 L 1 7 main:kr-cu16@1 open no sensor");
    assert_eq!(line("A01"), "A01 S 0 1 main:kr-cu16@0 closed no sensor");
    assert_eq!(line("E01"), "E01 M 4 1 main:kr-cu16@4 closed empty");
    assert_eq!(
        line("F01"),
        "F01 S 5 1 main:kr-cu16@5 board not answering -"
    );
    assert!(
        text.contains("board 5: lock board 5 is not answering"),
        "{text}"
    );
    wall.set_offline(5, false);

    // Probe: which addresses answer, at which baud rate.
    let mut out = Vec::new();
    drop(bus);
    let found = technician::probe(&path, BoardType::KrCu16, &mut out)
        .await
        .unwrap();
    assert_eq!(found, 6);
    assert!(String::from_utf8(out)
        .unwrap()
        .contains("kr-cu16 board 3 answers at 19200 baud"));

    // Watch: a door opened by hand and closed again is printed.
    let port = lockerwall_hal::serial::open(&path, 19200).unwrap();
    let config = lockerwall::site::config::Config::default();
    let bus = lockerwall::app::serial_wall(&config, &site, vec![("main".to_string(), port)]);
    let w = wall.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        w.force_open(Channel::new(0, 0));
        tokio::time::sleep(Duration::from_millis(300)).await;
        w.close(Channel::new(0, 0));
    });
    let mut out = Vec::new();
    technician::watch(
        &bus,
        &lockers,
        Duration::from_millis(60),
        Some(30),
        &mut out,
    )
    .await
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("A01: opened\n") && text.contains("A01: closed\n"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_finds_modbus_units_and_status_names_the_bus() {
    let site = common::two_bus_demo_site();
    let wall = lockerwall::app::sim_wall(&site);
    let (buses, _slaves, paths) = common::site_on_ptys(&wall, &site);
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::store_for(dir.path(), &site);
    let lockers = store.lockers().unwrap();
    let mut out = Vec::new();
    technician::status(&buses, &lockers, &site.wiring(), &mut out)
        .await
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    let line = |label: &str| row(&text, label);
    assert_eq!(line("E01"), "E01 M 4 1 lower:modbus-relay@2 closed empty");
    assert_eq!(line("B01"), "B01 S 1 1 main:kr-cu16@1 closed no sensor");
    drop(buses);

    let mut out = Vec::new();
    let found = technician::probe(&paths[1], BoardType::ModbusRelay, &mut out)
        .await
        .unwrap();
    assert_eq!(found, 3);
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("modbus-relay unit 2 answers at 19200 baud"),
        "{text}"
    );
    // The KR-CU16 probe on the Modbus bus finds nothing, and says so.
    let mut out = Vec::new();
    let found = technician::probe(&paths[1], BoardType::KrCu16, &mut out)
        .await
        .unwrap();
    assert_eq!(found, 0);
    assert!(String::from_utf8(out)
        .unwrap()
        .starts_with("no kr-cu16 board answered on"));
}

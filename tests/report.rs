//! Report figures against a hand-computed fixture: eight packages around
//! 2-4 November 2026 (UTC), computed by hand below, then by the store, the
//! report screen's module and `lockerwall report`.

mod common;

use lockerwall::domain::{CarrierId, PackageId, ResidentId, Size, Timestamp};
use lockerwall::report::{Day, Period};
use lockerwall::store::{DepositRequest, Store};
use rand::SeedableRng;

const HOUR: i64 = 3_600_000;

/// UTC on a day of November or October 2026.
fn at(month: u32, day: u32, h: u32, m: u32) -> Timestamp {
    Timestamp(
        chrono::NaiveDate::from_ymd_opt(2026, month, day)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis(),
    )
}

/// The demo's carrier ids: USPS 1, UPS 2, FedEx 3, Amazon 4.
fn deposit(store: &mut Store, n: u32, carrier: i64, size: Size, when: Timestamp) -> PackageId {
    let r = store
        .begin_deposit(
            &DepositRequest {
                tracking: format!("TBA{:012}", 900 + n),
                carrier: CarrierId(carrier),
                resident: ResidentId(i64::from(n)),
                size,
                is_return: false,
                accessible_first: false,
            },
            when,
        )
        .unwrap();
    assert_eq!(r.locker.size, size, "best fit gives the size asked for");
    store.door_seen_open(r.package, when).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(u64::from(n));
    store.confirm_deposit(r.package, when, &mut rng).unwrap();
    r.package
}

fn pick_up(store: &mut Store, p: PackageId, when: Timestamp) {
    store.begin_pickup(p, when).unwrap();
    store.confirm_pickup(p, when).unwrap();
}

/// The fixture, in time order.
fn fixture(store: &mut Store) {
    // P8: Amazon, M, stored 20 Oct: expires (7 days' hold) when the kiosk checks on 3 Nov.
    let p8 = deposit(store, 8, 4, Size::M, at(10, 20, 10, 0));
    // P7: FedEx, S, stored before the period, picked up in it (dwell 12 h).
    let p7 = deposit(store, 7, 3, Size::S, at(11, 1, 20, 0));
    pick_up(store, p7, at(11, 2, 8, 0));
    let p1 = deposit(store, 1, 2, Size::S, at(11, 2, 9, 30));
    let p2 = deposit(store, 2, 2, Size::S, at(11, 2, 9, 45));
    pick_up(store, p1, at(11, 2, 13, 30)); // 4 h
    let p3 = deposit(store, 3, 3, Size::M, at(11, 2, 14, 10));
    pick_up(store, p3, at(11, 3, 8, 10)); // 18 h
    let p4 = deposit(store, 4, 1, Size::L, at(11, 3, 9, 5)); // still waiting
    pick_up(store, p2, at(11, 3, 9, 45)); // 24 h
    store.schedule_notices(at(11, 3, 10, 0)).unwrap(); // P8 expires
    let p5 = deposit(store, 5, 2, Size::M, at(11, 3, 17, 0));
    let p6 = deposit(store, 6, 4, Size::S, at(11, 4, 9, 20));
    pick_up(store, p6, at(11, 4, 10, 20)); // 1 h
    pick_up(store, p5, at(11, 4, 19, 0)); // 26 h
    let _ = (p4, p8);
}

#[test]
fn figures_match_the_hand_computed_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    fixture(&mut store);
    let period = Period::new(
        Day::parse("2026-11-02").unwrap(),
        Day::parse("2026-11-04").unwrap(),
        0,
    )
    .unwrap();
    let r = store.report(period).unwrap();

    // Deliveries: 3 on the 2nd (P1-P3), 2 on the 3rd (P4, P5), 1 on the 4th (P6).
    let per_day: Vec<(String, u32)> = r.per_day.iter().map(|(d, n)| (d.to_string(), *n)).collect();
    assert_eq!(
        per_day,
        [
            ("2026-11-02".into(), 3),
            ("2026-11-03".into(), 2),
            ("2026-11-04".into(), 1)
        ]
    );
    assert_eq!(r.deliveries(), 6);
    // Per carrier, most first, ties by name.
    let carriers: Vec<(&str, u32)> = r
        .per_carrier
        .iter()
        .map(|(c, n)| (c.as_str(), *n))
        .collect();
    assert_eq!(
        carriers,
        [("UPS", 3), ("Amazon", 1), ("FedEx", 1), ("USPS", 1)]
    );
    // Dwell of the six picked up in the period: 1, 4, 12, 18, 24, 26 hours.
    assert_eq!(r.picked_up, 6);
    assert_eq!(r.dwell_median_ms, Some(15 * HOUR), "mean of the middle two");
    assert_eq!(
        r.dwell_p90_ms,
        Some(26 * HOUR),
        "nearest rank: the 6th of 6"
    );
    // Drop-offs by hour: 09 x4 (P1, P2, P4, P6), 14 (P3), 17 (P5).
    let mut hours = [0u32; 24];
    hours[9] = 4;
    hours[14] = 1;
    hours[17] = 1;
    assert_eq!(r.deliveries_by_hour, hours);
    assert_eq!(r.peak_hour(), Some(9));
    let mut pickups = [0u32; 24];
    pickups[8] = 2; // P7, P3
    pickups[9] = 1; // P2
    pickups[10] = 1; // P6
    pickups[13] = 1; // P1
    pickups[19] = 1; // P5
    assert_eq!(r.pickups_by_hour, pickups);
    // Lockers in use at the end of each day (S, M, L, XL):
    //   2nd: P2 (S), P3 (M), P8 (M);  3rd: P4 (L), P5 (M), P8;  4th: P4, P8.
    let occ: Vec<[u32; 4]> = r.occupancy.iter().map(|(_, n)| *n).collect();
    assert_eq!(occ, [[1, 2, 0, 0], [0, 2, 1, 0], [0, 1, 1, 0]]);
    assert_eq!(r.capacity, [14, 11, 4, 3]);
    assert_eq!(r.expired, 1, "P8");

    // ----- the same figures from the command line, as CSV and JSON -----
    common::write_test_secret(dir.path());
    let config = dir.path().join("lockerwall.toml");
    std::fs::write(&config, "[notices]\nutc_offset_minutes = 0\n").unwrap();
    let run = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_lockerwall"))
            .arg("--config")
            .arg(&config)
            .arg("--data-dir")
            .arg(dir.path())
            .args([
                "report",
                "--from",
                "2026-11-02",
                "--to",
                "2026-11-04",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = run("csv");
    for line in [
        "figure,key,value",
        "deliveries,total,6",
        "deliveries_per_day,2026-11-02,3",
        "deliveries_per_carrier,UPS,3",
        "dwell_hours,median,15",
        "dwell_hours,p90,26",
        "occupancy_end_of_day,2026-11-03 L,1",
        "deliveries_by_hour,09,4",
        "pickups_by_hour,08,2",
        "expired,total,1",
    ] {
        assert!(csv.lines().any(|l| l == line), "no {line:?} in\n{csv}");
    }
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["deliveries"], 6);
    assert_eq!(json["dwell_hours"]["median"], 15.0);
    assert_eq!(json["deliveries_per_carrier"][0]["carrier"], "UPS");
    assert_eq!(json["occupancy_end_of_day"][0]["in_use"]["M"], 2);
    // A bad date is refused in words.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lockerwall"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["report", "--from", "11/02/2026", "--to", "2026-11-04"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a date like 2026-11-26"));
}

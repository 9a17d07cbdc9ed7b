//! The store against a real SQLite file: deposit, pickup, interrupted work
//! recovered on restart, and the rules the schema enforces.

mod common;

use common::{demo_store, reopen, T0};
use lockerwall::domain::{CarrierId, LockerId, PackageState, ResidentId, Size};
use lockerwall::security::PickupCode;
use lockerwall::store::{DepositRequest, RecoveryAction, Store};
use lockerwall_hal::DoorReading;
use rand::rngs::StdRng;
use rand::SeedableRng;

fn req(tracking: &str, resident: i64, size: Size) -> DepositRequest {
    DepositRequest {
        tracking: tracking.into(),
        carrier: CarrierId(2),
        resident: ResidentId(resident),
        size,
        is_return: false,
        accessible_first: false,
    }
}

fn state(store: &Store, package: i64) -> String {
    store
        .connection()
        .query_row("SELECT state FROM packages WHERE id = ?1", [package], |r| {
            r.get(0)
        })
        .unwrap()
}

fn closed() -> Option<DoorReading> {
    Some(DoorReading {
        open: false,
        occupied: None,
    })
}

#[test]
fn pragmas_and_migrations() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = demo_store(dir.path());
    let c = store.connection();
    let mode: String = c
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    let sync: i64 = c
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    let fk: i64 = c
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    let version: i64 = c
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!((mode.as_str(), sync, fk, version), ("wal", 2, 1, 20));
    drop(store);
    // Reopening runs nothing new and keeps the data; seeding again does nothing.
    let mut again = reopen(&path);
    assert_eq!(again.lockers().unwrap().len(), 32);
    assert!(!again
        .seed_if_empty(&lockerwall::site::Site::demo(), T0)
        .unwrap());
    // A database from a newer build is refused, not damaged.
    again
        .connection()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    drop(again);
    let err = Store::open(&path, common::hasher()).err().expect("refused");
    assert!(err.to_string().contains("newer Lockerwall"), "{err}");
}

#[test]
fn bundled_sqlite_has_fts5() {
    // Every machine gets the same SQLite; the directory search will use FTS5.
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = demo_store(dir.path());
    let c = store.connection();
    c.execute_batch("CREATE VIRTUAL TABLE temp.t USING fts5(name); INSERT INTO temp.t VALUES ('Carmen Alvarez');")
        .unwrap();
    let n: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM temp.t WHERE t MATCH 'alva*'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn deposit_then_pickup_with_code() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = demo_store(dir.path());
    let mut rng = StdRng::seed_from_u64(1);
    let r = store
        .begin_deposit(&req("1Z999AA10123456784", 3, Size::S), T0)
        .unwrap();
    assert_eq!(state(&store, r.package.0), "depositing");
    assert_eq!(r.locker.size, Size::S);
    // Reserved lockers are not free any more.
    assert!(!store
        .free_lockers()
        .unwrap()
        .iter()
        .any(|l| l.id == r.locker.id));
    assert_eq!(
        store
            .live_package_by_tracking("1Z999AA10123456784")
            .unwrap()
            .map(|p| p.1),
        Some(r.locker.label.clone())
    );
    // Confirming before the door was seen open is still allowed by the store (the
    // flow guards that); the normal order is seen-open, then confirm.
    store.door_seen_open(r.package, T0).unwrap();
    let stored = store
        .confirm_deposit(r.package, T0.plus_ms(5000), &mut rng)
        .unwrap();
    assert_eq!(state(&store, r.package.0), "stored");
    // The code is stored only as a keyed hash.
    let hash: String = store
        .connection()
        .query_row(
            "SELECT code_hash FROM packages WHERE id = ?1",
            [r.package.0],
            |x| x.get(0),
        )
        .unwrap();
    assert_eq!(hash.len(), 64);
    assert!(!hash.contains(stored.code.as_str()));
    assert_eq!(hash, common::hasher().hash(&stored.code));
    // A notice was queued in the same transaction; its code is sealed, not in clear.
    let queued = store.outbox().unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].facts.code.as_deref(), Some(stored.code.as_str()));
    assert_eq!(queued[0].facts.locker, r.locker.label);
    let sealed: String = store
        .connection()
        .query_row(
            "SELECT code_sealed FROM packages WHERE id = ?1",
            [r.package.0],
            |x| x.get(0),
        )
        .unwrap();
    assert!(!sealed.contains(stored.code.as_str()));

    let wrong = PickupCode::parse(if stored.code.as_str() == "000000" {
        "111111"
    } else {
        "000000"
    })
    .unwrap();
    assert_eq!(store.find_by_code(&wrong).unwrap(), None);
    let w = store.find_by_code(&stored.code).unwrap().expect("found");
    assert_eq!(w.locker.id, r.locker.id);
    assert_eq!(w.carrier, "UPS");
    store.begin_pickup(w.package, T0).unwrap();
    assert_eq!(state(&store, w.package.0), "releasing");
    // A code in flight does not open anything twice.
    assert_eq!(store.find_by_code(&stored.code).unwrap(), None);
    store.door_seen_open(w.package, T0).unwrap();
    store.confirm_pickup(w.package, T0).unwrap();
    assert_eq!(state(&store, w.package.0), "picked_up");
    assert!(store
        .free_lockers()
        .unwrap()
        .iter()
        .any(|l| l.id == r.locker.id));
    assert_eq!(
        store.audit_kinds(r.package).unwrap(),
        [
            "deposit_reserved",
            "door_opened",
            "stored",
            "pickup_started",
            "door_opened",
            "picked_up"
        ]
    );
}

#[test]
fn waiting_packages_of_one_resident() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = demo_store(dir.path());
    let mut rng = StdRng::seed_from_u64(2);
    let mut codes = Vec::new();
    for (i, size) in [Size::S, Size::M, Size::XL].into_iter().enumerate() {
        let r = store
            .begin_deposit(
                &req(&format!("TBA00000000{i}"), 5, size),
                T0.plus_ms(i as i64),
            )
            .unwrap();
        store.door_seen_open(r.package, T0).unwrap();
        codes.push(
            store
                .confirm_deposit(r.package, T0.plus_ms(i as i64), &mut rng)
                .unwrap()
                .code,
        );
    }
    let w = store.find_by_code(&codes[1]).unwrap().unwrap();
    let all = store.waiting_for_resident(w.resident).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(
        all.iter().map(|w| w.locker.size).collect::<Vec<_>>(),
        [Size::S, Size::M, Size::XL]
    );
}

#[test]
fn accessible_lockers_are_kept_for_those_who_need_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = demo_store(dir.path());
    // Resident 4 needs an accessible locker (demo site); resident 1 does not.
    let needs: bool = store
        .connection()
        .query_row(
            "SELECT needs_accessible FROM residents WHERE id = 4",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(needs);
    let r = store
        .begin_deposit(&req("TBA100000001", 4, Size::M), T0)
        .unwrap();
    assert!(r.locker.accessible, "{:?}", r.locker);
    let r = store
        .begin_deposit(&req("TBA100000002", 1, Size::M), T0)
        .unwrap();
    assert!(!r.locker.accessible, "{:?}", r.locker);
    // Whoever stands (or sits) at the wall in low reach gets one too.
    let seated = DepositRequest {
        accessible_first: true,
        ..req("TBA100000003", 1, Size::M)
    };
    let r = store.begin_deposit(&seated, T0).unwrap();
    assert!(r.locker.accessible, "{:?}", r.locker);
}

#[test]
fn full_size_reports_none_free_and_never_double_books() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = demo_store(dir.path());
    let xl = store
        .lockers()
        .unwrap()
        .iter()
        .filter(|l| l.size == Size::XL)
        .count();
    let mut used = std::collections::HashSet::new();
    for i in 0..xl {
        let r = store
            .begin_deposit(&req(&format!("TBA20000000{i}"), 1, Size::XL), T0)
            .unwrap();
        assert!(used.insert(r.locker.id), "locker handed out twice");
    }
    let err = store
        .begin_deposit(&req("TBA299999999", 1, Size::XL), T0)
        .unwrap_err();
    assert_eq!(err.to_string(), "no free XL locker");
    // The schema itself refuses a second live package in one locker.
    let taken = *used.iter().next().unwrap();
    let dup = store.connection().execute(
        "INSERT INTO packages (tracking, resident_id, size, locker_id, state, created_at) VALUES ('X', 1, 'XL', ?1, 'stored', 0)",
        [taken.0],
    );
    assert!(dup.is_err());
}

#[test]
fn door_failure_marks_the_locker_faulty_for_staff() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = demo_store(dir.path());
    let r = store
        .begin_deposit(&req("TBA300000001", 1, Size::L), T0)
        .unwrap();
    store
        .deposit_door_failed(r.package, T0, "the door did not open when unlocked")
        .unwrap();
    assert_eq!(state(&store, r.package.0), "cancelled");
    assert!(
        !store
            .free_lockers()
            .unwrap()
            .iter()
            .any(|l| l.id == r.locker.id),
        "faulty locker not offered"
    );
    let items = store.open_attention().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].locker, Some(r.locker.id));
    assert!(items[0].message.contains(&r.locker.label));
    // The next reservation of that size gets a different locker.
    let r2 = store
        .begin_deposit(&req("TBA300000001", 1, Size::L), T0)
        .unwrap();
    assert_ne!(r2.locker.id, r.locker.id);
}

#[test]
fn events_are_append_only() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = demo_store(dir.path());
    let c = store.connection();
    assert!(c.execute("UPDATE events SET kind = 'x'", []).is_err());
    assert!(c.execute("DELETE FROM events", []).is_err());
}

#[test]
fn deposit_interrupted_after_the_door_opened_is_recovered_on_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = demo_store(dir.path());
    let r = store
        .begin_deposit(&req("1Z999AA10123456784", 3, Size::S), T0)
        .unwrap();
    store.door_seen_open(r.package, T0).unwrap();
    // Power cut here: the carrier put the package in and closed the door while the kiosk was down.
    drop(store);
    let mut store = reopen(&path);
    let mut rng = StdRng::seed_from_u64(3);
    let out = store
        .reconcile(&|_| closed(), T0.plus_ms(60_000), &mut rng)
        .unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].action, RecoveryAction::DepositConfirmed);
    assert_eq!(state(&store, r.package.0), "stored");
    assert_eq!(store.outbox().unwrap().len(), 1, "the resident is notified");
    assert!(!store
        .free_lockers()
        .unwrap()
        .iter()
        .any(|l| l.id == r.locker.id));
    // Running recovery again finds nothing in flight.
    assert!(store
        .reconcile(&|_| closed(), T0, &mut rng)
        .unwrap()
        .is_empty());
}

#[test]
fn recovery_rules_for_every_case() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = demo_store(dir.path());
    let mut rng = StdRng::seed_from_u64(4);
    let open = Some(DoorReading {
        open: true,
        occupied: None,
    });
    let empty = Some(DoorReading {
        open: false,
        occupied: Some(false),
    });
    let full = Some(DoorReading {
        open: false,
        occupied: Some(true),
    });
    // (set-up, door now, expected action, expected state)
    struct Case {
        deposit: bool,
        seen_open: bool,
        now: Option<DoorReading>,
        action: RecoveryAction,
        state: &'static str,
    }
    let cases = [
        Case {
            deposit: true,
            seen_open: false,
            now: open,
            action: RecoveryAction::AwaitingClose,
            state: "depositing",
        },
        Case {
            deposit: true,
            seen_open: false,
            now: empty,
            action: RecoveryAction::DepositCancelled,
            state: "cancelled",
        },
        Case {
            deposit: true,
            seen_open: false,
            now: full,
            action: RecoveryAction::NeedsCheck,
            state: "depositing",
        },
        Case {
            deposit: true,
            seen_open: false,
            now: closed(),
            action: RecoveryAction::NeedsCheck,
            state: "depositing",
        },
        Case {
            deposit: true,
            seen_open: true,
            now: None,
            action: RecoveryAction::NeedsCheck,
            state: "depositing",
        },
        Case {
            deposit: false,
            seen_open: true,
            now: closed(),
            action: RecoveryAction::PickedUp,
            state: "picked_up",
        },
        Case {
            deposit: false,
            seen_open: false,
            now: empty,
            action: RecoveryAction::PickedUp,
            state: "picked_up",
        },
        Case {
            deposit: false,
            seen_open: false,
            now: full,
            action: RecoveryAction::BackToWaiting,
            state: "stored",
        },
        Case {
            deposit: false,
            seen_open: false,
            now: closed(),
            action: RecoveryAction::BackToWaiting,
            state: "stored",
        },
        Case {
            deposit: false,
            seen_open: false,
            now: open,
            action: RecoveryAction::AwaitingClose,
            state: "releasing",
        },
    ];
    let mut set_up = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let r = store
            .begin_deposit(&req(&format!("TBA40000000{i}"), 1, Size::S), T0)
            .unwrap();
        if !c.deposit {
            store.door_seen_open(r.package, T0).unwrap();
            store.confirm_deposit(r.package, T0, &mut rng).unwrap();
            store.begin_pickup(r.package, T0).unwrap();
        }
        if c.seen_open {
            store.door_seen_open(r.package, T0).unwrap();
        }
        set_up.push((r.package, r.locker.id));
    }
    drop(store);
    let mut store = reopen(&path);
    let lockers: Vec<LockerId> = set_up.iter().map(|s| s.1).collect();
    let readings: Vec<Option<DoorReading>> = cases.iter().map(|c| c.now).collect();
    let out = store
        .reconcile(
            &|l| readings[lockers.iter().position(|id| *id == l.id).unwrap()],
            T0,
            &mut rng,
        )
        .unwrap();
    assert_eq!(out.len(), cases.len());
    for (i, c) in cases.iter().enumerate() {
        let got = out.iter().find(|o| o.package == set_up[i].0).unwrap();
        assert_eq!(got.action, c.action, "case {i}");
        assert_eq!(state(&store, set_up[i].0 .0), c.state, "case {i}");
        assert_eq!(got.deposit, c.deposit, "case {i}");
    }
    // Whatever could not be proven is on the staff's list, once each.
    let attention = store.open_attention().unwrap();
    let unproven = cases
        .iter()
        .filter(|c| {
            matches!(
                c.action,
                RecoveryAction::NeedsCheck | RecoveryAction::BackToWaiting
            )
        })
        .count();
    assert_eq!(attention.len(), unproven);
    // No locker that still holds a package is free.
    let free: Vec<LockerId> = store.free_lockers().unwrap().iter().map(|l| l.id).collect();
    for (i, c) in cases.iter().enumerate() {
        let holds = PackageState::parse(c.state).unwrap().holds_locker();
        assert_eq!(free.contains(&set_up[i].1), !holds, "case {i}");
    }
    // Recovery is idempotent: a second run raises nothing new.
    let again = store
        .reconcile(
            &|l| readings[lockers.iter().position(|id| *id == l.id).unwrap()],
            T0,
            &mut rng,
        )
        .unwrap();
    assert!(again.iter().all(|r| matches!(
        r.action,
        RecoveryAction::NeedsCheck | RecoveryAction::AwaitingClose
    )));
    assert_eq!(store.open_attention().unwrap().len(), unproven);
}

#[test]
fn resident_search() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = demo_store(dir.path());
    let names = |q: &str| {
        store
            .search_residents(q, 8)
            .unwrap()
            .into_iter()
            .map(|r| r.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(names("alvarez"), ["Carmen Alvarez"]);
    assert_eq!(names("car alv"), ["Carmen Alvarez"]);
    assert!(names("101").len() >= 3, "unit 101 exists in every building");
    assert_eq!(names("C-101"), ["Carmen Alvarez"]);
    assert!(names("zzz").is_empty());
    assert!(names("%").is_empty(), "wildcards are literal");
    assert_eq!(names("").len(), 8);
}

#[test]
fn carrier_pins_are_argon2_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = demo_store(dir.path());
    let carriers = store.carriers().unwrap();
    let ups = carriers.iter().find(|c| c.name == "UPS").unwrap();
    assert!(store.check_carrier_pin(ups.id, "1357").unwrap());
    assert!(!store.check_carrier_pin(ups.id, "2468").unwrap());
    let hash: String = store
        .connection()
        .query_row(
            "SELECT pin_hash FROM carriers WHERE id = ?1",
            [ups.id.0],
            |r| r.get(0),
        )
        .unwrap();
    // argon2id keyed with the site's pepper (decision 0024's PIN notes).
    assert!(hash.starts_with("p1$$argon2id$"), "{hash}");
}

#[test]
fn a_sensor_that_misses_a_stored_package_is_raised_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = demo_store(dir.path());
    let mut rng = StdRng::seed_from_u64(3);
    let r = store
        .begin_deposit(&req("TBA300000002", 1, Size::S), T0)
        .unwrap();
    store.door_seen_open(r.package, T0).unwrap();
    let stored = store.confirm_deposit(r.package, T0, &mut rng).unwrap();
    // The sensor agrees: nothing to say.
    assert_eq!(
        store.check_occupancy(&[(r.locker.id, true)], T0).unwrap(),
        0
    );
    // It sees nothing where a package is recorded: raised once, package untouched.
    for _ in 0..2 {
        assert_eq!(
            store.check_occupancy(&[(r.locker.id, false)], T0).unwrap(),
            1
        );
    }
    let items = store.open_attention().unwrap();
    assert_eq!(items.len(), 1, "one open item, however often it is seen");
    assert_eq!(
        items[0].message,
        format!(
            "Locker {} should hold package TBA300000002, but its sensor sees nothing inside. Open it and check.",
            r.locker.label
        )
    );
    assert_eq!(state(&store, r.package.0), "stored");
    assert!(
        store.find_by_code(&stored.code).unwrap().is_some(),
        "the code still works"
    );
}

#[test]
fn a_problem_report_reaches_the_attention_list_once_with_its_context() {
    use lockerwall::kiosk::{ProblemContext, ProblemKind, ProblemReport};
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = demo_store(dir.path());
    let r = store
        .begin_deposit(&req("1Z999AA10123456784", 3, Size::S), T0)
        .unwrap();
    let report = ProblemReport {
        kind: ProblemKind::DoorDidNotOpen,
        context: ProblemContext {
            screen: "deposit-door",
            locker: Some((r.locker.id, r.locker.label.clone())),
            package: Some(r.package),
            carrier: Some("UPS".into()),
            at: T0.plus_ms(1_000),
        },
    };
    store.report_problem(&report).unwrap();
    // The same problem at the same locker, tapped again: still one item.
    store.report_problem(&report).unwrap();
    let store = reopen(&path);
    let items: Vec<_> = store
        .open_attention()
        .unwrap()
        .into_iter()
        .filter(|a| a.kind.starts_with("problem_"))
        .collect();
    assert_eq!(items.len(), 1, "{items:?}");
    let item = &items[0];
    assert_eq!(item.kind, "problem_door");
    assert_eq!(item.locker, Some(r.locker.id));
    assert_eq!(item.package, Some(r.package));
    for words in [
        "the door did not open",
        &format!("locker {}", r.locker.label),
        "1Z999AA10123456784",
        "UPS carrier",
        "on the deposit door screen",
    ] {
        assert!(
            item.message.contains(words),
            "{words:?} in {}",
            item.message
        );
    }
    let kinds = store.audit_kinds(r.package).unwrap();
    assert_eq!(
        kinds.iter().filter(|k| *k == "problem_reported").count(),
        2,
        "every tap is audited: {kinds:?}"
    );
}

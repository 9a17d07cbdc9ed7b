//! Staff mode through the real Slint UI (testing backend), on the real runtime,
//! store and simulated wall: a wrong PIN locks the entry out; the right one
//! logs in; a door opens from the wall map; a locker goes out of service and is
//! never offered again; a package is removed with a reason; an attention item
//! is resolved; a guided audit finds a missing package; log out, time out, and
//! a maintenance login that sees doors and lockers only.
//! (One #[test] in this file: the testing backend initialises once per process.)

mod common;

use common::ui::Kiosk;
use common::ManualClock;
use lockerwall::domain::{CarrierId, PackageId, ResidentId, Size};
use lockerwall::kiosk::staff::StaffPage;
use lockerwall::kiosk::Screen;
use lockerwall::site::Site;
use lockerwall::store::{DepositRequest, Store, StoreError};
use rand::SeedableRng;
use std::sync::{mpsc, Arc};

/// Store a package for a resident, as a carrier's drop-off would.
fn store_package(
    store: &mut Store,
    tracking: &str,
    resident: i64,
    size: Size,
) -> (PackageId, String, lockerwall::security::PickupCode) {
    let now = common::T0;
    let r = store
        .begin_deposit(
            &DepositRequest {
                tracking: tracking.into(),
                carrier: CarrierId(2),
                resident: ResidentId(resident),
                size,
                is_return: false,
                accessible_first: false,
            },
            now,
        )
        .unwrap();
    store.door_seen_open(r.package, now).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let stored = store.confirm_deposit(r.package, now, &mut rng).unwrap();
    (r.package, r.locker.label, stored.code)
}

fn events_by(store: &Store, kind: &str) -> Vec<(String, String)> {
    let mut stmt = store
        .connection()
        .prepare("SELECT actor, detail FROM events WHERE kind = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([kind], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn package_state(store: &Store, p: PackageId) -> String {
    store
        .connection()
        .query_row("SELECT state FROM packages WHERE id = ?1", [p.0], |r| {
            r.get(0)
        })
        .unwrap()
}

fn type_pin(k: &Kiosk, pin: &str) {
    for d in pin.chars() {
        k.tap(&d.to_string());
    }
    k.tap("Log in");
}

fn on_page(s: &Screen, want: impl Fn(&StaffPage) -> bool) -> bool {
    matches!(s, Screen::Staff { page, .. } if want(page))
}

#[test]
fn staff_mode_through_the_ui() {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, db) = common::demo_store(dir.path());
    let (removed, removed_at, _) = store_package(&mut store, "TBA000000000101", 3, Size::M);
    let (present, present_at, old_code) = store_package(&mut store, "TBA000000000102", 5, Size::S);
    let (missing, missing_at, _) = store_package(&mut store, "TBA000000000103", 7, Size::S);
    let wall = lockerwall::app::sim_wall(&Site::demo());
    let tokio = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let clock = ManualClock::new();
    let setup = common::ui::Setup {
        clock: Arc::new(clock.clone()),
        outbox: None,
        page_links: false,
    };
    let mut k = Kiosk::start(&tokio, store, wall.clone(), setup, mpsc::channel());
    let look = || common::reopen(&db);

    // ----- wrong PINs lock the staff entry out for a growing time -----
    k.tap("Staff");
    k.wait("staff PIN", |s| s.name() == "staff-pin");
    k.assert_shows("Type your staff PIN");
    for _ in 0..2 {
        type_pin(&k, "1111");
        k.wait("wrong PIN", |s| {
            matches!(
                s,
                Screen::StaffPin {
                    message: Some(_),
                    checking: false,
                    ..
                }
            )
        });
        k.assert_shows("That PIN is not right. Try again.");
    }
    type_pin(&k, "1111");
    k.wait("locked out", |s| {
        matches!(
            s,
            Screen::StaffPin {
                message: Some(lockerwall::kiosk::Message::TryAgainIn(5)),
                ..
            }
        )
    });
    k.assert_shows("Too many wrong tries. Please wait 5 seconds");
    // Even the right PIN is refused while locked out (and not checked at all).
    type_pin(&k, "258025");
    k.wait("still locked", |s| {
        matches!(
            s,
            Screen::StaffPin {
                message: Some(lockerwall::kiosk::Message::TryAgainIn(_)),
                ..
            }
        )
    });
    assert_eq!(events_by(&look(), "staff_pin_wrong").len(), 3);
    clock.advance(6_000);

    // ----- the right PIN logs Dana in -----
    type_pin(&k, "258025");
    k.wait("wall map", |s| {
        on_page(
            s,
            |p| matches!(p, StaffPage::Wall { tiles, .. } if !tiles.is_empty()),
        )
    });
    k.assert_shows("Staff: Dana Brooks");
    k.assert_shows("Locker A01, Free");
    assert_eq!(events_by(&look(), "staff_login")[0].0, "staff:Dana Brooks");

    // ----- open a door from the wall map -----
    k.tap("Locker A01");
    k.wait("A01 card", |s| {
        on_page(
            s,
            |p| matches!(p, StaffPage::Wall { card: Some(c), .. } if c.tile.locker.label == "A01"),
        )
    });
    k.assert_shows("Locker A01 · Small");
    k.tap("Open the door");
    let a01 = Kiosk::channel("A01");
    k.wait_until("A01 open", |k| k.shows("Locker A01, Door open"));
    assert!(wall.door(a01).unwrap().open, "the simulated door opened");
    k.wall.close(a01);
    k.wait_until("A01 closed", |k| k.shows("Locker A01, Free"));
    let opens = events_by(&look(), "staff_open");
    assert_eq!(
        opens[0],
        (
            "staff:Dana Brooks".into(),
            "opened from the wall map".into()
        )
    );
    assert!(
        look()
            .open_attention()
            .unwrap()
            .iter()
            .all(|a| a.kind != "door_forced"),
        "a staff opening is not a forced door"
    );

    // ----- take A01 out of service, with a reason -----
    k.tap("Take out of service");
    k.wait("reasons", |s| {
        on_page(s, |p| matches!(p, StaffPage::Wall { ask: Some(_), .. }))
    });
    k.tap("Door or lock damaged");
    k.wait_until("out of service", |k| k.shows("Locker A01, Out of service"));
    k.assert_shows("Done.");
    k.assert_shows("Out of service: Door or lock damaged");
    k.assert_shows("Small: 11 of 14 free");

    // ----- remove a package: returned to sender -----
    k.tap(&format!("Locker {removed_at}"));
    k.wait("package card", |s| {
        on_page(
            s,
            |p| matches!(p, StaffPage::Wall { card: Some(c), .. } if c.package.is_some()),
        )
    });
    k.assert_shows("Package TBA000000000101");
    k.tap("Remove the package");
    k.wait("where to", |s| {
        on_page(s, |p| matches!(p, StaffPage::Wall { ask: Some(_), .. }))
    });
    k.tap("Returned to sender");
    k.wait_until("locker free", |k| {
        k.shows(&format!("Locker {removed_at}, Door open"))
            || k.shows(&format!("Locker {removed_at}, Free"))
    });
    k.wall.close(Kiosk::channel(&removed_at));
    // Settled when its door is shut (the safety rule).
    k.wait_for("the removal settled", || {
        package_state(&look(), removed) == "returned_to_sender"
    });
    assert_eq!(
        events_by(&look(), "removed_by_staff"),
        [(
            "staff:Dana Brooks".to_string(),
            "returned to sender".to_string()
        )]
    );

    // ----- resend a notice, then give the package to someone else -----
    k.tap(&format!("Locker {present_at}"));
    k.wait("present card", |s| on_page(s, |p| matches!(p, StaffPage::Wall { card: Some(c), .. } if c.package.as_ref().is_some_and(|p| p.id == present))));
    k.tap("Resend notice");
    let rounds = || -> Vec<i64> {
        let s = look();
        let mut stmt = s
            .connection()
            .prepare(
                "SELECT round FROM outbox WHERE package_id = ?1 AND kind = 'stored' ORDER BY round",
            )
            .unwrap();
        stmt.query_map([present.0], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    k.wait_for("the resent notice", || rounds().len() == 2);
    k.wait_until("done", |k| k.shows("Done."));
    assert_eq!(
        rounds(),
        [0, 1],
        "the resent notice is a new row, with its own message id"
    );
    k.tap("Change recipient");
    k.wait("recipient page", |s| {
        on_page(s, |p| matches!(p, StaffPage::Recipient { .. }))
    });
    for key in ["K", "I", "M"] {
        k.tap(key);
    }
    k.wait("Grace found", |s| on_page(s, |p| matches!(p, StaffPage::Recipient { results, .. } if results.iter().any(|r| r.name == "Grace Kim"))));
    k.tap("Grace Kim");
    k.wait("back on the card", |s| on_page(s, |p| matches!(p, StaffPage::Wall { card: Some(c), .. } if c.package.as_ref().is_some_and(|p| p.resident == "Grace Kim"))));
    assert!(
        look().find_by_code(&old_code).unwrap().is_none(),
        "the old code no longer opens it"
    );
    let changed = events_by(&look(), "recipient_changed");
    assert_eq!(changed[0].0, "staff:Dana Brooks");
    assert!(
        changed[0].1.ends_with("to Grace Kim (303)"),
        "{}",
        changed[0].1
    );
    k.tap("Close");

    // ----- a forced door becomes an attention item; staff resolve it -----
    let forced = Kiosk::channel("F02");
    k.wall.force_open(forced);
    k.tap("Attention");
    k.wait("attention list", |s| {
        on_page(
            s,
            |p| matches!(p, StaffPage::Attention { items } if !items.is_empty()),
        )
    });
    k.assert_shows("F02");
    k.wall.close(forced);
    let item = look()
        .open_attention()
        .unwrap()
        .into_iter()
        .find(|a| a.kind == "door_forced")
        .unwrap();
    k.tap(&format!("Resolved: {}", item.message));
    k.wait("resolved", |s| on_page(s, |p| matches!(p, StaffPage::Attention { items } if items.iter().all(|i| i.kind != "door_forced"))));
    let resolved = events_by(&look(), "attention_resolved");
    assert_eq!(
        resolved,
        [("staff:Dana Brooks".to_string(), "door_forced".to_string())]
    );

    // ----- every tab leads to its own page (the tabs name pages, not numbers) -----
    k.tap("Reports");
    k.wait("reports page", |s| {
        on_page(s, |p| matches!(p, StaffPage::Report { .. }))
    });
    k.tap("History");
    k.wait("history page", |s| {
        on_page(s, |p| matches!(p, StaffPage::Trail { .. }))
    });
    k.tap("Wall");
    k.wait("wall page", |s| {
        on_page(s, |p| matches!(p, StaffPage::Wall { .. }))
    });

    // ----- the guided audit: one package present, one missing -----
    k.tap("Audit");
    k.wait("audit page", |s| {
        on_page(s, |p| matches!(p, StaffPage::Audit(_)))
    });
    k.tap("Start the audit");
    k.wait("first stop", |s| {
        on_page(
            s,
            |p| matches!(p, StaffPage::Audit(w) if w.current().is_some()),
        )
    });
    // Wall order is column then row: both packages went to small lockers.
    let Screen::Staff { page, .. } = k.screen.clone() else {
        unreachable!()
    };
    let StaffPage::Audit(walk) = *page else {
        unreachable!()
    };
    let order: Vec<String> = walk
        .stops
        .iter()
        .map(|s| s.item.place.door().expect("a locker").label.clone())
        .collect();
    assert_eq!(order.len(), 2, "two occupied lockers: {order:?}");
    for label in &order {
        k.assert_shows(&format!("Locker {label} is open"));
        assert!(
            wall.door(Kiosk::channel(label)).unwrap().open,
            "{label} opened for the audit"
        );
        if *label == missing_at {
            k.tap("Missing");
        } else {
            assert_eq!(*label, present_at);
            k.tap("It is there");
        }
        k.wall.close(Kiosk::channel(label));
        let at = order.iter().position(|l| l == label).unwrap() + 1;
        k.wait("next stop", |s| {
            on_page(s, |p| matches!(p, StaffPage::Audit(w) if w.at == at))
        });
    }
    k.assert_shows("Audit done: 2 places checked, 1 to look into (on the attention list).");
    let report = look().audits().unwrap().remove(0);
    assert_eq!(report.staff, "Dana Brooks");
    assert!(report.finished_at.is_some());
    let findings: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.locker.clone().unwrap_or_default(), f.finding.clone()))
        .collect();
    assert!(findings.contains(&(missing_at.clone(), "missing".into())));
    assert!(findings.contains(&(present_at.clone(), "present".into())));
    let discrepancy = look()
        .open_attention()
        .unwrap()
        .into_iter()
        .find(|a| a.kind == "audit_discrepancy")
        .unwrap();
    assert_eq!(discrepancy.package, Some(missing));
    assert!(
        discrepancy.message.contains("TBA000000000103"),
        "{}",
        discrepancy.message
    );
    // The package stays on record: the audit says what was found, staff decide.
    assert_eq!(package_state(&look(), missing), "stored");
    assert_eq!(package_state(&look(), present), "stored");

    // ----- the directory: a resident's phone, a new carrier account -----
    k.tap("Directory");
    k.wait("directory", |s| {
        on_page(
            s,
            |p| matches!(p, StaffPage::Directory { residents, .. } if !residents.is_empty()),
        )
    });
    for key in ["A", "L", "V"] {
        k.tap(key);
    }
    k.wait("Carmen found", |s| {
        on_page(
            s,
            |p| matches!(p, StaffPage::Directory { residents, .. } if residents.len() == 1),
        )
    });
    k.tap("Carmen Alvarez, C-101");
    k.wait("form", |s| {
        on_page(s, |p| {
            matches!(
                p,
                StaffPage::Directory {
                    resident: Some(_),
                    ..
                }
            )
        })
    });
    k.tap("Phone");
    for key in ["5", "5", "5", "0", "1", "0", "0"] {
        k.tap(key);
    }
    // She needs a low locker now: the kept accessible lockers become hers to use.
    k.tap("Low locker: not needed");
    k.tap("Save");
    k.wait("saved", |s| {
        on_page(s, |p| {
            matches!(p, StaffPage::Directory { resident: None, .. })
        })
    });
    let carmen = look().find_residents("Alvarez", 5).unwrap().remove(0);
    assert_eq!(carmen.phone.as_deref(), Some("5550100"));
    assert!(carmen.accessible, "the low-locker need was not saved");
    assert_eq!(
        events_by(&look(), "resident_edited")[0].0,
        "staff:Dana Brooks"
    );
    k.tap("Carriers");
    k.wait("carriers", |s| {
        on_page(
            s,
            |p| matches!(p, StaffPage::Directory { accounts, .. } if !accounts.is_empty()),
        )
    });
    k.tap("Add account");
    k.wait("account form", |s| {
        on_page(s, |p| {
            matches!(
                p,
                StaffPage::Directory {
                    account: Some(_),
                    ..
                }
            )
        })
    });
    for key in ["O", "N", "T", "R", "A", "C"] {
        k.tap(key);
    }
    k.wait("name typed", |s| {
        on_page(
            s,
            |p| matches!(p, StaffPage::Directory { account: Some(a), .. } if a.name == "ONTRAC"),
        )
    });
    k.tap("PIN");
    // A PIN too short is refused, the rule and its facts in the screen's words.
    for key in ["1", "2"] {
        k.tap(key);
    }
    k.tap("Save");
    k.wait_until("refused", |k| k.shows("A PIN here is 4 to 8 digits."));
    for _ in 0..2 {
        k.tap("Delete");
    }
    for key in ["7", "2", "9", "4"] {
        k.tap(key);
    }
    k.tap("Save");
    k.wait("added", |s| on_page(s, |p| matches!(p, StaffPage::Directory { account: None, accounts, .. } if accounts.iter().any(|a| a.name == "ONTRAC"))));
    let ontrac = look()
        .carriers()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "ONTRAC")
        .unwrap();
    assert!(look().check_carrier_pin(ontrac.id, "7294").unwrap());
    k.tap("Disable ONTRAC");
    k.wait("disabled", |s| on_page(s, |p| matches!(p, StaffPage::Directory { accounts, .. } if accounts.iter().any(|a| a.name == "ONTRAC" && !a.active))));
    assert!(!look()
        .carriers()
        .unwrap()
        .iter()
        .any(|c| c.name == "ONTRAC"));

    // ----- log out -----
    k.tap("Log out");
    k.wait("home", |s| s.name() == "home");
    assert_eq!(events_by(&look(), "staff_logout")[0].0, "staff:Dana Brooks");

    // ----- maintenance: doors and lockers only -----
    k.tap("Staff");
    k.wait("staff PIN", |s| s.name() == "staff-pin");
    type_pin(&k, "739182");
    k.wait("wall map", |s| {
        on_page(
            s,
            |p| matches!(p, StaffPage::Wall { tiles, .. } if !tiles.is_empty()),
        )
    });
    k.assert_shows("Staff: Sam Ortiz");
    assert!(!k.shows("Attention"), "no attention tab for maintenance");
    assert!(!k.shows("Reports"));
    k.tap(&format!("Locker {present_at}"));
    k.wait("card", |s| {
        on_page(s, |p| matches!(p, StaffPage::Wall { card: Some(_), .. }))
    });
    k.assert_shows("Open the door");
    assert!(
        !k.shows("Remove the package"),
        "maintenance cannot remove packages"
    );

    // ----- a staff session times out -----
    clock.advance(181_000);
    k.wait("timed out", |s| s.name() == "home");
    k.assert_shows("The screen returned home because nobody touched it for a while.");
    assert_eq!(events_by(&look(), "staff_timeout")[0].0, "staff:Sam Ortiz");

    // ----- the out-of-service locker is never offered to a carrier -----
    let mut store = look();
    let a01_id = store
        .lockers()
        .unwrap()
        .into_iter()
        .find(|l| l.label == "A01")
        .unwrap()
        .id;
    let mut offered = Vec::new();
    for n in 0..20 {
        match store.begin_deposit(
            &DepositRequest {
                tracking: format!("TBA{:012}", 500 + n),
                carrier: CarrierId(1),
                resident: ResidentId(1),
                size: Size::S,
                is_return: false,
                accessible_first: false,
            },
            common::T0,
        ) {
            Ok(r) => offered.push(r.locker.id),
            Err(StoreError::NoneFree(_)) => break,
            Err(e) => panic!("{e}"),
        }
    }
    assert!(!offered.is_empty());
    assert!(
        !offered.contains(&a01_id),
        "A01 is out of service and never handed out"
    );
}

//! The staff's command line: accounts with PINs read from standard input (never
//! an argument), and an online backup taken while the kiosk keeps writing.

mod common;

use common::said;

use lockerwall::domain::{CarrierId, ResidentId, Size};
use lockerwall::store::DepositRequest;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn run(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lockerwall"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("USER", "pat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn staff_accounts_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The tests' site key from the start: a database refuses another key later.
    common::write_test_secret(d);
    let ok = run(
        d,
        &["staff", "add", "Lee Park", "--role", "maintenance"],
        "482615\n",
    );
    assert!(ok.status.success(), "{}", said(&ok));
    let list = said(&run(d, &["staff", "list"], ""));
    assert!(
        list.contains("Lee Park") && list.contains("maintenance"),
        "{list}"
    );
    // The new PIN logs Lee in (the kiosk's check).
    let mut store =
        lockerwall::store::Store::open(&d.join("lockerwall.db"), common::hasher()).unwrap();
    let lee = store
        .check_staff_pin("482615")
        .unwrap()
        .expect("Lee's PIN works");
    assert_eq!(
        (lee.name.as_str(), lee.role),
        ("Lee Park", lockerwall::domain::Role::Maintenance)
    );
    let actor: String = store
        .connection()
        .query_row(
            "SELECT actor FROM events WHERE kind = 'staff_added'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(actor, "cli:pat");

    // Refusals, in words, changing nothing.
    let weak = run(d, &["staff", "add", "Kim", "--role", "staff"], "123456\n");
    assert!(!weak.status.success());
    assert!(said(&weak).contains("too easy to guess"), "{}", said(&weak));
    let taken = run(d, &["staff", "add", "Kim"], "258025\n");
    assert!(
        said(&taken).contains("that PIN cannot be used"),
        "{}",
        said(&taken)
    );
    let twice = run(d, &["staff", "add", "lee park"], "391784\n");
    assert!(
        said(&twice).contains("already a staff member called lee park"),
        "{}",
        said(&twice)
    );
    // A PIN is never a command-line argument (it would sit in the shell's history).
    let arg = run(d, &["staff", "add", "Kim", "--pin", "3917"], "");
    assert!(!arg.status.success());
    assert!(said(&arg).contains("unexpected argument"), "{}", said(&arg));
    // The last staff (not maintenance) account cannot be disabled.
    let last = run(d, &["staff", "disable", "Dana Brooks"], "");
    assert!(
        said(&last).contains("last staff account"),
        "{}",
        said(&last)
    );
    // Reset a PIN, disable an account.
    assert!(run(d, &["staff", "reset-pin", "Lee Park"], "517394\n")
        .status
        .success());
    assert!(store.check_staff_pin("482615").unwrap().is_none());
    assert!(store.check_staff_pin("517394").unwrap().is_some());
    assert!(run(d, &["staff", "disable", "Lee Park"], "")
        .status
        .success());
    assert!(
        store.check_staff_pin("517394").unwrap().is_none(),
        "disabled accounts cannot log in"
    );
    // Carriers too.
    assert!(run(d, &["carriers", "add", "OnTrac"], "7294\n")
        .status
        .success());
    assert!(store.carriers().unwrap().iter().any(|c| c.name == "OnTrac"));
}

#[test]
fn backup_while_the_kiosk_writes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    common::write_test_secret(&d);
    let (mut store, _) = common::demo_store(&d);
    // The kiosk keeps storing packages while the backup runs.
    let writer = std::thread::spawn(move || {
        let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(3);
        let mut stored = 0;
        for n in 0..25 {
            let now = lockerwall::domain::Timestamp(common::T0.0 + n * 1000);
            let Ok(r) = store.begin_deposit(
                &DepositRequest {
                    tracking: format!("TBA{:012}", 4000 + n),
                    carrier: CarrierId(1),
                    resident: ResidentId(1 + n % 40),
                    size: Size::S,
                    is_return: false,
                    accessible_first: false,
                },
                now,
            ) else {
                break;
            };
            store.door_seen_open(r.package, now).unwrap();
            store.confirm_deposit(r.package, now, &mut rng).unwrap();
            stored += 1;
        }
        stored
    });
    let target = d.join("backup-1.db");
    let out = run(&d, &["backup", target.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("checked"));
    let stored = writer.join().unwrap();
    assert!(stored > 0);
    // The copy is a whole, consistent database: every stored package has its locker and event.
    let copy = rusqlite::Connection::open(&target).unwrap();
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let lockers: i64 = copy
        .query_row(
            "SELECT COUNT(*) FROM lockers WHERE kind = 'locker'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        lockers, 32,
        "the wall's lockers (the package room's door aside)"
    );
    let orphans: i64 = copy
        .query_row(
            "SELECT COUNT(*) FROM packages p WHERE p.state = 'stored' AND NOT EXISTS
             (SELECT 1 FROM events e WHERE e.package_id = p.id AND e.kind = 'stored')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        orphans, 0,
        "a package and its audit row are copied together or not at all"
    );
    // An existing file is never overwritten.
    let again = run(&d, &["backup", target.to_str().unwrap()], "");
    assert!(!again.status.success());
    assert!(said(&again).contains("already exists"));
}

#[test]
fn staff_revoke_a_residents_page_links_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::write_test_secret(d);
    let ok = run(d, &["residents", "revoke-link", "3"], "");
    assert!(ok.status.success(), "{}", said(&ok));
    assert!(said(&ok).contains("revoked"), "{}", said(&ok));
    let store = lockerwall::store::Store::open(&d.join("lockerwall.db"), common::hasher()).unwrap();
    let revoked: Vec<_> = store
        .events_after(0, 10_000, true, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "page_link_revoked")
        .map(|e| (e.resident, e.actor))
        .collect();
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0].0, Some(3));
    assert!(revoked[0].1.contains("pat"), "{:?}", revoked[0].1);
    // Nobody by that id: said, and nothing written.
    let none = run(d, &["residents", "revoke-link", "99999"], "");
    assert!(!none.status.success());
    assert!(said(&none).contains("resident"), "{}", said(&none));
}

#[test]
fn staff_set_a_residents_away_period_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::write_test_secret(d);
    let until = (chrono::Utc::now() + chrono::Duration::days(6))
        .format("%Y-%m-%d")
        .to_string();
    let ok = run(d, &["residents", "away", "3", "--until", &until], "");
    assert!(ok.status.success(), "{}", said(&ok));
    assert!(
        said(&ok).contains(&format!("back on {until}")),
        "{}",
        said(&ok)
    );
    let back = run(d, &["residents", "away", "3", "--back"], "");
    assert!(back.status.success(), "{}", said(&back));
    let store = lockerwall::store::Store::open(&d.join("lockerwall.db"), common::hasher()).unwrap();
    let trail: Vec<_> = store
        .events_after(0, 10_000, true, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind.starts_with("away"))
        .map(|e| (e.kind, e.resident, e.actor))
        .collect();
    assert_eq!(trail.len(), 2, "{trail:?}");
    assert_eq!((trail[0].0.as_str(), trail[0].1), ("away_set", Some(3)));
    assert_eq!(trail[1].0, "away_ended");
    assert!(trail[1].2.contains("pat"));
    // A day that is not one, a period too long, nobody by that id: said, nothing written.
    for args in [
        vec!["residents", "away", "3", "--until", "next week"],
        vec!["residents", "away", "3", "--until", "2099-01-01"],
        vec!["residents", "away", "99999", "--until", &until],
    ] {
        let no = run(d, &args, "");
        assert!(!no.status.success(), "{args:?}");
        assert!(!said(&no).contains("panicked"), "{}", said(&no));
    }
    let after = store.events_after(0, 10_000, true, None).unwrap();
    assert_eq!(
        after.iter().filter(|e| e.kind.starts_with("away")).count(),
        2
    );
}

#[test]
fn staff_set_how_a_resident_is_told_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::write_test_secret(d);
    let ok = run(
        d,
        &[
            "residents",
            "notices",
            "3",
            "--reminders",
            "off",
            "--language",
            "en",
        ],
        "",
    );
    assert!(ok.status.success(), "{}", said(&ok));
    for args in [
        vec!["residents", "notices", "3"],
        vec!["residents", "notices", "3", "--language", "fr"],
        vec!["residents", "notices", "3", "--reminders", "maybe"],
        vec!["residents", "notices", "3", "--by", "pigeon"],
    ] {
        let no = run(d, &args, "");
        assert!(!no.status.success(), "{args:?}");
    }
    // Texts need a mobile number: the demo's residents have none, and it says so.
    let no = run(d, &["residents", "notices", "3", "--by", "text"], "");
    assert!(!no.status.success());
    assert!(said(&no).contains("mobile number"), "{}", said(&no));
    let both = run(d, &["residents", "notices", "3", "--by", "email"], "");
    assert!(both.status.success(), "{}", said(&both));
    let store = lockerwall::store::Store::open(&d.join("lockerwall.db"), common::hasher()).unwrap();
    let carmen = store
        .all_residents()
        .unwrap()
        .into_iter()
        .find(|r| r.id == 3)
        .unwrap();
    assert_eq!((carmen.language.as_str(), carmen.reminders), ("en", false));
    assert_eq!(carmen.notify_by, lockerwall::domain::NotifyBy::Email);
}

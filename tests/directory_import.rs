//! Importing the resident directory from a property-management export: a
//! realistic 300-row file (quoted fields, accents, blank emails, roommates, an
//! unclosed quote), dry run, upsert, a month later with move-outs, and the
//! refusals that keep a bad file from emptying the directory.

mod common;

use lockerwall::directory_import::{read, ReadOptions};
use lockerwall::domain::{CarrierId, NotifyBy, ResidentId, Size};
use lockerwall::store::{DepositRequest, ImportMode, Store, StoreError};
use rand::SeedableRng;

const EXPORT: &str = "tests/fixtures/residents-export.csv";
const NEXT_MONTH: &str = "tests/fixtures/residents-export-next-month.csv";

fn parsed(path: &str) -> lockerwall::directory_import::Parsed {
    read(&std::fs::read(path).unwrap(), &ReadOptions::default()).unwrap()
}

fn active(store: &Store) -> usize {
    store
        .all_residents()
        .unwrap()
        .iter()
        .filter(|r| r.active)
        .count()
}

fn by_external(store: &Store, id: &str) -> lockerwall::store::ResidentRecord {
    store
        .all_residents()
        .unwrap()
        .into_iter()
        .find(|r| r.external_id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no resident {id}"))
}

const ACTOR: &str = "cli:test";

/// Import `csv` as the CLI does by default (an upsert).
fn import(store: &mut Store, csv: &str) -> lockerwall::store::ImportOutcome {
    let p = read(csv.as_bytes(), &ReadOptions::default()).unwrap();
    store
        .import_residents(&p, ImportMode::default(), ACTOR, common::T0)
        .unwrap()
}

#[test]
fn a_realistic_export_dry_run_upsert_and_move_outs() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let seeded = active(&store);
    let export = parsed(EXPORT);

    // The unclosed quote on line 152 swallows lines 152-166: one bad record, reported.
    assert_eq!(export.bad.len(), 1);
    assert_eq!(export.bad[0].line, 152);
    assert!(
        export.bad[0].why.contains("lines 152 to 166"),
        "{}",
        export.bad[0].why
    );
    assert_eq!(export.rows.len(), 285);

    // ----- dry run: the report, and nothing changed -----
    let dry = store
        .import_residents(
            &export,
            ImportMode {
                dry_run: true,
                ..Default::default()
            },
            ACTOR,
            common::T0,
        )
        .unwrap();
    assert!(dry.dry_run);
    assert_eq!(dry.added.len(), 285);
    assert_eq!(dry.skipped.len(), 1);
    assert_eq!(active(&store), seeded, "a dry run changes nothing");
    assert!(dry
        .to_string()
        .contains("line 152: a quote opened here is never closed"));

    // ----- the import -----
    let done = store
        .import_residents(&export, ImportMode::default(), ACTOR, common::T0)
        .unwrap();
    assert_eq!(
        (done.added.len(), done.updated.len(), done.unchanged),
        (285, 0, 0)
    );
    assert_eq!(active(&store), seeded + 285);
    // Quoted commas, accents, blank email, Spanish spelled two ways.
    let jones = by_external(&store, "T10003");
    assert_eq!(
        (
            jones.name.as_str(),
            jones.unit.as_str(),
            jones.building.as_str()
        ),
        ("José Jones, Jr.", "102", "A")
    );
    assert_eq!(jones.email, None);
    assert_eq!(by_external(&store, "T10001").language, "es", "Español");
    assert_eq!(by_external(&store, "T10002").language, "es", "Spanish");
    assert_eq!(by_external(&store, "T10002").name, "Hiroshi Lefèvre");
    // Roommates: two residents in A-102, both imported.
    let a102 = store
        .all_residents()
        .unwrap()
        .into_iter()
        .filter(|r| r.building == "A" && r.unit == "102" && r.external_id.is_some())
        .count();
    assert_eq!(a102, 2);
    // The carrier's search finds them like anyone else.
    assert!(store
        .search_residents("Lefèvre", 50)
        .unwrap()
        .iter()
        .any(|r| r.name == "Hiroshi Lefèvre"));

    // ----- the same file again: everyone unchanged -----
    let again = store
        .import_residents(&export, ImportMode::default(), ACTOR, common::T0)
        .unwrap();
    assert_eq!(
        (again.added.len(), again.updated.len(), again.unchanged),
        (0, 0, 285)
    );

    // ----- a full import of a file with a bad line moves nobody out -----
    let careful = store
        .import_residents(
            &export,
            ImportMode {
                full: true,
                ..Default::default()
            },
            ACTOR,
            common::T0,
        )
        .unwrap();
    assert!(careful.moved_out.is_empty());
    assert!(careful
        .notes
        .iter()
        .any(|n| n.contains("nobody was moved out")));
    assert_eq!(active(&store), seeded + 285);

    // A resident who will move out has a package waiting.
    let leaving = by_external(&store, "T10021");
    let r = store
        .begin_deposit(
            &DepositRequest {
                tracking: "TBA000000000777".into(),
                carrier: CarrierId(1),
                resident: ResidentId(leaving.id),
                size: Size::S,
                is_return: false,
                accessible_first: false,
            },
            common::T0,
        )
        .unwrap();
    store.door_seen_open(r.package, common::T0).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let stored = store
        .confirm_deposit(r.package, common::T0, &mut rng)
        .unwrap();

    // ----- a month later, the whole export: move-outs, move-ins, new emails -----
    let next = parsed(NEXT_MONTH);
    assert!(next.bad.is_empty());
    let month = store
        .import_residents(
            &next,
            ImportMode {
                full: true,
                ..Default::default()
            },
            ACTOR,
            common::T0,
        )
        .unwrap();
    // 8 moved in, and 14 whose lines the unclosed quote swallowed last time.
    assert_eq!(month.added.len(), 8 + 14);
    assert_eq!(month.updated.len(), 5);
    assert!(month.updated.iter().all(|(_, f)| f == &["email"]));
    // 12 left (one of them among the swallowed lines, so never imported), and
    // the demo's 42 seeded residents are not in the property's export.
    assert_eq!(month.moved_out.len(), 11 + 42);
    // Each one's links to their own page stop opening it (the server learns
    // it from the event, which names the resident).
    let revoked: Vec<i64> = store
        .events_after(0, 100_000, false, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "page_link_revoked")
        .filter_map(|e| e.resident)
        .collect();
    assert_eq!(revoked.len(), 11 + 42);
    assert!(revoked.contains(&by_external(&store, "T10021").id));
    assert!(month
        .moved_out
        .iter()
        .any(|(n, w)| n.starts_with(&leaving.name) && *w == 1));
    assert_eq!(
        by_external(&store, "T10004").email.as_deref(),
        Some("new.address3@example.net")
    );
    // Moved out, not deleted: the package and its history stay.
    let gone = by_external(&store, "T10021");
    assert!(!gone.active);
    let waiting = store
        .waiting_package(stored.package)
        .unwrap()
        .expect("still waiting");
    assert_eq!(waiting.resident, ResidentId(gone.id));
    assert!(
        store.find_by_code(&stored.code).unwrap().is_some(),
        "their code still opens it"
    );
    assert!(
        !store
            .search_residents(&gone.name, 50)
            .unwrap()
            .iter()
            .any(|r| r.id == ResidentId(gone.id)),
        "carriers no longer find them"
    );
    let count_after_month = active(&store);

    // ----- a truncated "full" export is refused and changes nothing -----
    let text = std::fs::read_to_string(NEXT_MONTH).unwrap();
    let short: String = text.lines().take(21).map(|l| format!("{l}\n")).collect();
    let truncated = read(short.as_bytes(), &ReadOptions::default()).unwrap();
    let refused = store.import_residents(
        &truncated,
        ImportMode {
            full: true,
            ..Default::default()
        },
        ACTOR,
        common::T0,
    );
    match refused {
        Err(e @ StoreError::ImportMovesMost { .. }) => {
            assert!(
                e.to_string().contains("is the file the whole export?"),
                "{e}"
            )
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(active(&store), count_after_month, "nothing half-imported");

    // ----- moved-out residents who come back are reactivated -----
    let back = store
        .import_residents(&export, ImportMode::default(), ACTOR, common::T0)
        .unwrap();
    assert!(back
        .reactivated
        .iter()
        .any(|n| n.starts_with(&leaving.name)));
    assert!(by_external(&store, "T10021").active);
    // Every import is in the audit, by whoever ran it.
    let imports: i64 = store
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM events WHERE kind = 'residents_imported' AND actor = ?1",
            [ACTOR],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(imports, 5, "dry runs are rolled back, audit row and all");
}

#[test]
fn an_export_without_ids_matches_by_unit_building_and_name() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let csv = "Tenant,Suite,Building,E-mail\n\
               Carmen Alvarez,101,C,carmen.new@example.com\n\
               carmen  alvarez,101,C,carmen.new@example.com\n\
               Brand New,999,C,\n";
    let map = vec![("unit".to_string(), "Suite".to_string())];
    let p = read(
        csv.as_bytes(),
        &ReadOptions {
            map,
            building: None,
        },
    )
    .unwrap();
    let out = store
        .import_residents(&p, ImportMode::default(), ACTOR, common::T0)
        .unwrap();
    // The second Carmen line is the same person (case and spaces): refused as a repeat.
    assert_eq!(out.updated.len(), 1, "{out}");
    assert_eq!(
        out.skipped,
        [(
            3,
            "carmen alvarez in unit 101 is also on line 2".to_string()
        )]
    );
    assert_eq!(out.added, ["Brand New (C-999)"]);
    let carmen = store.search_residents("Alvarez", 5).unwrap().remove(0);
    assert_eq!(carmen.email.as_deref(), Some("carmen.new@example.com"));
}

#[test]
fn the_command_line_reports_bad_lines_and_changes_nothing_on_a_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_lockerwall"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["residents", "import", EXPORT, "--dry-run"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Dry run: nothing was changed."), "{text}");
    assert!(text.contains("added 285"), "{text}");
    assert!(text.contains("line 152:"), "{text}");
    let listed = run(&["residents", "list", "--csv"]);
    let rows = String::from_utf8(listed.stdout).unwrap().lines().count();
    assert_eq!(
        rows,
        1 + 42,
        "only the demo's residents: the dry run changed nothing"
    );
    // A file that is not a directory export is refused as a whole, in words.
    std::fs::write(dir.path().join("junk.csv"), "a,b\n1,2\n").unwrap();
    let junk = run(&[
        "residents",
        "import",
        dir.path().join("junk.csv").to_str().unwrap(),
    ]);
    assert!(!junk.status.success());
    assert!(String::from_utf8_lossy(&junk.stderr).contains("no name column"));
}

/// The export's reminders column, in any of its usual spellings: "no"
/// turns them off, an empty cell or no column leaves them on (or as they
/// were), anything else is a bad line.
#[test]
fn an_export_says_who_gets_reminders() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let reminders = |store: &Store, name: &str| {
        let all = store.all_residents().unwrap();
        all.iter().find(|r| r.name == name).unwrap().reminders
    };
    let out = import(
        &mut store,
        "Name,Unit,Building,Send Reminders\n\
         Carmen Alvarez,101,C,no\n\
         Brand New,999,C,\n\
         Maybe Person,998,C,sometimes\n",
    );
    assert_eq!(out.updated.len(), 1, "{out}");
    assert_eq!(out.updated[0].1, ["reminders"]);
    assert_eq!(out.skipped.len(), 1);
    assert!(out.skipped[0].1.contains("reminders"), "{out}");
    assert!(!reminders(&store, "Carmen Alvarez"));
    assert!(reminders(&store, "Brand New"));
    // An export without the column changes nothing about them.
    let out = import(&mut store, "Name,Unit,Building\nCarmen Alvarez,101,C\n");
    assert_eq!(out.unchanged, 1, "{out}");
    assert!(!reminders(&store, "Carmen Alvarez"));
}

/// The export's column for how residents are told ("Preferred Contact
/// Method", "Notify By"...): email, text or both in the spellings exports
/// use; empty is email; anything else is a bad line. An export without the
/// column leaves everyone's choice as it was.
#[test]
fn an_export_says_who_is_told_by_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let by = |store: &Store, name: &str| {
        let all = store.all_residents().unwrap();
        all.iter().find(|r| r.name == name).unwrap().notify_by
    };
    let out = import(
        &mut store,
        "Name,Unit,Building,Mobile,Preferred Contact Method\n\
         Carmen Alvarez,101,C,(555) 010-4477,SMS\n\
         Ben Carter,101,B,555-010-2211,E-mail & Text\n\
         Brand New,999,C,,\n\
         Also New,997,C,,email only\n\
         Maybe Person,998,C,,carrier pigeon\n",
    );
    assert_eq!(out.skipped.len(), 1, "{out}");
    assert!(out.skipped[0].1.contains("email, text or both"), "{out}");
    assert!(out.updated[0].1.contains(&"how they are told"), "{out}");
    assert_eq!(by(&store, "Carmen Alvarez"), NotifyBy::Text);
    assert_eq!(by(&store, "Ben Carter"), NotifyBy::Both);
    assert_eq!(by(&store, "Brand New"), NotifyBy::Email);
    assert_eq!(by(&store, "Also New"), NotifyBy::Email);
    let out = import(&mut store, "Name,Unit,Building\nCarmen Alvarez,101,C\n");
    assert_eq!(out.unchanged, 1, "{out}");
    assert_eq!(by(&store, "Carmen Alvarez"), NotifyBy::Text);
}

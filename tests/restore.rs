//! Backups that restore: back up on a schedule into two places, lose the
//! box, restore on a new one, and every waiting package's code and QR
//! code from the old notices still opens its locker; the sync goes on from
//! the server's position instead of numbering events again.

mod common;

use common::said;
use lockerwall::domain::{PackageId, Timestamp};
use lockerwall::security::{SiteSecret, TokenSigner};
use lockerwall::store::{CodeCheck, Store, StoredPackage};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn lockerwall(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lockerwall"))
        .arg("--config")
        .arg(config)
        .args(args)
        .env_remove("LOCKERWALL_CONFIG")
        .output()
        .unwrap()
}

fn deposit(store: &mut Store, n: i64) -> StoredPackage {
    let now = Timestamp(common::T0.0 + n * 60_000);
    common::stored(store, &format!("TBA{:012}", 9000 + n), n, 1, now, n as u64)
}

/// The QR token a notice for `package` carries.
fn token(store: &Store, package: PackageId) -> String {
    let version = store.code_version(package).unwrap().unwrap();
    let expires = Timestamp(common::T0.0 + 30 * 86_400_000);
    store.token_signer().issue(package, version, expires)
}

fn backups(place: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(place)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "db"))
        .collect();
    v.sort();
    v
}

#[test]
fn backup_wipe_restore_and_the_old_notices_still_open_their_lockers() {
    let dir = tempfile::tempdir().unwrap();
    let (data, first, second) = (
        dir.path().join("data"),
        dir.path().join("backups"),
        dir.path().join("usb"),
    );
    std::fs::create_dir(&data).unwrap();
    common::write_test_secret(&data);
    let config = dir.path().join("lockerwall.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\n[backup]\nplaces = [{:?}, {:?}]\nkeep = 1\n",
            data.display(),
            first.display(),
            second.display()
        ),
    )
    .unwrap();

    // The wall: three packages waiting, their notices' codes and QR codes,
    // every event on the server.
    let (mut store, _) = common::demo_store(&data);
    let notices: Vec<(StoredPackage, String)> = (1..=3)
        .map(|n| {
            let p = deposit(&mut store, n);
            let t = token(&store, p.package);
            (p, t)
        })
        .collect();
    let newest = store.sync_status().unwrap().newest;
    store.sync_acked(newest, common::T0).unwrap();
    drop(store);

    // The nightly backup, twice: each place keeps the newest copy only.
    for _ in 0..2 {
        let out = lockerwall(&config, &["backup"]);
        assert!(out.status.success(), "{}", said(&out));
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
    for place in [&first, &second] {
        assert_eq!(backups(place).len(), 1, "{place:?}");
        assert!(place.join("site.key").exists());
    }

    // After the backup the wall works on and the server hears of it...
    let mut store = common::reopen(&data.join("lockerwall.db"));
    deposit(&mut store, 4);
    let on_server = store.sync_status().unwrap().newest;
    store.sync_acked(on_server, common::T0).unwrap();
    drop(store);
    // ...then the box dies. A new one has an empty data folder.
    std::fs::remove_dir_all(&data).unwrap();

    // A wrong key is refused before anything is written.
    let stranger = dir.path().join("stranger.key");
    SiteSecret::from_bytes([9; 32])
        .write_new(&stranger)
        .unwrap();
    let copy = backups(&second).pop().unwrap();
    let copy_str = copy.to_str().unwrap();
    let out = lockerwall(
        &config,
        &["restore", copy_str, "--key", stranger.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(said(&out).contains("not the site key"), "{}", said(&out));
    assert!(!data.join("lockerwall.db").exists());

    // Restored from the second place, with the key kept beside it.
    let out = lockerwall(&config, &["restore", copy_str]);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("3 packages waiting"), "{}", said(&out));
    // A second restore over it must be asked for.
    let again = lockerwall(&config, &["restore", copy_str]);
    assert!(!again.status.success());
    assert!(said(&again).contains("--replace"), "{}", said(&again));

    // Every old notice still opens its package's locker, by code and by QR.
    let key = SiteSecret::load_or_create(&data.join("site.key")).unwrap();
    let mut store = Store::open(
        &data.join("lockerwall.db"),
        lockerwall::security::CodeHasher::new(key.clone()),
    )
    .unwrap();
    store.claim_site_key().unwrap();
    let now = Timestamp(common::T0.0 + 86_400_000);
    for (p, qr) in &notices {
        match store.check_code(p.code.as_str(), now).unwrap() {
            CodeCheck::Waiting(w) => {
                assert_eq!((w.package, w.locker.id), (p.package, p.locker.id))
            }
            other => panic!("package {:?}: {other:?}", p.package),
        }
        let version = store.code_version(p.package).unwrap().unwrap();
        let claims = TokenSigner::new(key.clone()).verify(qr, version, now);
        assert!(claims.is_ok(), "{claims:?}");
    }

    // The server already has events the backup does not: its next answer
    // says so, and the wall numbers on after them instead of again.
    let restored = store.sync_status().unwrap();
    assert!(restored.newest < on_server, "{restored:?} vs {on_server}");
    store.sync_acked(on_server, now).unwrap();
    store
        .record_event(
            lockerwall_wire::EventKind::StaffLogin,
            "staff:Ana",
            None,
            "",
            now,
        )
        .unwrap();
    let next = store.events_after(on_server, 10, false, None).unwrap();
    let seqs: Vec<i64> = next.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, vec![on_server + 1, on_server + 2], "{next:?}");
    assert_eq!(next[0].kind, "restored_behind_server");
    assert_eq!(store.sync_status().unwrap().acked, on_server);
}

#[test]
fn a_damaged_or_foreign_file_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config = dir.path().join("lockerwall.toml");
    std::fs::write(&config, format!("data_dir = {:?}\n", data.display())).unwrap();
    let key = dir.path().join("site.key");
    SiteSecret::from_bytes([42; 32]).write_new(&key).unwrap();

    // A real copy, cut short (a full disk, a pulled USB stick).
    let source = dir.path().join("source");
    std::fs::create_dir(&source).unwrap();
    let (mut store, path) = common::demo_store(&source);
    deposit(&mut store, 1);
    drop(store);
    let whole = std::fs::read(&path).unwrap();
    let cut = dir.path().join("cut.db");
    std::fs::write(&cut, &whole[..whole.len() / 3]).unwrap();
    // Not a database at all, and a name that does not exist.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"SQLite format 3\0 but not really".repeat(200)).unwrap();
    let missing = dir.path().join("missing.db");

    for file in [&cut, &junk, &missing] {
        let out = lockerwall(
            &config,
            &[
                "restore",
                file.to_str().unwrap(),
                "--key",
                key.to_str().unwrap(),
            ],
        );
        assert!(!out.status.success(), "{file:?}: {}", said(&out));
        let text = said(&out);
        assert!(!text.contains("panicked"), "{text}");
        let clear = if file == &missing {
            "does not exist"
        } else {
            "try an older copy"
        };
        assert!(text.contains(clear), "{text}");
        assert!(!data.join("lockerwall.db").exists(), "{file:?}");
        assert!(!data.join("lockerwall.db.restoring").exists(), "{file:?}");
    }
}

#[test]
fn a_folder_restores_its_newest_copy_and_an_empty_one_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config = dir.path().join("lockerwall.toml");
    std::fs::write(&config, format!("data_dir = {:?}\n", data.display())).unwrap();
    let place = dir.path().join("backups");
    std::fs::create_dir(&place).unwrap();

    // Two nights' copies of one wall (names sort by date), its key beside them.
    let source = dir.path().join("source");
    std::fs::create_dir(&source).unwrap();
    let (mut store, path) = common::demo_store(&source);
    deposit(&mut store, 1);
    drop(store); // closing the last connection folds the WAL into the file
    std::fs::copy(&path, place.join("lockerwall-20261201-031500.db")).unwrap();
    let mut store = Store::open(&path, common::hasher()).unwrap();
    deposit(&mut store, 2);
    drop(store);
    std::fs::copy(&path, place.join("lockerwall-20261202-031500.db")).unwrap();
    common::write_test_secret(&place);

    let out = lockerwall(&config, &["restore", place.to_str().unwrap()]);
    let text = said(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("lockerwall-20261202-031500.db"), "{text}");
    assert!(text.contains("2 packages waiting"), "{text}");

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = lockerwall(&config, &["restore", "--replace", empty.to_str().unwrap()]);
    let text = said(&out);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("holds no Lockerwall backup"), "{text}");
}

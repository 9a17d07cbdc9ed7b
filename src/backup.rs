//! Backups a wall can be restored from, and the restore onto a new box.
//!
//! A backup is a checked online copy of the database, dated, in every place
//! `[backup] places` names (a second disk, a mounted share), the oldest
//! pruned past `keep`. The site key is not in it: it is kept beside the
//! copies as `site.key`, a file of its own (decision 0031), so the copies
//! can go off site while the key stays on hardware the property holds.

use crate::app::{DB_FILE, SECRET_FILE};
use crate::security::{CodeHasher, SiteSecret};
use crate::store::{Store, StoreError};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The site key's file name in a backup place.
pub const KEY_FILE: &str = "site.key";

/// `[backup]`: where the scheduled backups go.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct BackupConfig {
    /// Folders that each get every backup (e.g. `/var/backups/lockerwall`
    /// and a second disk); none: `lockerwall backup` needs a file name.
    pub places: Vec<PathBuf>,
    /// Copies kept in each place (the newest).
    pub keep: usize,
}

impl Default for BackupConfig {
    fn default() -> Self {
        Self {
            places: Vec::new(),
            keep: 14,
        }
    }
}

/// Why a backup or a restore did not happen, in words for the person at the terminal.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("no backup places: set [backup] places = [\"/var/backups/lockerwall\", ...] in the configuration, or give a file name")]
    NoPlaces,
    #[error("{place}: {why}")]
    Place { place: String, why: String },
    #[error("{0} does not exist")]
    Missing(String),
    #[error("{key} is not the site key {backup} was made with (a different wall's key?): with it no waiting code would open")]
    WrongKey { key: String, backup: String },
    #[error("{file} cannot be restored: {why}. It is damaged or not a Lockerwall backup; try an older copy or the other place")]
    Unusable { file: String, why: String },
    #[error("{0} holds no Lockerwall backup (lockerwall-YYYYMMDD-HHMMSS.db): name the file, or the place the backups go")]
    NoCopies(String),
    #[error("{0} already holds a database: stop the kiosk and add --replace to move it aside")]
    Occupied(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(String),
}

fn io(what: &Path) -> impl Fn(std::io::Error) -> BackupError + '_ {
    move |e| BackupError::Io(format!("{}: {e}", what.display()))
}

/// One backup into every place: the dated copies written, or every place
/// that failed (the others still get theirs).
pub fn to_places(
    store: &Store,
    secret: &SiteSecret,
    config: &BackupConfig,
    stamp: &str,
) -> Result<Vec<PathBuf>, BackupError> {
    if config.places.is_empty() {
        return Err(BackupError::NoPlaces);
    }
    let (mut written, mut failed) = (Vec::new(), Vec::new());
    for place in &config.places {
        match to_place(store, secret, place, stamp, config.keep.max(1)) {
            Ok(file) => written.push(file),
            Err(why) => failed.push(BackupError::Place {
                place: place.display().to_string(),
                why: why.to_string(),
            }),
        }
    }
    match failed.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(written),
    }
}

fn to_place(
    store: &Store,
    secret: &SiteSecret,
    place: &Path,
    stamp: &str,
    keep: usize,
) -> Result<PathBuf, BackupError> {
    crate::app::ensure_data_dir(place).map_err(|e| BackupError::Io(e.to_string()))?;
    keep_key(secret, &place.join(KEY_FILE))?;
    let file = place.join(format!("lockerwall-{stamp}.db"));
    let copying =
        crate::progress::spinner(&format!("copying and checking into {}", place.display()));
    let copied = store.backup_to(&file);
    copying.finish_and_clear();
    copied?;
    prune(place, keep)?;
    Ok(file)
}

/// The place's `site.key`: written once; a different key there is refused
/// (two walls backing up into one folder would lose one wall's codes).
fn keep_key(secret: &SiteSecret, path: &Path) -> Result<(), BackupError> {
    if path.exists() {
        let there = SiteSecret::load_or_create(path).map_err(|e| BackupError::Io(e.to_string()))?;
        if there.bytes() != secret.bytes() {
            return Err(BackupError::Io(format!(
                "{} holds another wall's site key: give this wall a folder of its own",
                path.display()
            )));
        }
        return Ok(());
    }
    secret
        .write_new(path)
        .map_err(|e| BackupError::Io(e.to_string()))
}

/// Remove the oldest `lockerwall-*.db` copies past `keep` (names sort by date).
fn prune(place: &Path, keep: usize) -> Result<(), BackupError> {
    let copies = copies_in(place)?;
    let extra = copies.len().saturating_sub(keep);
    for old in &copies[..extra] {
        std::fs::remove_file(old).map_err(io(old))?;
    }
    Ok(())
}

/// The `lockerwall-*.db` copies in `place`, oldest first (names sort by date).
fn copies_in(place: &Path) -> Result<Vec<PathBuf>, BackupError> {
    let mut copies: Vec<PathBuf> = std::fs::read_dir(place)
        .map_err(io(place))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("lockerwall-") && n.ends_with(".db"))
        })
        .collect();
    copies.sort();
    Ok(copies)
}

/// What to restore from `given`: the file itself, or a backup place's newest copy.
pub fn copy_to_restore(given: &Path) -> Result<PathBuf, BackupError> {
    if !given.is_dir() {
        return Ok(given.to_path_buf());
    }
    copies_in(given)?
        .pop()
        .ok_or_else(|| BackupError::NoCopies(given.display().to_string()))
}

/// What a restore brought back.
#[derive(Debug)]
pub struct Restored {
    /// Packages waiting for their residents.
    pub waiting: i64,
    /// The newest event (the sync goes on from the server's position).
    pub newest_event: i64,
    /// Where the database that was there went, if one was.
    pub moved_aside: Option<PathBuf>,
}

/// Bring a wall back into `data_dir` from the copy `file` and its site key
/// `key`. Checked before anything is touched: the copy opens, passes its
/// integrity check and was made with this key. A database already there
/// is moved aside only when `replace` is given.
pub fn restore(
    data_dir: &Path,
    file: &Path,
    key: &Path,
    replace: bool,
    stamp: &str,
) -> Result<Restored, BackupError> {
    for p in [file, key] {
        if !p.exists() {
            return Err(BackupError::Missing(p.display().to_string()));
        }
    }
    crate::app::ensure_data_dir(data_dir).map_err(|e| BackupError::Io(e.to_string()))?;
    let db = data_dir.join(DB_FILE);
    if db.exists() && !replace {
        return Err(BackupError::Occupied(data_dir.display().to_string()));
    }
    let secret = SiteSecret::load_or_create(key).map_err(|e| BackupError::Io(e.to_string()))?;
    // Checked on a copy: the backup itself is never written to.
    let trial = data_dir.join(format!("{DB_FILE}.restoring"));
    std::fs::copy(file, &trial).map_err(io(file))?;
    let (waiting, newest_event) = match check(&trial, &secret) {
        Ok(counts) => counts,
        Err(e) => {
            let _ = std::fs::remove_file(&trial);
            return Err(match e {
                BackupError::Store(StoreError::WrongSiteKey) => BackupError::WrongKey {
                    key: key.display().to_string(),
                    backup: file.display().to_string(),
                },
                other => BackupError::Unusable {
                    file: file.display().to_string(),
                    why: other.to_string(),
                },
            });
        }
    };
    let moved_aside = db
        .exists()
        .then(|| data_dir.join(format!("{DB_FILE}.before-restore-{stamp}")));
    if let Some(aside) = &moved_aside {
        std::fs::rename(&db, aside).map_err(io(&db))?;
        for tail in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(data_dir.join(format!("{DB_FILE}{tail}")));
        }
        let old_key = data_dir.join(SECRET_FILE);
        if old_key.exists() {
            let aside_key = data_dir.join(format!("{SECRET_FILE}.before-restore-{stamp}"));
            std::fs::rename(&old_key, &aside_key).map_err(io(&old_key))?;
        }
    }
    std::fs::rename(&trial, &db).map_err(io(&trial))?;
    let _ = std::fs::remove_file(data_dir.join(SECRET_FILE));
    secret
        .write_new(&data_dir.join(SECRET_FILE))
        .map_err(|e| BackupError::Io(e.to_string()))?;
    Ok(Restored {
        waiting,
        newest_event,
        moved_aside,
    })
}

/// Open the copy with the key (migrating it to this version, checking the
/// key's tag) and count what it holds.
fn check(path: &Path, secret: &SiteSecret) -> Result<(i64, i64), BackupError> {
    let mut store = Store::open(path, CodeHasher::new(secret.clone()))?;
    store.claim_site_key()?;
    store.integrity_checked()?;
    Ok((store.waiting_count()?, store.sync_status()?.newest))
}

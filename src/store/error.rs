//! Store errors, each with a kind the screen can put into words.

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the database was written by a newer Lockerwall (schema {found}, this build knows {known})"
    )]
    TooNew { found: i64, known: i64 },
    #[error("no free {} locker", .0.code())]
    NoneFree(crate::domain::Size),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("package is {actual}, expected {expected}")]
    WrongState {
        expected: &'static str,
        actual: String,
    },
    /// A request a person made that the rules do not allow (the screen words it).
    #[error(transparent)]
    Refused(#[from] crate::domain::Refusal),
    #[error("{} already exists: choose a new file name", .0.display())]
    BackupExists(std::path::PathBuf),
    #[error("the backup path is not valid UTF-8")]
    BackupPathNotUtf8,
    /// A full import that would move out more than half the residents.
    #[error("this full import would move out {moved} of {of} residents: is the file the whole export? (Nothing was changed; --force imports it anyway.)")]
    ImportMovesMost { moved: usize, of: usize },
    #[error("the database holds a value it cannot read: {0}")]
    Corrupt(String),
    #[error("the site key is not the one this database was made with: its pickup codes and QR codes would all fail. Restore the site.key that belongs to this database from your backup")]
    WrongSiteKey,
}

//! The one place SQL spells a package's state. Statements name states as
//! literals (`state!(Stored)` is `'stored'`), not as bound parameters, so
//! SQLite can use the partial indexes written for the live states; a test
//! holds every spelling to `PackageState::as_str`.

use crate::domain::PackageState;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::ToSql;

/// A package state as an SQL literal, e.g. `state!(Stored)` is `'stored'`.
macro_rules! state {
    (Expected) => {
        "'expected'"
    };
    (Depositing) => {
        "'depositing'"
    };
    (Stored) => {
        "'stored'"
    };
    (Releasing) => {
        "'releasing'"
    };
    (PickedUp) => {
        "'picked_up'"
    };
    (Cancelled) => {
        "'cancelled'"
    };
    (Overflow) => {
        "'overflow'"
    };
    (ReturnedToSender) => {
        "'returned_to_sender'"
    };
    (RemovedByStaff) => {
        "'removed_by_staff'"
    };
    (DeliveredToDoor) => {
        "'delivered_to_door'"
    };
}

/// The states in which a package holds its locker, as an SQL list.
macro_rules! live_states {
    () => {
        concat!(
            "(",
            state!(Depositing),
            ", ",
            state!(Stored),
            ", ",
            state!(Releasing),
            ")"
        )
    };
}

impl ToSql for PackageState {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for PackageState {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        PackageState::parse(text).ok_or_else(|| FromSqlError::Other(text.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every literal the macro writes is the enum's own spelling.
    #[test]
    fn the_sql_spellings_are_the_enums() {
        let pairs = [
            (state!(Expected), PackageState::Expected),
            (state!(Depositing), PackageState::Depositing),
            (state!(Stored), PackageState::Stored),
            (state!(Releasing), PackageState::Releasing),
            (state!(PickedUp), PackageState::PickedUp),
            (state!(Cancelled), PackageState::Cancelled),
            (state!(Overflow), PackageState::Overflow),
            (state!(ReturnedToSender), PackageState::ReturnedToSender),
            (state!(RemovedByStaff), PackageState::RemovedByStaff),
            (state!(DeliveredToDoor), PackageState::DeliveredToDoor),
        ];
        for (sql, state) in pairs {
            assert_eq!(sql, format!("'{}'", state.as_str()));
        }
        let live: Vec<String> = PackageState::ALL
            .into_iter()
            .filter(|s| s.holds_locker())
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        assert_eq!(live_states!(), format!("({})", live.join(", ")));
    }
}

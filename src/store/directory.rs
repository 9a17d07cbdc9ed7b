//! Residents and carriers.

use super::{Store, StoreError};
use crate::domain::{Carrier, CarrierId, Resident, ResidentId};
use crate::security::pin;
use rusqlite::{OptionalExtension, Row};

const RESIDENT_COLUMNS: &str = "id, name, unit, building, email, needs_accessible";

fn resident_from_row(r: &Row<'_>) -> rusqlite::Result<Resident> {
    Ok(Resident {
        id: ResidentId(r.get(0)?),
        name: r.get(1)?,
        unit: r.get(2)?,
        building: r.get(3)?,
        email: r.get(4)?,
        needs_accessible: r.get(5)?,
    })
}

/// Escape LIKE wildcards so a typed `%` or `_` matches itself.
fn like_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// One resident (inside the caller's transaction).
pub(super) fn resident_tx(
    conn: &rusqlite::Connection,
    id: ResidentId,
) -> Result<Resident, StoreError> {
    conn.query_row(
        &format!("SELECT {RESIDENT_COLUMNS} FROM residents WHERE id = ?1"),
        [id.0],
        resident_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound("resident"))
}

impl Store {
    /// Active residents whose name or unit contains every typed word, best matches first.
    pub fn search_residents(&self, query: &str, limit: usize) -> Result<Vec<Resident>, StoreError> {
        let words: Vec<&str> = query.split_whitespace().take(4).collect();
        let mut sql = format!("SELECT {RESIDENT_COLUMNS} FROM residents WHERE active = 1");
        for i in 0..words.len() {
            sql.push_str(&format!(
                " AND (name LIKE ?{n} ESCAPE '\\' OR unit LIKE ?{n} ESCAPE '\\' OR (building || '-' || unit) LIKE ?{n} ESCAPE '\\')",
                n = i + 1
            ));
        }
        // A unit typed exactly, then names starting with the text, then the rest.
        let first = words.first().copied().unwrap_or("");
        sql.push_str(&format!(
            " ORDER BY (unit = ?{a} COLLATE NOCASE) DESC, (name LIKE ?{b} ESCAPE '\\') DESC, name LIMIT {limit}",
            a = words.len() + 1,
            b = words.len() + 2
        ));
        let mut params: Vec<String> = words.iter().map(|w| like_pattern(w)).collect();
        params.push(first.to_string());
        params.push(format!("{}%", like_pattern(first).trim_start_matches('%')));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), resident_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One resident.
    pub fn resident(&self, id: ResidentId) -> Result<Resident, StoreError> {
        resident_tx(&self.conn, id)
    }

    /// Active carrier accounts, by name.
    pub fn carriers(&self) -> Result<Vec<Carrier>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name FROM carriers WHERE active = 1 ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(Carrier {
                id: CarrierId(r.get(0)?),
                name: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Check a carrier's PIN against its argon2id hash.
    pub fn check_carrier_pin(
        &mut self,
        carrier: CarrierId,
        typed: &str,
    ) -> Result<bool, StoreError> {
        let hash: Option<String> = self
            .conn
            .query_row(
                "SELECT pin_hash FROM carriers WHERE id = ?1 AND active = 1",
                [carrier.0],
                |r| r.get(0),
            )
            .optional()?;
        let ok = hash
            .as_deref()
            .is_some_and(|h| pin::verify_pin(typed, h, &self.pepper));
        if ok && hash.as_deref().is_some_and(pin::is_unpeppered) {
            super::accounts::repepper(self, "carriers", carrier.0, typed)?;
        }
        Ok(ok)
    }
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn like_escapes_wildcards() {
        assert_eq!(like_pattern("a%b_c"), "%a\\%b\\_c%");
    }
}

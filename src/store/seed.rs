//! First start: the wall, the directory and the carrier accounts from the site file.

use super::audit::{record, Audit};
use super::{Store, StoreError};
use crate::domain::Timestamp;
use crate::security::pin;
use crate::site::Site;
use lockerwall_wire::EventKind;
use rusqlite::{params, OptionalExtension};

impl Store {
    /// Fill an empty database from the site file; a database that has lockers is left alone.
    pub fn seed_if_empty(&mut self, site: &Site, now: Timestamp) -> Result<bool, StoreError> {
        let has_lockers: bool =
            self.conn
                .query_row("SELECT EXISTS (SELECT 1 FROM lockers)", [], |r| r.get(0))?;
        if has_lockers {
            return Ok(false);
        }
        // Hash PINs before taking the write lock: argon2 is deliberately slow.
        let carriers: Vec<(&str, String)> = site
            .carriers
            .iter()
            .map(|c| (c.name.as_str(), pin::hash_pin(&c.pin, &self.pepper)))
            .collect();
        let staff: Vec<(&str, &str, String)> = site
            .staff
            .iter()
            .map(|s| {
                (
                    s.name.as_str(),
                    s.role.as_str(),
                    pin::hash_pin(&s.pin, &self.pepper),
                )
            })
            .collect();
        let tx = self.write()?;
        tx.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('site_name', ?1)",
            [&site.name],
        )?;
        for l in &site.lockers {
            tx.execute(
                "INSERT INTO lockers (label, size, col, row, height, accessible, board, lock)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    l.label,
                    l.size.code(),
                    l.column,
                    l.row,
                    l.height,
                    l.accessible,
                    l.board,
                    l.lock
                ],
            )?;
        }
        for r in &site.residents {
            tx.execute(
                "INSERT INTO residents (name, unit, building, email, needs_accessible, language)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    r.name,
                    r.unit,
                    r.building,
                    r.email,
                    r.needs_accessible,
                    r.language
                ],
            )?;
        }
        for (name, hash) in carriers {
            tx.execute(
                "INSERT INTO carriers (name, pin_hash) VALUES (?1, ?2)",
                params![name, hash],
            )?;
        }
        for (name, role, hash) in staff {
            tx.execute(
                "INSERT INTO staff (name, role, pin_hash) VALUES (?1, ?2, ?3)",
                params![name, role, hash],
            )?;
        }
        record(
            &tx,
            Audit {
                at: now,
                kind: EventKind::SiteSeeded,
                actor: "installer",
                locker: None,
                package: None,
                detail: &site.name,
            },
        )?;
        tx.commit()?;
        self.sync_room(site)?;
        Ok(true)
    }

    /// The property's name.
    pub fn site_name(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'site_name'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default())
    }
}

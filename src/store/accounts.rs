//! Staff and carrier accounts: adding them, PINs, disabling.

use super::{Store, StoreError};
use crate::domain::staff::{check_new_pin, check_new_staff_pin, Account};
use crate::domain::Refusal;
use crate::domain::{Role, StaffMember, Timestamp};
use crate::security::pin;
use lockerwall_wire::EventKind;
use rusqlite::{params, OptionalExtension};

pub use crate::domain::staff::AccountKind;

/// The table an account kind lives in.
fn table(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Staff => "staff",
        AccountKind::Carrier => "carriers",
    }
}

/// What the audit detail calls one.
impl Store {
    /// The staff member whose PIN this is, if any active one matches.
    pub fn check_staff_pin(&mut self, typed: &str) -> Result<Option<StaffMember>, StoreError> {
        let rows: Vec<(i64, String, String, String)> = {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id, name, role, pin_hash FROM staff WHERE active = 1")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        // PINs are unique among active staff (add and reset refuse a PIN in use),
        // so the first match is the only one.
        let Some((id, name, role, hash)) = rows
            .into_iter()
            .find(|(_, _, _, hash)| pin::verify_pin(typed, hash, &self.pepper))
        else {
            return Ok(None);
        };
        if pin::is_unpeppered(&hash) {
            repepper(self, "staff", id, typed)?;
        }
        Ok(Some(StaffMember {
            id,
            name,
            role: Role::parse(&role).unwrap_or(Role::Maintenance),
        }))
    }

    /// Staff or carrier accounts, active first, by name.
    pub fn accounts(&self, kind: AccountKind) -> Result<Vec<Account>, StoreError> {
        let role = match kind {
            AccountKind::Staff => "role",
            AccountKind::Carrier => "NULL",
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id, name, {role}, active FROM {} ORDER BY active DESC, name",
            table(kind)
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(Account {
                id: r.get(0)?,
                name: r.get(1)?,
                role: r.get::<_, Option<String>>(2)?.and_then(|s| Role::parse(&s)),
                active: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Add a staff member (role) or a carrier (`role` None); returns the new id.
    pub fn add_account(
        &mut self,
        kind: AccountKind,
        name: &str,
        role: Option<Role>,
        new_pin: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Refused(Refusal::NameNeeded));
        }
        match kind {
            AccountKind::Staff => check_new_staff_pin(new_pin),
            AccountKind::Carrier => check_new_pin(new_pin),
        }
        .map_err(Refusal::Pin)?;
        self.refuse_pin_in_use(kind, None, new_pin, actor, now)?;
        let hash = pin::hash_pin(new_pin, &self.pepper);
        let tx = self.write()?;
        let taken: bool = tx.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM {} WHERE name = ?1 COLLATE NOCASE)",
                table(kind)
            ),
            [name],
            |r| r.get(0),
        )?;
        if taken {
            return Err(StoreError::Refused(Refusal::NameTaken {
                kind,
                name: name.to_string(),
            }));
        }
        match (kind, role) {
            (AccountKind::Staff, role) => tx.execute(
                "INSERT INTO staff (name, role, pin_hash) VALUES (?1, ?2, ?3)",
                params![name, role.unwrap_or(Role::Staff).as_str(), hash],
            )?,
            (AccountKind::Carrier, _) => tx.execute(
                "INSERT INTO carriers (name, pin_hash) VALUES (?1, ?2)",
                params![name, hash],
            )?,
        };
        let id = tx.last_insert_rowid();
        let detail = match role {
            Some(r) => format!("{name} ({})", r.as_str()),
            None => name.to_string(),
        };
        let added = by_kind(kind, EventKind::StaffAdded, EventKind::CarriersAdded);
        audit(&tx, now, added, actor, &detail)?;
        tx.commit()?;
        Ok(id)
    }

    /// Give an account a new PIN.
    pub fn reset_pin(
        &mut self,
        kind: AccountKind,
        id: i64,
        new_pin: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        match kind {
            AccountKind::Staff => check_new_staff_pin(new_pin),
            AccountKind::Carrier => check_new_pin(new_pin),
        }
        .map_err(Refusal::Pin)?;
        self.refuse_pin_in_use(kind, Some(id), new_pin, actor, now)?;
        let hash = pin::hash_pin(new_pin, &self.pepper);
        let tx = self.write()?;
        let name = account_name(&tx, kind, id)?;
        tx.execute(
            &format!("UPDATE {} SET pin_hash = ?2 WHERE id = ?1", table(kind)),
            params![id, hash],
        )?;
        audit(
            &tx,
            now,
            by_kind(kind, EventKind::StaffPinReset, EventKind::CarriersPinReset),
            actor,
            &name,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Disable (or enable again) an account. The last active staff member cannot be disabled.
    pub fn set_account_active(
        &mut self,
        kind: AccountKind,
        id: i64,
        active: bool,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        let name = account_name(&tx, kind, id)?;
        if kind == AccountKind::Staff && !active {
            let others: i64 = tx.query_row(
                "SELECT COUNT(*) FROM staff WHERE active = 1 AND role = 'staff' AND id <> ?1",
                [id],
                |r| r.get(0),
            )?;
            if others == 0 {
                return Err(StoreError::Refused(Refusal::LastStaffAccount));
            }
        }
        tx.execute(
            &format!("UPDATE {} SET active = ?2 WHERE id = ?1", table(kind)),
            params![id, active],
        )?;
        let event = match active {
            true => by_kind(kind, EventKind::StaffEnabled, EventKind::CarriersEnabled),
            false => by_kind(kind, EventKind::StaffDisabled, EventKind::CarriersDisabled),
        };
        audit(&tx, now, event, actor, &name)?;
        tx.commit()?;
        Ok(())
    }

    /// Staff PINs identify the person, so two active staff may not share one.
    /// A PIN chosen that another member has is refused, and theirs withdrawn at
    /// once (whoever chose it now knows it): they need a new one from staff.
    fn refuse_pin_in_use(
        &mut self,
        kind: AccountKind,
        except: Option<i64>,
        new_pin: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        if kind != AccountKind::Staff {
            return Ok(());
        }
        let hashes: Vec<(i64, String)> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id, pin_hash FROM staff WHERE active = 1")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let Some(holder) = hashes
            .iter()
            .find(|(id, h)| Some(*id) != except && pin::verify_pin(new_pin, h, &self.pepper))
            .map(|(id, _)| *id)
        else {
            return Ok(());
        };
        self.withdraw_pin(holder, actor, now)?;
        Err(StoreError::Refused(Refusal::PinUnusable))
    }

    /// A staff member's PIN is known to someone else: it opens nothing any
    /// more (a `!` makes the hash match no PIN), and staff are told to give a new one.
    fn withdraw_pin(&mut self, id: i64, actor: &str, now: Timestamp) -> Result<(), StoreError> {
        let tx = self.write()?;
        let name = account_name(&tx, AccountKind::Staff, id)?;
        tx.execute(
            "UPDATE staff SET pin_hash = '!' || pin_hash WHERE id = ?1",
            [id],
        )?;
        audit(&tx, now, EventKind::StaffPinWithdrawn, actor, &name)?;
        super::attention::add(
            &tx,
            now,
            "staff_pin_withdrawn",
            None,
            None,
            &format!("{name}'s PIN was withdrawn: someone choosing a PIN picked the same one. Give {name} a new PIN (Directory, Staff)."),
        )?;
        tx.commit()?;
        Ok(())
    }
}

fn account_name(
    conn: &rusqlite::Connection,
    kind: AccountKind,
    id: i64,
) -> Result<String, StoreError> {
    conn.query_row(
        &format!("SELECT name FROM {} WHERE id = ?1", table(kind)),
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::NotFound("account"))
}

/// The event of a staff account or a carrier's.
fn by_kind(kind: AccountKind, staff: EventKind, carrier: EventKind) -> EventKind {
    match kind {
        AccountKind::Staff => staff,
        AccountKind::Carrier => carrier,
    }
}

fn audit(
    conn: &rusqlite::Connection,
    now: Timestamp,
    kind: EventKind,
    actor: &str,
    detail: &str,
) -> Result<(), StoreError> {
    super::audit::note(conn, now, kind, actor, None, None, detail)
}

/// Replace a hash from before the pepper with a peppered one, now that its
/// PIN was typed (`table` is "staff" or "carriers").
pub(super) fn repepper(
    store: &mut Store,
    table: &str,
    id: i64,
    pin_typed: &str,
) -> Result<(), StoreError> {
    let hash = pin::hash_pin(pin_typed, &store.pepper);
    store.conn.execute(
        &format!("UPDATE {table} SET pin_hash = ?2 WHERE id = ?1"),
        params![id, hash],
    )?;
    Ok(())
}

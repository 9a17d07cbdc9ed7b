//! The staff's commands: the directory, accounts, reports, audits and backups.
//! Each takes the store and writes what it did; `main` parses the arguments.

use crate::directory_import::{self, ReadOptions};
use crate::domain::{Role, Timestamp};
use crate::report::{self, Day, Period};
use crate::store::{AccountKind, ImportMode, ImportOutcome, ResidentRecord, Store, StoreError};
use anyhow::Context;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

/// Who the audit says ran a command: the login name at the terminal.
pub fn cli_actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into());
    format!("cli:{user}")
}

/// `residents import FILE`.
pub fn import_residents(
    store: &mut Store,
    file: &Path,
    options: &ReadOptions,
    mode: ImportMode,
    now: Timestamp,
) -> anyhow::Result<ImportOutcome> {
    let data = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let parsed = directory_import::read(&data, options)
        .map_err(|why| anyhow::anyhow!("{}: {why}", file.display()))?;
    Ok(store.import_residents(&parsed, mode, &cli_actor(), now)?)
}

/// `residents list`: one line each, or CSV.
pub fn list_residents(
    store: &Store,
    all: bool,
    csv: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let residents = store.all_residents()?;
    let residents = residents.into_iter().filter(|r| all || r.active);
    if csv {
        return residents_csv(residents, out);
    }
    for r in residents {
        writeln!(
            out,
            "{:<28} {:>3}-{:<6} {:<34} {}{}",
            r.name,
            r.building,
            r.unit,
            r.email.as_deref().unwrap_or("(no email)"),
            r.language,
            if r.active { "" } else { "  moved out" }
        )?;
    }
    Ok(())
}

/// The residents as CSV, in the columns `residents import` reads back.
fn residents_csv(
    residents: impl Iterator<Item = ResidentRecord>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut table = lockerwall_wire::csv::Table::lf(out);
    table.row([
        "id",
        "resident_id",
        "name",
        "unit",
        "building",
        "email",
        "phone",
        "language",
        "door_delivery",
        "active",
    ])?;
    for r in residents {
        table.row([
            r.id.to_string(),
            r.external_id.unwrap_or_default(),
            r.name,
            r.unit,
            r.building,
            r.email.unwrap_or_default(),
            r.phone.unwrap_or_default(),
            r.language.to_string(),
            r.door_delivery.to_string(),
            r.active.to_string(),
        ])?;
    }
    table.finish()?;
    Ok(())
}

/// Read a new PIN: twice without echo at a terminal, one line from a pipe (scripts).
pub fn read_new_pin() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        eprint!("New PIN (4 to 8 digits): ");
        let first = rpassword::read_password()?;
        eprint!("Again: ");
        let second = rpassword::read_password()?;
        anyhow::ensure!(first == second, "the two PINs differ; nothing was changed");
        Ok(first.trim().to_string())
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim().to_string())
    }
}

fn find_account(store: &Store, kind: AccountKind, name: &str) -> anyhow::Result<i64> {
    store
        .accounts(kind)?
        .into_iter()
        .find(|a| a.name.eq_ignore_ascii_case(name.trim()))
        .map(|a| a.id)
        .ok_or_else(|| anyhow::anyhow!("no account called {name}"))
}

/// What to do to a staff or carrier account.
pub enum AccountAction {
    Add { name: String, role: Option<Role> },
    List,
    Disable(String),
    Enable(String),
    ResetPin(String),
}

/// `staff ...` and `carriers ...`.
pub fn account(
    store: &mut Store,
    kind: AccountKind,
    action: AccountAction,
    pin: impl FnOnce() -> anyhow::Result<String>,
    now: Timestamp,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let actor = cli_actor();
    let refused = |e: StoreError| -> anyhow::Error {
        match e {
            StoreError::Refused(why) => anyhow::anyhow!("{why}; nothing was changed"),
            other => other.into(),
        }
    };
    match action {
        AccountAction::Add { name, role } => {
            let pin = pin()?;
            store
                .add_account(kind, &name, role, &pin, &actor, now)
                .map_err(refused)?;
            writeln!(out, "added {name}")?;
        }
        AccountAction::List => {
            for a in store.accounts(kind)? {
                writeln!(
                    out,
                    "{:<24} {:<12} {}",
                    a.name,
                    a.role.map_or("carrier", |r| r.as_str()),
                    if a.active { "active" } else { "disabled" }
                )?;
            }
        }
        AccountAction::Disable(name) => {
            let id = find_account(store, kind, &name)?;
            store
                .set_account_active(kind, id, false, &actor, now)
                .map_err(refused)?;
            writeln!(out, "disabled {name}")?;
        }
        AccountAction::Enable(name) => {
            let id = find_account(store, kind, &name)?;
            store
                .set_account_active(kind, id, true, &actor, now)
                .map_err(refused)?;
            writeln!(out, "enabled {name}")?;
        }
        AccountAction::ResetPin(name) => {
            let id = find_account(store, kind, &name)?;
            let pin = pin()?;
            store
                .reset_pin(kind, id, &pin, &actor, now)
                .map_err(refused)?;
            writeln!(out, "new PIN set for {name}")?;
        }
    }
    Ok(())
}

/// The formats `report` and `audits` write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Json,
}

/// A format name that is none of `text`, `csv`, `json`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown format {0}: use text, csv or json")]
pub struct UnknownFormat(pub String);

impl std::str::FromStr for Format {
    type Err = UnknownFormat;

    /// Parse `text`, `csv` or `json`.
    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        match s {
            "text" => Ok(Format::Text),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            other => Err(UnknownFormat(other.to_string())),
        }
    }
}

/// `report --from --to --format`.
pub fn report(
    store: &Store,
    from: &str,
    to: &str,
    offset_minutes: i32,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let period = Period::new(Day::parse(from)?, Day::parse(to)?, offset_minutes)?;
    let r = store.report(period)?;
    let text = match format {
        Format::Text => report::format::text(&r),
        Format::Csv => report::format::csv(&r),
        Format::Json => report::format::json(&r),
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// Where a finding was made, as the report prints it.
fn place(x: &crate::store::FindingRow) -> String {
    match (&x.shelf, &x.locker) {
        (Some(shelf), Some(door)) => format!("{door}: {shelf}"),
        (Some(shelf), None) => shelf.clone(),
        (None, Some(locker)) => locker.clone(),
        (None, None) => "with staff".into(),
    }
}

/// `audits [ID]`: the list, or one audit's findings.
pub fn audits(
    store: &Store,
    id: Option<i64>,
    format: Format,
    offset_minutes: i32,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let when = |t: Timestamp| crate::notify::dates::day_and_time(t, "en", Some(offset_minutes));
    let Some(id) = id else {
        for a in store.audits()? {
            writeln!(
                out,
                "audit {}: {} by {}, {} places checked, {} discrepancies{}",
                a.id,
                when(a.started_at),
                a.staff,
                a.findings.len(),
                a.discrepancies(),
                if a.finished_at.is_none() {
                    " (not finished)"
                } else {
                    ""
                }
            )?;
        }
        return Ok(());
    };
    let a = store.audit_report(id)?;
    match format {
        Format::Csv => {
            let mut table = lockerwall_wire::csv::Table::lf(&mut *out);
            table.row([
                "audit", "staff", "at", "place", "tracking", "resident", "finding",
            ])?;
            for x in &a.findings {
                table.row([
                    a.id.to_string(),
                    a.staff.clone(),
                    when(x.at),
                    place(x),
                    x.tracking.clone().unwrap_or_default(),
                    x.resident.clone().unwrap_or_default(),
                    x.finding.to_string(),
                ])?;
            }
            table.finish()?;
        }
        Format::Text | Format::Json => {
            writeln!(
                out,
                "Audit {} by {}, started {}",
                a.id,
                a.staff,
                when(a.started_at)
            )?;
            for x in &a.findings {
                writeln!(
                    out,
                    "  {:<16} {:<12} {:<24} {}",
                    place(x),
                    x.finding,
                    x.tracking.as_deref().unwrap_or("-"),
                    x.resident.as_deref().unwrap_or("")
                )?;
            }
            writeln!(out, "{} discrepancies", a.discrepancies())?;
        }
    }
    Ok(())
}

//! A property's package help mailbox: where to read it and how to answer from it.

use crate::PortfolioError;
use deadpool_postgres::Pool;

/// How replies reach the SMTP server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    /// STARTTLS on the submission port (587).
    StartTls,
    /// TLS from the first byte (465).
    Tls,
    /// No encryption: only for a relay on the same machine.
    None,
}

impl SmtpTls {
    /// The name kept in the database and given on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            SmtpTls::StartTls => "starttls",
            SmtpTls::Tls => "tls",
            SmtpTls::None => "none",
        }
    }

    /// Read a name; `None` for an unknown one.
    pub fn parse(s: &str) -> Option<SmtpTls> {
        match s {
            "starttls" => Some(SmtpTls::StartTls),
            "tls" => Some(SmtpTls::Tls),
            "none" => Some(SmtpTls::None),
            _ => None,
        }
    }
}

/// One property's mailbox settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mailbox {
    pub property: String,
    /// The package help address (notices' Reply-To; answers' From).
    pub address: String,
    pub imap_host: String,
    /// IMAP over TLS (993 by default).
    pub imap_port: u16,
    pub imap_user: String,
    pub imap_password: String,
    pub imap_folder: String,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_tls: SmtpTls,
    pub smtp_user: String,
    pub smtp_password: String,
    /// A PEM file of extra certificate authorities; empty: the public ones only.
    pub ca_file: String,
}

impl Mailbox {
    /// The domain of the help address (the right-hand side of answers' Message-IDs).
    pub fn domain(&self) -> &str {
        self.address
            .rsplit_once('@')
            .map_or("lockerwall.invalid", |(_, d)| d)
    }
}

const COLUMNS: &str = "property_id, address, imap_host, imap_port, imap_user, imap_password,
    imap_folder, smtp_host, smtp_port, smtp_tls, smtp_user, smtp_password, ca_file";

fn from_row(r: &tokio_postgres::Row) -> Mailbox {
    Mailbox {
        property: r.get(0),
        address: r.get(1),
        imap_host: r.get(2),
        imap_port: r.get::<_, i32>(3) as u16,
        imap_user: r.get(4),
        imap_password: r.get(5),
        imap_folder: r.get(6),
        smtp_host: r.get(7),
        smtp_port: r.get::<_, i32>(8) as u16,
        smtp_tls: SmtpTls::parse(r.get(9)).unwrap_or(SmtpTls::StartTls),
        smtp_user: r.get(10),
        smtp_password: r.get(11),
        ca_file: r.get(12),
    }
}

/// Set (or replace) a property's mailbox. Where reading stands is kept
/// unless the server or account changed.
pub async fn put(pool: &Pool, m: &Mailbox) -> Result<(), PortfolioError> {
    if !m.address.contains('@') {
        return Err(PortfolioError::Refused(format!(
            "{:?} is not an email address",
            m.address
        )));
    }
    let c = pool.get().await?;
    let n = c
        .execute(
            &format!(
                "INSERT INTO mailboxes ({COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
                 ON CONFLICT (property_id) DO UPDATE SET
                   address = $2, imap_host = $3, imap_port = $4, imap_user = $5, imap_password = $6,
                   imap_folder = $7, smtp_host = $8, smtp_port = $9, smtp_tls = $10, smtp_user = $11,
                   smtp_password = $12, ca_file = $13,
                   uidvalidity = CASE WHEN (mailboxes.imap_host, mailboxes.imap_user, mailboxes.imap_folder)
                                         = ($3, $5, $7) THEN mailboxes.uidvalidity END,
                   last_uid = CASE WHEN (mailboxes.imap_host, mailboxes.imap_user, mailboxes.imap_folder)
                                      = ($3, $5, $7) THEN mailboxes.last_uid ELSE 0 END"
            ),
            &[
                &m.property,
                &m.address,
                &m.imap_host,
                &(m.imap_port as i32),
                &m.imap_user,
                &m.imap_password,
                &m.imap_folder,
                &m.smtp_host,
                &(m.smtp_port as i32),
                &m.smtp_tls.as_str(),
                &m.smtp_user,
                &m.smtp_password,
                &m.ca_file,
            ],
        )
        .await;
    match n {
        Ok(_) => Ok(()),
        Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::FOREIGN_KEY_VIOLATION) => Err(
            PortfolioError::NotFound(format!("there is no property {:?}", m.property)),
        ),
        Err(e) => Err(e.into()),
    }
}

/// Every property's mailbox.
pub async fn all(pool: &Pool) -> Result<Vec<Mailbox>, PortfolioError> {
    let c = pool.get().await?;
    let rows = c
        .query(
            &format!("SELECT {COLUMNS} FROM mailboxes ORDER BY property_id"),
            &[],
        )
        .await?;
    Ok(rows.iter().map(from_row).collect())
}

/// One property's mailbox, if it has one.
pub async fn of(pool: &Pool, property: &str) -> Result<Option<Mailbox>, PortfolioError> {
    let c = pool.get().await?;
    let row = c
        .query_opt(
            &format!("SELECT {COLUMNS} FROM mailboxes WHERE property_id = $1"),
            &[&property],
        )
        .await?;
    Ok(row.as_ref().map(from_row))
}

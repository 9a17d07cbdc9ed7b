//! The PostgreSQL connection pool and the numbered migrations.

use crate::PortfolioError;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use std::str::FromStr;
use tokio_postgres::config::{Host, SslMode};

/// The migrations, in order; each runs once, in a transaction.
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("../migrations/0001_portfolio.sql")),
    (2, include_str!("../migrations/0002_desk.sql")),
    (3, include_str!("../migrations/0003_desk_mail.sql")),
    (4, include_str!("../migrations/0004_desk_wall.sql")),
    (5, include_str!("../migrations/0005_trust.sql")),
    (6, include_str!("../migrations/0006_unread_replies.sql")),
    (7, include_str!("../migrations/0007_resident_pages.sql")),
    (8, include_str!("../migrations/0008_away.sql")),
    (9, include_str!("../migrations/0009_texts.sql")),
    (10, include_str!("../migrations/0010_expected.sql")),
];

/// A pool of connections to `url` (`postgres://user:pass@host/db`, or
/// `host=/var/run/postgresql dbname=portfolio`). See [`Link`] for when the
/// connection is encrypted.
pub fn pool(url: &str, size: usize) -> Result<Pool, PortfolioError> {
    let (rest, root_cert) = take_root_cert(url);
    let mut config = tokio_postgres::Config::from_str(&rest).map_err(|e| {
        PortfolioError::Refused(format!("the database URL {:?}: {e}", redacted(url)))
    })?;
    let settings = ManagerConfig {
        recycling_method: RecyclingMethod::Fast,
    };
    let manager = match Link::of(&config) {
        Link::Plain => Manager::from_config(config, tokio_postgres::NoTls, settings),
        Link::PlainByChoice => {
            tracing::warn!("the database is on another machine and sslmode=disable: its traffic is not encrypted");
            Manager::from_config(config, tokio_postgres::NoTls, settings)
        }
        Link::Tls => {
            config.ssl_mode(SslMode::Require);
            let tls = crate::tls::client_config(root_cert.as_deref().unwrap_or(""))
                .map_err(|e| PortfolioError::Refused(format!("the database's TLS: {e}")))?;
            let tls = tokio_postgres_rustls::MakeRustlsConnect::new((*tls).clone());
            Manager::from_config(config, tls, settings)
        }
    };
    // A caller waits at most 10 s for a connection, then hears why.
    Pool::builder(manager)
        .max_size(size)
        .runtime(deadpool_postgres::Runtime::Tokio1)
        .wait_timeout(Some(std::time::Duration::from_secs(10)))
        .create_timeout(Some(std::time::Duration::from_secs(10)))
        .build()
        .map_err(|e| PortfolioError::Pool(e.to_string()))
}

/// The URL as it may be shown or logged: any password replaced.
pub fn redacted(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        if let Some((creds, host)) = rest.split_once('@') {
            if let Some((user, _)) = creds.split_once(':') {
                return format!("{scheme}://{user}:***@{host}");
            }
        }
        return url.to_string();
    }
    url.split_whitespace()
        .map(|p| {
            if p.starts_with("password=") {
                "password=***"
            } else {
                p
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// How the server talks to its database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// A socket or loopback on this machine: nothing to encrypt.
    Plain,
    /// Another machine, and the URL says `sslmode=disable`.
    PlainByChoice,
    /// TLS with the server's certificate checked against the public
    /// authorities and `sslrootcert` (another machine, or `sslmode=require`).
    Tls,
}

impl Link {
    /// The link `config` calls for.
    pub fn of(config: &tokio_postgres::Config) -> Link {
        let remote = config.get_hosts().iter().any(|h| match h {
            Host::Unix(_) => false,
            Host::Tcp(name) => !is_loopback(name),
        });
        match (config.get_ssl_mode(), remote) {
            (SslMode::Require, _) => Link::Tls,
            (SslMode::Disable, true) => Link::PlainByChoice,
            (_, true) => Link::Tls,
            (_, false) => Link::Plain,
        }
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The URL without libpq's `sslrootcert` (a PEM file of the authorities
/// the database's certificate may come from), which tokio-postgres does
/// not read, and that file.
fn take_root_cert(url: &str) -> (String, Option<String>) {
    let key = "sslrootcert=";
    if !url.contains(key) {
        return (url.to_string(), None);
    }
    if let Some((base, query)) = url.split_once('?') {
        let (certs, rest): (Vec<&str>, Vec<&str>) =
            query.split('&').partition(|p| p.starts_with(key));
        let cert = certs.first().map(|p| p[key.len()..].to_string());
        let url = if rest.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", rest.join("&"))
        };
        return (url, cert);
    }
    let (certs, rest): (Vec<&str>, Vec<&str>) =
        url.split_whitespace().partition(|p| p.starts_with(key));
    (
        rest.join(" "),
        certs.first().map(|p| p[key.len()..].to_string()),
    )
}

/// Bring the schema up to date; returns how many migrations ran.
pub async fn migrate(pool: &Pool) -> Result<usize, PortfolioError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    // One server migrates at a time, however many start together.
    tx.execute("SELECT pg_advisory_xact_lock(7226)", &[])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )
    .await?;
    let done: Vec<i32> = tx
        .query("SELECT version FROM schema_migrations", &[])
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut ran = 0;
    for (version, sql) in MIGRATIONS {
        if done.contains(version) {
            continue;
        }
        tx.batch_execute(sql).await?;
        tx.execute(
            "INSERT INTO schema_migrations (version) VALUES ($1)",
            &[version],
        )
        .await?;
        ran += 1;
    }
    tx.commit().await?;
    Ok(ran)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str) -> Link {
        Link::of(&tokio_postgres::Config::from_str(&take_root_cert(url).0).unwrap())
    }

    #[test]
    fn only_this_machine_goes_unencrypted() {
        assert_eq!(link("host=/var/run/postgresql dbname=p"), Link::Plain);
        assert_eq!(link("host=127.0.0.1 dbname=p"), Link::Plain);
        assert_eq!(link("postgres://u@localhost/p"), Link::Plain);
        assert_eq!(link("postgres://u@[::1]/p"), Link::Plain);
        assert_eq!(link("host=db.example.com dbname=p"), Link::Tls);
        assert_eq!(link("postgres://u:pw@10.0.0.5/p"), Link::Tls);
        assert_eq!(link("host=localhost sslmode=require"), Link::Tls);
        assert_eq!(
            link("host=db.example.com sslmode=disable"),
            Link::PlainByChoice
        );
        // One remote host among several is enough.
        assert_eq!(link("host=/var/run/postgresql,db.example.com"), Link::Tls);
    }

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            redacted("postgres://lw:s3cret@db.example.com/p"),
            "postgres://lw:***@db.example.com/p"
        );
        assert_eq!(
            redacted("host=db user=lw password=s3cret dbname=p"),
            "host=db user=lw password=*** dbname=p"
        );
        assert_eq!(
            redacted("host=/var/run/postgresql"),
            "host=/var/run/postgresql"
        );
    }

    #[test]
    fn the_root_certificate_is_taken_out_of_either_form() {
        assert_eq!(
            take_root_cert("host=db dbname=p sslrootcert=/etc/ca.pem"),
            ("host=db dbname=p".into(), Some("/etc/ca.pem".into()))
        );
        assert_eq!(
            take_root_cert("postgres://u@db/p?sslrootcert=/etc/ca.pem&sslmode=require"),
            (
                "postgres://u@db/p?sslmode=require".into(),
                Some("/etc/ca.pem".into())
            )
        );
        assert_eq!(
            take_root_cert("postgres://u@db/p?sslrootcert=/ca.pem"),
            ("postgres://u@db/p".into(), Some("/ca.pem".into()))
        );
        assert_eq!(take_root_cert("host=db"), ("host=db".into(), None));
    }
}

//! The portfolio server's commands (`lockerwall-portfolio ...`): run the server, set it up, load the demo.

use crate::desk::mailbox::{self, SmtpTls};
use crate::{admin, db, demo, desk, server, PortfolioError};
use clap::Subcommand;
use std::io::BufRead;
use std::net::SocketAddr;

/// The database when none is given: the local server's socket, as Debian sets it up.
pub const DEFAULT_DB: &str = "host=/var/run/postgresql dbname=lockerwall_portfolio";

/// The portfolio's commands.
#[derive(Subcommand, Debug)]
pub enum PortfolioCommand {
    /// Run the portfolio server: the walls' sync endpoint and the managers' dashboard.
    Serve {
        #[arg(long, env = "LOCKERWALL_PORTFOLIO_DB", default_value = DEFAULT_DB)]
        db: String,
        #[arg(long, env = "LOCKERWALL_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Session cookies without `Secure`, for plain HTTP on a private network.
        #[arg(long, env = "LOCKERWALL_PLAIN_HTTP_COOKIES")]
        plain_http_cookies: bool,
        /// Seconds between readings of the help mailboxes (0: never).
        #[arg(long, env = "LOCKERWALL_MAIL_EVERY", default_value_t = 60)]
        mail_every: u64,
        /// The address people reach the server at, behind a proxy that
        /// rewrites Host (`https://portfolio.example.com`): forms must come from it.
        #[arg(long, env = "LOCKERWALL_PUBLIC_URL")]
        public_url: Option<String>,
        /// The bearer token Prometheus sends for `/metrics` (without one,
        /// `/metrics` answers only to this machine).
        #[arg(long, env = "LOCKERWALL_METRICS_TOKEN", hide_env_values = true)]
        metrics_token: Option<String>,
    },
    /// Fill the database with a made-up portfolio to try the dashboard.
    Demo {
        #[arg(long, env = "LOCKERWALL_PORTFOLIO_DB", default_value = DEFAULT_DB)]
        db: String,
        #[arg(long, default_value_t = 25)]
        properties: usize,
        #[arg(long, default_value_t = 180)]
        days: i64,
        /// Average deliveries a day per property (default: about 1.2 per locker).
        #[arg(long)]
        per_day: Option<f64>,
        /// Properties loaded side by side.
        #[arg(long, default_value_t = 4)]
        parallel: usize,
    },
    /// Create or update the database's tables.
    Migrate {
        #[arg(long, env = "LOCKERWALL_PORTFOLIO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
    /// A link to a resident's own page, as their wall's notices carry it
    /// (to try the page, or to give a resident one by hand).
    ResidentLink {
        /// The property's id.
        property: String,
        /// The resident's id on the wall.
        resident: i64,
        /// The page's language.
        #[arg(long, default_value = "en")]
        language: String,
        /// Days it opens the page.
        #[arg(long, default_value_t = 60)]
        days: u16,
        /// The address residents reach the server at.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        base: String,
        #[arg(long, env = "LOCKERWALL_PORTFOLIO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
    /// Add a property (or change it); prints its sync key for the wall's config.
    Property {
        /// Lower-case letters, digits and dashes, e.g. maple-court.
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        region: String,
        /// The key the wall signs with (default: a new random one).
        #[arg(long)]
        key: Option<String>,
        #[arg(long, env = "LOCKERWALL_PORTFOLIO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
    /// Add a manager (or set their name and password); the password is read
    /// from LOCKERWALL_PASSWORD or the first line of standard input.
    Manager {
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, env = "LOCKERWALL_PORTFOLIO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
    /// Set the property's text-message provider account, so residents'
    /// STOP and START replies reach its wall. The auth token is read from
    /// LOCKERWALL_TEXTS_TOKEN or the first line of standard input.
    Texts {
        property: String,
        /// The provider's account (Twilio's AC...), as the wall's [notices.texts] has it.
        #[arg(long)]
        account_sid: String,
        /// The address the provider reaches this server at.
        #[arg(
            long,
            env = "LOCKERWALL_PUBLIC_URL",
            default_value = "https://portfolio.example.com"
        )]
        public_url: String,
        #[arg(long, env = "LOCKERWALL_PORTFOLIO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
    /// Stop a manager signing in (every session of theirs ends at once).
    DisableManager {
        email: String,
        #[arg(long, env = "LOCKERWALL_PORTFOLIO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
    /// Let a disabled manager sign in again.
    EnableManager {
        email: String,
        #[arg(long, env = "LOCKERWALL_PORTFOLIO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
    /// Remove a manager (their answers at the desk stay, without their name).
    RemoveManager {
        email: String,
        #[arg(long, env = "LOCKERWALL_PORTFOLIO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
    /// Set a property's package help mailbox (read over IMAP with TLS,
    /// answered over SMTP), then read it once to check. Passwords come from
    /// LOCKERWALL_IMAP_PASSWORD and LOCKERWALL_SMTP_PASSWORD (default: the
    /// IMAP one), never the command line.
    Mailbox {
        property: String,
        /// The package help address (the Reply-To of the wall's notices).
        #[arg(long)]
        address: String,
        #[arg(long)]
        imap_host: String,
        #[arg(long, default_value_t = 993)]
        imap_port: u16,
        /// Default: the address.
        #[arg(long)]
        imap_user: Option<String>,
        #[arg(long, default_value = "INBOX")]
        imap_folder: String,
        /// Default: the IMAP host.
        #[arg(long)]
        smtp_host: Option<String>,
        #[arg(long, default_value_t = 587)]
        smtp_port: u16,
        /// starttls, tls, or none (only for a relay on the same machine).
        #[arg(long, default_value = "starttls")]
        smtp_tls: String,
        /// Default: the IMAP user.
        #[arg(long)]
        smtp_user: Option<String>,
        /// A PEM file of certificate authorities for a mail server with a private CA.
        #[arg(long, default_value = "")]
        ca_file: String,
        /// Save without reading the mailbox.
        #[arg(long)]
        no_check: bool,
        #[arg(long, env = "LOCKERWALL_PORTFOLIO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
    /// Read the help mailboxes now (one property's, or all) and file what is new.
    Mail {
        property: Option<String>,
        #[arg(long, env = "LOCKERWALL_PORTFOLIO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
    /// Let a manager see properties.
    Assign {
        email: String,
        #[arg(required = true)]
        properties: Vec<String>,
        #[arg(long, env = "LOCKERWALL_PORTFOLIO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
}

/// Run one portfolio command to its end.
pub fn run(cmd: PortfolioCommand) -> Result<(), PortfolioError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| PortfolioError::Refused(format!("cannot start the runtime: {e}")))?;
    rt.block_on(run_async(cmd))
}

async fn connect(url: &str) -> Result<deadpool_postgres::Pool, PortfolioError> {
    let pool = db::pool(url, 16)?;
    // The first connection says clearly when the server is not there.
    drop(pool.get().await.map_err(|e| {
        PortfolioError::Refused(format!(
            "cannot reach PostgreSQL at {:?}: {}\n(start it with `service postgresql start`, \
             create the database with `createdb lockerwall_portfolio`, or pass --db)",
            db::redacted(url),
            crate::error::with_causes(&e)
        ))
    })?);
    let ran = db::migrate(&pool).await?;
    if ran > 0 {
        eprintln!("database schema brought up to date ({ran} migration(s))");
    }
    Ok(pool)
}

async fn run_async(cmd: PortfolioCommand) -> Result<(), PortfolioError> {
    match cmd {
        PortfolioCommand::Serve {
            db,
            listen,
            plain_http_cookies,
            mail_every,
            public_url,
            metrics_token,
        } => {
            let pool = connect(&db).await?;
            if mail_every > 0 {
                tokio::spawn(desk::poller::run(
                    pool.clone(),
                    std::time::Duration::from_secs(mail_every),
                ));
            }
            println!("portfolio server on http://{listen}/ (Ctrl-C stops)");
            let mut state = server::AppState::new(pool, !plain_http_cookies);
            state.public_url = public_url;
            state.metrics_token = metrics_token.filter(|t| !t.is_empty());
            server::serve(state, listen).await
        }
        PortfolioCommand::Demo {
            db,
            properties,
            days,
            per_day,
            parallel,
        } => {
            let pool = connect(&db).await?;
            let options = demo::DemoOptions {
                properties,
                days,
                per_day,
                parallel,
                ..Default::default()
            };
            let report = demo::generate(&pool, &options).await?;
            println!(
                "{} properties, {} days: {} events in {:.1} s ({:.0} events/s); {} package desk tickets",
                report.properties,
                days,
                report.events,
                report.seconds,
                report.rate(),
                report.tickets
            );
            println!(
                "log in as {} (all properties) or {} (the East region), password {}",
                demo::DEMO_MANAGER,
                demo::EAST_MANAGER,
                demo::DEMO_PASSWORD
            );
            if let Some((property, resident)) = demo::a_resident_waiting(&pool).await? {
                let link = crate::resident::link::issue(
                    &pool,
                    &property,
                    resident,
                    "en",
                    60,
                    "http://127.0.0.1:8080",
                )
                .await?;
                println!("a resident's own page (as their notices link to it): {link}");
            }
            Ok(())
        }
        PortfolioCommand::ResidentLink {
            property,
            resident,
            language,
            days,
            base,
            db,
        } => {
            let pool = connect(&db).await?;
            let link =
                crate::resident::link::issue(&pool, &property, resident, &language, days, &base)
                    .await?;
            println!("{link}");
            Ok(())
        }
        PortfolioCommand::Migrate { db } => {
            connect(&db).await?;
            println!("database schema is up to date");
            Ok(())
        }
        PortfolioCommand::Property {
            id,
            name,
            region,
            key,
            db,
        } => {
            let pool = connect(&db).await?;
            let key = key.unwrap_or_else(new_key);
            admin::put_property(&pool, &id, &name, &region, &key).await?;
            println!("property {id} saved. In the wall's lockerwall.toml:\n");
            println!("[portfolio]\nurl = \"https://YOUR-PORTFOLIO-SERVER\"\nproperty = \"{id}\"\nkey = \"{key}\"");
            Ok(())
        }
        PortfolioCommand::Manager { email, name, db } => {
            let password = secret("LOCKERWALL_PASSWORD", &format!("password for {email}"))?;
            let pool = connect(&db).await?;
            admin::put_manager(&pool, &email, &name, &password).await?;
            println!("manager {email} saved");
            Ok(())
        }
        PortfolioCommand::Texts {
            property,
            account_sid,
            public_url,
            db,
        } => {
            let token = secret("LOCKERWALL_TEXTS_TOKEN", "the provider's auth token")?;
            let pool = connect(&db).await?;
            crate::texts::put_account(&pool, &property, &account_sid, &token).await?;
            println!(
                "texts for {property} saved. In the provider's console, set the number's \
                 incoming-message webhook (HTTP POST) to:\n  {}{}",
                public_url.trim_end_matches('/'),
                crate::texts::inbound_path(&property)
            );
            Ok(())
        }
        PortfolioCommand::DisableManager { email, db } => {
            admin::set_access(&connect(&db).await?, &email, admin::Access::Disable).await?;
            println!("manager {email} disabled; their sessions ended");
            Ok(())
        }
        PortfolioCommand::EnableManager { email, db } => {
            admin::set_access(&connect(&db).await?, &email, admin::Access::Enable).await?;
            println!("manager {email} enabled");
            Ok(())
        }
        PortfolioCommand::RemoveManager { email, db } => {
            admin::set_access(&connect(&db).await?, &email, admin::Access::Remove).await?;
            println!("manager {email} removed");
            Ok(())
        }
        PortfolioCommand::Mailbox {
            property,
            address,
            imap_host,
            imap_port,
            imap_user,
            imap_folder,
            smtp_host,
            smtp_port,
            smtp_tls,
            smtp_user,
            ca_file,
            no_check,
            db,
        } => {
            let smtp_tls = SmtpTls::parse(&smtp_tls).ok_or_else(|| {
                PortfolioError::Refused(format!(
                    "--smtp-tls {smtp_tls:?}: use starttls, tls or none"
                ))
            })?;
            let imap_password = std::env::var("LOCKERWALL_IMAP_PASSWORD").map_err(|_| {
                PortfolioError::Refused(
                    "set LOCKERWALL_IMAP_PASSWORD to the mailbox's password".into(),
                )
            })?;
            let smtp_password =
                std::env::var("LOCKERWALL_SMTP_PASSWORD").unwrap_or_else(|_| imap_password.clone());
            let imap_user = imap_user.unwrap_or_else(|| address.clone());
            let m = mailbox::Mailbox {
                property: property.clone(),
                smtp_host: smtp_host.unwrap_or_else(|| imap_host.clone()),
                smtp_user: smtp_user.unwrap_or_else(|| imap_user.clone()),
                address,
                imap_host,
                imap_port,
                imap_user,
                imap_password,
                imap_folder,
                smtp_port,
                smtp_tls,
                smtp_password,
                ca_file,
            };
            let pool = connect(&db).await?;
            mailbox::put(&pool, &m).await?;
            println!("{property}'s help mailbox is {}", m.address);
            if !no_check {
                print_checked(&property, desk::poller::check(&pool, &property).await?);
            }
            Ok(())
        }
        PortfolioCommand::Mail { property, db } => {
            let pool = connect(&db).await?;
            let properties = match property {
                Some(p) => vec![p],
                None => mailbox::all(&pool)
                    .await?
                    .into_iter()
                    .map(|m| m.property)
                    .collect(),
            };
            if properties.is_empty() {
                println!("no property has a help mailbox yet (see `lockerwall-portfolio mailbox`)");
            }
            let mut failed = None;
            for p in properties {
                match desk::poller::check(&pool, &p).await {
                    Ok(c) => print_checked(&p, c),
                    Err(e) => {
                        eprintln!("{e}");
                        failed = Some(e);
                    }
                }
            }
            failed.map_or(Ok(()), Err)
        }
        PortfolioCommand::Assign {
            email,
            properties,
            db,
        } => {
            let pool = connect(&db).await?;
            for p in &properties {
                admin::assign(&pool, &email, p).await?;
            }
            println!("{email} now sees {}", properties.join(", "));
            Ok(())
        }
    }
}

fn print_checked(property: &str, c: desk::poller::Checked) {
    println!(
        "{property}: read {} message(s): {} new ticket(s), {} answer(s) to tickets, {} already filed{}",
        c.read,
        c.new_tickets,
        c.replies,
        c.duplicates,
        if c.unfiled > 0 {
            format!(", {} not filed (kept aside, left in the mailbox; see the desk)", c.unfiled)
        } else {
            String::new()
        }
    );
}

/// A new random property key (256 bits, hex).
pub fn new_key() -> String {
    use rand::RngCore;
    let mut raw = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut raw);
    hex::encode(raw)
}

/// A secret from the environment variable `var`, else the first line of
/// standard input (never the command line, which others can read).
fn secret(var: &str, what: &str) -> Result<String, PortfolioError> {
    if let Ok(s) = std::env::var(var) {
        return Ok(s);
    }
    eprintln!("{what} (one line):");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| PortfolioError::Refused(format!("cannot read {what}: {e}")))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

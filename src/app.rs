//! Start-up: the data folder, the site secret, the database, the wall.

use crate::commands::sim_console::SimBusHandle;
use crate::domain::{Clock, SystemClock};
use crate::notify::{Mailer, Texts, Transport, Webhook, Worker};
use crate::security::{CodeHasher, SiteSecret};
use crate::site::config::{Config, HalKind};
use crate::site::wiring::{self, BoardType};
use crate::site::{Site, SiteError};
use crate::store::{NoticeSetup, Store, StoreError};
use lockerwall_hal::buses::{Buses, Route};
use lockerwall_hal::kerong::sim_board::SimBus;
use lockerwall_hal::kerong::{BoardSettings, BusSettings, KerongBus};
use lockerwall_hal::modbus::sim_device::{SimRelayBus, SimUnit};
use lockerwall_hal::modbus::{ModbusBus, RelayBoard, RelaySettings};
use lockerwall_hal::sim::SimWall;
use lockerwall_hal::LockController;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// File names inside the data folder.
pub const DB_FILE: &str = "lockerwall.db";
/// The site secret's file (outside the database on purpose).
pub const SECRET_FILE: &str = "site.key";
/// Where notices are written as .eml files when no SMTP server is set.
pub const MAIL_DIR: &str = "mail";

/// Why the kiosk could not start, in words for the installer.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Secret(#[from] crate::security::secret::SecretError),
    #[error("the site key {key} is missing, but the database {db} holds packages: their pickup codes and QR codes only work with the key they were made with. Restore site.key from your backup (`lockerwall backup` keeps it) and start again; a new key would make every waiting code useless")]
    SecretLost { key: String, db: String },
    #[error("the configuration drives real lock boards ([hal] kind = \"serial\", port {port}) but names no site file: the built-in demo site, whose PINs are published, never opens real lockers. Describe the wall in a site file and set site_file = \"/etc/lockerwall/site.toml\" in the configuration (see \"site file\" in the README's Configuration)")]
    DemoSiteOnRealBoards { port: String },
    #[error("cannot read the site file {path}: {source}")]
    SiteRead {
        path: String,
        source: std::io::Error,
    },
    #[error("site file {path}: {source}")]
    Site { path: String, source: SiteError },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the site's boards use bus {0}, but lockerwall.toml gives it no port (set [hal] port for the main bus, [hal.buses.{0}] port for others)")]
    NoPort(String),
    #[error("notices: {0}")]
    Notices(String),
    #[error("portfolio: {0}")]
    Portfolio(String),
    #[error("cannot open the lock bus on {path}: {source}")]
    Port {
        path: String,
        source: std::io::Error,
    },
}

/// The data folder, created private to the kiosk's user.
pub fn ensure_data_dir(dir: &Path) -> Result<(), StartError> {
    let err = |source| StartError::DataDir {
        path: dir.display().to_string(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(err)?;
    }
    Ok(())
}

/// The site as configured: the named file, or the built-in demo.
pub fn load_site(config: &Config) -> Result<Site, StartError> {
    match &config.site_file {
        None => {
            if let Some(port) = real_board_port(config) {
                return Err(StartError::DemoSiteOnRealBoards { port });
            }
            Ok(Site::demo())
        }
        Some(path) => {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|source| StartError::SiteRead {
                path: shown.clone(),
                source,
            })?;
            Site::parse(&text).map_err(|source| StartError::Site {
                path: shown,
                source,
            })
        }
    }
}

/// The first configured lock-bus port that may be a real board: any but
/// a pseudo-terminal (`hal simulate-board --pty` serves the demo wall on
/// one). With `[hal] kind = "serial"` and no port at all, "(none)".
fn real_board_port(config: &Config) -> Option<String> {
    if config.hal.kind != HalKind::Serial {
        return None;
    }
    let ports: Vec<&str> = config
        .hal
        .port
        .iter()
        .map(String::as_str)
        .chain(config.hal.buses.values().map(|b| b.port.as_str()))
        .collect();
    if ports.is_empty() {
        return Some("(none)".into());
    }
    let simulated = |p: &str| std::fs::canonicalize(p).is_ok_and(|c| c.starts_with("/dev/pts"));
    ports
        .into_iter()
        .find(|p| !simulated(p))
        .map(str::to_string)
}

/// Open the data folder, secret and database, seeding a new database from the site.
pub fn open_store(config: &Config, site: &Site) -> Result<Store, StartError> {
    ensure_data_dir(&config.data_dir)?;
    let (key, db) = (
        config.data_dir.join(SECRET_FILE),
        config.data_dir.join(DB_FILE),
    );
    // A new key for a database that has packages would kill every code silently.
    if !key.exists() && crate::store::holds_packages(&db)? {
        return Err(StartError::SecretLost {
            key: key.display().to_string(),
            db: db.display().to_string(),
        });
    }
    let secret = SiteSecret::load_or_create(&key)?;
    let mut store = Store::open(&db, CodeHasher::new(secret))?;
    store.claim_site_key()?;
    tell_the_store(&mut store, config);
    store.keep_accessible_free(site.kept_free());
    if store.seed_if_empty(site, SystemClock.now())? {
        tracing::info!(site = %site.name, lockers = site.lockers.len(), "new site set up");
    } else {
        // A room added to the site file later is brought in on the next start
        // (seeding brings it in on the first).
        store.sync_room(site)?;
    }
    Ok(store)
}

/// Copy the site key beside a database backup at `backup` (as
/// `<backup>.site.key`, private): a restore needs both, or every waiting
/// code is dead.
pub fn backup_site_key(config: &Config, backup: &Path) -> Result<std::path::PathBuf, StartError> {
    let secret = SiteSecret::load_or_create(&config.data_dir.join(SECRET_FILE))?;
    let mut name = backup.as_os_str().to_owned();
    name.push(".site.key");
    let path = std::path::PathBuf::from(name);
    secret.write_new(&path)?;
    Ok(path)
}

/// What every connection's store needs of the configuration: where notices
/// go, and the property's sync key (what the server relays is known by tags
/// under it: STOP replies, expected packages).
fn tell_the_store(store: &mut Store, config: &Config) {
    store.set_notices(notice_setup(config));
    if let Some(p) = &config.portfolio {
        store.know_sync_key(p.key.clone());
    }
}

/// Where notices go, for the store that queues them.
pub fn notice_setup(config: &Config) -> NoticeSetup {
    NoticeSetup {
        policy: config.notices.policy(),
        webhook: config.notices.webhook.as_ref().map(|w| w.url.clone()),
        help_desk: Some(config.notices.help.clone()),
        texts: config
            .notices
            .texts
            .as_ref()
            .map(|t| crate::store::TextsSetup {
                country: t.country_code.clone(),
            }),
    }
}

/// The outbox worker on its own connection to the database: SMTP if
/// configured, else .eml files in the data folder.
pub fn outbox_worker(
    config: &Config,
    clock: Arc<dyn crate::domain::Clock>,
    wake: Arc<tokio::sync::Notify>,
    phone: Box<dyn crate::runtime::UiSink>,
) -> Result<Worker, StartError> {
    let secret = SiteSecret::load_or_create(&config.data_dir.join(SECRET_FILE))?;
    let mut store = Store::open(&config.data_dir.join(DB_FILE), CodeHasher::new(secret))?;
    tell_the_store(&mut store, config);
    let n = &config.notices;
    let transport = match &n.smtp {
        Some(s) => Transport::smtp(s).map_err(|e| StartError::Notices(e.detail))?,
        None => Transport::Folder(config.data_dir.join(MAIL_DIR)),
    };
    let webhook = match &n.webhook {
        Some(w) => Some(Webhook::new(w.clone()).map_err(|e| StartError::Notices(e.to_string()))?),
        None => None,
    };
    let texts = match &n.texts {
        Some(t) => {
            let texts = Texts::new(t).map_err(|e| StartError::Notices(e.to_string()))?;
            // Delivery reports go to the portfolio server, which is on the internet.
            Some(match &config.portfolio {
                Some(p) => texts.with_status_callback(p.text_reports_url()),
                None => texts,
            })
        }
        None => None,
    };
    let mailer = Mailer {
        templates: crate::notify::templates::Templates {
            dir: n.templates_dir.clone(),
        },
        signer: store.token_signer(),
        policy: n.policy(),
        from: n.from.clone(),
        help: n.help.clone(),
        location: n.location.clone(),
        utc_offset_minutes: n.utc_offset_minutes,
        page_links: config.portfolio.as_ref().and_then(|p| p.page_links()),
    };
    // A From or Reply-To that is not an address would fail every notice: refuse it now.
    for (what, address) in [("from", &n.from), ("help", &n.help)] {
        address.parse::<lettre::message::Mailbox>().map_err(|e| {
            StartError::Notices(format!("{what} = {address:?} is not an email address: {e}"))
        })?;
    }
    Ok(Worker {
        store,
        mailer,
        transport,
        webhook,
        texts,
        clock,
        backoff: n.backoff(),
        wake,
        phone: Some(phone),
    })
}

/// The portfolio reporter on its own connection to the database, when
/// `[portfolio]` is set.
pub fn portfolio_syncer(
    config: &Config,
    site: &Site,
    clock: Arc<dyn crate::domain::Clock>,
) -> Result<Option<crate::sync::Syncer>, StartError> {
    let Some(settings) = config.portfolio.clone() else {
        return Ok(None);
    };
    let secret = SiteSecret::load_or_create(&config.data_dir.join(SECRET_FILE))?;
    let mut store = Store::open(&config.data_dir.join(DB_FILE), CodeHasher::new(secret))?;
    tell_the_store(&mut store, config);
    let offset = crate::report::offset_now(config.notices.utc_offset_minutes, clock.now());
    crate::sync::Syncer::new(
        store,
        settings,
        site.name.clone(),
        offset,
        config.notices.hold_days,
        clock,
    )
    .map(Some)
    .map_err(|e| StartError::Portfolio(e.to_string()))
}

/// The lock controller the config names: the in-process simulated wall (returned
/// too, for the simulator window) or the site's boards on their serial buses.
pub fn lock_controller(
    config: &Config,
    site: &Site,
) -> Result<(Arc<dyn LockController>, Option<SimWall>), StartError> {
    match config.hal.kind {
        HalKind::Sim => {
            let wall = sim_wall(site);
            Ok((Arc::new(wall.clone()), Some(wall)))
        }
        HalKind::Serial => {
            let mut ports = Vec::new();
            for (bus, _) in wiring::by_bus(&site.wiring()) {
                let p = config
                    .hal
                    .port_of(&bus)
                    .ok_or_else(|| StartError::NoPort(bus.clone()))?;
                let stream = lockerwall_hal::serial::open(&p.port, p.baud).map_err(|source| {
                    StartError::Port {
                        path: p.port.clone(),
                        source,
                    }
                })?;
                tracing::info!(bus = %bus, port = %p.port, baud = p.baud, "lock bus opened");
                ports.push((bus, stream));
            }
            Ok((Arc::new(serial_wall(config, site, ports)), None))
        }
    }
}

/// The site's boards driven over these open ports (one per bus, by bus name):
/// each bus gets the driver its boards' type needs, and the wall's board
/// numbers are routed to bus addresses.
pub fn serial_wall<T>(config: &Config, site: &Site, ports: Vec<(String, T)>) -> Buses
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let timeout = Duration::from_millis(u64::from(config.hal.reply_timeout_ms));
    let mut buses: Vec<Arc<dyn LockController>> = Vec::new();
    let mut routes = BTreeMap::new();
    let mut ports: BTreeMap<String, T> = ports.into_iter().collect();
    for (bus, boards) in wiring::by_bus(&site.wiring()) {
        let Some(port) = ports.remove(&bus) else {
            continue;
        };
        for b in &boards {
            routes.insert(
                b.number,
                Route {
                    bus: buses.len(),
                    address: b.address,
                },
            );
        }
        let driver: Arc<dyn LockController> = match boards[0].kind {
            BoardType::KrCu16 => Arc::new(KerongBus::new(
                port,
                boards
                    .iter()
                    .map(|b| BoardSettings {
                        address: b.address,
                        hook_set_means_closed: b.hook_set_means_closed,
                        sensors: b.sensors as u16,
                    })
                    .collect(),
                BusSettings {
                    reply_timeout: timeout,
                    retries: config.hal.retries,
                    ..BusSettings::default()
                },
            )),
            BoardType::ModbusRelay => Arc::new(ModbusBus::new(
                port,
                boards
                    .iter()
                    .map(|b| RelayBoard {
                        unit: b.address,
                        locks: b.locks,
                        input_set_means_closed: b.hook_set_means_closed,
                        sensors: b.sensors,
                    })
                    .collect(),
                RelaySettings {
                    reply_timeout: timeout,
                    retries: config.hal.retries,
                    pulse: Duration::from_millis(u64::from(config.hal.relay_pulse_ms)),
                },
            )),
        };
        buses.push(driver);
    }
    Buses::new(buses, routes)
}

/// A simulated wall wired as the site says (wall board numbers, every lock of each board).
pub fn sim_wall(site: &Site) -> SimWall {
    let wall = SimWall::new();
    for b in site.wiring() {
        wall.add_board(b.number, b.locks, b.sensors != 0);
    }
    wall
}

/// Serve each of the site's buses from `wall` on its own byte stream, speaking
/// the bus's real protocol (what `lockerwall hal simulate-board` runs).
pub fn serve_simulated_buses<T>(
    wall: &SimWall,
    site: &Site,
    mut ports: Vec<(String, T)>,
) -> Vec<(String, SimBusHandle)>
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let mut handles = Vec::new();
    for (bus, boards) in wiring::by_bus(&site.wiring()) {
        let Some(i) = ports.iter().position(|(name, _)| *name == bus) else {
            continue;
        };
        let (_, port) = ports.swap_remove(i);
        match boards[0].kind {
            BoardType::KrCu16 => {
                let sim = SimBus::with_addresses(
                    wall.clone(),
                    boards.iter().map(|b| (b.address, b.number)).collect(),
                );
                for b in boards.iter().filter(|b| !b.hook_set_means_closed) {
                    sim.invert_hooks(b.address);
                }
                handles.push((bus, SimBusHandle::Kerong(sim.clone())));
                tokio::spawn(sim.serve(port));
            }
            BoardType::ModbusRelay => {
                let units = boards
                    .iter()
                    .map(|b| SimUnit {
                        unit: b.address,
                        board: b.number,
                        locks: b.locks,
                        input_set_means_closed: b.hook_set_means_closed,
                    })
                    .collect();
                let sim = SimRelayBus::new(wall.clone(), units);
                handles.push((bus, SimBusHandle::Modbus(sim.clone())));
                tokio::spawn(sim.serve(port));
            }
        }
    }
    handles
}

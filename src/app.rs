//! Start-up: the data folder, the site secret, the database, the wall.

use crate::config::Config;
use crate::domain::{Clock, SystemClock};
use crate::security::{CodeHasher, SiteSecret};
use crate::site::{Site, SiteError};
use crate::store::{Store, StoreError};
use lockerwall_hal::sim::SimWall;
use std::path::Path;

/// File names inside the data folder.
pub const DB_FILE: &str = "lockerwall.db";
/// The site secret's file (outside the database on purpose).
pub const SECRET_FILE: &str = "site.key";

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
    #[error("cannot read the site file {path}: {source}")]
    SiteRead {
        path: String,
        source: std::io::Error,
    },
    #[error("site file {path}: {source}")]
    Site { path: String, source: SiteError },
    #[error(transparent)]
    Store(#[from] StoreError),
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
        None => Ok(Site::demo()),
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

/// Open the data folder, secret and database, seeding a new database from the site.
pub fn open_store(config: &Config, site: &Site) -> Result<Store, StartError> {
    ensure_data_dir(&config.data_dir)?;
    let secret = SiteSecret::load_or_create(&config.data_dir.join(SECRET_FILE))?;
    let mut store = Store::open(&config.data_dir.join(DB_FILE), CodeHasher::new(secret))?;
    if store.seed_if_empty(site, SystemClock.now())? {
        tracing::info!(site = %site.name, lockers = site.lockers.len(), "new site set up");
    }
    Ok(store)
}

/// The lock controller the config names: the in-process simulated wall (returned
/// too, for the simulator window) or a real bus.
pub fn lock_controller(
    config: &Config,
    site: &Site,
) -> Result<
    (
        std::sync::Arc<dyn lockerwall_hal::LockController>,
        Option<SimWall>,
    ),
    StartError,
> {
    use crate::config::HalKind;
    use lockerwall_hal::kerong::{BusSettings, KerongBus};
    match config.hal.kind {
        HalKind::Sim => {
            let wall = sim_wall(site);
            Ok((std::sync::Arc::new(wall.clone()), Some(wall)))
        }
        HalKind::Kerong => {
            let path = config.hal.port.clone().unwrap_or_default();
            let port = lockerwall_hal::serial::open(&path, config.hal.baud).map_err(|source| {
                StartError::Port {
                    path: path.clone(),
                    source,
                }
            })?;
            let boards = kerong_boards(site, config.hal.hook_set_means_closed);
            let settings = BusSettings {
                reply_timeout: std::time::Duration::from_millis(u64::from(
                    config.hal.reply_timeout_ms,
                )),
                retries: config.hal.retries,
                ..BusSettings::default()
            };
            tracing::info!(port = %path, baud = config.hal.baud, boards = boards.len(), "lock bus opened");
            Ok((
                std::sync::Arc::new(KerongBus::new(port, boards, settings)),
                None,
            ))
        }
    }
}

/// The boards of a site, with the locks that have sensors.
pub fn kerong_boards(
    site: &Site,
    hook_set_means_closed: bool,
) -> Vec<lockerwall_hal::kerong::BoardSettings> {
    site.boards()
        .into_iter()
        .map(|(address, _, _)| {
            let sensors = site
                .lockers
                .iter()
                .filter(|l| l.board == address && l.sensor && l.lock < 16)
                .fold(0u16, |m, l| m | (1 << l.lock));
            lockerwall_hal::kerong::BoardSettings {
                address,
                hook_set_means_closed,
                sensors,
            }
        })
        .collect()
}

/// A simulated wall wired as the site says.
pub fn sim_wall(site: &Site) -> SimWall {
    let wall = SimWall::new();
    for (board, locks, sensors) in site.boards() {
        wall.add_board(board, locks, sensors);
    }
    wall
}

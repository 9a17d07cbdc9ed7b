//! The `lockerwall` command: runs the kiosk, and (later) the technician's and staff's commands.

use anyhow::Context;
use clap::{Parser, Subcommand};
use lockerwall::app;
use lockerwall::config::Config;
use lockerwall::domain::SystemClock;
use lockerwall::runtime::{Parts, Runtime};
use lockerwall::ui::AppWindow;
use lockerwall::view;
use rand::SeedableRng;
use slint::ComponentHandle;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Lockerwall: the touchscreen of a smart-locker wall.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Configuration file (default: $LOCKERWALL_CONFIG, else ./lockerwall.toml,
    /// else /etc/lockerwall/lockerwall.toml, else the demo settings).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Data folder (overrides the config file).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the kiosk (the default).
    Run {
        /// Do not open the simulator window.
        #[arg(long)]
        no_simulator: bool,
    },
    /// The technician's lock-board commands.
    #[command(subcommand)]
    Hal(HalCommand),
    /// Print every code found in each image (PNG, JPEG or PGM); fails when one has none.
    Decode {
        /// Image files.
        #[arg(required = true)]
        images: Vec<PathBuf>,
    },
    /// The resident directory: import an export, list.
    #[command(subcommand)]
    Residents(ResidentsCommand),
    /// Package staff accounts.
    #[command(subcommand)]
    Staff(AccountCommand),
    /// Carrier accounts.
    #[command(subcommand)]
    Carriers(AccountCommand),
    /// Deliveries, dwell time, occupancy, peak hours and expired packages for a period.
    Report {
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Last day (included), YYYY-MM-DD.
        #[arg(long)]
        to: String,
        #[arg(long, default_value = "text", value_parser = ["text", "csv", "json"])]
        format: String,
    },
    /// Guided audits: the list, or one audit's findings.
    Audits {
        id: Option<i64>,
        #[arg(long, default_value = "text", value_parser = ["text", "csv"])]
        format: String,
    },
    /// Send this wall's events to the portfolio server now ([portfolio] in
    /// the config) and say where the sync stands.
    Sync,
    /// Back up the database, safely while the kiosk runs: to PATH (the site
    /// key beside it as PATH.site.key), or with no PATH a dated copy into
    /// every [backup] place (the nightly timer's way), site.key beside them.
    Backup { path: Option<PathBuf> },
    /// Bring the wall back from a backup onto this box (stop the kiosk first).
    Restore {
        /// A backup copy (lockerwall-YYYYMMDD-HHMMSS.db, or a `backup PATH`),
        /// or a backup place: its newest copy.
        file: PathBuf,
        /// Its site key (default: FILE.site.key, else site.key beside FILE).
        #[arg(long)]
        key: Option<PathBuf>,
        /// Move a database already in the data folder aside.
        #[arg(long)]
        replace: bool,
    },
    /// Render every screen and state in every language and orientation to
    /// PNG (no display needed), with an index page: OUTDIR/index.html.
    Gallery {
        out: PathBuf,
        /// Only the screens whose names start with these (comma-separated).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// Only these languages (en, es, vi).
        #[arg(long, value_delimiter = ',')]
        languages: Vec<String>,
        /// Only these looks (normal, contrast, low, night).
        #[arg(long, value_delimiter = ',')]
        looks: Vec<String>,
        /// Only these orientations (landscape, portrait).
        #[arg(long, value_delimiter = ',')]
        orientations: Vec<String>,
        /// Half size, as kept under docs/gallery.
        #[arg(long)]
        half: bool,
    },
    /// The portfolio server's program, `lockerwall-portfolio` (serve, demo, set-up): forwarded to it.
    #[command(disable_help_flag = true)]
    Portfolio {
        /// Its arguments, passed on unchanged.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<std::ffi::OsString>,
    },
    /// Print codes as a scanner or the camera reads them, to test it on site (Ctrl-C stops).
    Scan {
        /// A serial scanner's port, e.g. /dev/ttyACM0.
        #[arg(long, conflicts_with = "camera", required_unless_present = "camera")]
        serial: Option<String>,
        /// A camera, as in /dev/videoN (builds with --features camera).
        #[arg(long)]
        camera: Option<u32>,
        /// Its speed.
        #[arg(long, default_value_t = 9600)]
        baud: u32,
    },
}

#[derive(Subcommand)]
enum ResidentsCommand {
    /// Import a property-management export (CSV): upsert by its resident id, or
    /// unit, building and name. Bad lines are reported and skipped.
    Import {
        file: PathBuf,
        /// Report what would change; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// The file lists everyone: residents not in it have moved out (kept, deactivated).
        #[arg(long)]
        full: bool,
        /// Import a full export even if it moves out more than half the residents.
        #[arg(long)]
        force: bool,
        /// A column the defaults do not recognise, as FIELD=HEADER (fields: id, name,
        /// first_name, last_name, unit, building, email, phone, language, door_delivery, accessible).
        #[arg(long = "map", value_name = "FIELD=HEADER")]
        map: Vec<String>,
        /// The building for an export that has no building column.
        #[arg(long)]
        building: Option<String>,
    },
    /// Every active resident (--all: moved-out ones too).
    List {
        #[arg(long)]
        all: bool,
        /// CSV instead of a table.
        #[arg(long)]
        csv: bool,
    },
}

#[derive(Subcommand)]
enum AccountCommand {
    /// Add an account; the PIN is read from the terminal (or one line of standard input).
    Add {
        name: String,
        /// staff (everything) or maintenance (doors and lockers only); staff accounts only.
        #[arg(long, value_parser = ["staff", "maintenance"])]
        role: Option<String>,
    },
    /// Every account.
    List,
    /// Stop an account from logging in.
    Disable { name: String },
    /// Let a disabled account log in again.
    Enable { name: String },
    /// Give an account a new PIN (read like `add`'s).
    ResetPin { name: String },
}

#[derive(Subcommand)]
enum HalCommand {
    /// Every locker: wiring, door, sensor, board online.
    Status,
    /// Open one locker (audited as a technician's action).
    Open {
        /// The locker's label, e.g. B07.
        locker: String,
    },
    /// Which board addresses answer on a serial port, and at which baud rate.
    Probe {
        /// The serial device, e.g. /dev/ttyUSB0.
        #[arg(long)]
        port: String,
        /// The board type to look for: kr-cu16 (addresses 0-9) or modbus-relay (units 1-32).
        #[arg(long = "type", default_value = "kr-cu16", value_parser = ["kr-cu16", "modbus-relay"])]
        kind: String,
    },
    /// Print door changes as they happen.
    Watch,
    /// Serve a simulated KR-CU16 bus (the site's wall) on a pseudo-terminal, with
    /// the simulator window, so the kiosk can run on the real driver with no hardware.
    SimulateBoard {
        /// Serve on a new pseudo-terminal and print its device path.
        #[arg(long)]
        pty: bool,
        /// No window: serve until interrupted.
        #[arg(long)]
        no_window: bool,
    },
}

fn main() -> anyhow::Result<()> {
    let started = Instant::now();
    let cli = Cli::parse();
    // Logs go to stderr: stdout is for command output (paths, tables) that scripts read.
    // The kiosk logs at info; the other commands only warn unless RUST_LOG says otherwise.
    let default_level = if matches!(cli.command, Some(Command::Run { .. }) | None) {
        "info"
    } else {
        "warn"
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| default_level.into()),
        )
        .init();
    // The portfolio server has no wall: it needs no wall config.
    if let Some(Command::Portfolio { args }) = cli.command {
        return forward_to_portfolio(&args);
    }
    let source = lockerwall::config::location::locate_here(cli.config.clone());
    let mut config = Config::load_from(&source)?;
    if let Some(dir) = cli.data_dir {
        config.data_dir = dir;
    }
    say_where(&cli.command, &source, &config);
    match cli.command.unwrap_or(Command::Run {
        no_simulator: false,
    }) {
        Command::Run { no_simulator } => {
            if no_simulator {
                config.simulator_window = false;
            }
            run_kiosk(config, started)
        }
        Command::Hal(HalCommand::SimulateBoard { pty, no_window }) => {
            simulate_board(&config, pty, no_window)
        }
        Command::Hal(cmd) => technician(&config, cmd),
        Command::Restore { file, key, replace } => restore(&config, &file, key, replace),
        Command::Decode { images } => {
            let empty = lockerwall::scan::commands::decode_files(&images, &mut std::io::stdout())?;
            anyhow::ensure!(empty == 0, "{empty} of {} images had no code", images.len());
            Ok(())
        }
        Command::Scan {
            serial: Some(port),
            baud,
            ..
        } => scan_serial(&port, baud),
        Command::Scan { camera, .. } => scan_camera(camera.unwrap_or(0)),
        Command::Gallery {
            out,
            only,
            languages,
            looks,
            orientations,
            half,
        } => {
            let select = lockerwall::gallery::Selection {
                shots: only,
                languages,
                looks,
                orientations,
                half,
            };
            let written = lockerwall::gallery::render_all(&out, &select)
                .map_err(|e| anyhow::anyhow!("the gallery could not be drawn: {e}"))?;
            println!(
                "{} pictures; open {}",
                written.len(),
                out.join("index.html").display()
            );
            Ok(())
        }
        command => staff_command(&config, command),
    }
}

/// The directory, accounts, reports, audits and backups.
fn staff_command(config: &Config, command: Command) -> anyhow::Result<()> {
    use lockerwall::admin_cli::{self as admin, AccountAction, Format};
    use lockerwall::domain::Clock;
    use lockerwall::store::{AccountKind, ImportMode};
    let site = app::load_site(config)?;
    let mut store = app::open_store(config, &site)?;
    let now = SystemClock.now();
    let offset = lockerwall::report::offset_now(config.notices.utc_offset_minutes, now);
    let mut out = std::io::stdout();
    let account = |cmd: AccountCommand, staff: bool| -> anyhow::Result<AccountAction> {
        Ok(match cmd {
            AccountCommand::Add { name, role } => {
                anyhow::ensure!(staff || role.is_none(), "carriers have no role");
                AccountAction::Add {
                    name,
                    role: staff.then(|| {
                        lockerwall::domain::Role::parse(role.as_deref().unwrap_or("staff"))
                            .unwrap_or(lockerwall::domain::Role::Staff)
                    }),
                }
            }
            AccountCommand::List => AccountAction::List,
            AccountCommand::Disable { name } => AccountAction::Disable(name),
            AccountCommand::Enable { name } => AccountAction::Enable(name),
            AccountCommand::ResetPin { name } => AccountAction::ResetPin(name),
        })
    };
    match command {
        Command::Residents(ResidentsCommand::Import {
            file,
            dry_run,
            full,
            force,
            map,
            building,
        }) => {
            let map = map
                .iter()
                .map(|m| {
                    m.split_once('=')
                        .map(|(f, h)| (f.trim().to_string(), h.trim().to_string()))
                        .ok_or_else(|| anyhow::anyhow!("--map {m}: write it as FIELD=HEADER"))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let options = lockerwall::directory_import::ReadOptions { map, building };
            let mode = ImportMode {
                full,
                dry_run,
                force,
            };
            let outcome = admin::import_residents(&mut store, &file, &options, mode, now)?;
            print!("{outcome}");
        }
        Command::Residents(ResidentsCommand::List { all, csv }) => {
            admin::list_residents(&store, all, csv, &mut out)?
        }
        Command::Staff(cmd) => admin::account(
            &mut store,
            AccountKind::Staff,
            account(cmd, true)?,
            admin::read_new_pin,
            now,
            &mut out,
        )?,
        Command::Carriers(cmd) => admin::account(
            &mut store,
            AccountKind::Carrier,
            account(cmd, false)?,
            admin::read_new_pin,
            now,
            &mut out,
        )?,
        Command::Report { from, to, format } => admin::report(
            &store,
            &from,
            &to,
            offset,
            format.parse::<Format>()?,
            &mut out,
        )?,
        Command::Audits { id, format } => {
            admin::audits(&store, id, format.parse::<Format>()?, offset, &mut out)?
        }
        Command::Sync => {
            let Some(mut syncer) = app::portfolio_syncer(config, &site, Arc::new(SystemClock))?
            else {
                anyhow::bail!("no [portfolio] section in the config: this wall reports to no one");
            };
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let round = rt.block_on(syncer.round());
            let status = store.sync_status()?;
            match round {
                Ok(r) => println!(
                    "{}: the server has every event up to {} of {} ({} batch(es) sent)",
                    syncer.settings.url, r.acked, status.newest, r.batches
                ),
                Err(e) => anyhow::bail!(
                    "{e}\nthe server has events up to {} of {}; the kiosk keeps trying every {} s",
                    status.acked,
                    status.newest,
                    syncer.settings.every_seconds
                ),
            }
        }
        Command::Backup { path: None } => {
            let secret = lockerwall::security::SiteSecret::load_or_create(
                &config.data_dir.join(app::SECRET_FILE),
            )?;
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
            for file in lockerwall::backup::to_places(&store, &secret, &config.backup, &stamp)? {
                println!("backed up to {}, checked", file.display());
            }
        }
        Command::Backup { path: Some(path) } => {
            let bytes = store.backup_to(&path)?;
            let key = app::backup_site_key(config, &path)?;
            println!(
                "backed up to {} ({} KiB), checked\nthe site key to {} (keep it apart from off-site copies: with it, the database's codes open lockers)",
                path.display(),
                bytes / 1024,
                key.display()
            );
        }
        _ => unreachable!("the kiosk, hal, decode and scan commands are handled in main"),
    }
    Ok(())
}

/// `lockerwall hal status | open | probe | watch`.
fn technician(config: &Config, cmd: HalCommand) -> anyhow::Result<()> {
    use lockerwall::domain::Clock;
    use lockerwall::technician as tech;
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut out = std::io::stdout();
    if let HalCommand::Probe { port, kind } = &cmd {
        let kind = match kind.as_str() {
            "kr-cu16" => lockerwall::wiring::BoardType::KrCu16,
            "modbus-relay" => lockerwall::wiring::BoardType::ModbusRelay,
            other => anyhow::bail!("unknown board type {other}: use kr-cu16 or modbus-relay"),
        };
        let found = tokio.block_on(tech::probe(port, kind, &mut out))?;
        anyhow::ensure!(found > 0, "no lock board found");
        return Ok(());
    }
    let site = app::load_site(config)?;
    let mut store = app::open_store(config, &site)?;
    let lockers = store.doors()?;
    let (hal, _) = {
        // Serial ports register with the runtime's reactor.
        let _guard = tokio.enter();
        app::lock_controller(config, &site)?
    };
    tokio.block_on(async {
        match cmd {
            HalCommand::Status => {
                tech::status(hal.as_ref(), &lockers, &site.wiring(), &mut out).await
            }
            HalCommand::Open { locker } => {
                let l = tech::open(hal.as_ref(), &mut store, &locker, SystemClock.now()).await?;
                println!(
                    "unlocked {} (board {}, lock {})",
                    l.label,
                    l.channel.board,
                    l.channel.lock + 1
                );
                Ok(())
            }
            HalCommand::Watch => {
                let every = Duration::from_millis(u64::from(config.door_poll_ms));
                tech::watch(hal.as_ref(), &lockers, every, None, &mut out).await
            }
            HalCommand::Probe { .. } | HalCommand::SimulateBoard { .. } => Ok(()),
        }
    })?;
    Ok(())
}

/// `lockerwall scan --camera N`: print codes the camera reads, each once.
#[cfg(feature = "camera")]
fn scan_camera(index: u32) -> anyhow::Result<()> {
    use lockerwall::scan::{camera::Camera, camera_control::Debounce, frames};
    let slot = frames::LatestFrame::new();
    let mut debounce = Debounce::default();
    let (tx, rx) = std::sync::mpsc::channel();
    frames::spawn_decoder(slot.clone(), lockerwall::scan::decode_frame, move |codes| {
        let _ = tx.send(codes);
    });
    let (lost_tx, lost_rx) = std::sync::mpsc::channel();
    let _camera = Camera::start(
        index,
        slot,
        |_| {},
        move |why| {
            let _ = lost_tx.send(why);
        },
    )?;
    eprintln!("reading codes from camera {index}; Ctrl-C stops");
    loop {
        if let Ok(why) = lost_rx.try_recv() {
            anyhow::bail!("camera {index} stopped delivering: {why}");
        }
        if let Ok(codes) = rx.recv_timeout(Duration::from_millis(200)) {
            for code in codes {
                if debounce.fresh(&code.text, Instant::now()) {
                    println!("{}", lockerwall::scan::commands::describe(&code));
                }
            }
        }
    }
}

#[cfg(not(feature = "camera"))]
fn scan_camera(_index: u32) -> anyhow::Result<()> {
    anyhow::bail!(
        "this lockerwall was built without camera support: build it with `--features camera` (needs libclang-dev)"
    )
}

/// `lockerwall scan --serial PORT`: print codes as they are read.
fn scan_serial(port: &str, baud: u32) -> anyhow::Result<()> {
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    tokio.block_on(async {
        let stream = lockerwall_hal::serial::open(port, baud)
            .with_context(|| format!("cannot open the scanner on {port}"))?;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let reader = tokio::spawn(lockerwall::scan::serial::read_codes(stream, tx));
        eprintln!("reading codes from {port}; Ctrl-C stops");
        loop {
            tokio::select! {
                code = rx.recv() => match code {
                    Some(code) => println!("{}", lockerwall::scan::commands::describe(&code)),
                    None => break,
                },
                _ = tokio::signal::ctrl_c() => break,
            }
        }
        reader.abort();
        anyhow::Ok(())
    })
}

fn simulate_board(config: &Config, pty: bool, no_window: bool) -> anyhow::Result<()> {
    anyhow::ensure!(
        pty,
        "only --pty is supported: the simulated board serves a new pseudo-terminal"
    );
    let site = app::load_site(config)?;
    let wall = app::sim_wall(&site);
    let tokio = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    // One pseudo-terminal per bus; the slave ends stay open so the paths keep working.
    let mut masters = Vec::new();
    let mut keep = Vec::new();
    let mut advice = String::new();
    for (bus, boards) in lockerwall::wiring::by_bus(&site.wiring()) {
        let (master, slave, path) = {
            let _guard = tokio.enter();
            lockerwall_hal::serial::pty_pair().context("cannot open a pseudo-terminal")?
        };
        println!("{path}");
        advice += &if bus == lockerwall::wiring::MAIN_BUS {
            format!("  [hal]\n  kind = \"serial\"\n  port = \"{path}\"\n")
        } else {
            format!("  [hal.buses.{bus}]\n  port = \"{path}\"\n")
        };
        eprintln!(
            "bus {bus}: {} {} board(s) on {path}",
            boards.len(),
            boards[0].kind.name()
        );
        masters.push((bus, master));
        keep.push(slave);
    }
    let handles = {
        let _guard = tokio.enter();
        app::serve_simulated_buses(&wall, &site, masters)
    };
    eprintln!(
        "Simulated lock buses for {}. Point the kiosk at them in lockerwall.toml:\n{advice}\
         Type faults here (help lists them).",
        site.name
    );
    let console = lockerwall::sim_console::Console::new(wall.clone(), &site, handles);
    tokio.spawn(async move {
        use tokio::io::AsyncBufReadExt;
        let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            match console.run(&line) {
                Ok(said) if said.is_empty() => {}
                Ok(said) => eprintln!("{said}"),
                Err(why) => eprintln!("{why}"),
            }
        }
    });
    if no_window {
        tokio.block_on(async { tokio::signal::ctrl_c().await })?;
    } else {
        // Lockers from the site file, numbered as the kiosk's database numbers them.
        let lockers = site
            .lockers
            .iter()
            .enumerate()
            .map(|(i, l)| lockerwall::domain::Locker {
                id: lockerwall::domain::LockerId(i as i64 + 1),
                label: l.label.clone(),
                size: l.size,
                column: l.column,
                row: l.row,
                height: l.height,
                accessible: l.accessible,
                channel: lockerwall_hal::Channel::new(l.board, l.lock),
                service: lockerwall::domain::Service::InService,
            })
            .collect();
        let view =
            view::simulator::show(wall, lockers).context("cannot open the simulator window")?;
        view.window.run()?;
    }
    drop(keep);
    Ok(())
}

/// The kiosk's sink, switching the camera on scanning screens when one is set.
#[cfg(feature = "camera")]
fn with_camera(
    sink: Box<dyn lockerwall::runtime::UiSink>,
    viewfinder: Box<dyn lockerwall::runtime::UiSink>,
    config: &Config,
    events: tokio::sync::mpsc::UnboundedSender<lockerwall::kiosk::Event>,
) -> Box<dyn lockerwall::runtime::UiSink> {
    use lockerwall::scan::camera_control;
    match config.scan.camera {
        Some(index) => {
            tracing::info!(index, "camera on scanning screens");
            Box::new(camera_control::SwitchingSink {
                inner: sink,
                switch: camera_control::start(index, events, viewfinder),
            })
        }
        None => sink,
    }
}

#[cfg(not(feature = "camera"))]
fn with_camera(
    sink: Box<dyn lockerwall::runtime::UiSink>,
    _viewfinder: Box<dyn lockerwall::runtime::UiSink>,
    config: &Config,
    _events: tokio::sync::mpsc::UnboundedSender<lockerwall::kiosk::Event>,
) -> Box<dyn lockerwall::runtime::UiSink> {
    if config.scan.camera.is_some() {
        tracing::warn!("[scan] camera is set, but this build has no camera support (build with --features camera)");
    }
    sink
}

fn run_kiosk(config: Config, started: Instant) -> anyhow::Result<()> {
    // Before any thread starts: it sets FONTCONFIG_FILE.
    lockerwall::fonts::ensure_a_font(&config.data_dir)
        .context("cannot prepare the bundled font")?;
    let site = app::load_site(&config)?;
    let mut store = app::open_store(&config, &site)?;
    // A box with no battery clock and no time source starts in the past.
    use lockerwall::domain::Clock;
    store.clock_synchronised(
        lockerwall::clock_check::kernel_synchronised(),
        SystemClock.now(),
    )?;
    let mut lockers = store.doors()?;
    if let Some(room) = store.room()? {
        view::simulator::place_room(&mut lockers, room.door.id);
    }
    let carriers = store.carriers()?;
    if config.notices.smtp.is_none() {
        tracing::info!(folder = %config.data_dir.join(app::MAIL_DIR).display(), "no SMTP server set: notices are written as .eml files");
    }
    let site_name = store.site_name()?;
    let tokio = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .thread_name("lockerwall-rt")
        .build()
        .context("cannot start the runtime")?;
    let (hal, wall) = {
        // Serial ports register with the runtime's reactor.
        let _guard = tokio.enter();
        app::lock_controller(&config, &site)?
    };

    let ui = AppWindow::new().context("cannot open the kiosk window")?;
    view::kiosk::set_site_name(&ui, &site_name);
    view::kiosk::set_mount(&ui, &config.screen);
    view::help::set_contact(
        &ui,
        config.notices.help_address(),
        config.notices.help_phone.as_deref(),
    );
    view::deposit::set_carriers(&ui, &carriers);
    let simulator = match (config.simulator_window, wall) {
        (true, Some(wall)) => {
            Some(view::simulator::show(wall, lockers).context("cannot open the simulator window")?)
        }
        _ => None,
    };
    let speaker = lockerwall::speech::Speaker::new(&config.speech)
        .map(|s| Arc::new(std::sync::Mutex::new(s)));
    let sink = view::SlintSink {
        kiosk: ui.as_weak(),
        simulator: simulator.as_ref().map(|s| s.window.as_weak()),
        speaker,
    };
    let phone = view::SlintSink {
        kiosk: ui.as_weak(),
        simulator: simulator.as_ref().map(|s| s.window.as_weak()),
        speaker: None,
    };
    let wake = Arc::new(tokio::sync::Notify::new());
    let worker = {
        let _guard = tokio.enter();
        app::outbox_worker(
            &config,
            Arc::new(SystemClock),
            wake.clone(),
            Box::new(phone),
        )?
    };
    tokio.spawn(worker.run());
    if let Some(syncer) = app::portfolio_syncer(&config, &site, Arc::new(SystemClock))? {
        tracing::info!(url = %syncer.settings.url, property = %syncer.settings.property, "reporting to the portfolio server");
        tokio.spawn(syncer.run());
    }

    let (camera_events, mut camera_rx) = tokio::sync::mpsc::unbounded_channel();
    let viewfinder = view::SlintSink {
        kiosk: ui.as_weak(),
        simulator: None,
        speaker: None,
    };
    let sink = with_camera(Box::new(sink), Box::new(viewfinder), &config, camera_events);
    let parts = Parts {
        store,
        hal,
        clock: Arc::new(SystemClock),
        rng: rand::rngs::StdRng::from_entropy(),
        sink,
        flow: lockerwall::kiosk::FlowConfig {
            share_lockers: site.share_lockers,
            ..config.flow()
        },
        door_poll: Duration::from_millis(u64::from(config.door_poll_ms)),
        outbox: Some(wake),
        report_offset: config.notices.utc_offset_minutes,
    };
    let (runtime, events) = tokio.block_on(Runtime::start(parts))?;
    {
        // The camera's codes and problems, into the runtime's events.
        let events = runtime.sender();
        tokio.spawn(async move {
            while let Some(e) = camera_rx.recv().await {
                if events.send(e).is_err() {
                    break;
                }
            }
        });
    }
    if let Some(port) = &config.scan.serial {
        let _guard = tokio.enter();
        let stream = lockerwall_hal::serial::open(port, config.scan.serial_baud.unwrap_or(9600))
            .with_context(|| format!("cannot open the scanner on {port} ([scan] serial)"))?;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        tokio.spawn(lockerwall::scan::serial::read_codes(stream, tx));
        let events = runtime.sender();
        tokio.spawn(async move {
            while let Some(code) = rx.recv().await {
                tracing::info!(symbology = ?code.symbology, "code scanned");
                if events
                    .send(lockerwall::kiosk::Event::Scanned(code.text))
                    .is_err()
                {
                    break;
                }
            }
        });
        tracing::info!(port = %port, "serial scanner on");
    }
    view::bind(&ui, runtime.sender());
    tokio.spawn(runtime.run(events));

    log_first_frame(&ui, started);
    if config.fullscreen {
        ui.window().set_fullscreen(true);
    }
    // On the wall (full screen) nothing at the screen may close the kiosk and
    // leave a desktop behind it: a close request (a window manager's close,
    // Alt+F4) is refused. In the windowed demo, closing it ends the program
    // (the simulator window alone is no use).
    let locked = config.fullscreen;
    ui.window().on_close_requested(move || {
        if locked {
            tracing::warn!("a request to close the kiosk window was refused (full-screen kiosk)");
            return slint::CloseRequestResponse::KeepWindowShown;
        }
        let _ = slint::quit_event_loop();
        slint::CloseRequestResponse::HideWindow
    });
    // Fed from the UI loop: a frozen screen stops feeding it, and systemd
    // kills the kiosk and starts it again (lockerwall.service, WatchdogSec=).
    let _watchdog = lockerwall::service::watchdog_every().map(|every| {
        let timer = slint::Timer::default();
        timer.start(
            slint::TimerMode::Repeated,
            every,
            lockerwall::service::alive,
        );
        timer
    });
    tokio.spawn(quit_on_sigterm());
    ui.show()?;
    let _ready_elsewhere = ready_without_winit(started);
    slint::run_event_loop_until_quit()?;
    // A door in flight is settled at the next start, as after any restart.
    tokio.shutdown_timeout(Duration::from_secs(5));
    Ok(())
}

/// `systemctl stop` (SIGTERM): leave the UI loop and end the program cleanly.
async fn quit_on_sigterm() {
    use tokio::signal::unix::{signal, SignalKind};
    let Ok(mut term) = signal(SignalKind::terminate()) else {
        return;
    };
    term.recv().await;
    tracing::info!("SIGTERM: stopping");
    lockerwall::service::stopping();
    let _ = slint::invoke_from_event_loop(|| {
        let _ = slint::quit_event_loop();
    });
}

/// Log "ready in N ms" once the first frame has been drawn: winit's first redraw,
/// then the next turn of the event loop (the frame is on screen by then).
/// Also ask for the keyboard focus then, so a keyboard-wedge scanner types into
/// the kiosk. On X11 a window manager grants it (winit asks through
/// `_NET_ACTIVE_WINDOW`); an X server with no window manager gives the keyboard
/// to no window, so a kiosk on X11 runs one (see the README).
fn log_first_frame(ui: &AppWindow, started: Instant) {
    use slint::winit_030::{winit::event::WindowEvent, EventResult, WinitWindowAccessor};
    let mut logged = false;
    let weak = ui.as_weak();
    ui.window().on_winit_window_event(move |_, event| {
        if !logged && matches!(event, WindowEvent::RedrawRequested) {
            logged = true;
            let weak = weak.clone();
            let _ = slint::invoke_from_event_loop(move || {
                // The wall-clock time too, so a script can measure from before exec.
                let unix_us = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_micros())
                    .unwrap_or(0);
                let ready = format!("ready in {} ms", started.elapsed().as_millis());
                tracing::info!("{ready} (first frame at unix_us {unix_us})");
                lockerwall::service::ready(&ready);
                if let Some(ui) = weak.upgrade() {
                    ui.window().with_winit_window(|w| w.focus_window());
                }
            });
        }
        EventResult::Propagate
    });
}

/// On a backend other than winit (linuxkms on a board with no display
/// server), no winit redraw will say the first frame is up: the loop's
/// first turn draws it, so "ready" is said at the turn after (systemd
/// waits for READY=1 on every backend).
fn ready_without_winit(started: Instant) -> Option<slint::Timer> {
    if lockerwall::service::backend_is_winit(
        std::env::var("SLINT_BACKEND").ok().as_deref(),
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
    ) {
        return None;
    }
    let timer = slint::Timer::default();
    timer.start(slint::TimerMode::SingleShot, Duration::ZERO, move || {
        let _ = slint::invoke_from_event_loop(move || {
            let ready = format!("ready in {} ms", started.elapsed().as_millis());
            tracing::info!("{ready} (first frame, not on winit)");
            lockerwall::service::ready(&ready);
        });
    });
    Some(timer)
}

/// `lockerwall restore FILE|PLACE`: the copy (a place: its newest) and its key into the data folder.
fn restore(
    config: &Config,
    file: &Path,
    key: Option<PathBuf>,
    replace: bool,
) -> anyhow::Result<()> {
    let file = &lockerwall::backup::copy_to_restore(file)?;
    let key = key.unwrap_or_else(|| {
        let mut beside = file.as_os_str().to_owned();
        beside.push(".site.key");
        let beside = PathBuf::from(beside);
        match beside.exists() {
            true => beside,
            false => file.with_file_name(lockerwall::backup::KEY_FILE),
        }
    });
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let done = lockerwall::backup::restore(&config.data_dir, file, &key, replace, &stamp)?;
    println!(
        "restored {} with its key {}: {} packages waiting, events up to {}; the sync goes on from the server's position",
        file.display(),
        key.display(),
        done.waiting,
        done.newest_event
    );
    if let Some(aside) = done.moved_aside {
        println!("the database that was there is now {}", aside.display());
    }
    Ok(())
}

/// Say which configuration and data folder a command uses: on a box with
/// a demo checkout and an installed wall, nobody should have to guess.
fn say_where(
    command: &Option<Command>,
    source: &lockerwall::config::location::Source,
    config: &Config,
) {
    let (settings, data) = (source.describe(), config.data_dir.display());
    match command {
        None | Some(Command::Run { .. }) => {
            tracing::info!(config = %settings, data = %data, "settings");
        }
        // These read no data folder.
        Some(Command::Decode { .. } | Command::Gallery { .. } | Command::Scan { .. }) => {}
        Some(_) => eprintln!("lockerwall: settings from {settings}; data folder {data}"),
    }
}

/// Runs `lockerwall-portfolio` (beside this program, else on PATH) with `args`.
fn forward_to_portfolio(args: &[std::ffi::OsString]) -> anyhow::Result<()> {
    let beside = std::env::current_exe()
        .ok()
        .and_then(|p| Some(p.parent()?.join("lockerwall-portfolio")))
        .filter(|p| p.exists());
    let program = beside.unwrap_or_else(|| PathBuf::from("lockerwall-portfolio"));
    let status = std::process::Command::new(&program)
        .args(args)
        .status()
        .with_context(|| {
            format!(
                "cannot run {}: the portfolio server is its own program \
                 (cargo build -p lockerwall-portfolio, or its .deb)",
                program.display()
            )
        })?;
    std::process::exit(status.code().unwrap_or(1));
}

//! The command line's words: every subcommand and its arguments (clap).

use super::*;

/// Lockerwall: the touchscreen of a smart-locker wall.
#[derive(Parser)]
#[command(version, about)]
pub(crate) struct Cli {
    /// Configuration file (default: $LOCKERWALL_CONFIG, else ./lockerwall.toml,
    /// else /etc/lockerwall/lockerwall.toml, else the demo settings).
    #[arg(long, global = true)]
    pub(crate) config: Option<PathBuf>,
    /// Data folder (overrides the config file).
    #[arg(long, global = true)]
    pub(crate) data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
pub(crate) enum ResidentsCommand {
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
    /// Revoke the links to a resident's own page (a notice reached the wrong
    /// person, a phone was lost): every link issued so far stops opening it
    /// once the server hears from the wall; their next notice brings a new one.
    RevokeLink {
        /// The resident's id (`lockerwall residents list`).
        id: i64,
    },
    /// Keep a resident's packages while they are away: the holding clock
    /// pauses from the first day away until the day they are back, and one
    /// summary notice goes out that day (--back: they are back today).
    Away {
        /// The resident's id (`lockerwall residents list`).
        id: i64,
        /// The first day away, YYYY-MM-DD (default: today).
        #[arg(long)]
        from: Option<String>,
        /// The day they are back, YYYY-MM-DD.
        #[arg(long, required_unless_present = "back")]
        until: Option<String>,
        /// They are back: end the away period today.
        #[arg(long, conflicts_with_all = ["from", "until"])]
        back: bool,
    },
    /// How a resident is told: by email, text or both, the language of
    /// their notices, and whether reminders about packages still waiting
    /// come (the final notice always does).
    Notices {
        /// The resident's id (`lockerwall residents list`).
        id: i64,
        /// Texts need their mobile number in the directory and `[notices.texts]`.
        #[arg(long, value_parser = ["email", "text", "both"])]
        by: Option<String>,
        /// `en` or `es`.
        #[arg(long)]
        language: Option<String>,
        #[arg(long, value_parser = ["on", "off"])]
        reminders: Option<String>,
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
pub(crate) enum AccountCommand {
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
pub(crate) enum HalCommand {
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

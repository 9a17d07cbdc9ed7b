//! `lockerwall.toml` -> typed config. Every field has a default, so no file at
//! all means the demo site on the simulated wall.

pub mod location;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The kiosk's configuration.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where the database and the site secret live.
    pub data_dir: PathBuf,
    /// The site file (wall layout, first directory, carriers); none = the built-in demo site.
    pub site_file: Option<PathBuf>,
    /// Seconds without a touch before any screen returns Home.
    pub idle_seconds: u32,
    /// A staff session ends after this long without a touch.
    pub staff_idle_seconds: u32,
    /// Screens that wait longer (or shorter) than `idle_seconds`, by screen
    /// name: `[idle]` then `pickup-code = 90`, `return-sender = 120`.
    pub idle: BTreeMap<String, u32>,
    /// Seconds before a screen times out that "Need more time?" counts down.
    pub more_time_seconds: u32,
    /// Local hours `[from, to]` when the screens are dark (`[20, 7]`: 20:00
    /// to 06:59); none: never.
    pub night_hours: Option<[u8; 2]>,
    /// Milliseconds to wait for a door to be seen open after its unlock.
    pub door_open_timeout_ms: u32,
    /// How often the door watcher reads the lock boards, in milliseconds.
    pub door_poll_ms: u32,
    /// Seconds a door may stand open before the screen asks for it to be
    /// closed and staff are told.
    pub door_left_open_seconds: u32,
    /// Show the simulator window beside the kiosk (demo).
    pub simulator_window: bool,
    /// Fill the screen (a real kiosk).
    pub fullscreen: bool,
    /// The lock boards.
    pub hal: HalConfig,
    /// Notices to residents and staff.
    pub notices: NoticesConfig,
    /// Code readers besides the keyboard wedge (which is always on).
    pub scan: ScanConfig,
    /// The touchscreen: its size, where it hangs, motion.
    pub screen: ScreenConfig,
    /// Spoken guidance on the pickup screens.
    pub speech: crate::speech::SpeechConfig,
    /// The portfolio server this wall reports to (none: it reports to no one).
    pub portfolio: Option<crate::sync::PortfolioSettings>,
    /// Where `lockerwall backup` (and its nightly timer) keeps copies.
    pub backup: crate::backup::BackupConfig,
}

/// `[screen]`: the panel and its mounting, for low reach (the 15-48 in. band
/// a seated person reaches) and motion.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ScreenConfig {
    /// The panel's diagonal in inches.
    pub diagonal_inches: f32,
    /// The height of the screen's bottom edge above the floor, in inches.
    pub bottom_inches: f32,
    /// No animation on any screen (for people made unwell by motion).
    pub reduced_motion: bool,
}

impl Default for ScreenConfig {
    fn default() -> Self {
        // A 15.6" panel whose centre is at about 48 in.: the usual kiosk
        // height for standing users, where low reach earns its keep.
        Self {
            diagonal_inches: 15.6,
            bottom_inches: 44.0,
            reduced_motion: false,
        }
    }
}

/// `[scan]`: a serial scanner, if one is fitted.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct ScanConfig {
    /// A 2D scanner that sends one code per line, e.g. /dev/ttyACM0.
    pub serial: Option<String>,
    /// Its speed (USB CDC scanners ignore it).
    pub serial_baud: Option<u32>,
    /// The camera to read QR codes and labels with (as in /dev/videoN); needs a
    /// build with `--features camera`.
    pub camera: Option<u32>,
}

/// `[notices]`: how long packages are held, who notices come from, how they travel.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct NoticesConfig {
    /// Days a package is held before it expires and goes to staff.
    pub hold_days: u32,
    /// A reminder this many days after the package was stored (0: none).
    pub reminder_after_days: u32,
    /// A final notice this many days before it expires (0: none).
    pub final_notice_days_before: u32,
    /// A short "picked up" receipt to the resident.
    pub receipt: bool,
    /// Where expiry notices to staff go.
    pub staff_email: Option<String>,
    /// The From of every notice.
    pub from: String,
    /// The property's package help contact: the Reply-To of every notice,
    /// and shown on the kiosk's "Need help?" panel.
    pub help: String,
    /// The package staff's phone, shown on the "Need help?" panel too.
    pub help_phone: Option<String>,
    /// Where the wall is, as the notice says it ("in the lobby of building A").
    pub location: String,
    /// A folder of templates that overrides the built-in ones (en/stored.txt ...).
    pub templates_dir: Option<PathBuf>,
    /// Minutes east of UTC for dates in notices (default: the machine's time zone).
    pub utc_offset_minutes: Option<i32>,
    /// First retry after this many seconds, doubling each time.
    pub retry_first_seconds: u32,
    /// At most this long between retries.
    pub retry_max_seconds: u32,
    /// A notice still failing after this many hours is given up and staff told.
    pub give_up_hours: u32,
    /// The mail server; none: notices are written as .eml files in the data folder.
    pub smtp: Option<crate::notify::SmtpSettings>,
    /// A JSON webhook that gets every resident notice too.
    pub webhook: Option<crate::notify::WebhookSettings>,
    /// A text-message provider: residents who chose texts get them.
    pub texts: Option<crate::notify::TextSettings>,
}

impl Default for NoticesConfig {
    fn default() -> Self {
        let p = crate::domain::HoldPolicy::default();
        Self {
            hold_days: p.hold_days,
            reminder_after_days: p.reminder_after_days,
            final_notice_days_before: p.final_notice_days_before,
            receipt: p.receipt,
            staff_email: None,
            from: "Parcel lockers <lockers@lockerwall.invalid>".into(),
            help: "Package desk <packages@lockerwall.invalid>".into(),
            help_phone: None,
            location: "by the front office".into(),
            templates_dir: None,
            utc_offset_minutes: None,
            retry_first_seconds: 30,
            retry_max_seconds: 3600,
            give_up_hours: 72,
            smtp: None,
            webhook: None,
            texts: None,
        }
    }
}

impl NoticesConfig {
    /// The help address as a person reads it: "packages@..." without its display name.
    pub fn help_address(&self) -> &str {
        crate::notify::mailer::bare_address(&self.help)
    }

    /// The holding policy these settings give.
    pub fn policy(&self) -> crate::domain::HoldPolicy {
        crate::domain::HoldPolicy {
            hold_days: self.hold_days,
            reminder_after_days: self.reminder_after_days,
            final_notice_days_before: self.final_notice_days_before,
            receipt: self.receipt,
            staff_email: self.staff_email.clone(),
            ..crate::domain::HoldPolicy::default()
        }
    }

    /// The retry timing these settings give.
    pub fn backoff(&self) -> crate::notify::Backoff {
        use std::time::Duration;
        crate::notify::Backoff {
            first: Duration::from_secs(u64::from(self.retry_first_seconds)),
            max: Duration::from_secs(u64::from(self.retry_max_seconds)),
            give_up_after: Duration::from_secs(u64::from(self.give_up_hours) * 3600),
        }
    }
}

/// Which lock controller drives the doors.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum HalKind {
    /// The simulated wall, in the kiosk's own process (the demo).
    #[default]
    Sim,
    /// Real lock boards on serial ports, as the site file's `[[boards]]` wire them.
    #[serde(alias = "kerong", alias = "modbus")]
    Serial,
}

/// The lock buses: the main one here, others under `[hal.buses.NAME]`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct HalConfig {
    pub kind: HalKind,
    /// The main bus's serial device, e.g. /dev/ttyUSB0 (or the path
    /// `lockerwall hal simulate-board --pty` prints).
    pub port: Option<String>,
    /// The main bus's speed; 19200 is the KR-CU16's factory setting.
    pub baud: u32,
    /// How long to wait for a board's reply.
    pub reply_timeout_ms: u32,
    /// Further attempts after a request fails.
    pub retries: u32,
    /// How long a Modbus relay stays on to release a lock.
    pub relay_pulse_ms: u32,
    /// Further buses, by the name the site file's boards use.
    pub buses: BTreeMap<String, BusPort>,
}

/// One more bus: its serial device and speed.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct BusPort {
    pub port: String,
    #[serde(default = "default_baud")]
    pub baud: u32,
}

fn default_baud() -> u32 {
    19200
}

impl HalConfig {
    /// The port and speed of the bus called `name`.
    pub fn port_of(&self, name: &str) -> Option<BusPort> {
        if name == crate::site::wiring::MAIN_BUS {
            return self.port.clone().map(|port| BusPort {
                port,
                baud: self.baud,
            });
        }
        self.buses.get(name).cloned()
    }
}

impl Default for HalConfig {
    fn default() -> Self {
        Self {
            kind: HalKind::Sim,
            port: None,
            baud: default_baud(),
            reply_timeout_ms: 150,
            retries: 2,
            relay_pulse_ms: 600,
            buses: BTreeMap::new(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("data"),
            site_file: None,
            idle_seconds: 60,
            staff_idle_seconds: 180,
            idle: BTreeMap::new(),
            more_time_seconds: 20,
            night_hours: None,
            door_open_timeout_ms: 4000,
            door_poll_ms: 100,
            door_left_open_seconds: 90,
            simulator_window: true,
            fullscreen: false,
            hal: HalConfig::default(),
            notices: NoticesConfig::default(),
            scan: ScanConfig::default(),
            screen: ScreenConfig::default(),
            speech: crate::speech::SpeechConfig::default(),
            portfolio: None,
            backup: Default::default(),
        }
    }
}

/// A config file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Parse {
        path: String,
        source: toml::de::Error,
    },
    #[error("{path}: {field} must be between {min} and {max}")]
    Range {
        path: String,
        field: String,
        min: u32,
        max: u32,
    },
    #[error("{path}: [idle] {name} is not a screen; the screens are {known}")]
    UnknownScreen {
        path: String,
        name: String,
        known: String,
    },
    #[error("{path}: {problem}")]
    Speech { path: String, problem: &'static str },
    #[error("{path}: {problem}")]
    Portfolio { path: String, problem: String },
    #[error("{path}: {problem}")]
    Texts { path: String, problem: String },
}

impl Config {
    /// Load the configuration `source` names. A file that does not set
    /// `data_dir` gets the source's default: `/var/lib/lockerwall` for a
    /// file under /etc, `./data` otherwise.
    pub fn load_from(source: &location::Source) -> Result<Config, ConfigError> {
        let Some(path) = source.path() else {
            return Ok(Config::default());
        };
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: shown.clone(),
            source,
        })?;
        let mut config = Config::parse(&text, &shown)?;
        let names_data =
            toml::from_str::<toml::Table>(&text).is_ok_and(|t| t.contains_key("data_dir"));
        if !names_data {
            config.data_dir = source.default_data_dir();
        }
        Ok(config)
    }

    /// Load `path`; `None` means defaults.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let Some(path) = path else {
            return Ok(Config::default());
        };
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: shown.clone(),
            source,
        })?;
        Config::parse(&text, &shown)
    }

    /// Read a configuration's text; `shown` names it in errors.
    pub fn parse(text: &str, shown: &str) -> Result<Config, ConfigError> {
        let shown = shown.to_string();
        let config: Config = toml::from_str(text).map_err(|source| ConfigError::Parse {
            path: shown.clone(),
            source,
        })?;
        for name in config.idle.keys() {
            if !crate::kiosk::Screen::NAMES.contains(&name.as_str()) {
                return Err(ConfigError::UnknownScreen {
                    path: shown,
                    name: name.clone(),
                    known: crate::kiosk::Screen::NAMES.join(", "),
                });
            }
        }
        if let Some([from, to]) = config.night_hours {
            if from > 23 || to > 23 {
                return Err(ConfigError::Range {
                    path: shown,
                    field: "night_hours".into(),
                    min: 0,
                    max: 23,
                });
            }
        }
        if let Some(problem) = config.speech.problem() {
            return Err(ConfigError::Speech {
                path: shown,
                problem,
            });
        }
        if let Some(problem) = config.portfolio.as_ref().and_then(|p| p.problem()) {
            return Err(ConfigError::Portfolio {
                path: shown,
                problem,
            });
        }
        if let Some(Err(e)) = config.notices.texts.as_ref().map(crate::notify::Texts::new) {
            return Err(ConfigError::Texts {
                path: shown,
                problem: e.to_string(),
            });
        }
        let screen = &config.screen;
        for (field, value, min, max) in [
            ("screen.diagonal_inches", screen.diagonal_inches, 7, 100),
            ("screen.bottom_inches", screen.bottom_inches, 0, 100),
        ] {
            if !(min as f32..=max as f32).contains(&value) {
                return Err(ConfigError::Range {
                    path: shown,
                    field: field.into(),
                    min,
                    max,
                });
            }
        }
        let per_screen = config
            .idle
            .iter()
            .map(|(name, s)| (format!("idle.{name}"), *s, 10, 3600));
        for (field, value, min, max) in [
            ("idle_seconds", config.idle_seconds, 10, 3600),
            ("more_time_seconds", config.more_time_seconds, 10, 120),
            ("staff_idle_seconds", config.staff_idle_seconds, 30, 3600),
            (
                "door_open_timeout_ms",
                config.door_open_timeout_ms,
                500,
                30_000,
            ),
            ("door_poll_ms", config.door_poll_ms, 20, 2000),
            (
                "door_left_open_seconds",
                config.door_left_open_seconds,
                10,
                3600,
            ),
            ("hal.relay_pulse_ms", config.hal.relay_pulse_ms, 100, 5000),
            ("notices.hold_days", config.notices.hold_days, 1, 365),
            (
                "notices.retry_first_seconds",
                config.notices.retry_first_seconds,
                1,
                86_400,
            ),
        ]
        .into_iter()
        .map(|(f, v, min, max)| (f.to_string(), v, min, max))
        .chain(per_screen)
        {
            if !(min..=max).contains(&value) {
                return Err(ConfigError::Range {
                    path: shown,
                    field,
                    min,
                    max,
                });
            }
        }
        Ok(config)
    }

    /// The flow's timing.
    pub fn flow(&self) -> crate::kiosk::FlowConfig {
        crate::kiosk::FlowConfig {
            idle_ms: i64::from(self.idle_seconds) * 1000,
            door_open_timeout_ms: i64::from(self.door_open_timeout_ms),
            door_left_open_ms: i64::from(self.door_left_open_seconds) * 1000,
            staff_idle_ms: i64::from(self.staff_idle_seconds) * 1000,
            idle_by_screen: self
                .idle
                .iter()
                .map(|(name, s)| (name.clone(), i64::from(*s) * 1000))
                .collect(),
            more_time_ms: i64::from(self.more_time_seconds) * 1000,
            night_hours: self.night_hours.map(|[from, to]| (from, to)),
            page_links: self.portfolio.as_ref().is_some_and(|p| p.resident_pages),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_errors() {
        assert_eq!(Config::load(None).unwrap(), Config::default());
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("lockerwall.toml");
        std::fs::write(
            &p,
            "idle_seconds = 90\ndata_dir = \"/var/lib/lockerwall\"\n",
        )
        .unwrap();
        let c = Config::load(Some(&p)).unwrap();
        assert_eq!(c.idle_seconds, 90);
        assert_eq!(c.data_dir, PathBuf::from("/var/lib/lockerwall"));
        assert_eq!(c.flow().idle_ms, 90_000);
        std::fs::write(&p, "idle_secs = 90\n").unwrap();
        let e = Config::load(Some(&p)).unwrap_err().to_string();
        assert!(e.contains("unknown field `idle_secs`"), "{e}");
        std::fs::write(&p, "idle_seconds = 1\n").unwrap();
        assert_eq!(
            Config::load(Some(&p)).unwrap_err().to_string(),
            format!("{}: idle_seconds must be between 10 and 3600", p.display())
        );
        assert!(matches!(
            Config::load(Some(&dir.path().join("none.toml"))),
            Err(ConfigError::Read { .. })
        ));
    }

    #[test]
    fn screens_may_wait_longer_and_a_wrong_screen_name_is_said() {
        let c = Config::parse("more_time_seconds = 30\n[idle]\npickup-code = 120\n", "t").unwrap();
        let flow = c.flow();
        assert_eq!(flow.idle_by_screen.get("pickup-code"), Some(&120_000));
        assert_eq!(flow.more_time_ms, 30_000);
        let e = Config::parse("[idle]\npickup = 120\n", "t")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("t: [idle] pickup is not a screen; the screens are home, "),
            "{e}"
        );
        let e = Config::parse("[idle]\nscan = 5\n", "t")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "t: idle.scan must be between 10 and 3600");
    }

    #[test]
    fn the_screen_and_speech_tables_are_checked() {
        let c = Config::parse(
            "[screen]\ndiagonal_inches = 21.5\nbottom_inches = 40\n[speech]\nenabled = true\n",
            "t",
        )
        .unwrap();
        assert_eq!(
            (c.screen.diagonal_inches, c.screen.bottom_inches),
            (21.5, 40.0)
        );
        assert!(c.speech.enabled && c.speech.command[0] == "espeak-ng");
        let e = Config::parse("[screen]\nbottom_inches = 400\n", "t")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "t: screen.bottom_inches must be between 0 and 100");
        let e = Config::parse("[speech]\ncommand = [\"espeak-ng\"]\n", "t")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("t: speech.command never says {text}"), "{e}");
    }

    #[test]
    fn the_portfolio_table_is_checked() {
        assert_eq!(Config::parse("", "t").unwrap().portfolio, None);
        let c = Config::parse(
            "[portfolio]\nurl = \"https://portfolio.example.com\"\nproperty = \"maple-court\"\nkey = \"0123456789abcdef0123\"\n",
            "t",
        )
        .unwrap();
        let p = c.portfolio.unwrap();
        assert_eq!(
            (p.every_seconds, p.batch, p.share_details),
            (60, 500, false)
        );
        for (bad, says) in [
            (
                "url = \"portfolio.example.com\"",
                "must start with https://",
            ),
            ("key = \"short\"", "at least 16 characters"),
            ("batch = 0", "between 1 and 5000"),
        ] {
            let mut text = String::from("[portfolio]\nurl = \"https://p.example\"\nproperty = \"p\"\nkey = \"0123456789abcdef0123\"\n");
            let field = bad.split(' ').next().unwrap();
            text = text
                .lines()
                .filter(|l| !l.starts_with(&format!("{field} ")))
                .collect::<Vec<_>>()
                .join("\n");
            text.push_str(&format!("\n{bad}\n"));
            let e = Config::parse(&text, "t").unwrap_err().to_string();
            assert!(e.starts_with("t: ") && e.contains(says), "{bad}: {e}");
        }
    }
}

#[cfg(test)]
mod notice_tests {
    use super::*;

    #[test]
    fn notices_section_parses_and_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("lockerwall.toml");
        std::fs::write(
            &p,
            r#"
[notices]
hold_days = 5
staff_email = "packages@example.com"
help = "Package desk <packages@example.com>"
[notices.smtp]
host = "smtp.example.com"
security = "tls"
port = 465
[notices.webhook]
url = "https://hooks.example.com/x"
secret = "s"
"#,
        )
        .unwrap();
        let c = Config::load(Some(&p)).unwrap();
        assert_eq!(c.notices.policy().hold_days, 5);
        assert_eq!(
            c.notices.policy().staff_email.as_deref(),
            Some("packages@example.com")
        );
        let smtp = c.notices.smtp.unwrap();
        assert_eq!(
            (smtp.port, smtp.security),
            (465, crate::notify::transport::Security::Tls)
        );
        assert_eq!(c.notices.webhook.unwrap().timeout_seconds, 15);
        std::fs::write(&p, "[notices.smtp]\nhost = \"x\"\nsecurity = \"ssl\"\n").unwrap();
        let e = Config::load(Some(&p)).unwrap_err().to_string();
        assert!(e.contains("unknown variant `ssl`"), "{e}");
        // Texts: the account names the API's path; a sender is needed.
        std::fs::write(
            &p,
            "[notices.texts]\naccount_sid = \"AC1\"\nauth_token = \"t\"\nfrom = \"+15550100000\"\n",
        )
        .unwrap();
        let texts = Config::load(Some(&p)).unwrap().notices.texts.unwrap();
        assert_eq!(texts.api_url, "https://api.twilio.com");
        std::fs::write(
            &p,
            "[notices.texts]\naccount_sid = \"AC1\"\nauth_token = \"t\"\n",
        )
        .unwrap();
        let e = Config::load(Some(&p)).unwrap_err().to_string();
        assert!(e.contains("messaging_service_sid"), "{e}");
        std::fs::write(&p, "[notices]\nhold_days = 0\n").unwrap();
        assert!(Config::load(Some(&p))
            .unwrap_err()
            .to_string()
            .ends_with("notices.hold_days must be between 1 and 365"));
    }
}

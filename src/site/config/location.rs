//! Where the configuration is read from: `--config`, else
//! `LOCKERWALL_CONFIG`, else `./lockerwall.toml` (the demo in a checkout),
//! else `/etc/lockerwall/lockerwall.toml` (an installed wall), else the
//! built-in demo settings. Every command finds it the same way.

use std::path::{Path, PathBuf};

/// An installed wall's configuration file.
pub const SYSTEM_FILE: &str = "/etc/lockerwall/lockerwall.toml";
/// An installed wall's data folder, when its configuration names none.
pub const SYSTEM_DATA: &str = "/var/lib/lockerwall";
/// The environment variable that names the configuration file.
pub const ENV: &str = "LOCKERWALL_CONFIG";
/// The demo's configuration file, in the working directory.
pub const LOCAL_FILE: &str = "lockerwall.toml";

/// Where the configuration came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// `--config FILE`.
    Flag(PathBuf),
    /// `LOCKERWALL_CONFIG=FILE`.
    Env(PathBuf),
    /// `./lockerwall.toml`.
    Local(PathBuf),
    /// `/etc/lockerwall/lockerwall.toml`.
    System(PathBuf),
    /// No file: the demo site on the simulated wall, data in `./data`.
    BuiltIn,
}

impl Source {
    /// The file to read, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::Flag(p) | Source::Env(p) | Source::Local(p) | Source::System(p) => Some(p),
            Source::BuiltIn => None,
        }
    }

    /// The data folder when the file names none: a configuration kept
    /// under /etc is an installed wall's, which keeps its data where Linux
    /// keeps a service's state; the demo's is `./data`.
    pub fn default_data_dir(&self) -> PathBuf {
        match self.path() {
            Some(p) if p.starts_with("/etc") => PathBuf::from(SYSTEM_DATA),
            _ => PathBuf::from("data"),
        }
    }

    /// In words, for the line every command prints.
    pub fn describe(&self) -> String {
        match self {
            Source::Flag(p) => format!("{} (--config)", p.display()),
            Source::Env(p) => format!("{} ({ENV})", p.display()),
            Source::Local(p) | Source::System(p) => p.display().to_string(),
            Source::BuiltIn => "no configuration file (the demo settings)".into(),
        }
    }
}

/// Find the configuration from the flag, the environment and the two
/// places a file may be (the working directory's, then the system's).
pub fn locate(flag: Option<PathBuf>, env: Option<PathBuf>, local: &Path, system: &Path) -> Source {
    if let Some(p) = flag {
        Source::Flag(p)
    } else if let Some(p) = env.filter(|p| !p.as_os_str().is_empty()) {
        Source::Env(p)
    } else if local.exists() {
        Source::Local(local.to_path_buf())
    } else if system.exists() {
        Source::System(system.to_path_buf())
    } else {
        Source::BuiltIn
    }
}

/// [`locate`] for this process: its flag, `LOCKERWALL_CONFIG`, the
/// working directory and `/etc/lockerwall`.
pub fn locate_here(flag: Option<PathBuf>) -> Source {
    locate(
        flag,
        std::env::var_os(ENV).map(PathBuf::from),
        Path::new(LOCAL_FILE),
        Path::new(SYSTEM_FILE),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_then_the_environment_then_the_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (local, system) = (dir.path().join("local.toml"), dir.path().join("etc.toml"));
        let flag = Some(PathBuf::from("/x/flag.toml"));
        let env = Some(PathBuf::from("/x/env.toml"));
        assert_eq!(locate(None, None, &local, &system), Source::BuiltIn);
        std::fs::write(&system, "").unwrap();
        assert_eq!(
            locate(None, None, &local, &system),
            Source::System(system.clone())
        );
        std::fs::write(&local, "").unwrap();
        assert_eq!(
            locate(None, None, &local, &system),
            Source::Local(local.clone())
        );
        // An empty variable is as good as none.
        assert_eq!(
            locate(None, Some(PathBuf::new()), &local, &system),
            Source::Local(local.clone())
        );
        assert_eq!(
            locate(None, env.clone(), &local, &system),
            Source::Env(PathBuf::from("/x/env.toml"))
        );
        assert_eq!(
            locate(flag, env, &local, &system),
            Source::Flag(PathBuf::from("/x/flag.toml"))
        );
    }

    #[test]
    fn an_installed_wall_keeps_its_data_in_var_lib() {
        let system = Source::System(PathBuf::from(SYSTEM_FILE));
        assert_eq!(system.default_data_dir(), PathBuf::from(SYSTEM_DATA));
        assert_eq!(Source::BuiltIn.default_data_dir(), PathBuf::from("data"));
        let unit = Source::Flag(PathBuf::from("/etc/lockerwall/lockerwall.toml"));
        assert_eq!(unit.default_data_dir(), PathBuf::from(SYSTEM_DATA));
        let demo = Source::Flag(PathBuf::from("my-wall.toml"));
        assert_eq!(demo.default_data_dir(), PathBuf::from("data"));
    }
}

//! An installed wall: the configuration where Linux keeps it, every command
//! reading the same one and saying which data folder it uses, and the
//! built-in demo site (its PINs are in the README) never driving real boards.

mod common;

use common::said;
use lockerwall::app::{self, StartError};
use lockerwall::site::config::{Config, HalKind};
use std::path::Path;
use std::process::{Command, Output};

fn lockerwall(args: &[&str], envs: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lockerwall"));
    cmd.args(args).env_remove("LOCKERWALL_CONFIG");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    // No display: a kiosk that got as far as its window would fail there.
    cmd.env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY");
    cmd.output().unwrap()
}

#[test]
fn the_demo_site_never_drives_real_boards() {
    // What a new installer tried: real boards, a port, and nothing else.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config = dir.path().join("lockerwall.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\n[hal]\nkind = \"serial\"\nport = \"/dev/ttyUSB0\"\n",
            data.display()
        ),
    )
    .unwrap();
    let out = lockerwall(&["--config", config.to_str().unwrap()], &[]);
    let text = said(&out);
    assert!(!out.status.success(), "{text}");
    assert!(
        text.contains("names no site file") && text.contains("site_file = "),
        "{text}"
    );
    // Refused before anything was set up: no demo database, no bus opened.
    assert!(!data.join(app::DB_FILE).exists(), "{text}");
    assert!(!text.contains("new site set up"), "{text}");
    assert!(!text.contains("cannot open the lock bus"), "{text}");
}

#[tokio::test]
async fn the_demo_site_may_run_on_a_simulated_board() {
    // `hal simulate-board --pty` serves the demo wall on a pseudo-terminal.
    let (_master, _slave, pty) = lockerwall_hal::serial::pty_pair().unwrap();
    let mut config = Config::default();
    config.hal.kind = HalKind::Serial;
    config.hal.port = Some(pty);
    assert!(app::load_site(&config).is_ok());
    config.hal.port = Some("/dev/ttyUSB0".into());
    assert!(matches!(
        app::load_site(&config),
        Err(StartError::DemoSiteOnRealBoards { port }) if port == "/dev/ttyUSB0"
    ));
    // A second bus on a real port is refused too.
    config.hal.port = Some(lockerwall_hal::serial::pty_pair().unwrap().2);
    config.hal.buses.insert(
        "lower".into(),
        lockerwall::site::config::BusPort {
            port: "/dev/ttyUSB1".into(),
            baud: 9600,
        },
    );
    assert!(app::load_site(&config).is_err());
}

#[test]
fn every_command_reads_the_same_configuration_and_says_its_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (env_data, flag_data) = (dir.path().join("env-data"), dir.path().join("flag-data"));
    let (env_config, flag_config) = (dir.path().join("env.toml"), dir.path().join("flag.toml"));
    std::fs::write(
        &env_config,
        format!("data_dir = {:?}\n", env_data.display()),
    )
    .unwrap();
    std::fs::write(
        &flag_config,
        format!("data_dir = {:?}\n", flag_data.display()),
    )
    .unwrap();
    let env = [("LOCKERWALL_CONFIG", env_config.as_path())];

    let list = lockerwall(&["residents", "list"], &env);
    let text = said(&list);
    assert!(list.status.success(), "{text}");
    assert!(
        text.contains(&format!("data folder {}", env_data.display()))
            && text.contains("LOCKERWALL_CONFIG"),
        "{text}"
    );
    assert!(env_data.join(app::DB_FILE).exists());

    let backup = dir.path().join("backup.db");
    let out = lockerwall(&["backup", backup.to_str().unwrap()], &env);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains(&format!("data folder {}", env_data.display())));
    assert!(backup.exists());

    // --config wins over the environment.
    let flag = flag_config.to_str().unwrap();
    let out = lockerwall(&["--config", flag, "carriers", "list"], &env);
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains(&format!("data folder {}", flag_data.display())),
        "{}",
        said(&out)
    );
    assert!(flag_data.join(app::DB_FILE).exists());
}

#[test]
fn a_configuration_under_etc_keeps_its_data_in_var_lib() {
    use lockerwall::site::config::location::{Source, SYSTEM_DATA};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lockerwall.toml");
    std::fs::write(&file, "idle_seconds = 90\n").unwrap();
    // Anywhere else, a file without data_dir means ./data, as the demo's.
    let here = Config::load_from(&Source::Flag(file.clone())).unwrap();
    assert_eq!(here.data_dir, Path::new("data"));
    // The packaged file lives under /etc: its default is /var/lib/lockerwall.
    let etc = Source::System("/etc/lockerwall/lockerwall.toml".into());
    assert_eq!(etc.default_data_dir(), Path::new(SYSTEM_DATA));
}

#[test]
fn the_packaged_configuration_reads_as_an_installed_wall() {
    use lockerwall::site::config::location::Source;
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/lockerwall.toml");
    let c = Config::load_from(&Source::Flag(file)).unwrap();
    assert_eq!(c.data_dir, Path::new("/var/lib/lockerwall"));
    assert!(c.fullscreen && !c.simulator_window);
    assert_eq!(c.site_file, None);
    assert_eq!(c.backup.places, [Path::new("/var/backups/lockerwall")]);
}

//! The `lockerwall` command: runs the kiosk, and the technician's, staff's and installer's commands (src/cli/).

mod cli;

use clap::Parser;
use cli::*;
use lockerwall::site::config::Config;
use std::time::Instant;

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
    let source = lockerwall::site::config::location::locate_here(cli.config.clone());
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

//! Saying which settings and data folder a command uses; the server's commands forwarded.

use super::*;

/// Say which configuration and data folder a command uses: on a box with
/// a demo checkout and an installed wall, nobody should have to guess.
pub(crate) fn say_where(
    command: &Option<Command>,
    source: &lockerwall::site::config::location::Source,
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
pub(crate) fn forward_to_portfolio(args: &[std::ffi::OsString]) -> anyhow::Result<()> {
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

//! `lockerwall-portfolio`: the portfolio server's own program (serve, set up,
//! load the demo). The kiosk does not link it; `lockerwall portfolio ...`
//! forwards here.

use clap::Parser;
use lockerwall_portfolio::cli::{self, PortfolioCommand};

/// The portfolio server for regional managers (PostgreSQL).
#[derive(Parser, Debug)]
#[command(name = "lockerwall-portfolio", version)]
struct Cli {
    /// Log as JSON lines (for a log collector) instead of text.
    #[arg(long, global = true, env = "LOCKERWALL_LOG_JSON")]
    log_json: bool,
    #[command(subcommand)]
    command: PortfolioCommand,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let logs = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        );
    if cli.log_json {
        logs.json().init();
    } else {
        logs.init();
    }
    match cli::run(cli.command) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lockerwall-portfolio: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

//! The technician's commands: the lock boards, and a simulated board on a pseudo-terminal.

use super::*;

/// `lockerwall hal status | open | probe | watch`.
pub(crate) fn technician(config: &Config, cmd: HalCommand) -> anyhow::Result<()> {
    use lockerwall::commands::technician as tech;
    use lockerwall::domain::Clock;
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut out = std::io::stdout();
    if let HalCommand::Probe { port, kind } = &cmd {
        let kind = match kind.as_str() {
            "kr-cu16" => lockerwall::site::wiring::BoardType::KrCu16,
            "modbus-relay" => lockerwall::site::wiring::BoardType::ModbusRelay,
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

pub(crate) fn simulate_board(config: &Config, pty: bool, no_window: bool) -> anyhow::Result<()> {
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
    for (bus, boards) in lockerwall::site::wiring::by_bus(&site.wiring()) {
        let (master, slave, path) = {
            let _guard = tokio.enter();
            lockerwall_hal::serial::pty_pair().context("cannot open a pseudo-terminal")?
        };
        println!("{path}");
        advice += &if bus == lockerwall::site::wiring::MAIN_BUS {
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
    let console = lockerwall::commands::sim_console::Console::new(wall.clone(), &site, handles);
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

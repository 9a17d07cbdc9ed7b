//! The staff's and installer's commands: the directory, accounts, reports, audits, backups.

use super::*;

/// The directory, accounts, reports, audits and backups.
pub(crate) fn staff_command(config: &Config, command: Command) -> anyhow::Result<()> {
    use lockerwall::commands::admin::{self as admin, AccountAction, Format};
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
        Command::Residents(ResidentsCommand::RevokeLink { id }) => {
            let resident = lockerwall::domain::ResidentId(id);
            store.revoke_page_links(resident, &admin::cli_actor(), now)?;
            println!(
                "resident {id}: the links to their page issued so far are revoked \
                 (the server hears it with the wall's next sync round)"
            );
        }
        Command::Residents(ResidentsCommand::Away {
            id,
            from,
            until,
            back,
        }) => {
            let resident = lockerwall::domain::ResidentId(id);
            let (from, until) = if back {
                (now, now)
            } else {
                let day = |s: Option<&str>| lockerwall::commands::away::day_start(s, offset, now);
                (day(from.as_deref())?, day(until.as_deref())?)
            };
            store.set_away(resident, from, until, &admin::cli_actor(), now)?;
            println!(
                "{}",
                lockerwall::commands::away::said(id, back, until, offset)
            );
        }
        Command::Residents(ResidentsCommand::Notices {
            id,
            by,
            language,
            reminders,
        }) => {
            anyhow::ensure!(
                by.is_some() || language.is_some() || reminders.is_some(),
                "say --by, --language or --reminders"
            );
            let choices = lockerwall::store::NoticeChoices {
                by: by.as_deref().and_then(lockerwall::domain::NotifyBy::parse),
                language,
                reminders: reminders.as_deref().map(|r| r == "on"),
            };
            let resident = lockerwall::domain::ResidentId(id);
            store.set_notice_choices(resident, &choices, &admin::cli_actor(), now)?;
            println!("resident {id}: their next notices follow this");
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

//! Bringing a wall back from a backup.

use super::*;

/// `lockerwall restore FILE|PLACE`: the copy (a place: its newest) and its key into the data folder.
pub(crate) fn restore(
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

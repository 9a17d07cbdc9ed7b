//! The wall's health as the portfolio's fleet view shows it: version,
//! uptime, disk, database, notices, the last sync error and the clock.

use crate::domain::Timestamp;
use crate::store::{Store, StoreError};
use lockerwall_wire::WallHealth;
use std::path::Path;
use std::time::Instant;

/// What the reporter remembers between rounds for the health report.
#[derive(Clone, Debug)]
pub struct HealthWatch {
    started: Instant,
    /// The wall's clock minus the server's at the last answer.
    pub clock_skew_ms: Option<i64>,
    /// The last round that failed: when, and why.
    pub last_failure: Option<(Timestamp, String)>,
}

impl Default for HealthWatch {
    fn default() -> Self {
        HealthWatch {
            started: Instant::now(),
            clock_skew_ms: None,
            last_failure: None,
        }
    }
}

impl HealthWatch {
    /// The report for the next batch; notice errors' words only when the
    /// property shares details (they may name an address).
    pub fn report(
        &self,
        store: &Store,
        now: Timestamp,
        share_details: bool,
    ) -> Result<WallHealth, StoreError> {
        let figures = store.health_figures(now)?;
        let (disk_free, disk_total) = store
            .connection()
            .path()
            .and_then(|p| disk_space(Path::new(p).parent()?))
            .map_or((None, None), |(free, total)| (Some(free), Some(total)));
        Ok(WallHealth {
            version: env!("CARGO_PKG_VERSION").to_string(),
            uptime_s: self.started.elapsed().as_secs() as i64,
            disk_free,
            disk_total,
            database_bytes: figures.database_bytes,
            outbox: figures.outbox,
            notices_failed_day: figures.failed_day,
            notice_error: figures.last_error.filter(|_| share_details),
            sync_error_at: self.last_failure.as_ref().map(|(at, _)| at.0),
            sync_error: self.last_failure.as_ref().map(|(_, why)| why.clone()),
            clock_skew_ms: self.clock_skew_ms,
            clock_synchronised: crate::clock_check::kernel_synchronised(),
        })
    }
}

/// Bytes free (to an unprivileged writer) and in all on the disk holding `dir`.
pub fn disk_space(dir: &Path) -> Option<(i64, i64)> {
    use std::os::unix::ffi::OsStrExt;
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let name = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs only writes the zeroed struct it is given, and `name`
    // is a NUL-terminated path that outlives the call.
    let s = unsafe {
        let mut s: libc::statvfs = std::mem::zeroed();
        (libc::statvfs(name.as_ptr(), &mut s) == 0).then_some(s)
    }?;
    let block = s.f_frsize as i64;
    Some((s.f_bavail as i64 * block, s.f_blocks as i64 * block))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_disk_of_a_folder_is_measured() {
        let dir = tempfile::tempdir().unwrap();
        let (free, total) = disk_space(dir.path()).unwrap();
        assert!(free > 0 && total >= free, "{free} of {total}");
        assert_eq!(disk_space(Path::new("/no/such/folder")), None);
    }
}

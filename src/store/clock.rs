//! The clock checks' findings on the staff's attention list: raised once
//! while the problem lasts, resolved by the kiosk when it is gone.

use super::{attention, Store, StoreError};
use crate::domain::Timestamp;

/// Attention kind: the system clock is not synchronised to a time source.
pub const CLOCK_UNSYNCED: &str = "clock_unsynced";
/// Attention kind: the wall's clock disagrees with the portfolio server's.
pub const CLOCK_SKEW: &str = "clock_skew";

impl Store {
    /// What the kernel says of the clock (`None`: it could not be asked).
    pub fn clock_synchronised(
        &mut self,
        synced: Option<bool>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        match synced {
            Some(false) => self.raise(
                CLOCK_UNSYNCED,
                "The system clock is not synchronised to a time source: notices, holds and reports may carry wrong times after a power cut. Install systemd-timesyncd or chrony (see the README's \"Clock\").",
                now,
            ),
            Some(true) => self.settle(CLOCK_UNSYNCED, now),
            None => Ok(()),
        }
    }

    /// The wall's clock minus the portfolio server's, in ms.
    pub fn clock_skew(&mut self, skew_ms: i64, now: Timestamp) -> Result<(), StoreError> {
        if skew_ms.abs() <= crate::clock_check::SKEW_LIMIT_MS {
            return self.settle(CLOCK_SKEW, now);
        }
        let minutes = (skew_ms.abs() + 30_000) / 60_000;
        let way = if skew_ms > 0 { "ahead of" } else { "behind" };
        self.raise(
            CLOCK_SKEW,
            &format!("The wall's clock is about {minutes} min {way} the portfolio server's: notices and holds use the wall's clock. Set the box to synchronise its time (see the README's \"Clock\")."),
            now,
        )
    }

    fn raise(&mut self, kind: &str, message: &str, now: Timestamp) -> Result<(), StoreError> {
        let tx = self.write()?;
        attention::add(&tx, now, kind, None, None, message)?;
        tx.commit()?;
        Ok(())
    }

    fn settle(&mut self, kind: &str, now: Timestamp) -> Result<(), StoreError> {
        attention::settle(&self.conn, kind, now)
    }
}

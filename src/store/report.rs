//! The rows the staff's reports are computed from.

use super::{Store, StoreError};
use crate::domain::{Size, Timestamp};
use crate::report::{PackageRow, Period, Report};

impl Store {
    /// Every figure for a period.
    pub fn report(&self, period: Period) -> Result<Report, StoreError> {
        let (from, to) = period.bounds();
        // Packages in a locker at some moment of the period.
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT p.stored_at, p.closed_at, p.state = ",
            state!(PickedUp),
            ", COALESCE(c.name, ''), l.size,
                    p.expired_at
             FROM packages p JOIN lockers l ON l.id = p.locker_id
             LEFT JOIN carriers c ON c.id = p.carrier_id
             WHERE p.stored_at IS NOT NULL AND p.stored_at < ?2 AND p.is_return = 0
               AND (p.closed_at IS NULL OR p.closed_at >= ?1 OR p.expired_at >= ?1)"
        ))?;
        let rows = stmt.query_map([from.0, to.0], |r| {
            let size: String = r.get(4)?;
            Ok(PackageRow {
                stored_at: Timestamp(r.get(0)?),
                closed_at: r.get::<_, Option<i64>>(1)?.map(Timestamp),
                picked_up: r.get(2)?,
                carrier: r.get(3)?,
                size: Size::parse(&size).unwrap_or(Size::XL),
                expired_at: r.get::<_, Option<i64>>(5)?.map(Timestamp),
            })
        })?;
        let rows: Vec<PackageRow> = rows.collect::<Result<_, _>>()?;
        let mut capacity = [0u32; 4];
        // The package room's door is not a locker of any size.
        for t in self.wall_tiles()? {
            capacity[t.locker.size.index()] += 1;
        }
        Ok(Report::compute(period, &rows, capacity))
    }
}

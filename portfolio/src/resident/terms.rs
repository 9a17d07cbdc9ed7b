//! What a wall's newest snapshot says about its residents' packages: how
//! long it holds them, which it keeps longer, whether it takes door
//! delivery requests, and who is away. One read for the page and its requests.

use crate::wire::{AwayPeriod, HeldLonger};
use crate::PortfolioError;
use std::collections::HashMap;

/// A wall's terms for its residents, as its newest snapshot gives them.
#[derive(Debug, Default)]
pub struct WallTerms {
    /// The holding period in days (none: the wall has not said).
    pub hold_days: Option<i64>,
    /// Waiting packages kept longer (staff extended their hold): package -> until (ms).
    pub held_longer: HashMap<i64, i64>,
    /// Residents may ask for a package at their door.
    pub door_requests: bool,
    /// The wall sends text messages.
    pub texts: bool,
    /// Residents away now or soon.
    pub away: Vec<AwayPeriod>,
}

/// The terms of `property`'s wall (the defaults before its first sync).
pub async fn read(c: &tokio_postgres::Client, property: &str) -> Result<WallTerms, PortfolioError> {
    let row = c
        .query_opt(
            "SELECT (snapshot->>'hold_days')::bigint,
                    snapshot->'held_longer',
                    coalesce((snapshot->>'door_delivery_requests')::boolean, false),
                    snapshot->'away',
                    coalesce((snapshot->>'texts')::boolean, false)
             FROM sync_state WHERE property_id = $1",
            &[&property],
        )
        .await?;
    let Some(row) = row else {
        return Ok(WallTerms::default());
    };
    // A list the server cannot read keeps the holding period's dates.
    let longer: Vec<HeldLonger> = row
        .get::<_, Option<serde_json::Value>>(1)
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    let away: Vec<AwayPeriod> = row
        .get::<_, Option<serde_json::Value>>(3)
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    Ok(WallTerms {
        hold_days: row.get(0),
        held_longer: longer.into_iter().map(|h| (h.package, h.until)).collect(),
        door_requests: row.get(2),
        texts: row.get(4),
        away,
    })
}

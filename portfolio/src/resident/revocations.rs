//! What the wall's events tell about residents' pages (inside the batch's
//! transaction): links revoked, and packages that changed recipient (the
//! page lists a package under its resident now).

use crate::wire::{Event, EventKind};
use crate::PortfolioError;
use chrono::{DateTime, Utc};
use deadpool_postgres::Transaction;

/// Take `run`'s revocations and recipient changes.
pub async fn take(
    tx: &Transaction<'_>,
    property: &str,
    run: &[&Event],
) -> Result<(), PortfolioError> {
    for e in run {
        let Some(resident) = e.resident else { continue };
        match EventKind::parse(&e.kind) {
            Some(EventKind::PageLinkRevoked) => {
                let at = DateTime::<Utc>::from_timestamp_millis(e.at).unwrap_or_default();
                tx.execute(
                    "INSERT INTO page_revocations (property_id, resident, revoked_at)
                     VALUES ($1, $2, $3)
                     ON CONFLICT (property_id, resident)
                     DO UPDATE SET revoked_at = greatest(page_revocations.revoked_at, $3)",
                    &[&property, &resident, &at],
                )
                .await?;
            }
            Some(EventKind::RecipientChanged) => {
                if let Some(package) = e.package {
                    tx.execute(
                        "UPDATE packages SET resident = $3 WHERE property_id = $1 AND package = $2",
                        &[&property, &package, &resident],
                    )
                    .await?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

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

/// The desk withdraws `ticket`'s resident's page links at once (their
/// question says a link reached someone else): every link issued up to now
/// opens nothing; their next notice brings a new one. False: the manager
/// does not cover the ticket, or it names no resident.
pub async fn revoke_for_ticket(
    pool: &deadpool_postgres::Pool,
    manager: i64,
    ticket: i64,
) -> Result<bool, PortfolioError> {
    let c = pool.get().await?;
    let revoked = c
        .execute(
            "INSERT INTO page_revocations (property_id, resident, revoked_at)
             SELECT t.property_id, t.resident, now() FROM tickets t
             JOIN manager_properties mp ON mp.property_id = t.property_id AND mp.manager_id = $2
             WHERE t.id = $1 AND t.resident IS NOT NULL
             ON CONFLICT (property_id, resident)
             DO UPDATE SET revoked_at = greatest(page_revocations.revoked_at, now())",
            &[&ticket, &manager],
        )
        .await?;
    Ok(revoked == 1)
}

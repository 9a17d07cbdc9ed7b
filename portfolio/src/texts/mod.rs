//! Text messages at the server. The wall sends its texts itself, through the
//! property's provider; the provider posts the replies residents send to
//! `/texts/{property}/inbound` here, because the server is on the internet
//! and the wall may not be. A STOP or START goes on to the wall as a request
//! naming the number by its keyed tag; the server keeps no number.

pub mod inbound;
pub mod signature;

use crate::PortfolioError;
use deadpool_postgres::Pool;

pub use crate::wire::texts::{inbound_path, status_path};

/// A property's provider account.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    pub sid: String,
    pub token: String,
}

/// Set `property`'s provider account (the wall's `[notices.texts]`).
pub async fn put_account(
    pool: &Pool,
    property: &str,
    sid: &str,
    token: &str,
) -> Result<(), PortfolioError> {
    if sid.is_empty() || token.len() < 16 {
        return Err(PortfolioError::Refused(
            "the provider's account sid and an auth token of at least 16 characters are needed"
                .into(),
        ));
    }
    let c = pool.get().await?;
    let changed = c
        .execute(
            "INSERT INTO property_texts (property_id, account_sid, auth_token)
             SELECT id, $2, $3 FROM properties WHERE id = $1
             ON CONFLICT (property_id) DO UPDATE SET account_sid = $2, auth_token = $3, set_at = now()",
            &[&property, &sid, &token],
        )
        .await?;
    if changed == 0 {
        return Err(PortfolioError::Refused(format!("no property {property:?}")));
    }
    Ok(())
}

/// `property`'s provider account, and its sync key (which names numbers).
pub async fn account(
    c: &tokio_postgres::Client,
    property: &str,
) -> Result<Option<(Account, String)>, PortfolioError> {
    let row = c
        .query_opt(
            "SELECT t.account_sid, t.auth_token, p.sync_key FROM property_texts t
             JOIN properties p ON p.id = t.property_id WHERE t.property_id = $1",
            &[&property],
        )
        .await?;
    Ok(row.map(|r| {
        (
            Account {
                sid: r.get(0),
                token: r.get(1),
            },
            r.get(2),
        )
    }))
}

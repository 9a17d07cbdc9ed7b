//! Setting up the portfolio: properties with their keys, managers, and who
//! sees what.

use crate::{auth, PortfolioError};
use deadpool_postgres::Pool;

/// Add a property (or change its name, region and key).
pub async fn put_property(
    pool: &Pool,
    id: &str,
    name: &str,
    region: &str,
    key: &str,
) -> Result<(), PortfolioError> {
    if key.len() < 16 {
        return Err(PortfolioError::Refused(
            "a property key needs at least 16 characters (use `openssl rand -hex 32`)".into(),
        ));
    }
    let client = pool.get().await?;
    client
        .execute(
            "INSERT INTO properties (id, name, region, sync_key) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET name = $2, region = $3, sync_key = $4",
            &[&id, &name, &region, &key],
        )
        .await
        .map_err(|e| match e.code() {
            Some(c) if *c == tokio_postgres::error::SqlState::CHECK_VIOLATION => {
                PortfolioError::Refused(format!(
                    "the property id {id:?} must be lower-case letters, digits and dashes"
                ))
            }
            _ => e.into(),
        })?;
    Ok(())
}

/// Add a manager (or set their name and password); returns their id.
pub async fn put_manager(
    pool: &Pool,
    email: &str,
    name: &str,
    password: &str,
) -> Result<i64, PortfolioError> {
    if password.chars().count() < 8 {
        return Err(PortfolioError::Refused(
            "a manager's password needs at least 8 characters".into(),
        ));
    }
    let password = password.to_string();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|e| PortfolioError::Refused(e.to_string()))?;
    let client = pool.get().await?;
    let row = client
        .query_one(
            "INSERT INTO managers (email, name, password_hash) VALUES ($1, $2, $3)
             ON CONFLICT (email) DO UPDATE SET name = $2, password_hash = $3
             RETURNING id",
            &[&email.trim().to_lowercase(), &name, &hash],
        )
        .await?;
    let id: i64 = row.get(0);
    // A new password ends every session the old one opened.
    client
        .execute("DELETE FROM sessions WHERE manager_id = $1", &[&id])
        .await?;
    Ok(id)
}

/// What can be done to a manager's access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// No sign-in any more; every session ends now.
    Disable,
    Enable,
    /// Gone, with their sessions and properties (their answers stay, unnamed).
    Remove,
}

/// Disable, enable or remove a manager.
pub async fn set_access(pool: &Pool, email: &str, access: Access) -> Result<(), PortfolioError> {
    let client = pool.get().await?;
    let email = email.trim().to_lowercase();
    let n = match access {
        Access::Disable => {
            client
                .execute(
                    "DELETE FROM sessions WHERE manager_id = (SELECT id FROM managers WHERE email = $1)",
                    &[&email],
                )
                .await?;
            client
                .execute(
                    "UPDATE managers SET disabled_at = COALESCE(disabled_at, now()) WHERE email = $1",
                    &[&email],
                )
                .await?
        }
        Access::Enable => {
            client
                .execute(
                    "UPDATE managers SET disabled_at = NULL WHERE email = $1",
                    &[&email],
                )
                .await?
        }
        Access::Remove => {
            client
                .execute("DELETE FROM managers WHERE email = $1", &[&email])
                .await?
        }
    };
    if n == 0 {
        return Err(PortfolioError::NotFound(format!("no manager {email}")));
    }
    Ok(())
}

/// Let a manager see a property.
pub async fn assign(pool: &Pool, email: &str, property: &str) -> Result<(), PortfolioError> {
    let client = pool.get().await?;
    let n = client
        .execute(
            "INSERT INTO manager_properties (manager_id, property_id)
             SELECT m.id, p.id FROM managers m, properties p
             WHERE m.email = lower($1) AND p.id = $2
             ON CONFLICT DO NOTHING",
            &[&email.trim(), &property],
        )
        .await?;
    if n == 0 {
        let exists = client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM managers WHERE email = lower($1)),
                        EXISTS (SELECT 1 FROM properties WHERE id = $2)",
                &[&email.trim(), &property],
            )
            .await?;
        if !exists.get::<_, bool>(0) {
            return Err(PortfolioError::NotFound(format!("no manager {email}")));
        }
        if !exists.get::<_, bool>(1) {
            return Err(PortfolioError::NotFound(format!("no property {property}")));
        }
    }
    Ok(())
}

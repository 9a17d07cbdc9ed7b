//! The portfolio's errors.

/// What went wrong in the portfolio server or its tools.
#[derive(Debug, thiserror::Error)]
pub enum PortfolioError {
    #[error("database: {}", db_words(.0))]
    Db(#[from] tokio_postgres::Error),
    #[error("database connection pool: {0}")]
    Pool(String),
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    NotFound(String),
}

impl From<deadpool_postgres::PoolError> for PortfolioError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        PortfolioError::Pool(e.to_string())
    }
}

/// The server's own words ("relation ... does not exist") rather than
/// tokio-postgres's bare "db error".
fn db_words(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => match d.detail() {
            Some(detail) => format!("{} ({detail})", d.message()),
            None => d.message().to_string(),
        },
        None => e.to_string(),
    }
}

//! The portfolio's errors.

/// What went wrong in the portfolio server or its tools.
#[derive(Debug, thiserror::Error)]
pub enum PortfolioError {
    #[error("database: {0}")]
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

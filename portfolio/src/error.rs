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
        PortfolioError::Pool(with_causes(&e))
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

/// An error and every cause under it ("error performing TLS handshake:
/// invalid peer certificate: UnknownIssuer"): the top line alone rarely
/// says what to fix.
pub fn with_causes(e: &dyn std::error::Error) -> String {
    let mut words = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let next = c.to_string();
        if !words.contains(&next) {
            words.push_str(": ");
            words.push_str(&next);
        }
        cause = c.source();
    }
    words
}

//! The server's database on another machine is reached over TLS, its
//! certificate checked: here Debian's own PostgreSQL over TCP with
//! `sslmode=require`, trusting its certificate through `sslrootcert`.

use lockerwall_portfolio::testing::TestDb;

/// Debian's PostgreSQL serves this certificate (`ssl = on` by default).
const SNAKEOIL: &str = "/etc/ssl/certs/ssl-cert-snakeoil.pem";

/// The name the certificate is for (its first DNS name).
fn certificate_name() -> String {
    let out = std::process::Command::new("openssl")
        .args(["x509", "-noout", "-ext", "subjectAltName", "-in", SNAKEOIL])
        .output()
        .expect("openssl");
    let text = String::from_utf8_lossy(&out.stdout);
    text.split(|c: char| c == ',' || c.is_whitespace())
        .find_map(|p| p.strip_prefix("DNS:"))
        .unwrap_or("localhost")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_is_reached_over_tls_with_its_certificate_checked() {
    let db = TestDb::new().await;
    let role = format!("lw_tls_{}", db.name.replace('-', "_"));
    let c = db.pool.get().await.unwrap();
    c.batch_execute(&format!(
        "CREATE ROLE {role} LOGIN PASSWORD 'tls-test-password'"
    ))
    .await
    .unwrap();
    let host = certificate_name();
    let url = |extra: &str| {
        format!(
            "host={host} user={role} password=tls-test-password dbname={} sslmode=require {extra}",
            db.name
        )
    };

    // Trusting the server's certificate: an encrypted connection.
    let pool = lockerwall_portfolio::db::pool(&url(&format!("sslrootcert={SNAKEOIL}")), 2).unwrap();
    let client = pool
        .get()
        .await
        .unwrap_or_else(|e| panic!("over TLS to {host}: {e}"));
    let ssl: bool = client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(ssl, "the connection is not encrypted");

    // Not trusting it (a self-signed certificate is no public authority's):
    // refused, and said why.
    let untrusted = lockerwall_portfolio::db::pool(&url(""), 2).unwrap();
    let err =
        lockerwall_portfolio::PortfolioError::from(untrusted.get().await.map(|_| ()).unwrap_err())
            .to_string();
    assert!(
        err.to_lowercase().contains("certificate") || err.contains("UnknownIssuer"),
        "{err}"
    );
    // A CA file that is not there is said at once.
    let missing = lockerwall_portfolio::db::pool(&url("sslrootcert=/no/such/ca.pem"), 2);
    assert!(missing.unwrap_err().to_string().contains("/no/such/ca.pem"));

    drop(client);
    drop(pool);
    drop(untrusted);
    c.batch_execute(&format!("DROP OWNED BY {role}; DROP ROLE {role}"))
        .await
        .ok();
}

//! The server's own program as systemd runs it (`Type=notify`): it says
//! READY=1 once it listens, answers, and on SIGTERM says STOPPING=1 and
//! exits with status 0. Its settings come from the environment, as the
//! unit's EnvironmentFile gives them.

use lockerwall_portfolio::testing::{free_port, TestDb};
use std::os::unix::net::UnixDatagram;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn next_message(sock: &UnixDatagram) -> Option<String> {
    let mut buf = [0u8; 4096];
    let n = sock.recv(&mut buf).ok()?;
    Some(String::from_utf8_lossy(&buf[..n]).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_program_tells_systemd_it_is_ready_and_stops_cleanly_on_sigterm() {
    let db = TestDb::new().await;
    let notify = std::env::temp_dir().join(format!("lw-notify-{}", db.name));
    let sock = UnixDatagram::bind(&notify).unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let listen = format!("127.0.0.1:{}", free_port());
    let server = Command::new(env!("CARGO_BIN_EXE_lockerwall-portfolio"))
        .arg("serve")
        .env("NOTIFY_SOCKET", &notify)
        .env("LOCKERWALL_PORTFOLIO_DB", &db.url)
        .env("LOCKERWALL_LISTEN", &listen)
        .env("LOCKERWALL_MAIL_EVERY", "0")
        .env("LOCKERWALL_LOG_JSON", "true")
        .env("LOCKERWALL_METRICS_TOKEN", "a-long-metrics-token")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    let ready = next_message(&sock);
    assert_eq!(ready.as_deref(), Some("READY=1\n"));
    // Ready means listening: the address from the environment answers.
    let addr: std::net::SocketAddr = listen.parse().unwrap();
    let ready = lockerwall_portfolio::testing::get(addr, "/readyz", "").await;
    assert_eq!((ready.status, ready.body.as_str()), (200, "ready"));
    // The metrics token came from the environment too.
    let metrics = lockerwall_portfolio::testing::get(addr, "/metrics", "").await;
    assert_eq!(metrics.status, 401);
    let login = lockerwall_portfolio::testing::get(addr, "/login?next=secret", "").await;
    assert_eq!(login.status, 200);

    let t0 = Instant::now();
    assert!(Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap()
        .success());
    assert_eq!(next_message(&sock).as_deref(), Some("STOPPING=1\n"));
    let exit = server.wait_with_output().unwrap();
    assert!(exit.status.success(), "{exit:?}");
    assert!(t0.elapsed() < Duration::from_secs(10));
    // One JSON line per request, without the query.
    let logs = String::from_utf8_lossy(&exit.stderr);
    let requests: Vec<serde_json::Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .filter(|v: &serde_json::Value| v["fields"]["message"] == "request")
        .collect();
    let login = requests
        .iter()
        .find(|v| v["fields"]["path"] == "/login")
        .unwrap_or_else(|| panic!("no request line for /login in\n{logs}"));
    assert_eq!(login["level"], "INFO");
    assert_eq!(login["fields"]["method"], "GET");
    assert_eq!(login["fields"]["status"], 200);
    assert!(!logs.contains("secret"), "{logs}");
    let _ = std::fs::remove_file(&notify);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_says_when_the_database_does_not_answer() {
    let pool = lockerwall_portfolio::db::pool("host=/nonexistent dbname=gone", 2).unwrap();
    let state = lockerwall_portfolio::server::AppState::new(pool, false);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = lockerwall_portfolio::server::router(state)
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let r = lockerwall_portfolio::testing::get(addr, "/readyz", "").await;
    assert_eq!(r.status, 503, "{}", r.body);
    assert!(r.body.contains("database"), "{}", r.body);
    // The process itself is up.
    assert_eq!(
        lockerwall_portfolio::testing::get(addr, "/healthz", "")
            .await
            .status,
        200
    );
}

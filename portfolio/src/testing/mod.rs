//! For tests against a real PostgreSQL (feature `postgres-tests`, here and
//! in the wall's crate): a fresh database per test on the server named by
//! LOCKERWALL_TEST_PG (default: the local socket), the portfolio server on a
//! free port, a small HTTP client, headless Chromium, and made-up walls' events.

pub mod browser;
#[cfg(feature = "mail-tests")]
pub mod mail;

use crate::wire::{self, Batch, Event, Snapshot};
use crate::{admin, db, server};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const DEFAULT_SERVER: &str = "host=/var/run/postgresql dbname=postgres";

/// A database of its own, dropped when the test ends.
pub struct TestDb {
    pub name: String,
    pub url: String,
    pub pool: deadpool_postgres::Pool,
    admin_url: String,
}

impl TestDb {
    pub async fn new() -> TestDb {
        let admin_url = std::env::var("LOCKERWALL_TEST_PG").unwrap_or(DEFAULT_SERVER.into());
        let name = format!("lw_test_{}", rand_suffix());
        let (client, conn) = tokio_postgres::connect(&admin_url, tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "cannot reach the test PostgreSQL at {admin_url:?} (.ci/run starts one): {e}"
                )
            });
        tokio::spawn(conn);
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        // Key-value form: a later dbname wins.
        let url = format!("{admin_url} dbname={name}");
        let pool = db::pool(&url, 8).unwrap();
        db::migrate(&pool).await.unwrap();
        TestDb {
            name,
            url,
            pool,
            admin_url,
        }
    }

    /// One property with a key, and a manager who sees it.
    pub async fn property(&self, id: &str, manager: &str) -> String {
        let key = format!("{id}-key-0123456789abcdef");
        admin::put_property(&self.pool, id, &format!("Property {id}"), "East", &key)
            .await
            .unwrap();
        admin::put_manager(&self.pool, manager, manager, "a long password")
            .await
            .unwrap();
        admin::assign(&self.pool, manager, id).await.unwrap();
        key
    }

    /// `address` known as `resident`'s at `property` (as a wall with
    /// `match_senders` sends it: its keyed tag), so mail from it is proven.
    pub async fn contact(&self, property: &str, address: &str, resident: i64) {
        let c = self.pool.get().await.unwrap();
        let key: String = c
            .query_one(
                "SELECT sync_key FROM properties WHERE id = $1",
                &[&property],
            )
            .await
            .unwrap()
            .get(0);
        c.execute(
            "INSERT INTO contacts (property_id, tag, resident, unit) VALUES ($1, $2, $3, '')",
            &[
                &property,
                &crate::wire::address_tag(&key, address),
                &resident,
            ],
        )
        .await
        .unwrap();
    }

    /// A single number from SQL.
    pub async fn count(&self, sql: &str) -> i64 {
        let c = self.pool.get().await.unwrap();
        c.query_one(sql, &[]).await.unwrap().get(0)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs inside the test's runtime: the clean-up gets a thread of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok((c, conn)) =
                    tokio_postgres::connect(&admin_url, tokio_postgres::NoTls).await
                {
                    tokio::spawn(conn);
                    let _ = c
                        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                }
            });
        })
        .join();
    }
}

fn rand_suffix() -> String {
    use rand::Rng;
    let n: u64 = rand::thread_rng().gen();
    format!("{n:016x}")
}

/// The portfolio server on a free local port.
pub async fn serve(db: &TestDb) -> SocketAddr {
    serve_state(server::AppState::new(db.pool.clone(), false)).await
}

/// The portfolio server with `state` on a free local port.
pub async fn serve_state(state: server::AppState) -> SocketAddr {
    serve_state_on(state, "127.0.0.1:0".parse().unwrap()).await
}

/// The portfolio server with `state` on `addr` (a wall's port that was
/// closed, now opening).
pub async fn serve_state_on(state: server::AppState, addr: SocketAddr) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = server::router(state).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request, `Connection: close`.
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> Reply {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(body).await.unwrap();
    // Read to the end of the reply: its Content-Length, its last chunk, or
    // the server closing (some servers keep the connection despite `close`).
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let n = s.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if complete(&raw) {
            break;
        }
    }
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let chunked = headers.iter().any(|(n, v): &(String, String)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked")
    });
    Reply {
        status,
        body: if chunked {
            dechunk(body)
        } else {
            body.to_string()
        },
        headers,
    }
}

/// Whether `raw` holds a whole HTTP reply.
fn complete(raw: &[u8]) -> bool {
    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
    let body = &raw[end + 4..];
    if let Some(len) = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        return body.len() >= len;
    }
    if head.contains("transfer-encoding: chunked") {
        return body.ends_with(b"0\r\n\r\n");
    }
    false
}

fn dechunk(mut data: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = data.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        data = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// POST a batch signed with `key` (now).
pub async fn post_batch(addr: SocketAddr, property: &str, key: &str, batch: &Batch) -> Reply {
    let body = serde_json::to_vec(batch).unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    http(
        addr,
        "POST",
        wire::EVENTS_PATH,
        &[
            ("Content-Type", "application/json".into()),
            (wire::PROPERTY_HEADER, property.into()),
            (wire::TIMESTAMP_HEADER, now.to_string()),
            (wire::SIGNATURE_HEADER, wire::sign(key, now, &body)),
        ],
        &body,
    )
    .await
}

/// One login attempt, as the login form posts it.
pub async fn login_reply(addr: SocketAddr, email: &str, password: &str) -> Reply {
    let body = format!(
        "email={}&password={}",
        email.replace('@', "%40"),
        password.replace(' ', "+")
    );
    http(
        addr,
        "POST",
        "/login",
        &[("Content-Type", "application/x-www-form-urlencoded".into())],
        body.as_bytes(),
    )
    .await
}

/// Log in; the session cookie to send with later requests.
pub async fn log_in(addr: SocketAddr, email: &str, password: &str) -> Option<String> {
    let r = login_reply(addr, email, password).await;
    r.header("set-cookie")
        .and_then(|c| c.split(';').next())
        .map(str::to_string)
        .filter(|c| !c.ends_with('='))
}

/// A page, as the manager with `cookie`.
pub async fn get(addr: SocketAddr, path: &str, cookie: &str) -> Reply {
    http(addr, "GET", path, &[("Cookie", cookie.into())], b"").await
}

/// A made-up wall's events: a delivery every `every_min` minutes from `start`
/// (ms), each collected `wait_min` later, numbered from 1.
pub fn wall_events(start: i64, deliveries: i64, every_min: i64, wait_min: i64) -> Vec<Event> {
    let mut raw: Vec<(i64, &str, i64)> = Vec::new();
    for p in 1..=deliveries {
        let at = start + (p - 1) * every_min * 60_000;
        raw.push((at, "stored", p));
        raw.push((at + wait_min * 60_000, "picked_up", p));
    }
    raw.sort_by_key(|r| (r.0, r.2));
    raw.iter()
        .enumerate()
        .map(|(i, (at, kind, p))| Event {
            seq: i as i64 + 1,
            at: *at,
            kind: kind.to_string(),
            actor: "kiosk".into(),
            locker: Some(format!("A{:02}", p % 20 + 1)),
            size: Some("M".into()),
            package: Some(*p),
            resident: Some(p % 7 + 1),
            unit: Some("4B".into()),
            carrier: Some(1),
            detail: None,
            tracking_tag: None,
        })
        .collect()
}

/// Yesterday's `deliveries` (from 08:00 UTC, one every 10 minutes, each
/// collected 10 hours later: package p in locker A(p % 20 + 1) for resident
/// p % 7 + 1), except package `waiting`, still in its locker.
pub fn yesterday_with_one_waiting(deliveries: i64, waiting: i64) -> Batch {
    const DAY: i64 = 86_400_000;
    let start = (chrono::Utc::now().timestamp_millis() / DAY - 1) * DAY + 8 * 3_600_000;
    let mut events: Vec<Event> = wall_events(start, deliveries, 10, 600)
        .into_iter()
        .filter(|e| !(e.kind == "picked_up" && e.package == Some(waiting)))
        .collect();
    for (i, e) in events.iter_mut().enumerate() {
        e.seq = i as i64 + 1;
    }
    Batch {
        snapshot: snapshot(events.len() as i64),
        events,
        ..Default::default()
    }
}

/// A snapshot of a 20-locker wall with nothing waiting, after `last_seq`.
pub fn snapshot(last_seq: i64) -> Snapshot {
    Snapshot {
        at: chrono::Utc::now().timestamp_millis(),
        last_seq,
        utc_offset_minutes: 0,
        site: "Test wall".into(),
        sizes: vec![wire::SizeCount {
            size: "M".into(),
            in_service: 20,
            occupied: 0,
        }],
        ..Default::default()
    }
}

/// A TCP port nothing listens on now (for a server the test starts).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

//! A real wall's store reporting to a real portfolio server on a real
//! PostgreSQL: every event once and in order, through an outage, refused
//! with the wrong key, and nothing personal unless the property shares it;
//! a resident following their notice's link in headless Chromium, and
//! choosing text messages there.

mod common;
#[path = "common/text_provider.rs"]
mod text_provider;

use common::{carmens_package, demo_store, fill_wall, T0};
use lockerwall::domain::{Clock, Size, Timestamp};
use lockerwall::store::Store;
use lockerwall::sync::{PortfolioSettings, SyncError, Syncer};
use lockerwall_portfolio::testing::{serve, serve_state_on, TestDb};
use std::sync::{Arc, Mutex};

/// A clock the test moves (the wall's "now" must be near the server's).
struct TestClock(Mutex<Timestamp>);

impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap()
    }
}

fn settings(url: String, key: &str, share: bool) -> PortfolioSettings {
    PortfolioSettings {
        plain_http: false,
        url,
        property: "maple-court".into(),
        key: key.into(),
        share_details: share,
        match_senders: false,
        every_seconds: 60,
        batch: 7,
        timeout_seconds: 5,
        resident_pages: false,
        public_url: None,
        link_days: 60,
        door_delivery_requests: false,
        door_delivery_units: vec![],
    }
}

fn syncer(path: &std::path::Path, s: PortfolioSettings, clock: Arc<TestClock>) -> Syncer {
    let store = common::reopen(path);
    Syncer::new(store, s, "Maple Court".into(), -300, 7, clock).unwrap()
}

/// A portfolio server with Maple Court on it, and a demo wall in a folder of its own.
struct Setup {
    db: TestDb,
    key: String,
    addr: std::net::SocketAddr,
    dir: tempfile::TempDir,
    store: Store,
    path: std::path::PathBuf,
}

async fn setup() -> Setup {
    let db = TestDb::new().await;
    let key = db.property("maple-court", "dana@example.com").await;
    let addr = serve(&db).await;
    let dir = tempfile::tempdir().unwrap();
    common::write_test_secret(dir.path());
    let (store, path) = demo_store(dir.path());
    Setup {
        db,
        key,
        addr,
        dir,
        store,
        path,
    }
}

fn wall_event_count(store: &Store) -> i64 {
    store
        .connection()
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wall_reports_every_event_once_through_an_outage() {
    let Setup {
        db,
        key,
        addr,
        dir: _dir,
        mut store,
        path,
    } = setup().await;
    let now = Timestamp(chrono::Utc::now().timestamp_millis());
    let clock = Arc::new(TestClock(Mutex::new(now)));
    // The seed's own events are from T0; today Carmen's package and a full wall.
    assert!(T0.0 < now.0);
    carmens_package(&mut store, now);
    let stored = fill_wall(&mut store, now, &[Size::L]);
    let first = wall_event_count(&store);

    // Offline: nothing answers on this port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let mut offline = syncer(&path, settings(dead, &key, false), clock.clone());
    let err = offline.round().await.unwrap_err();
    assert!(matches!(err, SyncError::Unreachable(_)), "{err}");
    let status = store.sync_status().unwrap();
    assert_eq!(status.acked, 0);
    assert!(status.last_error.unwrap().contains("could not be reached"));

    // Back online, batches of 7: every event arrives once.
    let mut online = syncer(
        &path,
        settings(format!("http://{addr}"), &key, false),
        clock.clone(),
    );
    let round = online.round().await.unwrap();
    assert_eq!(round.acked, first);
    assert_eq!(round.behind, 0);
    assert_eq!(round.batches as i64, (first + 6) / 7);
    assert_eq!(db.count("SELECT count(*) FROM events").await, first);

    // More happens at the wall: a pickup, then the next round sends only that.
    let w = store.find_by_code(&stored[0].code).unwrap().unwrap();
    store.begin_pickup(w.package, now).unwrap();
    store.door_seen_open(w.package, now).unwrap();
    store
        .confirm_pickup(w.package, now.plus_ms(60_000))
        .unwrap();
    let total = wall_event_count(&store);
    let round = online.round().await.unwrap();
    assert_eq!((round.acked, round.batches), (total, 1));
    // A round with nothing new is one small post (the snapshot), and stores nothing twice.
    online.round().await.unwrap();
    assert_eq!(db.count("SELECT count(*) FROM events").await, total);
    assert_eq!(
        db.count("SELECT count(DISTINCT seq) FROM events").await,
        total
    );

    // The server's figures are the wall's: deliveries today, one collected.
    let deliveries = 1 + stored.len() as i64;
    assert_eq!(
        db.count("SELECT sum(deliveries)::bigint FROM daily").await,
        deliveries
    );
    assert_eq!(
        db.count("SELECT sum(collected)::bigint FROM daily").await,
        1
    );
    assert_eq!(
        db.count("SELECT count(*) FROM events WHERE kind = 'picked_up' AND package IS NOT NULL")
            .await,
        1
    );
    // The snapshot: lockers by size as the wall has them.
    let lockers: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM lockers WHERE kind = 'locker' AND service = 'in_service'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        db.count("SELECT sum((s->>'in_service')::bigint)::bigint FROM sync_state, jsonb_array_elements(snapshot->'sizes') s")
            .await,
        lockers
    );
    assert_eq!(
        db.count("SELECT waiting::bigint FROM sync_state").await,
        deliveries - 1
    );

    // Privacy by default: roles, ids and units; no names, no words, no codes.
    assert_eq!(
        db.count("SELECT count(*) FROM events WHERE detail IS NOT NULL")
            .await,
        0
    );
    assert_eq!(
        db.count("SELECT count(*) FROM events WHERE actor NOT IN ('kiosk', 'carrier', 'staff', 'system', 'installer', 'technician', 'resident')").await,
        0
    );
    let c = db.pool.get().await.unwrap();
    let all: String = c
        .query_one("SELECT string_agg(e::text, ' ') FROM events e", &[])
        .await
        .unwrap()
        .get(0);
    for secret in ["Carmen", "Alvarez", "@", stored[0].code.as_str()] {
        assert!(!all.contains(secret), "{secret:?} left the wall");
    }
    assert!(all.contains("maple-court"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_key_is_refused_and_details_go_only_when_shared() {
    let Setup {
        db,
        key,
        addr,
        dir: _dir,
        mut store,
        path,
    } = setup().await;
    let now = Timestamp(chrono::Utc::now().timestamp_millis());
    let clock = Arc::new(TestClock(Mutex::new(now)));
    carmens_package(&mut store, now);
    store
        .record_event(
            lockerwall_wire::EventKind::StaffOpen,
            "staff:Ana Ruiz",
            None,
            "checking a noisy door",
            now,
        )
        .unwrap();

    let mut wrong = syncer(
        &path,
        settings(format!("http://{addr}"), "not-the-key-0123456789", false),
        clock.clone(),
    );
    match wrong.round().await.unwrap_err() {
        SyncError::Refused {
            status, message, ..
        } => {
            assert_eq!(status, 401);
            assert!(message.contains("signature"), "{message}");
        }
        e => panic!("{e}"),
    }
    assert_eq!(db.count("SELECT count(*) FROM events").await, 0);
    assert_eq!(store.sync_status().unwrap().acked, 0);

    // The property chose to share details: the staff member's name and words go too.
    let mut sharing = syncer(&path, settings(format!("http://{addr}"), &key, true), clock);
    sharing.round().await.unwrap();
    let c = db.pool.get().await.unwrap();
    let row = c
        .query_one(
            "SELECT actor, detail FROM events WHERE kind = 'staff_open'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "staff:Ana Ruiz");
    assert_eq!(row.get::<_, String>(1), "checking a noisy door");
}

/// `lockerwall --config F sync` for the wall in `dir`.
async fn sync_command(dir: &std::path::Path, url: &str, key: &str) -> std::process::Output {
    sync_command_with(dir, url, key, &[]).await
}

/// The same, with extra lines in `[portfolio]` and `env` set for the command.
async fn sync_command_with(
    dir: &std::path::Path,
    url: &str,
    key: &str,
    env: &[(&str, String)],
) -> std::process::Output {
    let config = dir.join("lockerwall.toml");
    let plain = if url.contains(".invalid") {
        "plain_http = true\n"
    } else {
        ""
    };
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\n[portfolio]\nurl = {url:?}\nproperty = \"maple-court\"\nkey = {key:?}\nbatch = 50\n{plain}",
            dir.display().to_string()
        ),
    )
    .unwrap();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    // Off the runtime's threads: the server answers on them meanwhile.
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_lockerwall"))
            .arg("--config")
            .arg(&config)
            .arg("sync")
            .env_remove("HTTP_PROXY")
            .env_remove("HTTPS_PROXY")
            .env_remove("ALL_PROXY")
            .env_remove("http_proxy")
            .env_remove("https_proxy")
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .envs(env)
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

/// A forwarding HTTP proxy on this machine: every request it is asked for
/// goes to `to`; the request lines it saw are kept.
async fn proxy_to(to: std::net::SocketAddr) -> (std::net::SocketAddr, Arc<Mutex<Vec<String>>>) {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                let mut head = vec![0u8; 4096];
                let n = client.read(&mut head).await.unwrap_or(0);
                let text = String::from_utf8_lossy(&head[..n]).into_owned();
                log.lock()
                    .unwrap()
                    .push(text.lines().next().unwrap_or("").to_string());
                let mut server = tokio::net::TcpStream::connect(to).await.unwrap();
                tokio::io::AsyncWriteExt::write_all(&mut server, &head[..n])
                    .await
                    .unwrap();
                let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
            });
        }
    });
    (addr, seen)
}

/// A wall on a network that reaches the internet only through a proxy: the
/// sync goes through the one HTTP_PROXY names (the server's name resolves
/// nowhere else), and NO_PROXY keeps a host off it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sync_goes_through_the_proxy_the_environment_names() {
    let Setup {
        db: _db,
        key,
        addr,
        dir,
        store: _store,
        path: _path,
    } = setup().await;
    let (proxy, seen) = proxy_to(addr).await;
    let url = format!("http://portfolio.invalid:{}", addr.port());
    let proxied = [("HTTP_PROXY", format!("http://{proxy}"))];
    let out = sync_command_with(dir.path(), &url, &key, &proxied).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = seen.lock().unwrap().clone();
    assert!(
        lines.iter().any(|l| l.starts_with(&format!("POST {url}/"))),
        "{lines:?}"
    );

    let bypassed = [
        ("HTTP_PROXY", format!("http://{proxy}")),
        ("NO_PROXY", "portfolio.invalid".to_string()),
    ];
    let out = sync_command_with(dir.path(), &url, &key, &bypassed).await;
    assert!(!out.status.success(), "portfolio.invalid resolves nowhere");
    assert_eq!(
        seen.lock().unwrap().len(),
        lines.len(),
        "NO_PROXY kept it off the proxy"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sync_command_sends_now_and_says_where_it_stands() {
    let Setup {
        db,
        key,
        addr,
        dir,
        mut store,
        path: _path,
    } = setup().await;
    carmens_package(&mut store, Timestamp(chrono::Utc::now().timestamp_millis()));
    let total = wall_event_count(&store);

    let out = sync_command(
        dir.path(),
        &format!("http://{addr}"),
        "not-the-key-0123456789",
    )
    .await;
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("refused the batch (401)"), "{err}");
    assert!(
        err.contains(&format!("the server has events up to 0 of {total}")),
        "{err}"
    );

    let out = sync_command(dir.path(), &format!("http://{addr}"), &key).await;
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains(&format!(
            "the server has every event up to {total} of {total}"
        )),
        "{said}"
    );
    assert_eq!(db.count("SELECT count(*) FROM events").await, total);
    assert_eq!(store.sync_status().unwrap().acked, total);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_knows_who_wrote_without_holding_their_address() {
    let Setup {
        db,
        key,
        addr,
        dir: _dir,
        mut store,
        path,
    } = setup().await;
    let now = Timestamp(chrono::Utc::now().timestamp_millis());
    let clock = Arc::new(TestClock(Mutex::new(now)));
    let carmen = carmens_package(&mut store, now);
    let mut s = settings(format!("http://{addr}"), &key, false);
    s.match_senders = true;
    let mut syncer = syncer(&path, s, clock);
    assert!(syncer.round().await.unwrap().contacts_sent);
    // Unchanged: not sent again.
    assert!(!syncer.round().await.unwrap().contacts_sent);
    let with_email: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM residents WHERE active = 1 AND email IS NOT NULL AND trim(email) <> ''",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(with_email > 10);
    assert_eq!(db.count("SELECT count(*) FROM contacts").await, with_email);
    // Tags only: no address is on the server.
    assert_eq!(
        db.count("SELECT count(*) FROM contacts WHERE tag LIKE '%@%'")
            .await,
        0
    );

    // Carmen writes from her own address, about nothing in particular.
    let q = lockerwall_portfolio::desk::mail::parse(
        b"From: Carmen Alvarez <Carmen.Alvarez@example.com>\r\nSubject: A question\r\n\
Message-ID: <c1@example.com>\r\n\r\nWhere is my package?\r\n",
    )
    .unwrap();
    let filed = lockerwall_portfolio::desk::intake::file(&db.pool, "maple-court", &q, now.0)
        .await
        .unwrap();
    let c = db.pool.get().await.unwrap();
    let t = c
        .query_one(
            "SELECT resident, matched_by FROM tickets WHERE id = $1",
            &[&filed.ticket],
        )
        .await
        .unwrap();
    assert_eq!(t.get::<_, Option<i64>>(0), Some(3), "Carmen is resident 3");
    assert_eq!(t.get::<_, Option<&str>>(1), Some("sender"));

    // A resident's address changes at the wall: the new list goes, the old tag is gone.
    store
        .connection()
        .execute(
            "UPDATE residents SET email = 'carmen@new.example' WHERE id = 3",
            [],
        )
        .unwrap();
    assert!(syncer.round().await.unwrap().contacts_sent);
    let tag = lockerwall_portfolio::wire::address_tag(&key, "carmen@new.example");
    assert_eq!(
        db.count(&format!(
            "SELECT resident FROM contacts WHERE tag = '{tag}'"
        ))
        .await,
        3
    );
    assert_eq!(db.count("SELECT count(*) FROM contacts").await, with_email);

    // Someone quotes Carmen's tracking number as a carrier's page shows it
    // (spaced, lower case): her package, though the server holds no numbers.
    assert_eq!(
        db.count("SELECT count(*) FROM packages WHERE tracking_tag LIKE '1Z%'")
            .await,
        0
    );
    let q = lockerwall_portfolio::desk::mail::parse(
        b"From: neighbour@example.org\r\nSubject: Wrong door?\r\n\
Message-ID: <n1@example.org>\r\n\r\nI think 1z 999 aa1 0123456784 was left at my door.\r\n",
    )
    .unwrap();
    let filed = lockerwall_portfolio::desk::intake::file(&db.pool, "maple-court", &q, now.0)
        .await
        .unwrap();
    let t = c
        .query_one(
            "SELECT resident, package, matched_by FROM tickets WHERE id = $1",
            &[&filed.ticket],
        )
        .await
        .unwrap();
    assert_eq!(t.get::<_, Option<i64>>(0), Some(3));
    assert_eq!(t.get::<_, Option<i64>>(1), Some(carmen.package.0));
    assert_eq!(t.get::<_, Option<&str>>(2), Some("tracking number"));
}

/// The desk and the wall through the sync: a problem reported at the kiosk
/// becomes a ticket; open tickets reach the staff's attention list; the
/// desk's requests are carried out once each and reported back; a ticket
/// solved at the kiosk is solved at the desk, and one solved at the desk
/// leaves the wall's list.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_and_the_wall_keep_each_other_up_to_date() {
    use lockerwall::kiosk::{ProblemContext, ProblemKind, ProblemReport};
    use lockerwall_portfolio::desk::wall;
    use lockerwall_portfolio::wire::ActionKind;
    let Setup {
        db,
        key,
        addr,
        dir: _dir,
        mut store,
        path,
    } = setup().await;
    let now = Timestamp(chrono::Utc::now().timestamp_millis());
    let clock = Arc::new(TestClock(Mutex::new(now)));
    let carmen = carmens_package(&mut store, now);
    let other = fill_wall(&mut store, now, &[]);
    // Carmen taps "Need help?" on the pickup screen: the door did not open.
    store
        .report_problem(&ProblemReport {
            kind: ProblemKind::DoorDidNotOpen,
            context: ProblemContext {
                screen: "pickup-door",
                locker: Some((carmen.locker.id, carmen.locker.label.clone())),
                package: Some(carmen.package),
                carrier: None,
                at: now,
            },
        })
        .unwrap();
    let mut syncer = syncer(
        &path,
        settings(format!("http://{addr}"), &key, false),
        clock.clone(),
    );
    syncer.round().await.unwrap();

    // The report is a ticket about Carmen's package, with no one to email.
    let c = db.pool.get().await.unwrap();
    let t = c
        .query_one(
            "SELECT id, subject, package, resident, requester, status FROM tickets",
            &[],
        )
        .await
        .unwrap();
    let kiosk_ticket: i64 = t.get(0);
    assert_eq!(
        t.get::<_, &str>(1),
        format!(
            "Problem reported at the kiosk at locker {}",
            carmen.locker.label
        )
    );
    assert_eq!(t.get::<_, Option<i64>>(2), Some(carmen.package.0));
    assert_eq!(t.get::<_, Option<i64>>(3), Some(3));
    assert_eq!(
        (t.get::<_, &str>(4), t.get::<_, &str>(5)),
        ("the kiosk", "new")
    );
    // A question by mail about another package, too.
    let q = lockerwall_portfolio::desk::mail::parse(
        format!(
            "From: someone@example.com\r\nSubject: Is locker {} mine?\r\nMessage-ID: <m1@example.com>\r\n\r\nThanks\r\n",
            other[0].locker.label
        )
        .as_bytes(),
    )
    .unwrap();
    let mail_ticket = lockerwall_portfolio::desk::intake::file(&db.pool, "maple-court", &q, now.0)
        .await
        .unwrap()
        .ticket;

    // The next round brings both to the staff's attention list.
    syncer.round().await.unwrap();
    let desk_items = |store: &Store| -> Vec<String> {
        store
            .open_attention()
            .unwrap()
            .into_iter()
            .filter(|a| a.kind == "desk_ticket")
            .map(|a| a.message)
            .collect()
    };
    let items = desk_items(&store);
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items
        .iter()
        .any(|m| m.contains(&format!("(ticket #{kiosk_ticket})"))
            && m.contains("Problem reported at the kiosk")));

    // From the desk: resend Carmen's notice, keep it 7 more days, deliver it to
    // her door; give the other package to Carmen; and one the wall must refuse.
    let dana: i64 = c
        .query_one(
            "SELECT id FROM managers WHERE email = 'dana@example.com'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let p = carmen.package.0;
    for what in [
        ActionKind::ResendNotice,
        ActionKind::ExtendHold { days: 7 },
        ActionKind::DoorDelivery { window: None },
    ] {
        wall::request(&db.pool, dana, kiosk_ticket, p, &what)
            .await
            .unwrap();
    }
    wall::request(
        &db.pool,
        dana,
        mail_ticket,
        other[0].package.0,
        &ActionKind::ChangeRecipient { resident: 3 },
    )
    .await
    .unwrap();
    wall::request(
        &db.pool,
        dana,
        kiosk_ticket,
        p,
        &ActionKind::ChangeRecipient { resident: 3 },
    )
    .await
    .unwrap();
    let before = wall_event_count(&store);
    syncer.round().await.unwrap();
    let kinds: Vec<String> = store
        .connection()
        .prepare("SELECT kind FROM events WHERE id > ?1 ORDER BY id")
        .unwrap()
        .query_map([before], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for k in [
        "notice_resent",
        "hold_extended",
        "door_delivery_on",
        "recipient_changed",
    ] {
        assert_eq!(
            kinds.iter().filter(|x| *x == k).count(),
            1,
            "{k} in {kinds:?}"
        );
    }
    let extra: i64 = store
        .connection()
        .query_row(
            "SELECT hold_extra_days FROM packages WHERE id = ?1",
            [p],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(extra, 7);
    // Asked again (an acknowledgement seen twice): nothing is done twice.
    let again = lockerwall_portfolio::wire::DeskAction {
        id: 1,
        package: Some(p),
        what: ActionKind::ResendNotice,
        by: "Dana".into(),
        resident: None,
    };
    store.desk_act(&again, now).unwrap();
    assert_eq!(
        wall_event_count(&store),
        before + kinds.len() as i64,
        "no second resend"
    );

    // The round after reports them done; the refused one says why; and the
    // audit events went up with it.
    syncer.round().await.unwrap();
    let done = c
        .query(
            "SELECT what->>'kind', ok, message FROM wall_actions ORDER BY id",
            &[],
        )
        .await
        .unwrap();
    let done: Vec<(String, Option<bool>, Option<String>)> = done
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(done.len(), 5);
    assert!(done[..4].iter().all(|d| d.1 == Some(true)), "{done:?}");
    assert_eq!(done[4].1, Some(false));
    assert!(
        done[4].2.as_deref().unwrap().contains("already for"),
        "{done:?}"
    );
    assert_eq!(
        db.count(&format!(
            "SELECT count(*) FROM events WHERE package = {p} AND kind IN ('notice_resent', 'hold_extended')"
        ))
        .await,
        2
    );
    let page = lockerwall_portfolio::desk::ticket::read(&db.pool, dana, kiosk_ticket)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(page.requests.len(), 4);
    // No one to email: the page offers the fixes and "Mark solved", no answer form.
    let html = lockerwall_portfolio::pages::ticket_page::render("Dana", &page, &Default::default());
    assert!(html.contains("Reported on the kiosk's screen: there is no one to email."));
    assert!(!html.contains("<textarea"));
    assert!(html.contains("done at the wall"));
    assert!(page
        .requests
        .iter()
        .take(3)
        .all(|r| r.done == Some((true, String::new()))));

    // Staff mark the kiosk's ticket done at the wall: solved at the desk.
    let item = store
        .open_attention()
        .unwrap()
        .into_iter()
        .find(|a| a.message.contains(&format!("(ticket #{kiosk_ticket})")))
        .unwrap();
    store.resolve_attention(item.id, "staff:Ana", now).unwrap();
    // The mail ticket is solved at the desk.
    c.execute(
        "UPDATE tickets SET status = 'solved', solved_at = now() WHERE id = $1",
        &[&mail_ticket],
    )
    .await
    .unwrap();
    syncer.round().await.unwrap();
    let t = c
        .query_one(
            "SELECT status, solved_at_wall FROM tickets WHERE id = $1",
            &[&kiosk_ticket],
        )
        .await
        .unwrap();
    assert_eq!((t.get::<_, &str>(0), t.get::<_, bool>(1)), ("solved", true));
    assert!(desk_items(&store).is_empty(), "{:?}", desk_items(&store));
    assert!(store.desk_report().unwrap().is_empty());

    // The resident writes again about the solved mail ticket: it is open at
    // the desk and back on the wall's list, once.
    c.execute(
        "UPDATE tickets SET status = 'waiting_on_staff', solved_at = NULL WHERE id = $1",
        &[&mail_ticket],
    )
    .await
    .unwrap();
    syncer.round().await.unwrap();
    syncer.round().await.unwrap();
    let items = desk_items(&store);
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(items[0].contains(&format!("(ticket #{mail_ticket})")));
}

/// Notices, holds and the sync's signatures assume a right clock: a wall
/// whose clock is off tells its staff (measured against the server's), and
/// the item goes once the clock is right.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wall_whose_clock_is_off_tells_its_staff() {
    let Setup {
        db: _db,
        key,
        addr,
        dir: _dir,
        store,
        path,
    } = setup().await;
    // Ten minutes fast: inside the signature window, so the sync still works.
    let right = chrono::Utc::now().timestamp_millis();
    let clock = Arc::new(TestClock(Mutex::new(Timestamp(right + 10 * 60_000))));
    let mut syncer = syncer(
        &path,
        settings(format!("http://{addr}"), &key, false),
        clock.clone(),
    );
    syncer.round().await.unwrap();
    let skew = |store: &Store| -> Vec<String> {
        store
            .open_attention()
            .unwrap()
            .into_iter()
            .filter(|a| a.kind == lockerwall::store::CLOCK_SKEW)
            .map(|a| a.message)
            .collect()
    };
    let items = skew(&store);
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(items[0].contains("about 10 min ahead of"), "{items:?}");
    // Another round does not add a second item.
    syncer.round().await.unwrap();
    assert_eq!(skew(&store).len(), 1);
    // Set right: the item is resolved by the kiosk.
    *clock.0.lock().unwrap() = Timestamp(chrono::Utc::now().timestamp_millis());
    syncer.round().await.unwrap();
    assert!(skew(&store).is_empty(), "{:?}", skew(&store));
    // Two hours slow: past the window, so the server refuses the batch; its
    // signed refusal still tells the wall by how much.
    *clock.0.lock().unwrap() = Timestamp(chrono::Utc::now().timestamp_millis() - 120 * 60_000);
    let refused = syncer.round().await.unwrap_err();
    assert!(
        matches!(refused, SyncError::Refused { status: 401, .. }),
        "{refused}"
    );
    let items = skew(&store);
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(items[0].contains("about 120 min behind"), "{items:?}");
}

/// The wall's box as the server keeps it.
async fn stored_health(db: &TestDb) -> lockerwall_portfolio::wire::WallHealth {
    let c = db.pool.get().await.unwrap();
    let stored: serde_json::Value = c
        .query_one("SELECT snapshot->'health' FROM sync_state", &[])
        .await
        .unwrap()
        .get(0);
    serde_json::from_value(stored).unwrap()
}

/// The fleet view: each batch carries the wall's box (version, uptime,
/// disk, database, notices, the last sync failure, the clock), and the
/// server keeps the latest.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_sees_the_walls_box() {
    let Setup {
        db,
        key,
        addr: _,
        dir: _dir,
        mut store,
        path,
    } = setup().await;
    let now = Timestamp(chrono::Utc::now().timestamp_millis());
    carmens_package(&mut store, now);
    // The wall's server is down at first: the round fails.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap();
    drop(closed);
    let clock = Arc::new(TestClock(Mutex::new(now)));
    let mut syncer = syncer(
        &path,
        settings(format!("http://{port}"), &key, false),
        clock,
    );
    syncer.round().await.unwrap_err();
    // Then it comes up on that port.
    let state = lockerwall_portfolio::server::AppState::new(db.pool.clone(), false);
    serve_state_on(state, port).await;
    syncer.round().await.unwrap();

    let h = stored_health(&db).await;
    assert_eq!(h.version, env!("CARGO_PKG_VERSION"));
    assert!((0..600).contains(&h.uptime_s), "{h:?}");
    let (free, total) = lockerwall::sync::disk_space(path.parent().unwrap()).unwrap();
    assert!(
        h.disk_total == Some(total) && h.disk_free.unwrap() > 0,
        "{h:?} {free}"
    );
    let pragma = |p: &str| -> i64 {
        store
            .connection()
            .query_row(&format!("PRAGMA {p}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(h.database_bytes, pragma("page_count") * pragma("page_size"));
    assert!(h.database_bytes > 100_000, "{h:?}");
    let waiting = store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|o| o.sent_at.is_none())
        .count() as i64;
    assert!(waiting > 0, "Carmen's notice waits");
    assert_eq!(h.outbox, waiting);
    assert_eq!(h.notices_failed_day, 0);
    assert!(
        h.sync_error
            .as_deref()
            .is_some_and(|e| e.contains("could not be reached")),
        "{h:?}"
    );
    assert!(h.sync_error_at.is_some_and(|at| at == now.0));
    // The clock is compared at each answer, so the next batch carries it:
    // the test's clock is the server's, within the round trip.
    syncer.round().await.unwrap();
    let h = stored_health(&db).await;
    assert!(h.clock_skew_ms.is_some_and(|s| s.abs() < 5_000), "{h:?}");
}

/// A wall's reporter with residents' pages on, its store knowing the sync
/// key (what the server relays is tagged under it) and where notices go.
fn paged_syncer(
    addr: std::net::SocketAddr,
    path: &std::path::Path,
    key: &str,
    notices: lockerwall::store::NoticeSetup,
    clock: Arc<TestClock>,
) -> (PortfolioSettings, Syncer) {
    let mut s = settings(format!("http://{addr}"), key, false);
    s.resident_pages = true;
    let mut store = common::reopen(path);
    store.set_notices(notices);
    store.know_sync_key(key.into());
    let syncer = Syncer::new(store, s.clone(), "Maple Court".into(), -300, 7, clock).unwrap();
    (s, syncer)
}

/// The link in a notice's `.eml`, as the resident's mail program shows it
/// (the text part, its transfer encoding undone).
fn link_in_eml(eml: &[u8], base: &str) -> String {
    let mail = lockerwall_portfolio::desk::mail::parse(eml).unwrap();
    let start = mail.text.find(base).expect("a link to the resident's page");
    mail.text[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .trim_start_matches(base)
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_opens_their_page_from_a_notice_and_asks_for_it_again_once() {
    use lockerwall_portfolio::testing::browser::{driver, session, wd};
    let Setup {
        db,
        key,
        addr,
        dir: _dir,
        mut store,
        path,
    } = setup().await;
    let now = Timestamp(chrono::Utc::now().timestamp_millis());
    let clock = Arc::new(TestClock(Mutex::new(now)));
    let carmen = carmens_package(&mut store, now);
    let mut s = settings(format!("http://{addr}"), &key, false);
    s.resident_pages = true;
    let base = format!("http://{addr}");

    // Carmen's notice, as the .eml her mail program would open.
    let item = store
        .outbox()
        .unwrap()
        .into_iter()
        .find(|i| i.facts.package == carmen.package)
        .unwrap();
    let mut mailer = common::mailer(&store);
    mailer.page_links = s.page_links();
    let composed = mailer.compose(&item).unwrap();
    let eml = mailer.email(&item, &composed, now).unwrap().formatted();
    let page = link_in_eml(&eml, &base);
    assert!(page.starts_with("/r/maple-court/3."), "{page}");

    // After a round, her package is on her page, in Spanish: she opens the
    // link in a real browser on a phone.
    let mut online = syncer(&path, s.clone(), clock.clone());
    online.round().await.unwrap();
    let d = driver().await;
    let b = session(&d).await;
    b.resize(360, 780).await;
    b.go(&format!("{base}{page}")).await;
    let card = b.text(&format!("#package-{}", carmen.package.0)).await;
    assert!(
        card.contains(&format!("En el casillero {}", carmen.locker.label)),
        "{card}"
    );
    let all = b.run("return document.body.innerText;").await;
    assert!(
        !all.as_str().unwrap().contains(&item.facts.tracking),
        "no tracking number on the server"
    );

    // "Enviarme mi código otra vez", while the wall is offline.
    b.click(&format!("#package-{} button", carmen.package.0))
        .await;
    assert!(b
        .text(".banner")
        .await
        .contains("le enviarán el aviso otra vez"));
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let mut offline = syncer(&path, settings(dead, &key, false), clock.clone());
    assert!(offline.round().await.is_err());
    let notices = |s: &Store| {
        s.outbox()
            .unwrap()
            .iter()
            .filter(|i| i.facts.package == carmen.package)
            .count()
    };
    let before = notices(&store);

    // Back online: carried out once, audited as Carmen's own request, and
    // reported done; more rounds change nothing.
    online.round().await.unwrap();
    assert_eq!(notices(&store), before + 1);
    online.round().await.unwrap();
    online.round().await.unwrap();
    assert_eq!(notices(&store), before + 1, "once");
    let actors: Vec<String> = store
        .events_after(0, 10_000, true, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "notice_resent")
        .map(|e| e.actor)
        .collect();
    assert_eq!(actors, ["resident:3 (own page)"]);
    assert_eq!(
        db.count("SELECT count(*) FROM wall_actions WHERE done_at IS NOT NULL AND ok")
            .await,
        1
    );
    b.go(&format!("{base}{page}")).await;
    let after = b.text(&format!("#package-{}", carmen.package.0)).await;
    assert!(after.contains("Aviso enviado otra vez"), "{after}");
    wd(
        &d,
        "DELETE",
        &format!("/session/{}", b.id),
        serde_json::Value::Null,
    )
    .await;
    let on_server = db
        .count("SELECT count(*) FROM events WHERE kind = 'notice_resent' AND actor = 'resident'")
        .await;
    assert_eq!(on_server, 1);
}

/// Carmen, going away, sets her days on her page in a real browser; the
/// wall takes them with its next round (audited as hers), keeps the package
/// that comes meanwhile without a notice, and the day she is back sends one
/// summary with its code; her page shows the wall's days.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_going_away_sets_it_on_her_page_and_the_wall_keeps_her_packages() {
    use lockerwall::store::NoticeKind;
    use lockerwall_portfolio::testing::browser::{driver, session, wd};
    let Setup {
        db: _db,
        key,
        addr,
        dir: _dir,
        mut store,
        path,
    } = setup().await;
    let now = Timestamp(chrono::Utc::now().timestamp_millis());
    let clock = Arc::new(TestClock(Mutex::new(now)));
    let mut s = settings(format!("http://{addr}"), &key, false);
    s.resident_pages = true;
    let base = format!("http://{addr}");
    let page = s
        .page_links()
        .unwrap()
        .link(lockerwall::domain::ResidentId(3), "es", now);
    let page = page.trim_start_matches(&base).to_string();
    let mut online = syncer(&path, s.clone(), clock.clone());
    online.round().await.unwrap();

    // Her days, typed at the property (UTC-5): away from tomorrow, back in four days.
    let local = (chrono::Utc::now() - chrono::Duration::minutes(300)).date_naive();
    let day = |d: i64| local + chrono::Duration::days(d);
    let d = driver().await;
    let b = session(&d).await;
    b.resize(360, 780).await;
    b.go(&format!("{base}{page}")).await;
    b.run(&format!(
        "document.querySelector('input[name=from]').value = '{}';
         document.querySelector('input[name=until]').value = '{}';",
        day(1).format("%Y-%m-%d"),
        day(4).format("%Y-%m-%d")
    ))
    .await;
    b.click("form[action$='/away'] button").await;
    let banner = b.text(".banner").await;
    assert!(banner.contains("guardarán sus paquetes"), "{banner}");

    // The wall's round carries it out, as her own request.
    online.round().await.unwrap();
    let start = |d: chrono::NaiveDate| {
        Timestamp((d.and_hms_opt(5, 0, 0).unwrap().and_utc()).timestamp_millis())
    };
    let away = store.away_periods(now).unwrap();
    assert_eq!(away.len(), 1);
    assert_eq!(
        (away[0].resident, away[0].from, away[0].until),
        (3, start(day(1)).0, start(day(4)).0)
    );
    let set: Vec<String> = store
        .events_after(0, 10_000, true, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "away_set")
        .map(|e| e.actor)
        .collect();
    assert_eq!(set, ["resident:3 (own page)"]);
    // The next round's snapshot tells the server: her page shows the days.
    online.round().await.unwrap();
    b.go(&format!("{base}{page}")).await;
    let section = b.run("return document.body.innerText;").await;
    let section = section.as_str().unwrap();
    assert!(section.contains("Fuera desde"), "{section}");
    assert!(section.contains("Al final no me voy"), "{section}");
    wd(
        &d,
        "DELETE",
        &format!("/session/{}", b.id),
        serde_json::Value::Null,
    )
    .await;

    // A package while she is away: kept, no notice; the summary on her day back.
    let p = carmens_package(&mut store, Timestamp(start(day(2)).0 + 3_600_000));
    let told = |s: &Store, kind| {
        s.outbox()
            .unwrap()
            .iter()
            .filter(|i| i.kind == kind)
            .count()
    };
    assert_eq!(told(&store, NoticeKind::Stored), 0);
    let due = store.due_outbox(start(day(4)), 100).unwrap();
    let summary = due
        .iter()
        .find(|i| i.kind == NoticeKind::AwaySummary)
        .expect("the summary on her day back");
    assert_eq!(summary.waiting[0].hold_from, start(day(4)));
    let mut mailer = common::mailer(&store);
    mailer.page_links = s.page_links();
    let composed = mailer.compose(summary).unwrap();
    let eml = mailer
        .email(summary, &composed, start(day(4)))
        .unwrap()
        .formatted();
    let mail = lockerwall_portfolio::desk::mail::parse(&eml).unwrap();
    assert!(mail.text.contains("1 paquete le espera"), "{}", mail.text);
    assert!(mail.text.contains(p.code.as_str()));
    assert!(link_in_eml(&eml, &base).starts_with("/r/maple-court/3."));
}

/// Carmen chooses text messages on her page in a real browser; the wall
/// takes the choice with its next round (audited as hers), and her next
/// notice reaches the local provider as a text in Spanish. She replies
/// STOP: the provider posts it to the server, which relays it to the wall
/// by her number's tag, and her following notice comes by email.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_chooses_texts_on_her_page_and_stop_brings_email_back() {
    use lockerwall::store::{Channel, NoticeKind, NoticeSetup, TextsSetup};
    use lockerwall_portfolio::testing::browser::{driver, session, wd};
    use lockerwall_portfolio::texts::{self, signature};
    let Setup {
        db,
        key,
        addr,
        dir,
        mut store,
        path,
    } = setup().await;
    let provider = text_provider::TextProvider::start().await;
    texts::put_account(
        &db.pool,
        "maple-court",
        text_provider::ACCOUNT,
        text_provider::TOKEN,
    )
    .await
    .unwrap();
    let now = Timestamp(chrono::Utc::now().timestamp_millis());
    let clock = Arc::new(TestClock(Mutex::new(now)));
    // The wall sends texts; Carmen's number is in the directory.
    let texting = NoticeSetup {
        texts: Some(TextsSetup {
            country: "1".into(),
        }),
        ..Default::default()
    };
    store.set_notices(texting.clone());
    let mut carmen = store.resident_record(3).unwrap();
    carmen.phone = Some("555 010 4477".into());
    store.save_resident(&carmen, "cli:test", now).unwrap();
    let (s, mut online) = paged_syncer(addr, &path, &key, texting, clock);
    online.round().await.unwrap();

    // On her page (which offers texts, as the wall's snapshot says it sends them).
    let base = format!("http://{addr}");
    let page = s
        .page_links()
        .unwrap()
        .link(lockerwall::domain::ResidentId(3), "es", now);
    let d = driver().await;
    let b = session(&d).await;
    b.resize(360, 780).await;
    b.go(&page).await;
    b.run("document.querySelector('select[name=by]').value = 'text';")
        .await;
    b.click("form[action$='/notices'] button").await;
    // The banner: the form was posted before the wall's round.
    let banner = b.text(".banner").await;
    assert!(banner.contains("Guardado"), "{banner}");
    online.round().await.unwrap();
    assert_eq!(
        store.resident_record(3).unwrap().notify_by,
        lockerwall::domain::NotifyBy::Text
    );
    let chosen: Vec<String> = store
        .events_after(0, 10_000, true, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "notice_choices")
        .map(|e| e.actor)
        .collect();
    assert_eq!(chosen, ["resident:3 (own page)"]);

    // Her next package: a text, in Spanish, with its code; no email.
    let first = carmens_package(&mut store, now);
    let mut worker = lockerwall::notify::Worker {
        mailer: common::mailer(&store),
        store: common::reopen(&path),
        transport: lockerwall::notify::Transport::Folder(dir.path().join("mail")),
        webhook: None,
        texts: Some(lockerwall::notify::Texts::new(&provider.settings()).unwrap()),
        clock: Arc::new(TestClock(Mutex::new(now))),
        backoff: Default::default(),
        wake: Arc::new(tokio::sync::Notify::new()),
        phone: None,
    };
    assert_eq!(worker.run_once().await.unwrap().sent, 1);
    let sent = provider.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to, "+15550104477");
    assert!(
        sent[0].body.contains(first.code.as_str()),
        "{}",
        sent[0].body
    );
    assert!(
        sent[0].body.contains("Código de retiro"),
        "{}",
        sent[0].body
    );

    // She replies STOP; the provider posts it to the server, signed.
    let inbound = texts::inbound_path("maple-court");
    let fields: Vec<(String, String)> = [
        ("Body", "STOP"),
        ("From", "+15550104477"),
        ("To", text_provider::FROM),
        ("AccountSid", text_provider::ACCOUNT),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let form: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&fields)
        .finish();
    let signed = signature::expected(text_provider::TOKEN, &format!("{base}{inbound}"), &fields);
    let headers = [
        (
            "Content-Type",
            "application/x-www-form-urlencoded".to_string(),
        ),
        ("X-Twilio-Signature", signed),
    ];
    let r = lockerwall_portfolio::testing::http(addr, "POST", &inbound, &headers, form.as_bytes())
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    online.round().await.unwrap();
    let stopped: Vec<String> = store
        .events_after(0, 10_000, true, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "texts_stopped")
        .map(|e| e.actor)
        .collect();
    assert_eq!(stopped, ["resident (text message reply)"]);
    let next = common::stored(&mut store, "1ZAFTERSTOP", 3, 1, now, 8);
    let how: Vec<Channel> = store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|i| i.facts.package == next.package && i.kind == NoticeKind::Stored)
        .map(|i| i.channel)
        .collect();
    assert_eq!(how, [Channel::Email]);
    wd(
        &d,
        "DELETE",
        &format!("/session/{}", b.id),
        serde_json::Value::Null,
    )
    .await;
}

/// Carmen tells her page, in a real browser, the tracking number of a
/// package on its way; the wall takes it with its next round (audited as
/// hers); the carrier's scan at the kiosk puts it in her name with no
/// search, and her page says it arrived. A second one never comes: the
/// wall raises it ten days on, the server files a desk ticket once, and
/// her page says the staff are looking into it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_tells_her_page_a_package_is_coming_and_the_wall_expects_it() {
    use lockerwall::kiosk::{Event, Message, Screen, TextKey};
    use lockerwall_portfolio::testing::browser::{driver, session, wd};
    let db = TestDb::new().await;
    let key = db.property("maple-court", "dana@example.com").await;
    let addr = serve(&db).await;
    let mut r = common::rig::rig().await;
    r.rt.know_sync_key(key.clone());
    let path = r._dir.path().join("lockerwall.db");
    let now = Timestamp(chrono::Utc::now().timestamp_millis());
    let clock = Arc::new(TestClock(Mutex::new(now)));
    let (s, mut online) = paged_syncer(addr, &path, &key, Default::default(), clock);
    online.round().await.unwrap();

    // On her phone: the number as printed, and the day the carrier says.
    let page = s
        .page_links()
        .unwrap()
        .link(lockerwall::domain::ResidentId(3), "es", now);
    let d = driver().await;
    let b = session(&d).await;
    b.resize(360, 780).await;
    b.go(&page).await;
    let local = (chrono::Utc::now() - chrono::Duration::minutes(300)).date_naive();
    b.type_in("input[name=tracking]", "1Z 999 AA1 0123 456 784")
        .await;
    b.run(&format!(
        "document.querySelector('input[name=due]').value = '{}';",
        (local + chrono::Duration::days(2)).format("%Y-%m-%d")
    ))
    .await;
    b.click("form[action$='/expect'] button").await;
    let banner = b.text(".banner").await;
    assert!(banner.contains("estarán atentos"), "{banner}");
    // The server holds the number's tag and ending, not the number.
    let clear = db
        .count("SELECT count(*) FROM wall_actions WHERE what::text LIKE '%0123456784%'")
        .await;
    assert_eq!(clear, 0);

    online.round().await.unwrap();
    let store = r.store();
    let added: Vec<String> = store
        .events_after(0, 10_000, true, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "expected_added")
        .map(|e| e.actor)
        .collect();
    assert_eq!(added, ["resident:3 (own page)"]);

    // The carrier scans it (the kiosk's clock is the server's): Carmen is
    // chosen, and the screen says why.
    r.clock.advance(now.0 - T0.0);
    common::rig::ups_logged_in(&mut r);
    r.keys("1Z999AA10123456784");
    r.send(Event::Key(TextKey::Enter));
    let Screen::Size {
        recipient, message, ..
    } = r.screen()
    else {
        panic!("{:?}", r.screen())
    };
    assert_eq!(
        (recipient.as_str(), message),
        ("Carmen Alvarez", Some(Message::Expected))
    );
    r.send(Event::ChooseSize(Size::S));
    r.pump().await;
    let Screen::DepositDoor { door, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    r.wall.close(r.channel(&door.locker.label));
    r.pump().await;

    // The worker's pass marks it arrived; the next round tells her page.
    let mut keyed = common::reopen(&path);
    keyed.know_sync_key(key.clone());
    keyed.schedule_notices(now).unwrap();
    online.round().await.unwrap();
    b.go(&page).await;
    let section = b.text("#expected + section").await;
    assert!(section.contains("Terminado en 6784"), "{section}");
    assert!(section.contains("Llegó"), "{section}");

    // One that never comes, told without a day.
    b.type_in("input[name=tracking]", "9400111899223197428490")
        .await;
    b.click("form[action$='/expect'] button").await;
    // The banner: the form was posted before the wall's round.
    assert!(b.text(".banner").await.contains("estarán atentos"));
    online.round().await.unwrap();
    let later = Timestamp(now.0 + 10 * 86_400_000 + 60_000);
    keyed.schedule_notices(later).unwrap();
    online.round().await.unwrap();
    online.round().await.unwrap();
    let tickets = db
        .count(
            "SELECT count(*) FROM tickets WHERE matched_by = 'expected package'
               AND subject LIKE '%ending 8490%' AND resident = 3",
        )
        .await;
    assert_eq!(tickets, 1);
    b.go(&page).await;
    let section = b.text("#expected + section").await;
    assert!(section.contains("Terminado en 8490"), "{section}");
    assert!(
        section.contains("el personal de paquetería lo está revisando"),
        "{section}"
    );
    wd(
        &d,
        "DELETE",
        &format!("/session/{}", b.id),
        serde_json::Value::Null,
    )
    .await;
}

//! Attacks on the portfolio server and its package desk, one test per
//! finding of the trust review (issue 21), against a real PostgreSQL: each
//! was written first and seen failing on the code before its fix.

use lockerwall_portfolio::desk::{intake, mail, reply};
use lockerwall_portfolio::testing::*;
use lockerwall_portfolio::wire::{Ack, Batch};

/// What the wall reads of a reply at most (src/net/http_post.rs).
const WALL_READS: usize = 64 * 1024;

/// Maple Court served, with Dana (its manager) signed in.
async fn served_for_dana() -> (TestDb, std::net::SocketAddr, String) {
    let db = TestDb::new().await;
    db.property("maple-court", "dana@example.com").await;
    let addr = serve(&db).await;
    let dana = log_in(addr, "dana@example.com", "a long password")
        .await
        .unwrap();
    (db, addr, dana)
}

/// A resident's raw mail, filed at Maple Court's desk now.
async fn file_question(
    db: &TestDb,
    raw: &str,
) -> Result<intake::Filed, lockerwall_portfolio::PortfolioError> {
    let m = mail::parse(raw.as_bytes()).unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    intake::file(&db.pool, "maple-court", &m, now).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sort_value_is_not_written_into_the_page() {
    let (_db, addr, dana) = served_for_dana().await;
    let page = get(addr, "/?sort=x%22%3E%3Cb%3Einjected&dir=asc", &dana).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<b>injected"), "{}", page.body);
    assert!(!page.body.contains("\"><b>"), "{}", page.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_in_pages_are_never_kept_by_a_browser_or_proxy() {
    let (_db, addr, dana) = served_for_dana().await;
    for path in ["/", "/desk", "/p/maple-court", "/portfolio.csv"] {
        let r = get(addr, path, &dana).await;
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
    }
}

#[test]
fn a_subject_that_starts_with_an_emoji_can_be_answered() {
    assert_eq!(
        reply::reply_subject("📦 Where is my package?"),
        "Re: 📦 Where is my package?"
    );
    assert_eq!(reply::reply_subject("é"), "Re: é");
}

#[test]
fn csv_cells_starting_with_a_tab_or_return_are_defused() {
    let t = lockerwall_portfolio::pages::csv::table(
        &["subject"],
        &[vec!["\t=HYPERLINK(\"x\")".into()], vec!["\r=1+1".into()]],
    );
    for line in t.lines().skip(1).filter(|l| !l.is_empty()) {
        assert!(
            line.trim_start_matches('"').starts_with('\''),
            "{line:?} in {t:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nul_byte_in_a_question_is_filed_not_refused() {
    let db = TestDb::new().await;
    db.property("maple-court", "dana@example.com").await;
    let raw = "From: Carmen <carmen@example.com>\r\nSubject: Locker\0 A04\r\n\
               Message-ID: <nul@mail.example.com>\r\nMIME-Version: 1.0\r\n\r\n\
               The door\0 did not open.\r\n";
    let filed = file_question(&db, raw)
        .await
        .expect("PostgreSQL refuses NUL in text: the message must be cleaned first");
    assert!(filed.new_ticket);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_subjects_do_not_break_the_walls_sync() {
    let db = TestDb::new().await;
    let key = db.property("maple-court", "dana@example.com").await;
    let addr = serve(&db).await;
    // Sixty open tickets, each with the longest subject a header allows, in
    // four-byte characters.
    let subject = "📦".repeat(998);
    let c = db.pool.get().await.unwrap();
    for _ in 0..60 {
        c.execute(
            "INSERT INTO tickets (property_id, subject, requester, created_at, updated_at)
             VALUES ('maple-court', $1, 'x@example.com', now(), now())",
            &[&subject],
        )
        .await
        .unwrap();
    }
    let batch = Batch {
        snapshot: snapshot(0),
        ..Default::default()
    };
    let r = post_batch(addr, "maple-court", &key, &batch).await;
    assert_eq!(r.status, 200);
    assert!(
        r.body.len() < WALL_READS,
        "a reply of {} bytes: the wall reads {WALL_READS} and would re-send forever",
        r.body.len()
    );
    let ack: Ack = serde_json::from_str(&r.body).unwrap();
    let tickets = ack.tickets.unwrap();
    assert!(!tickets.is_empty());
    assert!(tickets.iter().all(|t| t.subject.chars().count() <= 200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_stops_cleanly_on_sigterm() {
    let db = TestDb::new().await;
    let listen: std::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
    let state = lockerwall_portfolio::server::AppState::new(db.pool.clone(), false);
    // Listening here too keeps the test process alive should the server not listen.
    let mut ours =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).unwrap();
    let server = tokio::spawn(lockerwall_portfolio::server::serve(state, listen));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let pid = std::process::id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let stopped = tokio::time::timeout(std::time::Duration::from_secs(10), server)
        .await
        .expect("SIGTERM did not stop the server")
        .unwrap();
    assert!(stopped.is_ok(), "{stopped:?}");
    ours.recv().await;
}

/// A login attempt's status.
async fn try_login(addr: std::net::SocketAddr, email: &str, password: &str) -> u16 {
    login_reply(addr, email, password).await.status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_a_managers_password_slows_down() {
    let db = TestDb::new().await;
    db.property("maple-court", "dana@example.com").await;
    let addr = serve(&db).await;
    for n in 0..5 {
        assert_eq!(
            try_login(addr, "dana@example.com", &format!("guess {n}")).await,
            401
        );
    }
    // The sixth try waits, even with the right password.
    assert_eq!(
        try_login(addr, "dana@example.com", "a long password").await,
        429,
        "a sixth guess went straight to the password check"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_flood_leaves_signed_in_pages_answering() {
    let (_db, addr, dana) = served_for_dana().await;
    // 48 wrong logins at once, each for another made-up account.
    let flood: Vec<_> = (0..48)
        .map(|n| {
            tokio::spawn(async move {
                try_login(addr, &format!("guest{n}@example.com"), "wrong password").await
            })
        })
        .collect();
    let page = get(addr, "/", &dana).await;
    assert_eq!(page.status, 200);
    let mut statuses = Vec::new();
    for f in flood {
        statuses.push(f.await.unwrap());
    }
    assert!(
        statuses.iter().all(|s| *s == 401 || *s == 429),
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&429),
        "one address tried 48 accounts and was never slowed: {statuses:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_manager_and_an_old_password_are_signed_out() {
    use lockerwall_portfolio::admin;
    let (db, addr, dana) = served_for_dana().await;
    // A new password ends the session the old one opened.
    admin::put_manager(&db.pool, "dana@example.com", "Dana", "a new long password")
        .await
        .unwrap();
    assert_eq!(get(addr, "/", &dana).await.status, 303);
    let dana = log_in(addr, "dana@example.com", "a new long password")
        .await
        .unwrap();
    // Disabled: signed out at once, and no new sign-in.
    admin::set_access(&db.pool, "dana@example.com", admin::Access::Disable)
        .await
        .unwrap();
    assert_eq!(get(addr, "/", &dana).await.status, 303);
    assert_eq!(
        log_in(addr, "dana@example.com", "a new long password").await,
        None
    );
    admin::set_access(&db.pool, "dana@example.com", admin::Access::Enable)
        .await
        .unwrap();
    assert!(log_in(addr, "dana@example.com", "a new long password")
        .await
        .is_some());
    admin::set_access(&db.pool, "dana@example.com", admin::Access::Remove)
        .await
        .unwrap();
    assert_eq!(db.count("SELECT count(*) FROM managers").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_behind_a_proxy_are_checked_against_the_public_address() {
    let db = TestDb::new().await;
    db.property("maple-court", "dana@example.com").await;
    let mut state = lockerwall_portfolio::server::AppState::new(db.pool.clone(), false);
    state.public_url = Some("https://portfolio.example".into());
    let addr = serve_state(state).await;
    // nginx passes Host 127.0.0.1:PORT; the browser's Origin is the public address.
    let form = |origin: &str| {
        vec![
            (
                "Content-Type",
                "application/x-www-form-urlencoded".to_string(),
            ),
            ("Origin", origin.to_string()),
        ]
    };
    let body = b"email=dana%40example.com&password=a+long+password";
    let ok = http(
        addr,
        "POST",
        "/login",
        &form("https://portfolio.example"),
        body,
    )
    .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let evil = http(addr, "POST", "/login", &form("https://evil.example"), body).await;
    assert_eq!(evil.status, 403);
}

/// `/metrics` names every property and its figures: it answers this
/// machine asked directly, or whoever has the token; never the internet
/// through a proxy on the same machine.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_answer_only_this_machine_or_the_token() {
    let db = TestDb::new().await;
    db.property("maple-court", "dana@example.com").await;
    let open = serve(&db).await;
    let metrics = |addr, headers: Vec<(&'static str, String)>| async move {
        http(addr, "GET", "/metrics", &headers, b"").await
    };
    assert_eq!(metrics(open, vec![]).await.status, 200);
    let proxied = vec![("X-Forwarded-For", "203.0.113.9".to_string())];
    assert_eq!(metrics(open, proxied.clone()).await.status, 403);
    let forwarded = vec![("Forwarded", "for=203.0.113.9".to_string())];
    assert_eq!(metrics(open, forwarded).await.status, 403);

    let mut state = lockerwall_portfolio::server::AppState::new(db.pool.clone(), false);
    state.metrics_token = Some("a-long-metrics-token".into());
    let guarded = serve_state(state).await;
    assert_eq!(metrics(guarded, vec![]).await.status, 401);
    let bearer = |t: &str| ("Authorization", format!("Bearer {t}"));
    assert_eq!(
        metrics(guarded, vec![bearer("a-long-metrics-tokeN")])
            .await
            .status,
        401
    );
    assert_eq!(metrics(guarded, vec![bearer("a-long")]).await.status, 401);
    let mut right = proxied;
    right.push(bearer("a-long-metrics-token"));
    let answered = metrics(guarded, right).await;
    assert_eq!(answered.status, 200);
    // Wrong passwords are counted there.
    assert!(
        answered.body.contains("lockerwall_login_failures_total 0"),
        "{}",
        answered.body
    );
    assert!(log_in(guarded, "dana@example.com", "not it")
        .await
        .is_none());
    let after = metrics(guarded, vec![bearer("a-long-metrics-token")]).await;
    assert!(
        after.body.contains("lockerwall_login_failures_total 1"),
        "{}",
        after.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_to_a_wall_are_signed_for_the_batch_they_answer() {
    use lockerwall_portfolio::wire;
    let db = TestDb::new().await;
    let key = db.property("maple-court", "dana@example.com").await;
    let addr = serve(&db).await;
    let batch = Batch {
        snapshot: snapshot(0),
        ..Default::default()
    };
    let body = serde_json::to_vec(&batch).unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    let signature = wire::sign(&key, now, &body);
    let r = http(
        addr,
        "POST",
        wire::EVENTS_PATH,
        &[
            ("Content-Type", "application/json".into()),
            (wire::PROPERTY_HEADER, "maple-court".into()),
            (wire::TIMESTAMP_HEADER, now.to_string()),
            (wire::SIGNATURE_HEADER, signature.clone()),
        ],
        &body,
    )
    .await;
    assert_eq!(r.status, 200);
    let given = r
        .header(wire::REPLY_SIGNATURE_HEADER)
        .expect("the reply is signed");
    assert!(wire::verify_reply(
        &key,
        &signature,
        r.body.as_bytes(),
        given
    ));
    assert!(!wire::verify_reply(
        &key,
        "sha256=00",
        r.body.as_bytes(),
        given
    ));
}

/// Yesterday's deliveries with package 3 (locker A04, resident 4) waiting.
async fn desk_with_package_3(db: &TestDb) {
    let batch = yesterday_with_one_waiting(30, 3);
    lockerwall_portfolio::ingest::apply(&db.pool, "maple-court", &batch)
        .await
        .unwrap();
}

fn question(headers: &str) -> mail::Incoming {
    let raw = format!(
        "{headers}\r\nSubject: Re: Your package\r\nMIME-Version: 1.0\r\n\r\nWhere is my package?\r\n"
    );
    mail::parse(raw.as_bytes()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_notice_reply_is_unverified_and_learns_nothing() {
    let db = TestDb::new().await;
    db.property("maple-court", "dana@example.com").await;
    desk_with_package_3(&db).await;
    db.contact("maple-court", "carmen@example.com", 4).await;
    let now = chrono::Utc::now().timestamp_millis();
    // A stranger quotes package 3's notice id; another claims Carmen's
    // address but her provider marked it forged.
    let stranger = question(
        "From: someone@elsewhere.example\r\nMessage-ID: <f1@x>\r\n\
         In-Reply-To: <lw.mc.p3.stored.email.ab12cd34@lockerwall>",
    );
    let spoofed = question(
        "Authentication-Results: mx.example; spf=fail smtp.mailfrom=example.com; dmarc=fail\r\n\
         From: carmen@example.com\r\nMessage-ID: <f2@x>\r\n\
         In-Reply-To: <lw.mc.p3.stored.email.ab12cd34@lockerwall>",
    );
    let carmen = question(
        "From: carmen@example.com\r\nMessage-ID: <f3@x>\r\n\
         In-Reply-To: <lw.mc.p3.stored.email.ab12cd34@lockerwall>",
    );
    let addr = serve(&db).await;
    let dana = log_in(addr, "dana@example.com", "a long password")
        .await
        .unwrap();
    for (m, proven) in [(&stranger, false), (&spoofed, false), (&carmen, true)] {
        let t = intake::file(&db.pool, "maple-court", m, now)
            .await
            .unwrap()
            .ticket;
        let page = get(addr, &format!("/desk/t/{t}?answer=where"), &dana).await;
        assert_eq!(page.status, 200);
        assert_eq!(
            !page.body.contains("unverified sender"),
            proven,
            "{}: {}",
            m.from,
            page.body
        );
        // The saved answer tells where the package is only to its resident.
        let draft = page
            .body
            .split_once("<textarea")
            .and_then(|(_, rest)| rest.split_once("</textarea>"))
            .map(|(d, _)| d.to_string())
            .unwrap_or_default();
        assert_eq!(
            draft.contains("in locker A04"),
            proven,
            "{}: the draft gave the package away",
            m.from
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wall_that_cannot_read_the_replies_is_flagged_on_the_dashboard() {
    let (db, addr, dana) = served_for_dana().await;
    // The wall sends its batch, then the same events again and again: it
    // never reads the answer that says they are stored.
    let batch = yesterday_with_one_waiting(30, 3);
    for _ in 0..4 {
        lockerwall_portfolio::ingest::apply(&db.pool, "maple-court", &batch)
            .await
            .unwrap();
    }
    for path in ["/", "/p/maple-court"] {
        let page = get(addr, path, &dana).await;
        assert!(
            page.body.contains("not reading the server"),
            "{path}: a wall re-sending forever looks fresh: {}",
            page.body
        );
    }
    // Once it reads a reply (it sends only what is new), the flag goes.
    let mut next = yesterday_with_one_waiting(30, 3);
    next.events
        .retain(|e| e.seq > batch.events.last().unwrap().seq);
    lockerwall_portfolio::ingest::apply(&db.pool, "maple-court", &next)
        .await
        .unwrap();
    let page = get(addr, "/", &dana).await;
    assert!(!page.body.contains("not reading the server"));
}

/// A resident's mail is the most hostile text the server shows: its
/// sender, subject, body and attachment's name are text on every page, never markup.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_in_a_residents_mail_stays_text_on_the_desk() {
    let (db, addr, dana) = served_for_dana().await;
    let raw = "From: \"<img src=x onerror=alert(1)>\" <carmen@example.com>\r\n\
               Subject: <script>alert('subject')</script>\r\n\
               Message-ID: <markup@mail.example.com>\r\nMIME-Version: 1.0\r\n\
               Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
               --b\r\nContent-Type: text/plain\r\n\r\n\
               </div><b onmouseover=\"x\">the door</b>\r\n\
               --b\r\nContent-Type: image/png\r\n\
               Content-Disposition: attachment; filename=\"\\\"><svg onload=alert(2)>.png\"\r\n\
               Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n";
    let filed = file_question(&db, raw).await.unwrap();
    for path in ["/desk".to_string(), format!("/desk/t/{}", filed.ticket)] {
        let page = get(addr, &path, &dana).await;
        assert_eq!(page.status, 200, "{path}");
        for live in [
            "<script",
            "<img src=x",
            "<b onmouseover",
            "<svg onload",
            "\"><svg",
        ] {
            assert!(
                !page.body.contains(live),
                "{live} live on {path}: {}",
                page.body
            );
        }
        assert!(
            page.body.contains("&lt;script&gt;"),
            "{path}: the subject is shown, as text"
        );
    }
}

//! The dashboard in a real headless Chromium (Debian's chromium and
//! chromium-driver, driven over WebDriver): log in, open a property, and
//! check the figures on screen against the events the wall sent; answer a
//! resident's question at the desk with a saved answer; a resident's own
//! page on a phone.

use lockerwall_portfolio::desk::{mailbox, poller};
use lockerwall_portfolio::testing::browser::{driver, session, wd};
use lockerwall_portfolio::testing::mail::MailServers;
use lockerwall_portfolio::testing::*;
use lockerwall_portfolio::wire::Batch;
use lockerwall_portfolio::{ingest, stats};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_logs_in_and_reads_the_walls_figures() {
    let db = TestDb::new().await;
    let key = db.property("maple-court", "dana@example.com").await;
    db.property("oak-hollow", "eli@example.com").await;
    let server = serve(&db).await;
    // Today (UTC): up to 37 deliveries from 00:05, one a minute, each collected 5 hours later.
    let day = 86_400_000;
    let midnight = chrono::Utc::now().timestamp_millis() / day * day;
    let events = wall_events(midnight + 5 * 60_000, 37, 1, 300);
    let now = chrono::Utc::now().timestamp_millis();
    let collected = events
        .iter()
        .filter(|e| e.kind == "picked_up" && e.at <= now)
        .count();
    // The wall's box: an old version, a nearly full card, a clock 4 min slow.
    let health = lockerwall_portfolio::wire::WallHealth {
        version: "0.0.9".into(),
        uptime_s: 2 * 86_400 + 3 * 3600,
        disk_free: Some(300 << 20),
        disk_total: Some(8 << 30),
        database_bytes: 42 << 20,
        outbox: 2,
        clock_skew_ms: Some(-240_000),
        clock_synchronised: Some(true),
        ..Default::default()
    };
    let batch = Batch {
        snapshot: lockerwall_portfolio::wire::Snapshot {
            health: Some(health),
            ..snapshot(events.len() as i64)
        },
        events: events.into_iter().filter(|e| e.at <= now).collect(),
        ..Default::default()
    };
    // Just after midnight UTC some are still to come: the page must show what was sent.
    let delivered = batch.events.iter().filter(|e| e.kind == "stored").count();
    assert_eq!(
        post_batch(server, "maple-court", &key, &batch).await.status,
        200
    );

    let d = driver().await;
    let s = session(&d).await;
    let base = format!("http://{server}");

    // A wrong password first: the form says so.
    s.go(&format!("{base}/login")).await;
    s.type_in("#email", "dana@example.com").await;
    s.type_in("#password", "not it").await;
    s.click("#login").await;
    assert!(s.text(".error").await.contains("do not match"));
    // The email is kept; the password field is new and empty.
    // Then the right one: the portfolio, with only Dana's property.
    s.type_in("#password", "a long password").await;
    s.click("#login").await;
    // The table's arrival is the sign the page changed (a click may return
    // before the navigation it starts has finished).
    let table = s.text("#portfolio").await;
    assert_eq!(s.url().await, format!("{base}/"));
    assert!(table.contains("Property maple-court"), "{table}");
    assert!(!table.contains("oak-hollow"));
    assert_eq!(s.text("#total-today").await, delivered.to_string());
    // The fleet column flags the wall's box.
    let wall = s
        .text("tr[data-property='maple-court'] td.warn-text:last-child")
        .await;
    assert_eq!(wall, "0.0.9 · disk nearly full · clock off · old version");

    // The property's page, by its link.
    s.click("a[href='/p/maple-court']").await;
    assert_eq!(s.text("#today").await, delivered.to_string());
    assert_eq!(s.url().await, format!("{base}/p/maple-court"));
    assert_eq!(s.text("#total-90").await, delivered.to_string());
    if collected > 0 {
        // Every collected package waited five hours: the median and the 90th
        // percentile are that wait, as the dwell buckets hold it.
        let five_hours = stats::wait_words(stats::minutes(stats::bucket(300)));
        assert_eq!(s.text("#dwell-median").await, five_hours);
        assert_eq!(s.text("#dwell-p90").await, five_hours);
    } else {
        assert_eq!(s.text("#dwell-median").await, "—");
    }
    // Today's row in the daily table: what was delivered and collected.
    let days = s.text("#days tbody tr:first-child").await;
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert!(
        days.starts_with(&format!("{today} {delivered} {collected} ")),
        "{days}"
    );

    // The wall's box, line by line.
    let wall_box = s.text("#wall-box").await;
    for words in [
        "0.0.9 (this server is",
        "2 days 3 h",
        "300 MB free of 8.0 GB",
        "42 MB",
        "2 waiting to be sent",
        "4 min behind",
    ] {
        assert!(wall_box.contains(words), "{words:?} not in {wall_box}");
    }
    // The same figures for Prometheus, asked from this machine.
    let metrics = lockerwall_portfolio::testing::get(server, "/metrics", "").await;
    assert_eq!(metrics.status, 200, "{}", metrics.body);
    for line in [
        format!(
            "lockerwall_events_acked_total{{property=\"maple-court\"}} {}",
            batch.events.len()
        ),
        "lockerwall_wall_disk_free_bytes{property=\"maple-court\"} 314572800".into(),
        "lockerwall_wall_clock_skew_ms{property=\"maple-court\"} -240000".into(),
        "lockerwall_wall_flag{property=\"maple-court\",flag=\"old_version\"} 1".into(),
        "lockerwall_wall_info{property=\"maple-court\",version=\"0.0.9\"} 1".into(),
        // Oak Hollow never reported: silent.
        "lockerwall_walls_silent 1".into(),
    ] {
        assert!(
            metrics.body.lines().any(|l| l == line),
            "{line:?} not in\n{}",
            metrics.body
        );
    }

    // Another manager's property is not there, even by its address.
    s.go(&format!("{base}/p/oak-hollow")).await;
    assert!(s.text("h1").await.contains("Not found"));

    wd(&d, "DELETE", &format!("/session/{}", s.id), Value::Null).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_answer_a_ticket_with_a_saved_answer() {
    const DESK: &str = "packages@maple-court.example";
    const CARMEN: &str = "carmen@example.com";
    let mail = MailServers::start(&[(DESK, "desk secret"), (CARMEN, "carmen secret")]);
    let db = TestDb::new().await;
    db.property("maple-court", "dana@example.com").await;
    // Yesterday's 10 deliveries; package 3 (locker A04, resident 4) is still waiting.
    let batch = yesterday_with_one_waiting(10, 3);
    ingest::apply(&db.pool, "maple-court", &batch)
        .await
        .unwrap();
    mailbox::put(&db.pool, &mail.mailbox("maple-court", DESK, "desk secret"))
        .await
        .unwrap();
    // The wall shares Carmen's address as resident 4's (keyed): her mail is proven hers.
    db.contact("maple-court", CARMEN, 4).await;
    mail.send(
        CARMEN,
        DESK,
        "From: carmen@example.com\nTo: packages@maple-court.example\n\
Subject: Re: Your package is in locker A04\nMessage-ID: <q1@mail.example.com>\n\
In-Reply-To: <lw.mc.p3.stored.email.ab12cd34@lockerwall>\n\n\
The door did not open when I typed my code.\n",
    )
    .await;
    assert_eq!(
        poller::check(&db.pool, "maple-court")
            .await
            .unwrap()
            .new_tickets,
        1
    );
    let server = serve(&db).await;
    let base = format!("http://{server}");

    let d = driver().await;
    let s = session(&d).await;
    s.go(&format!("{base}/login")).await;
    s.type_in("#email", "dana@example.com").await;
    s.type_in("#password", "a long password").await;
    s.click("#login").await;
    s.text("#portfolio").await;
    // The desk from the menu, the ticket from the inbox.
    s.click("nav a[href='/desk']").await;
    let inbox = s.text("#inbox").await;
    assert!(
        inbox.contains("Re: Your package is in locker A04"),
        "{inbox}"
    );
    assert!(inbox.contains("New"), "{inbox}");
    s.click("#inbox tbody tr:first-child td.text a").await;
    // Beside the question: package 3 with its timeline.
    let package = s.text("#package-3").await;
    assert!(package.contains("Delivered into locker A04"), "{package}");
    assert!(package.contains("Waiting in locker A04"), "{package}");
    // The saved answer fills the form with the package's facts.
    s.click("a.saved[href$='answer=door#reply']").await;
    let draft = s.value("textarea[name=body]").await;
    assert!(
        draft.contains("Sorry about the door of locker A04."),
        "{draft}"
    );
    s.type_in("textarea[name=body]", "\nDana").await;
    s.click("button[value=wait]").await;
    assert_eq!(s.text(".ok").await, "Your answer was sent.");
    let sent = s.text(".msg.out").await;
    assert!(
        sent.contains("Sorry about the door of locker A04."),
        "{sent}"
    );
    assert!(sent.ends_with("Dana"), "{sent}");
    assert!(s.text(".sub").await.contains("Waiting on resident"));
    wd(&d, "DELETE", &format!("/session/{}", s.id), Value::Null).await;

    // Carmen has it, in her thread.
    let inbox = mail.inbox(CARMEN, "carmen secret").await;
    assert_eq!(inbox.len(), 1);
    let m = lockerwall_portfolio::desk::mail::parse(&inbox[0]).unwrap();
    assert_eq!(m.replies_to, ["q1@mail.example.com"]);
    assert!(m.text.contains("Sorry about the door of locker A04."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_opens_their_page_on_a_phone_and_asks_for_their_code_again() {
    use lockerwall_portfolio::wire::ResidentLink;
    let db = TestDb::new().await;
    let key = db.property("maple-court", "dana@example.com").await;
    // Yesterday's 10 deliveries; resident 4's package 3 (locker A04) is
    // waiting, their package 10 (A11) was collected; the rest are others'.
    let mut batch = yesterday_with_one_waiting(10, 3);
    batch.snapshot.hold_days = 7;
    ingest::apply(&db.pool, "maple-court", &batch)
        .await
        .unwrap();
    let server = serve(&db).await;
    let link = ResidentLink {
        resident: 4,
        issued_s: chrono::Utc::now().timestamp() - 60,
        days: 60,
        language: "en".into(),
    };
    let page = link.url(&format!("http://{server}"), &key, "maple-court");

    let d = driver().await;
    let s = session(&d).await;
    s.resize(360, 780).await;
    s.go(&page).await;
    assert_eq!(s.text("h1").await, "Your packages");
    assert_eq!(s.text("#package-3 h3").await, "In locker A04");
    let all = s.run("return document.body.innerText;").await;
    let all = all.as_str().unwrap();
    assert!(
        all.contains("Waiting for you (1)") && all.contains("Kept until"),
        "{all}"
    );
    assert!(all.contains("Picked up"), "{all}");
    assert!(
        !all.contains("A05") && !all.contains("A06"),
        "another resident's package: {all}"
    );
    // Made for the phone: nothing wider than its screen, a thumb-sized button.
    let width = s.run("return document.documentElement.scrollWidth;").await;
    assert!(width.as_u64().unwrap() <= 360, "{width}");
    let button = s
        .run("return document.querySelector('#package-3 button').getBoundingClientRect().height;")
        .await;
    assert!(button.as_f64().unwrap() >= 48.0, "{button}");

    s.click("#package-3 button").await;
    let banner = s.text(".banner").await;
    assert!(
        banner.contains("will send you the notice again"),
        "{banner}"
    );
    assert!(s
        .text("#package-3 .asked")
        .await
        .contains("You asked for the notice again"));
    assert_eq!(
        db.count(
            "SELECT count(*) FROM wall_actions WHERE requested_by_resident = 4 AND package = 3"
        )
        .await,
        1
    );

    // On a laptop: the same page, a readable column.
    s.resize(1280, 900).await;
    let column = s
        .run("return document.querySelector('main').getBoundingClientRect().width;")
        .await;
    assert!(column.as_f64().unwrap() <= 600.0, "{column}");

    // A link altered by one character opens nothing.
    let forged = page.replacen("/4.", "/5.", 1);
    s.go(&forged).await;
    assert_eq!(s.text("h1").await, "This link does not work");
    wd(&d, "DELETE", &format!("/session/{}", s.id), Value::Null).await;
}

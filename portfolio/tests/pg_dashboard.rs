//! The dashboard over HTTP against a real PostgreSQL: logging in, each
//! manager seeing only their own properties, the figures and the CSV.

use lockerwall_portfolio::testing::*;
use lockerwall_portfolio::wire::Batch;

const DAY: i64 = 86_400_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_sees_only_their_properties() {
    let db = TestDb::new().await;
    let dana_key = db.property("maple-court", "dana@example.com").await;
    db.property("oak-hollow", "eli@example.com").await;
    let addr = serve(&db).await;
    let today = chrono::Utc::now().timestamp_millis() / DAY * DAY;
    // Twelve deliveries into Maple Court this morning (UTC).
    let events = wall_events(today + 60_000, 12, 1, 1);
    let mut snap = snapshot(events.len() as i64);
    snap.attention
        .push(lockerwall_portfolio::wire::AttentionItem {
            since: today + 3_600_000,
            kind: "door_left_open".into(),
            locker: Some("B07".into()),
            message: None,
        });
    let batch = Batch {
        snapshot: snap,
        events,
        ..Default::default()
    };
    assert_eq!(
        post_batch(addr, "maple-court", &dana_key, &batch)
            .await
            .status,
        200
    );

    // Not logged in: sent to the login page.
    let r = http(addr, "GET", "/", &[], b"").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/login"));
    // A wrong password: refused, and no cookie.
    assert_eq!(
        log_in(addr, "dana@example.com", "wrong password").await,
        None
    );
    assert_eq!(
        log_in(addr, "nobody@example.com", "a long password").await,
        None
    );

    let dana = log_in(addr, "dana@example.com", "a long password")
        .await
        .unwrap();
    let eli = log_in(addr, "eli@example.com", "a long password")
        .await
        .unwrap();

    let page = get(addr, "/", &dana).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Property maple-court"));
    assert!(
        !page.body.contains("oak-hollow"),
        "another manager's property"
    );
    assert!(
        page.body.contains(r#"<span id="total-today">12</span>"#),
        "{}",
        page.body
    );

    // Eli cannot open Maple Court, not even by its address, nor its CSV.
    let r = get(addr, "/p/maple-court", &eli).await;
    assert_eq!(r.status, 404);
    assert!(!r.body.contains("Deliveries today"));
    assert_eq!(
        get(addr, "/p/maple-court/daily.csv", &eli).await.status,
        404
    );
    assert_eq!(
        get(addr, "/p/maple-court/attention.csv", &eli).await.status,
        404
    );
    let csv = get(addr, "/portfolio.csv", &eli).await;
    assert!(csv.body.contains("oak-hollow") && !csv.body.contains("maple-court"));
    let plan = get(addr, "/plan.csv", &eli).await;
    assert!(!plan.body.contains("maple-court") && !plan.body.contains("Property maple-court"));

    // Dana's property page shows the figures the events make.
    let r = get(addr, "/p/maple-court", &dana).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains(r#"id="today">12<"#), "{}", r.body);
    assert!(r.body.contains(r#"id="total-90">12<"#));
    let csv = get(addr, "/p/maple-court/daily.csv", &dana).await;
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(csv.body.lines().count(), 91, "a header and 90 days");
    assert!(
        csv.body.lines().last().unwrap().contains(",12,12,"),
        "{}",
        csv.body
    );

    assert!(r.body.contains("Door left open"));
    let csv = get(addr, "/p/maple-court/attention.csv", &dana).await;
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "What,Locker,Since,Message");
    assert!(lines[1].starts_with("Door left open,B07,"), "{}", csv.body);
    assert!(
        lines[1].ends_with(" 01:00 UTC,"),
        "no message unless shared: {}",
        csv.body
    );
    // Every answer carries the protective headers; the cookie is HttpOnly and SameSite.
    assert!(r
        .header("content-security-policy")
        .unwrap()
        .contains("default-src 'none'"));
    assert_eq!(r.header("x-frame-options"), Some("DENY"));

    // Logging out ends the session on the server, not only in the browser.
    let out = http(addr, "POST", "/logout", &[("Cookie", dana.clone())], b"").await;
    assert_eq!(out.status, 303);
    assert_eq!(get(addr, "/", &dana).await.status, 303);
    // A form posted from another site is refused.
    let r = http(
        addr,
        "POST",
        "/logout",
        &[
            ("Cookie", eli.clone()),
            ("Origin", "https://evil.example".into()),
        ],
        b"",
    )
    .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        get(addr, "/", &eli).await.status,
        200,
        "Eli still logged in"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_fills_a_portfolio_the_planner_can_rank() {
    let db = TestDb::new().await;
    let report = lockerwall_portfolio::demo::generate(
        &db.pool,
        &lockerwall_portfolio::demo::DemoOptions {
            properties: 4,
            days: 60,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(report.events > 4 * 60 * 50, "{report:?}");
    assert_eq!(
        db.count("SELECT count(*) FROM events").await,
        report.events as i64
    );
    // Each demo property's deliveries in the rollups match its arrival events.
    assert_eq!(
        db.count("SELECT sum(deliveries)::bigint FROM daily").await,
        db.count(
            "SELECT count(*) FROM events WHERE kind IN ('stored', 'held_by_staff', 'shelf_set')"
        )
        .await
    );
    let addr = serve(&db).await;
    let cookie = log_in(addr, "demo@lockerwall.example", "lockerwall-demo")
        .await
        .unwrap();
    let plan = get(addr, "/plan", &cookie).await;
    assert_eq!(plan.status, 200);
    assert_eq!(plan.body.matches("<tr data-property=").count(), 4);
    assert!(plan.body.contains("expected"), "{}", plan.body);
    let csv = get(addr, "/plan.csv", &cookie).await;
    assert_eq!(csv.body.lines().count(), 5);
    // The East manager sees only the East property.
    let east = log_in(addr, "east@lockerwall.example", "lockerwall-demo")
        .await
        .unwrap();
    let page = get(addr, "/", &east).await;
    assert_eq!(page.body.matches("<tr data-property=").count(), 1);
}

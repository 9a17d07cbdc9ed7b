//! A resident's own page against a real PostgreSQL: the link opens only its
//! resident's packages; another property's, a forged, an expired and a
//! revoked link open nothing; "send me my code again" is queued once, for
//! the resident's own waiting package only, and reaches the wall's answer
//! as the resident's request.

use lockerwall_portfolio::testing::*;
use lockerwall_portfolio::wire::{self, Ack, ActionKind, Batch, Event, ResidentLink};

const PROPERTY: &str = "maple-court";

fn link(resident: i64, issued_s: i64, days: u16, language: &str) -> ResidentLink {
    ResidentLink {
        resident,
        issued_s,
        days,
        language: language.into(),
    }
}

fn path(key: &str, l: &ResidentLink) -> String {
    format!("/r/{PROPERTY}/{}", l.token(key, PROPERTY))
}

fn event(
    seq: i64,
    at: i64,
    kind: &str,
    package: Option<i64>,
    resident: i64,
    locker: &str,
) -> Event {
    Event {
        seq,
        at,
        kind: kind.into(),
        actor: "kiosk".into(),
        locker: Some(locker.into()).filter(|l: &String| !l.is_empty()),
        size: Some("M".into()),
        package,
        resident: Some(resident),
        unit: Some("4B".into()),
        carrier: Some(1),
        detail: None,
        tracking_tag: None,
    }
}

/// Resident 7: package 1 waiting in A01 and package 2 collected; resident 8:
/// package 3 waiting in A03.
fn two_residents(now_ms: i64) -> Batch {
    let h = 3_600_000;
    let events = vec![
        event(1, now_ms - 5 * h, "stored", Some(1), 7, "A01"),
        event(2, now_ms - 4 * h, "stored", Some(2), 7, "A02"),
        event(3, now_ms - 3 * h, "picked_up", Some(2), 7, "A02"),
        event(4, now_ms - 2 * h, "stored", Some(3), 8, "A03"),
    ];
    let mut snapshot = snapshot(4);
    snapshot.hold_days = 7;
    Batch {
        snapshot,
        events,
        ..Default::default()
    }
}

/// A batch with `snapshot` reporting the requests `ids` done at the wall.
fn reporting_done(snapshot: wire::Snapshot, ids: impl IntoIterator<Item = i64>) -> Batch {
    let done = ids
        .into_iter()
        .map(|id| wire::ActionDone {
            id,
            ok: true,
            message: String::new(),
        })
        .collect();
    Batch {
        snapshot,
        desk: wire::DeskReport {
            solved: vec![],
            done,
        },
        ..Default::default()
    }
}

/// The server, with Maple Court's wall having sent [`two_residents`] (Dana manages it).
struct Wall {
    db: TestDb,
    key: String,
    addr: std::net::SocketAddr,
    now_ms: i64,
}

async fn two_residents_sent() -> Wall {
    let db = TestDb::new().await;
    let key = db.property(PROPERTY, "dana@example.com").await;
    let addr = serve(&db).await;
    let now_ms = chrono::Utc::now().timestamp_millis();
    let sent = post_batch(addr, PROPERTY, &key, &two_residents(now_ms)).await;
    assert_eq!(sent.status, 200);
    Wall {
        db,
        key,
        addr,
        now_ms,
    }
}

async fn post_form(
    addr: std::net::SocketAddr,
    path: &str,
    body: &str,
    origin: Option<&str>,
) -> Reply {
    let mut headers = vec![(
        "Content-Type",
        "application/x-www-form-urlencoded".to_string(),
    )];
    if let Some(o) = origin {
        headers.push(("Origin", o.to_string()));
    }
    http(addr, "POST", path, &headers, body.as_bytes()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_opens_only_its_residents_page() {
    let db = TestDb::new().await;
    let key = db.property(PROPERTY, "dana@example.com").await;
    let other_key = db.property("elm-row", "erin@example.com").await;
    let addr = serve(&db).await;
    let now_ms = chrono::Utc::now().timestamp_millis();
    let now_s = now_ms / 1000;
    assert_eq!(
        post_batch(addr, PROPERTY, &key, &two_residents(now_ms))
            .await
            .status,
        200
    );

    let ana = link(7, now_s - 60, 60, "en");
    let page = http(addr, "GET", &path(&key, &ana), &[], b"").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("In locker A01"), "{}", page.body);
    assert!(page.body.contains("Picked up"), "{}", page.body);
    assert!(
        !page.body.contains("A03"),
        "another resident's package shown"
    );
    assert!(page.body.contains("Waiting for you (1)"));
    assert!(page.body.contains("Kept until"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.header("content-security-policy").is_some());

    // The same page in Spanish, when the link says so.
    let es = http(
        addr,
        "GET",
        &path(&key, &link(7, now_s - 60, 60, "es")),
        &[],
        b"",
    )
    .await;
    assert!(es.body.contains("En el casillero A01") && es.body.contains("lang=\"es\""));

    // Resident 8's own link shows theirs and not 7's.
    let bo = http(
        addr,
        "GET",
        &path(&key, &link(8, now_s - 60, 60, "en")),
        &[],
        b"",
    )
    .await;
    assert!(bo.body.contains("In locker A03") && !bo.body.contains("A01"));

    // Refused: signed for another property, made up, altered, expired, cut short.
    let refused = |r: &Reply, status: u16, words: &str| {
        assert_eq!(r.status, status, "{}", r.body);
        assert!(r.body.contains(words), "{}", r.body);
        assert!(!r.body.contains("A01"));
    };
    let elsewhere = format!("/r/{PROPERTY}/{}", ana.token(&other_key, "elm-row"));
    refused(
        &http(addr, "GET", &elsewhere, &[], b"").await,
        404,
        "does not work",
    );
    let forged = format!(
        "/r/{PROPERTY}/{}",
        ana.token("a-key-nobody-was-given", PROPERTY)
    );
    refused(
        &http(addr, "GET", &forged, &[], b"").await,
        404,
        "does not work",
    );
    let altered = path(&key, &ana).replacen("/7.", "/8.", 1);
    refused(
        &http(addr, "GET", &altered, &[], b"").await,
        404,
        "does not work",
    );
    let old = link(7, now_s - 61 * 86_400, 60, "en");
    refused(
        &http(addr, "GET", &path(&key, &old), &[], b"").await,
        410,
        "expired",
    );
    let cut = &path(&key, &ana)[..path(&key, &ana).len() - 4];
    refused(
        &http(addr, "GET", cut, &[], b"").await,
        404,
        "does not work",
    );
    let unknown = format!("/r/nowhere/{}", ana.token(&key, "nowhere"));
    refused(
        &http(addr, "GET", &unknown, &[], b"").await,
        404,
        "does not work",
    );

    // Staff revoke 7's links at the wall: the event withdraws every link
    // issued up to then; one issued after opens the page again.
    let mut revoke = event(5, now_ms, "page_link_revoked", None, 7, "");
    revoke.actor = "staff".into();
    let batch = Batch {
        snapshot: snapshot(5),
        events: vec![revoke],
        ..Default::default()
    };
    assert_eq!(post_batch(addr, PROPERTY, &key, &batch).await.status, 200);
    refused(
        &http(addr, "GET", &path(&key, &ana), &[], b"").await,
        403,
        "no longer valid",
    );
    let fresh = link(7, now_s + 1, 60, "en");
    assert_eq!(
        http(addr, "GET", &path(&key, &fresh), &[], b"")
            .await
            .status,
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_my_code_again_is_queued_once_for_the_residents_own_package() {
    let Wall {
        db,
        key,
        addr,
        now_ms,
    } = two_residents_sent().await;
    let page = path(&key, &link(7, now_ms / 1000 - 60, 60, "en"));
    let resend = format!("{page}/resend");

    let r = post_form(addr, &resend, "package=1", None).await;
    assert_eq!(r.status, 303);
    assert!(r.header("location").unwrap().contains("said=resend-asked"));
    let shown = http(addr, "GET", r.header("location").unwrap(), &[], b"").await;
    assert!(
        shown.body.contains("will send you the notice again"),
        "{}",
        shown.body
    );
    assert!(shown.body.contains("You asked for the notice again"));
    assert!(
        !shown.body.contains(">Send me my code again<"),
        "no second button while it is on its way"
    );

    // Tapped again: the same request, not a second one.
    let again = post_form(addr, &resend, "package=1", None).await;
    assert!(again
        .header("location")
        .unwrap()
        .contains("said=resend-already"));
    // Another resident's package, a collected one, one that does not exist: nothing queued.
    for other in ["package=3", "package=2", "package=999", "package=-1"] {
        let r = post_form(addr, &resend, other, None).await;
        assert!(
            r.header("location").unwrap().contains("said=resend-gone"),
            "{other}"
        );
    }
    // No package, or a form from another site: refused outright.
    assert_eq!(post_form(addr, &resend, "", None).await.status, 400);
    assert_eq!(
        post_form(addr, &resend, "package=abc", None).await.status,
        400
    );
    let cross = post_form(addr, &resend, "package=1", Some("https://evil.example")).await;
    assert_eq!(cross.status, 403);
    assert_eq!(db.count("SELECT count(*) FROM wall_actions").await, 1);

    // The wall's next batch gets it as the resident's request.
    let reply = post_batch(
        addr,
        PROPERTY,
        &key,
        &Batch {
            snapshot: snapshot(4),
            ..Default::default()
        },
    )
    .await;
    let ack: Ack = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(ack.actions.len(), 1);
    let a = &ack.actions[0];
    assert_eq!(
        (a.package, &a.what, a.resident),
        (Some(1), &ActionKind::ResendNotice, Some(7))
    );
    assert_eq!(a.by, "the resident");

    // Done at the wall: the page says so, and offers the button again.
    let done = reporting_done(snapshot(4), [a.id]);
    assert_eq!(post_batch(addr, PROPERTY, &key, &done).await.status, 200);
    let after = http(addr, "GET", &page, &[], b"").await;
    assert!(after.body.contains("Notice sent again"), "{}", after.body);
    assert!(after.body.contains(">Send me my code again<"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_package_given_to_another_resident_leaves_the_first_ones_page() {
    let Wall {
        db: _db,
        key,
        addr,
        now_ms,
    } = two_residents_sent().await;
    // Staff change package 1's recipient to resident 8 at the wall.
    let mut changed = event(5, now_ms, "recipient_changed", Some(1), 8, "A01");
    changed.actor = "staff".into();
    let batch = Batch {
        snapshot: snapshot(5),
        events: vec![changed],
        ..Default::default()
    };
    assert_eq!(post_batch(addr, PROPERTY, &key, &batch).await.status, 200);
    let now_s = now_ms / 1000;
    let ana = http(
        addr,
        "GET",
        &path(&key, &link(7, now_s, 60, "en")),
        &[],
        b"",
    )
    .await;
    assert!(!ana.body.contains("A01") && ana.body.contains("Waiting for you (0)"));
    let bo = http(
        addr,
        "GET",
        &path(&key, &link(8, now_s, 60, "en")),
        &[],
        b"",
    )
    .await;
    assert!(bo.body.contains("A01") && bo.body.contains("Waiting for you (2)"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_links_and_markup_open_nothing_and_stay_text() {
    let db = TestDb::new().await;
    let key = db.property(PROPERTY, "dana@example.com").await;
    let addr = serve(&db).await;
    let now_ms = chrono::Utc::now().timestamp_millis();
    // A wall whose locker label is markup (a hostile or broken wall).
    let events = vec![event(
        1,
        now_ms - 60_000,
        "stored",
        Some(1),
        7,
        "<script>alert(1)</script>",
    )];
    let batch = Batch {
        snapshot: snapshot(1),
        events,
        ..Default::default()
    };
    assert_eq!(post_batch(addr, PROPERTY, &key, &batch).await.status, 200);
    let page = http(
        addr,
        "GET",
        &path(&key, &link(7, now_ms / 1000, 60, "en")),
        &[],
        b"",
    )
    .await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<script>alert"), "{}", page.body);
    assert!(page.body.contains("&lt;script&gt;"));

    let long = format!("/r/{PROPERTY}/{}", "7.".repeat(5000));
    for hostile in [
        long.as_str(),
        "/r/maple-court/..%2F..%2Fetc%2Fpasswd",
        "/r/'%3B%20DROP%20TABLE%20packages%3B--/7.1.60.en.x",
        "/r/maple-court/7.1.60.%3Cscript%3E.x",
        "/r/maple-court/7.99999999999999999999.60.en.x",
        "/r/maple-court/%00",
    ] {
        let r = http(addr, "GET", hostile, &[], b"").await;
        assert!(
            r.status == 404 || r.status == 400,
            "{hostile}: {} {}",
            r.status,
            r.body
        );
        assert!(!r.body.contains("<script"), "{hostile}");
    }
    assert_eq!(
        db.count("SELECT count(*) FROM packages").await,
        1,
        "nothing dropped"
    );
    // A request through a hostile link queues nothing.
    let r = post_form(
        addr,
        "/r/maple-court/7.1.60.en.AAAAAAAAAAAAAAAAAAAAAA/resend",
        "package=1",
        None,
    )
    .await;
    assert_eq!(r.status, 404);
    assert_eq!(db.count("SELECT count(*) FROM wall_actions").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bring_it_to_my_door_only_where_the_property_offers_it() {
    let Wall {
        db,
        key,
        addr,
        now_ms,
    } = two_residents_sent().await;
    let page = path(&key, &link(7, now_ms / 1000 - 60, 60, "en"));
    let door = format!("{page}/door");

    // Not offered (the wall's snapshot does not say so): no button, and a
    // request made anyway is refused.
    let shown = http(addr, "GET", &page, &[], b"").await;
    assert!(
        !shown.body.contains("Bring it to my door"),
        "{}",
        shown.body
    );
    let r = post_form(addr, &door, "package=1", None).await;
    assert!(r.header("location").unwrap().contains("said=door-off"));
    assert_eq!(db.count("SELECT count(*) FROM wall_actions").await, 0);

    // The wall says it takes them: the button, and the request queued once.
    let mut offered = snapshot(4);
    offered.door_delivery_requests = true;
    let batch = Batch {
        snapshot: offered,
        ..Default::default()
    };
    let reply = post_batch(addr, PROPERTY, &key, &batch).await;
    assert_eq!(reply.status, 200);
    let shown = http(addr, "GET", &page, &[], b"").await;
    assert!(shown.body.contains("Bring it to my door"), "{}", shown.body);
    let r = post_form(addr, &door, "package=1", None).await;
    assert!(r.header("location").unwrap().contains("said=door-asked"));
    let shown = http(addr, "GET", r.header("location").unwrap(), &[], b"").await;
    assert!(
        shown
            .body
            .contains("bring it to your door on their next round"),
        "{}",
        shown.body
    );
    assert!(shown.body.contains("You asked for it at your door"));
    assert!(
        !shown.body.contains(">Bring it to my door<"),
        "no second request while on its way"
    );
    assert!(
        shown.body.contains(">Send me my code again<"),
        "the other request stays"
    );
    let again = post_form(addr, &door, "package=1", None).await;
    assert!(again
        .header("location")
        .unwrap()
        .contains("said=door-already"));
    // Another resident's package: nothing queued.
    let r = post_form(addr, &door, "package=3", None).await;
    assert!(r.header("location").unwrap().contains("said=door-gone"));

    let mut next = snapshot(4);
    next.door_delivery_requests = true;
    let reply = post_batch(
        addr,
        PROPERTY,
        &key,
        &Batch {
            snapshot: next,
            ..Default::default()
        },
    )
    .await;
    let ack: Ack = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(ack.actions.len(), 1);
    let a = &ack.actions[0];
    assert_eq!(
        (a.package, &a.what, a.resident),
        (Some(1), &ActionKind::DoorDelivery { window: None }, Some(7))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_withdraws_a_residents_links_at_once() {
    let db = TestDb::new().await;
    let key = db.property(PROPERTY, "dana@example.com").await;
    db.property("elm-row", "erin@example.com").await;
    let addr = serve(&db).await;
    let now_ms = chrono::Utc::now().timestamp_millis();
    assert_eq!(
        post_batch(addr, PROPERTY, &key, &two_residents(now_ms))
            .await
            .status,
        200
    );
    // Resident 7 writes: "I forwarded my notice to the wrong person".
    let c = db.pool.get().await.unwrap();
    let ticket: i64 = c
        .query_one(
            "INSERT INTO tickets (property_id, subject, requester, resident, created_at, updated_at)
             VALUES ($1, 'My link went to someone else', 'ana@example.com', 7, now(), now())
             RETURNING id",
            &[&PROPERTY],
        )
        .await
        .unwrap()
        .get(0);
    let page = path(&key, &link(7, now_ms / 1000 - 60, 60, "en"));
    assert_eq!(http(addr, "GET", &page, &[], b"").await.status, 200);
    let revoke = format!("/desk/t/{ticket}/revoke-links");

    // A manager who does not cover the property: not found, nothing withdrawn.
    let erin = log_in(addr, "erin@example.com", "a long password")
        .await
        .unwrap();
    let r = http(addr, "POST", &revoke, &[("Cookie", erin)], b"").await;
    assert_eq!(r.status, 404);
    assert_eq!(http(addr, "GET", &page, &[], b"").await.status, 200);

    // Dana, at the ticket: the button, then the link opens nothing.
    let dana = log_in(addr, "dana@example.com", "a long password")
        .await
        .unwrap();
    let shown = get(addr, &format!("/desk/t/{ticket}"), &dana).await;
    assert!(
        shown.body.contains("Withdraw their page links"),
        "{}",
        shown.body
    );
    let r = http(addr, "POST", &revoke, &[("Cookie", dana.clone())], b"").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let after = get(addr, r.header("location").unwrap(), &dana).await;
    assert!(after.body.contains("Their page links are withdrawn"));
    let refused = http(addr, "GET", &page, &[], b"").await;
    assert_eq!(refused.status, 403);
    // Resident 8's links are untouched.
    let other = path(&key, &link(8, now_ms / 1000 - 60, 60, "en"));
    assert_eq!(http(addr, "GET", &other, &[], b"").await.status, 200);
}

/// "Kept until" is the wall's day: a hold staff extended arrives in the
/// snapshot and the page shows its later day, not arrival plus the period.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_extended_hold_shows_the_walls_later_day() {
    use lockerwall_portfolio::pages::resident_words::words;
    let wall = two_residents_sent().await;
    let day = 86_400_000;
    let until = wall.now_ms + 19 * day;
    let mut batch = two_residents(wall.now_ms);
    batch.events.clear();
    batch.snapshot.held_longer = vec![wire::HeldLonger { package: 1, until }];
    let sent = post_batch(wall.addr, PROPERTY, &wall.key, &batch).await;
    assert_eq!(sent.status, 200, "{}", sent.body);

    let ana = link(7, wall.now_ms / 1000 - 60, 60, "en");
    let page = http(wall.addr, "GET", &path(&wall.key, &ana), &[], b"").await;
    let en = words("en");
    let at = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).unwrap();
    let later = en.kept_until(&en.day(at(until), 0));
    let period = en.kept_until(&en.day(at(wall.now_ms - 5 * 3_600_000 + 7 * day), 0));
    assert!(page.body.contains(&later), "{later} not in {}", page.body);
    assert!(!page.body.contains(&period), "{}", page.body);
}

/// A held-longer list naming another resident's package, a day past what a
/// date can say, and a package the server never heard of: the page still
/// answers, shows only its resident's packages, and no made-up day.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_held_longer_list_changes_nothing_else() {
    let wall = two_residents_sent().await;
    let mut batch = two_residents(wall.now_ms);
    batch.events.clear();
    batch.snapshot.held_longer = vec![
        wire::HeldLonger {
            package: 1,
            until: i64::MAX,
        },
        wire::HeldLonger {
            package: 3,
            until: wall.now_ms,
        },
        wire::HeldLonger {
            package: 99,
            until: -1,
        },
    ];
    let sent = post_batch(wall.addr, PROPERTY, &wall.key, &batch).await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let ana = link(7, wall.now_ms / 1000 - 60, 60, "en");
    let page = http(wall.addr, "GET", &path(&wall.key, &ana), &[], b"").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("In locker A01"), "{}", page.body);
    assert!(!page.body.contains("A03"), "{}", page.body);
    assert!(!page.body.contains("Kept until"), "{}", page.body);
}

/// "Going away?": the resident's two days reach the wall once as an away
/// request (their own, no package); days that make no period, a cross-site
/// form and a second tap queue nothing more; the wall's answer and its
/// snapshot turn the form into the period and "I am not going after all"
/// ("I am back" once it started), which asks the wall to end it today. Another resident's page knows nothing of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn going_away_reaches_the_wall_once_and_the_page_shows_the_walls_days() {
    let Wall {
        db,
        key,
        addr,
        now_ms,
    } = two_residents_sent().await;
    let page = path(&key, &link(7, now_ms / 1000 - 60, 60, "en"));
    let away = format!("{page}/away");
    let shown = http(addr, "GET", &page, &[], b"").await;
    assert!(shown.body.contains("Going away?"), "{}", shown.body);
    assert!(shown.body.contains(r#"name="until""#));

    let today = chrono::Utc::now().date_naive();
    let day = |d: i64| {
        (today + chrono::Duration::days(d))
            .format("%Y-%m-%d")
            .to_string()
    };
    let form = format!("from={}&until={}", day(2), day(9));
    let cross = post_form(addr, &away, &form, Some("https://evil.example")).await;
    assert_eq!(cross.status, 403);
    for bad in [
        format!("from={}&until={}", day(9), day(2)),
        format!("from={}&until={}", day(2), day(90)),
        "from=%3Cscript%3E&until=2026-13-45".to_string(),
        "until=".to_string(),
        String::new(),
    ] {
        let r = post_form(addr, &away, &bad, None).await;
        let to = r.header("location").unwrap_or_default();
        assert!(to.contains("said=away-form"), "{bad}: {} {to}", r.status);
    }
    assert_eq!(db.count("SELECT count(*) FROM wall_actions").await, 0);

    let r = post_form(addr, &away, &form, None).await;
    assert!(r.header("location").unwrap().contains("said=away-asked"));
    let shown = http(addr, "GET", r.header("location").unwrap(), &[], b"").await;
    assert!(
        shown.body.contains("keep your packages while you are away"),
        "{}",
        shown.body
    );
    assert!(
        !shown.body.contains(r#"name="until""#),
        "no second form while it is on its way"
    );
    let again = post_form(addr, &away, &form, None).await;
    assert!(again
        .header("location")
        .unwrap()
        .contains("said=away-already"));

    // The wall's next answer carries it: about resident 7, no package.
    let reply = post_batch(
        addr,
        PROPERTY,
        &key,
        &Batch {
            snapshot: snapshot(4),
            ..Default::default()
        },
    )
    .await;
    let ack: Ack = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(ack.actions.len(), 1);
    let a = &ack.actions[0];
    let midnight = |d: i64| {
        (today + chrono::Duration::days(d))
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis()
    };
    assert_eq!(
        (a.package, &a.what, a.resident),
        (
            None,
            &ActionKind::Away {
                resident: 7,
                from: midnight(2),
                until: midnight(9)
            },
            Some(7)
        )
    );

    // Done at the wall, which now says she will be away: the period, and a
    // way to call it off.
    let mut next = snapshot(4);
    next.away = vec![wire::AwayPeriod {
        resident: 7,
        from: midnight(2),
        until: midnight(9),
    }];
    let done = reporting_done(next, [a.id]);
    assert_eq!(post_batch(addr, PROPERTY, &key, &done).await.status, 200);
    let shown = http(addr, "GET", &page, &[], b"").await;
    let en = lockerwall_portfolio::pages::resident_words::words("en");
    let at = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).unwrap();
    let period = en.away_now(&en.day(at(midnight(2)), 0), &en.day(at(midnight(9)), 0));
    assert!(
        shown.body.contains(&period),
        "{period} not in {}",
        shown.body
    );
    assert!(
        shown.body.contains(">I am not going after all<"),
        "{}",
        shown.body
    );
    let other = path(&key, &link(8, now_ms / 1000 - 60, 60, "en"));
    let theirs = http(addr, "GET", &other, &[], b"").await;
    assert!(!theirs.body.contains(&period) && !theirs.body.contains(">I am not going"));
    // Under way, it is "I am back".
    let mut started = snapshot(4);
    started.away = vec![wire::AwayPeriod {
        resident: 7,
        from: midnight(-1),
        until: midnight(9),
    }];
    let batch = Batch {
        snapshot: started,
        ..Default::default()
    };
    assert_eq!(post_batch(addr, PROPERTY, &key, &batch).await.status, 200);
    let shown = http(addr, "GET", &page, &[], b"").await;
    assert!(shown.body.contains(">I am back<"), "{}", shown.body);

    let r = post_form(addr, &format!("{page}/back"), "", None).await;
    assert!(r.header("location").unwrap().contains("said=back-asked"));
    let reply = post_batch(
        addr,
        PROPERTY,
        &key,
        &Batch {
            snapshot: snapshot(4),
            ..Default::default()
        },
    )
    .await;
    let ack: Ack = serde_json::from_str(&reply.body).unwrap();
    let ended = ActionKind::Away {
        resident: 7,
        from: midnight(0),
        until: midnight(0),
    };
    assert_eq!(
        ack.actions.iter().map(|a| &a.what).collect::<Vec<_>>(),
        [&ended]
    );
}

/// Door delivery with the part of the day, and "every package to your door
/// until" a day: only where the property offers it, a word that is not a
/// window is any time, a day past or too far queues nothing, and "stop"
/// asks the wall to end it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn door_windows_and_every_package_until_a_day_reach_the_wall() {
    let Wall {
        db,
        key,
        addr,
        now_ms,
    } = two_residents_sent().await;
    let page = path(&key, &link(7, now_ms / 1000 - 60, 60, "en"));
    let today = chrono::Utc::now().date_naive();
    let day = |d: i64| {
        (today + chrono::Duration::days(d))
            .format("%Y-%m-%d")
            .to_string()
    };
    // Not offered: no section, and a request made anyway is refused.
    let shown = http(addr, "GET", &page, &[], b"").await;
    assert!(!shown.body.contains("Every package to your door"));
    let every = format!("{page}/every");
    let r = post_form(addr, &every, &format!("until={}", day(5)), None).await;
    assert!(r.header("location").unwrap().contains("said=every-off"));

    let mut offered = snapshot(4);
    offered.door_delivery_requests = true;
    let batch = Batch {
        snapshot: offered.clone(),
        ..Default::default()
    };
    assert_eq!(post_batch(addr, PROPERTY, &key, &batch).await.status, 200);
    let shown = http(addr, "GET", &page, &[], b"").await;
    assert!(
        shown.body.contains("Every package to your door"),
        "{}",
        shown.body
    );
    assert!(shown
        .body
        .contains(r#"<option value="evening">Evening (17–20)</option>"#));

    let r = post_form(
        addr,
        &format!("{page}/door"),
        "package=1&window=morning",
        None,
    )
    .await;
    assert!(r.header("location").unwrap().contains("said=door-asked"));
    for bad in [day(-1), day(120), "soon".into()] {
        let r = post_form(addr, &every, &format!("until={bad}&window=evening"), None).await;
        assert!(
            r.header("location").unwrap().contains("said=every-form"),
            "{bad}"
        );
    }
    let r = post_form(
        addr,
        &every,
        &format!("until={}&window=%3Cscript%3E", day(5)),
        None,
    )
    .await;
    assert!(r.header("location").unwrap().contains("said=every-asked"));
    assert_eq!(db.count("SELECT count(*) FROM wall_actions").await, 2);

    let reply = post_batch(addr, PROPERTY, &key, &batch).await;
    let ack: Ack = serde_json::from_str(&reply.body).unwrap();
    let asked: Vec<_> = ack
        .actions
        .iter()
        .map(|a| (a.package, a.what.clone()))
        .collect();
    let end = (today + chrono::Duration::days(6))
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    assert_eq!(
        asked,
        [
            (
                Some(1),
                ActionKind::DoorDelivery {
                    window: Some("morning".into())
                }
            ),
            (
                None,
                ActionKind::DoorStanding {
                    resident: 7,
                    until: end.timestamp_millis(),
                    window: None
                }
            ),
        ]
    );
    // Done at the wall: the page says it is in force, with "stop".
    let done = reporting_done(offered, ack.actions.iter().map(|a| a.id));
    assert_eq!(post_batch(addr, PROPERTY, &key, &done).await.status, 200);
    let shown = http(addr, "GET", &page, &[], b"").await;
    assert!(
        shown.body.contains("comes to your door (Any time)"),
        "{}",
        shown.body
    );
    let r = post_form(addr, &format!("{page}/every-stop"), "", None).await;
    assert!(r
        .header("location")
        .unwrap()
        .contains("said=every-stop-asked"));
    let reply = post_batch(addr, PROPERTY, &key, &batch).await;
    let ack: Ack = serde_json::from_str(&reply.body).unwrap();
    let stop = ActionKind::DoorStanding {
        resident: 7,
        until: 0,
        window: None,
    };
    assert_eq!(
        ack.actions.iter().map(|a| &a.what).collect::<Vec<_>>(),
        [&stop]
    );
}

/// "How we tell you": a language notices are written in and the reminders
/// box reach the wall as the resident's choice; another language queues
/// nothing; once the wall took it, the page shows it chosen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn how_we_tell_you_reaches_the_wall_and_the_page_shows_the_choice() {
    let Wall {
        db,
        key,
        addr,
        now_ms,
    } = two_residents_sent().await;
    let page = path(&key, &link(7, now_ms / 1000 - 60, 60, "en"));
    let form = format!("{page}/notices");
    let shown = http(addr, "GET", &page, &[], b"").await;
    assert!(shown.body.contains("How we tell you"));
    assert!(
        shown
            .body
            .contains(r#"<option value="en" selected>English</option>"#),
        "{}",
        shown.body
    );
    assert!(shown.body.contains(r#"name="reminders" checked"#));
    for bad in [
        "language=fr&reminders=on",
        "language=%3Cscript%3E",
        "reminders=on",
    ] {
        let r = post_form(addr, &form, bad, None).await;
        assert!(
            r.header("location").unwrap().contains("said=notices-form"),
            "{bad}"
        );
    }
    assert_eq!(db.count("SELECT count(*) FROM wall_actions").await, 0);
    let r = post_form(addr, &form, "language=es", None).await;
    assert!(r.header("location").unwrap().contains("said=notices-asked"));

    let batch = Batch {
        snapshot: snapshot(4),
        ..Default::default()
    };
    let reply = post_batch(addr, PROPERTY, &key, &batch).await;
    let ack: Ack = serde_json::from_str(&reply.body).unwrap();
    let chosen = ActionKind::Notices {
        resident: 7,
        language: Some("es".into()),
        reminders: Some(false),
        by: None,
    };
    assert_eq!(
        ack.actions.iter().map(|a| &a.what).collect::<Vec<_>>(),
        [&chosen]
    );
    let done = reporting_done(snapshot(4), [ack.actions[0].id]);
    assert_eq!(post_batch(addr, PROPERTY, &key, &done).await.status, 200);
    let shown = http(addr, "GET", &page, &[], b"").await;
    assert!(
        shown
            .body
            .contains(r#"<option value="es" selected>Español</option>"#),
        "{}",
        shown.body
    );
    assert!(!shown.body.contains(r#"name="reminders" checked"#));
    // No texts at this wall: the page offers none.
    assert!(!shown.body.contains(r#"name="by""#));

    // A wall that sends texts: the page offers email, text or both, and
    // the choice reaches the wall with the rest.
    let mut texting = snapshot(4);
    texting.texts = true;
    let sent = Batch {
        snapshot: texting.clone(),
        ..Default::default()
    };
    assert_eq!(post_batch(addr, PROPERTY, &key, &sent).await.status, 200);
    let shown = http(addr, "GET", &page, &[], b"").await;
    assert!(
        shown
            .body
            .contains(r#"<option value="text">Text message</option>"#),
        "{}",
        shown.body
    );
    for bad in ["language=en&by=pigeon", "language=en&by="] {
        let r = post_form(addr, &form, bad, None).await;
        assert!(
            r.header("location").unwrap().contains("said=notices-form"),
            "{bad}"
        );
    }
    let r = post_form(addr, &form, "by=text&language=es&reminders=on", None).await;
    assert!(r.header("location").unwrap().contains("said=notices-asked"));
    let ack: Ack =
        serde_json::from_str(&post_batch(addr, PROPERTY, &key, &sent).await.body).unwrap();
    let by_text = ActionKind::Notices {
        resident: 7,
        language: Some("es".into()),
        reminders: Some(true),
        by: Some("text".into()),
    };
    assert_eq!(
        ack.actions.iter().map(|a| &a.what).collect::<Vec<_>>(),
        [&by_text]
    );
    let done = reporting_done(texting, [ack.actions[0].id]);
    assert_eq!(post_batch(addr, PROPERTY, &key, &done).await.status, 200);
    let shown = http(addr, "GET", &page, &[], b"").await;
    assert!(
        shown
            .body
            .contains(r#"<option value="text" selected>Text message</option>"#),
        "{}",
        shown.body
    );
}

/// An away list naming another resident, a day past what a date can say,
/// a period already over and one for nobody the server knows: the page
/// still answers and shows no made-up period for its resident.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_away_list_changes_nothing_else() {
    let wall = two_residents_sent().await;
    let mut batch = two_residents(wall.now_ms);
    batch.events.clear();
    let period = |resident, from, until| wire::AwayPeriod {
        resident,
        from,
        until,
    };
    batch.snapshot.away = vec![
        period(7, i64::MIN, i64::MAX),
        period(8, wall.now_ms, wall.now_ms + 86_400_000),
        period(7, 0, 1),
        period(99, -1, -1),
    ];
    let sent = post_batch(wall.addr, PROPERTY, &wall.key, &batch).await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let ana = link(7, wall.now_ms / 1000 - 60, 60, "en");
    let page = http(wall.addr, "GET", &path(&wall.key, &ana), &[], b"").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("In locker A01"), "{}", page.body);
    assert!(!page.body.contains("Away from"), "{}", page.body);
    assert!(
        page.body.contains(r#"name="until""#),
        "the form, not a period"
    );
}

/// "A package on its way?": a number as printed reaches the wall as its
/// tag and ending (never in clear); the same number again, a number that is
/// not one, a day past or too far on queue nothing. The wall's word that it
/// is late files one desk ticket, however often it comes; a late word about
/// a number no resident told files none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expected_package_is_told_once_and_late_makes_one_ticket() {
    let Wall {
        db,
        key,
        addr,
        now_ms,
    } = two_residents_sent().await;
    let page = path(&key, &link(7, now_ms / 1000 - 60, 60, "en"));
    let form = format!("{page}/expect");
    for bad in [
        "tracking=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "tracking=12",
        "tracking=1Z999AA10123456784&due=2001-01-01",
        "tracking=1Z999AA10123456784&due=2099-01-01",
        "due=2026-12-09",
    ] {
        let r = post_form(addr, &form, bad, None).await;
        assert!(
            r.header("location").unwrap().contains("said=expect-form"),
            "{bad}"
        );
    }
    let r = post_form(addr, &form, "tracking=1z999aa1-0123-456784", None).await;
    assert!(r.header("location").unwrap().contains("said=expect-asked"));
    let r = post_form(addr, &form, "tracking=1Z999AA10123456784", None).await;
    assert!(r
        .header("location")
        .unwrap()
        .contains("said=expect-already"));
    // Another site's form may not tell it.
    let r = post_form(
        addr,
        &form,
        "tracking=9400111899223197428490",
        Some("https://evil.example"),
    )
    .await;
    assert_eq!(r.status, 403);
    let tag = wire::tracking_tag(&key, "1Z999AA10123456784");
    let told = ActionKind::Expect {
        resident: 7,
        tracking_tag: tag.clone(),
        ending: "6784".into(),
        by: None,
    };
    let queued: Vec<serde_json::Value> = db
        .pool
        .get()
        .await
        .unwrap()
        .query("SELECT what FROM wall_actions", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(queued, [serde_json::to_value(&told).unwrap()]);
    assert!(!format!("{queued:?}").contains("0123456784"));
    let shown = http(addr, "GET", &page, &[], b"").await;
    assert!(shown.body.contains("Ending 6784"), "{}", shown.body);
    assert!(shown.body.contains("Sent to the lockers"));

    // The wall says it is late, twice (a resend), and says so of a number no one told.
    let late = |seq: i64, tag: &str| {
        let mut e = event(seq, now_ms, "expected_late", None, 7, "");
        e.tracking_tag = Some(tag.to_string());
        e.size = None;
        e
    };
    let mut batch = two_residents(now_ms);
    batch.events = vec![late(5, &tag), late(6, &tag), late(7, &"0".repeat(32))];
    batch.snapshot.last_seq = 7;
    assert_eq!(post_batch(addr, PROPERTY, &key, &batch).await.status, 200);
    let tickets = db
        .count("SELECT count(*) FROM tickets WHERE matched_by = 'expected package'")
        .await;
    assert_eq!(tickets, 1);
    let subject = db
        .count("SELECT count(*) FROM tickets WHERE subject LIKE '%unit 4B%ending 6784%'")
        .await;
    assert_eq!(subject, 1);
    let shown = http(addr, "GET", &page, &[], b"").await;
    assert!(
        shown.body.contains("the package staff are looking into it"),
        "{}",
        shown.body
    );
}

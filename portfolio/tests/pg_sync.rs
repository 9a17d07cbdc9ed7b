//! Walls syncing into a real PostgreSQL: every event exactly once and in
//! order, whatever the network does, and only with the property's key.

use lockerwall_portfolio::ingest;
use lockerwall_portfolio::testing::*;
use lockerwall_portfolio::wire::{Ack, Batch};

const DAY: i64 = 86_400_000;

fn midnight_days_ago(days: i64) -> i64 {
    let now = chrono::Utc::now().timestamp_millis();
    (now / DAY - days) * DAY
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_and_cut_batches_store_every_event_once_in_order() {
    let db = TestDb::new().await;
    db.property("maple-court", "dana@example.com").await;
    // 100 deliveries, one every 10 minutes from 08:00 two days ago, each
    // collected an hour later: 200 events.
    let events = wall_events(midnight_days_ago(2) + 8 * 3_600_000, 100, 10, 60);
    let snap = |s| snapshot(s);
    let apply = |from: usize, to: usize| {
        let batch = Batch {
            snapshot: snap(200),
            events: events[from..to].to_vec(),
            ..Default::default()
        };
        let pool = db.pool.clone();
        async move { ingest::apply(&pool, "maple-court", &batch).await.unwrap() }
    };

    assert_eq!(apply(0, 50).await.acked, 50);
    // The same batch again (the ack was lost): nothing new.
    assert_eq!(apply(0, 50).await.acked, 50);
    // A batch overlapping what is stored (the connection was cut after the
    // server committed events 1-80 of a batch the wall will resend).
    assert_eq!(apply(30, 80).await.acked, 80);
    // A batch after a gap (events 121-150 while 81-120 are missing) is held back.
    assert_eq!(apply(120, 150).await.acked, 80);
    // Out of order inside a batch: sorted by sequence.
    let mut shuffled = events[80..200].to_vec();
    shuffled.reverse();
    let batch = Batch {
        snapshot: snap(200),
        events: shuffled,
        ..Default::default()
    };
    assert_eq!(
        ingest::apply(&db.pool, "maple-court", &batch)
            .await
            .unwrap()
            .acked,
        200
    );

    assert_eq!(db.count("SELECT count(*) FROM events").await, 200);
    assert_eq!(
        db.count("SELECT count(DISTINCT seq) FROM events").await,
        200
    );
    assert_eq!(db.count("SELECT max(seq) FROM events").await, 200);
    // In order: the stored times never go back as the sequence goes up.
    assert_eq!(
        db.count(
            "SELECT count(*) FROM (SELECT at < lag(at) OVER (ORDER BY seq) AS back FROM events) t WHERE back"
        )
        .await,
        0
    );
    // The rollups count each delivery once, too.
    assert_eq!(
        db.count("SELECT sum(deliveries)::bigint FROM daily").await,
        100
    );
    assert_eq!(
        db.count("SELECT sum(collected)::bigint FROM daily").await,
        100
    );
    assert_eq!(db.count("SELECT sum(n)::bigint FROM dwell").await, 100);
    // Every wait was an hour: every dwell count sits in the hour's bucket.
    let hour_bucket = lockerwall_portfolio::stats::bucket(60) as i64;
    assert_eq!(
        db.count(&format!(
            "SELECT sum(n)::bigint FROM dwell WHERE bucket = {hour_bucket}"
        ))
        .await,
        100
    );
    // From 08:00 two days ago to 00:30 the next day, six an hour.
    assert_eq!(
        db.count("SELECT sum(x)::bigint FROM daily, unnest(by_hour) AS x")
            .await,
        100
    );
    assert_eq!(
        db.count("SELECT by_hour[9]::bigint FROM daily ORDER BY day LIMIT 1")
            .await,
        6,
        "six deliveries in the 08:00 hour"
    );
    assert_eq!(
        db.count("SELECT by_hour[1]::bigint FROM daily ORDER BY day DESC LIMIT 1")
            .await,
        4,
        "00:00, 00:10, 00:20 and 00:30 the next day"
    );
    // Caught up: what is waiting comes from the wall's own snapshot.
    assert_eq!(db.count("SELECT waiting::bigint FROM sync_state").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wall_offline_for_a_week_catches_up_in_batches() {
    let db = TestDb::new().await;
    let key = db.property("harbor-view", "dana@example.com").await;
    let addr = serve(&db).await;
    // A week of deliveries every 15 minutes, each collected 5 hours later.
    let events = wall_events(midnight_days_ago(8), 7 * 96, 15, 300);
    let total = events.len() as i64;
    let mut acked = 0i64;
    let mut rounds = 0;
    // The wall's loop: send from acked + 1, 500 at a time, until caught up.
    while acked < total {
        let from = acked as usize;
        let to = (from + 500).min(events.len());
        let batch = Batch {
            snapshot: snapshot(total),
            events: events[from..to].to_vec(),
            ..Default::default()
        };
        let r = post_batch(addr, "harbor-view", &key, &batch).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let ack: Ack = serde_json::from_str(&r.body).unwrap();
        assert!(ack.acked > acked, "progress every round");
        acked = ack.acked;
        rounds += 1;
    }
    assert_eq!(rounds, (total as usize).div_ceil(500));
    assert_eq!(db.count("SELECT count(*) FROM events").await, total);
    assert_eq!(
        db.count("SELECT sum(deliveries)::bigint FROM daily").await,
        7 * 96
    );
    // 96 a day, every day of the week.
    assert_eq!(
        db.count("SELECT count(*) FROM daily WHERE deliveries = 96")
            .await,
        7
    );
    assert_eq!(db.count("SELECT last_seq FROM sync_state").await, total);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_without_the_propertys_key_is_refused() {
    let db = TestDb::new().await;
    let key = db.property("cedar-park", "dana@example.com").await;
    db.property("oak-hollow", "eli@example.com").await;
    let addr = serve(&db).await;
    let batch = Batch {
        snapshot: snapshot(2),
        events: wall_events(midnight_days_ago(1), 1, 10, 10),
        ..Default::default()
    };
    // Another property's key, an unknown property, a wrong key.
    let other_key = "oak-hollow-key-0123456789abcdef";
    let r = post_batch(addr, "cedar-park", other_key, &batch).await;
    assert_eq!(r.status, 401);
    assert!(r.body.contains("signature"), "{}", r.body);
    let r = post_batch(addr, "no-such-place", &key, &batch).await;
    assert_eq!(r.status, 401);
    assert!(r.body.contains("no property"), "{}", r.body);
    // A body changed after signing.
    let body = serde_json::to_vec(&batch).unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    let signature = lockerwall_portfolio::wire::sign(&key, now, &body);
    let mut tampered = body.clone();
    let i = tampered.iter().position(|b| *b == b'4').unwrap_or(10);
    tampered[i] = b'5';
    let r = http(
        addr,
        "POST",
        lockerwall_portfolio::wire::EVENTS_PATH,
        &[
            ("x-lockerwall-property", "cedar-park".into()),
            ("x-lockerwall-timestamp", now.to_string()),
            ("x-lockerwall-signature", signature.clone()),
        ],
        &tampered,
    )
    .await;
    assert_eq!(r.status, 401);
    // An old signed batch replayed an hour later.
    let old = now - 3_600_000;
    let r = http(
        addr,
        "POST",
        lockerwall_portfolio::wire::EVENTS_PATH,
        &[
            ("x-lockerwall-property", "cedar-park".into()),
            ("x-lockerwall-timestamp", old.to_string()),
            (
                "x-lockerwall-signature",
                lockerwall_portfolio::wire::sign(&key, old, &body),
            ),
        ],
        &body,
    )
    .await;
    assert_eq!(r.status, 401);
    assert!(r.body.contains("clock"), "{}", r.body);
    assert_eq!(
        db.count("SELECT count(*) FROM events").await,
        0,
        "nothing stored"
    );
    // The right key: stored.
    let r = post_batch(addr, "cedar-park", &key, &batch).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(db.count("SELECT count(*) FROM events").await, 2);
}

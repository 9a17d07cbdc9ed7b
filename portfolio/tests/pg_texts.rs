//! Residents' replies to the wall's texts against a real PostgreSQL: the
//! provider posts them to `/texts/{property}/inbound`, signed with the
//! property's auth token; a STOP or START is queued for the wall once,
//! naming the number only by its keyed tag, and reaches the wall's answer.
//! Forged, foreign, oversized and malformed posts change nothing.

use lockerwall_portfolio::testing::*;
use lockerwall_portfolio::texts::{self, signature};
use lockerwall_portfolio::wire::texts::phone_tag;
use lockerwall_portfolio::wire::{Ack, ActionKind, Batch};
use std::net::SocketAddr;

const PROPERTY: &str = "maple-court";
const ACCOUNT: &str = "AC5ef8732a3c49700934481addd5ce1659";
const TOKEN: &str = "a-test-auth-token-0123456789";
const NUMBER: &str = "+15550104477";

/// The form the provider posts for a reply `said` from `from`.
fn reply(from: &str, said: &str, account: &str) -> Vec<(String, String)> {
    [
        ("ToCountry", "US"),
        ("SmsMessageSid", "SM0d3b1f2c"),
        ("NumMedia", "0"),
        ("Body", said),
        ("From", from),
        ("To", "+15550100000"),
        ("MessageSid", "SM0d3b1f2c"),
        ("AccountSid", account),
        ("ApiVersion", "2010-04-01"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn encoded(fields: &[(String, String)]) -> Vec<u8> {
    let mut f = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        f.append_pair(k, v);
    }
    f.finish().into_bytes()
}

/// Post `fields` as the provider does, signed with `token` for `url`.
async fn post_signed(
    addr: SocketAddr,
    property: &str,
    url: &str,
    token: &str,
    fields: &[(String, String)],
) -> Reply {
    let path = texts::inbound_path(property);
    let headers = [
        (
            "Content-Type",
            "application/x-www-form-urlencoded".to_string(),
        ),
        (
            "X-Twilio-Signature",
            signature::expected(token, url, fields),
        ),
    ];
    http(addr, "POST", &path, &headers, &encoded(fields)).await
}

async fn queued(db: &TestDb) -> Vec<serde_json::Value> {
    let c = db.pool.get().await.unwrap();
    c.query("SELECT what FROM wall_actions ORDER BY id", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

#[tokio::test]
async fn a_stop_from_the_provider_reaches_the_wall_as_the_numbers_tag_once() {
    let db = TestDb::new().await;
    let key = db.property(PROPERTY, "mia@example.com").await;
    texts::put_account(&db.pool, PROPERTY, ACCOUNT, TOKEN)
        .await
        .unwrap();
    let addr = serve(&db).await;
    let url = format!("http://{addr}{}", texts::inbound_path(PROPERTY));

    let r = post_signed(addr, PROPERTY, &url, TOKEN, &reply(NUMBER, "Stop", ACCOUNT)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.header("content-type").unwrap().starts_with("text/xml"));
    assert!(r.body.ends_with("<Response></Response>"), "{}", r.body);
    // The provider posts again when slow to hear back: still one request.
    post_signed(addr, PROPERTY, &url, TOKEN, &reply(NUMBER, "STOP", ACCOUNT)).await;
    let tag = phone_tag(&key, NUMBER);
    let stop = ActionKind::TextReply {
        phone: tag.clone(),
        stop: true,
    };
    assert_eq!(queued(&db).await, [serde_json::to_value(&stop).unwrap()]);
    // The server keeps no number.
    let numbers = db
        .count("SELECT count(*) FROM wall_actions WHERE what::text LIKE '%5550104477%'")
        .await;
    assert_eq!(numbers, 0);

    // A question is not a STOP: nothing queued, and the provider hears 200.
    let r = post_signed(
        addr,
        PROPERTY,
        &url,
        TOKEN,
        &reply(NUMBER, "where is my box?", ACCOUNT),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(queued(&db).await.len(), 1);

    // The wall's next sync carries it; then START.
    let ack: Ack = serde_json::from_str(
        &post_batch(
            addr,
            PROPERTY,
            &key,
            &Batch {
                snapshot: snapshot(0),
                ..Default::default()
            },
        )
        .await
        .body,
    )
    .unwrap();
    let carried: Vec<_> = ack
        .actions
        .iter()
        .map(|a| (&a.what, a.package, a.resident))
        .collect();
    assert_eq!(carried, [(&stop, None, None)]);
    post_signed(
        addr,
        PROPERTY,
        &url,
        TOKEN,
        &reply(NUMBER, "start", ACCOUNT),
    )
    .await;
    let start = serde_json::to_value(ActionKind::TextReply {
        phone: tag,
        stop: false,
    })
    .unwrap();
    assert_eq!(queued(&db).await.last(), Some(&start));
}

#[tokio::test]
async fn forged_foreign_and_malformed_replies_change_nothing() {
    let db = TestDb::new().await;
    db.property(PROPERTY, "mia@example.com").await;
    db.property("oak-park", "ola@example.com").await;
    texts::put_account(&db.pool, PROPERTY, ACCOUNT, TOKEN)
        .await
        .unwrap();
    let addr = serve(&db).await;
    let url = format!("http://{addr}{}", texts::inbound_path(PROPERTY));
    let stop = reply(NUMBER, "STOP", ACCOUNT);

    // Signed with another token, unsigned, or with a field changed after signing.
    let r = post_signed(addr, PROPERTY, &url, "not-the-token-0123456789", &stop).await;
    assert_eq!(r.status, 403);
    let path = texts::inbound_path(PROPERTY);
    let form = [(
        "Content-Type",
        "application/x-www-form-urlencoded".to_string(),
    )];
    assert_eq!(
        http(addr, "POST", &path, &form, &encoded(&stop))
            .await
            .status,
        403
    );
    let mut signed = form.to_vec();
    signed.push((
        "X-Twilio-Signature",
        signature::expected(TOKEN, &url, &stop),
    ));
    let other = encoded(&reply("+15550109999", "STOP", ACCOUNT));
    assert_eq!(http(addr, "POST", &path, &signed, &other).await.status, 403);
    // Signed for another URL (replayed from elsewhere).
    let r = post_signed(addr, PROPERTY, "https://elsewhere.example/x", TOKEN, &stop).await;
    assert_eq!(r.status, 403);
    // Properly signed by the token, but for another account.
    let r = post_signed(addr, PROPERTY, &url, TOKEN, &reply(NUMBER, "STOP", "AC000")).await;
    assert_eq!(r.status, 403);
    // A property with no texts, and one that does not exist.
    let oak = format!("http://{addr}{}", texts::inbound_path("oak-park"));
    assert_eq!(
        post_signed(addr, "oak-park", &oak, TOKEN, &stop)
            .await
            .status,
        404
    );
    let nowhere = format!("http://{addr}{}", texts::inbound_path("nowhere"));
    assert_eq!(
        post_signed(addr, "nowhere", &nowhere, TOKEN, &stop)
            .await
            .status,
        404
    );
    // Not the provider's form: no From, too many fields, too long.
    let no_from: Vec<_> = stop.iter().filter(|(k, _)| k != "From").cloned().collect();
    assert_eq!(
        post_signed(addr, PROPERTY, &url, TOKEN, &no_from)
            .await
            .status,
        400
    );
    let many: Vec<(String, String)> = (0..100).map(|i| (format!("f{i}"), "x".into())).collect();
    assert_eq!(
        post_signed(addr, PROPERTY, &url, TOKEN, &many).await.status,
        400
    );
    let mut long = stop.clone();
    long.push(("Padding".into(), "x".repeat(20_000)));
    assert_eq!(
        post_signed(addr, PROPERTY, &url, TOKEN, &long).await.status,
        413
    );
    // A sender that is not a number.
    let r = post_signed(
        addr,
        PROPERTY,
        &url,
        TOKEN,
        &reply("'; DROP TABLE", "STOP", ACCOUNT),
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(queued(&db).await.is_empty());
}

#[tokio::test]
async fn behind_a_proxy_the_provider_signs_the_public_address() {
    let db = TestDb::new().await;
    db.property(PROPERTY, "mia@example.com").await;
    texts::put_account(&db.pool, PROPERTY, ACCOUNT, TOKEN)
        .await
        .unwrap();
    let mut state = lockerwall_portfolio::server::AppState::new(db.pool.clone(), true);
    state.public_url = Some("https://portfolio.example.com/".into());
    let addr = serve_state(state).await;
    let public = format!(
        "https://portfolio.example.com{}",
        texts::inbound_path(PROPERTY)
    );
    let stop = reply(NUMBER, "STOP", ACCOUNT);
    assert_eq!(
        post_signed(addr, PROPERTY, &public, TOKEN, &stop)
            .await
            .status,
        200
    );
    let local = format!("http://{addr}{}", texts::inbound_path(PROPERTY));
    assert_eq!(
        post_signed(addr, PROPERTY, &local, TOKEN, &stop)
            .await
            .status,
        403
    );
    assert_eq!(queued(&db).await.len(), 1);
}

/// The provider's delivery reports: a text undelivered goes to the wall by
/// the provider's id for it and its error, once; a delivered one, nothing;
/// a forged report or a made-up id changes nothing.
#[tokio::test]
async fn a_text_reported_undelivered_reaches_the_wall_by_its_id() {
    let db = TestDb::new().await;
    db.property(PROPERTY, "mia@example.com").await;
    texts::put_account(&db.pool, PROPERTY, ACCOUNT, TOKEN)
        .await
        .unwrap();
    let addr = serve(&db).await;
    let path = texts::status_path(PROPERTY);
    let url = format!("http://{addr}{path}");
    let report = |sid: &str, status: &str, code: &str| -> Vec<(String, String)> {
        [
            ("SmsSid", sid),
            ("SmsStatus", status),
            ("MessageStatus", status),
            ("To", NUMBER),
            ("MessageSid", sid),
            ("AccountSid", ACCOUNT),
            ("From", "+15550100000"),
            ("ApiVersion", "2010-04-01"),
            ("ErrorCode", code),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    };
    let post = |fields: Vec<(String, String)>, token: &'static str| {
        let (url, path) = (url.clone(), path.clone());
        async move {
            let headers = [
                (
                    "Content-Type",
                    "application/x-www-form-urlencoded".to_string(),
                ),
                (
                    "X-Twilio-Signature",
                    signature::expected(token, &url, &fields),
                ),
            ];
            http(addr, "POST", &path, &headers, &encoded(&fields))
                .await
                .status
        }
    };
    assert_eq!(post(report("SM0001", "delivered", ""), TOKEN).await, 200);
    assert_eq!(post(report("SM0001", "sent", ""), TOKEN).await, 200);
    assert!(queued(&db).await.is_empty());
    assert_eq!(
        post(report("SM0002", "undelivered", "30006"), TOKEN).await,
        200
    );
    assert_eq!(
        post(report("SM0002", "undelivered", "30006"), TOKEN).await,
        200
    );
    let undelivered = ActionKind::TextUndelivered {
        message: "SM0002".into(),
        code: Some(30006),
    };
    assert_eq!(
        queued(&db).await,
        [serde_json::to_value(&undelivered).unwrap()]
    );
    // Forged, and an id that is not one.
    let forged = post(
        report("SM0003", "failed", "30003"),
        "not-the-token-0123456789",
    )
    .await;
    assert_eq!(forged, 403);
    assert_eq!(
        post(report("SM<0003>", "failed", "30003"), TOKEN).await,
        400
    );
    assert_eq!(queued(&db).await.len(), 1);
}

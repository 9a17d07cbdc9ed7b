//! Residents' questions filed as tickets in a real PostgreSQL: once, in
//! their thread, matched to the package a notice reply or a locker label
//! points at, and kept (with attachments) when they match nobody.

use lockerwall_portfolio::desk::{intake, mail};
use lockerwall_portfolio::ingest;
use lockerwall_portfolio::testing::*;
use lockerwall_portfolio::wire::Batch;

const DAY: i64 = 86_400_000;

fn email(headers: &str, body: &str) -> mail::Incoming {
    let raw = format!("{headers}\r\nMIME-Version: 1.0\r\n\r\n{body}\r\n")
        .replace('\n', "\r\n")
        .replace("\r\r\n", "\r\n");
    mail::parse(raw.as_bytes()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn questions_become_tickets_threaded_and_matched() {
    let db = TestDb::new().await;
    db.property("maple-court", "dana@example.com").await;
    // 30 packages yesterday; package p went into locker A(p % 20 + 1) for resident p % 7 + 1.
    let start = (chrono::Utc::now().timestamp_millis() / DAY - 1) * DAY + 8 * 3_600_000;
    let events = wall_events(start, 30, 10, 600);
    let batch = Batch {
        snapshot: snapshot(events.len() as i64),
        events,
        ..Default::default()
    };
    ingest::apply(&db.pool, "maple-court", &batch)
        .await
        .unwrap();
    let now = chrono::Utc::now().timestamp_millis();

    // A reply to package 3's notice: matched to package 3 and its resident (4).
    let q = email(
        "From: Carmen <carmen@example.com>\nSubject: Re: Your package is in locker A04\n\
         Message-ID: <q1@mail.example.com>\nIn-Reply-To: <lw.mc.p3.stored.email.ab12cd34@lockerwall>",
        "The door did not open.",
    );
    let filed = intake::file(&db.pool, "maple-court", &q, now)
        .await
        .unwrap();
    assert!(filed.new_ticket && !filed.duplicate);
    let c = db.pool.get().await.unwrap();
    let t = c
        .query_one(
            "SELECT resident, package, matched_by, status, requester FROM tickets WHERE id = $1",
            &[&filed.ticket],
        )
        .await
        .unwrap();
    assert_eq!(t.get::<_, Option<i64>>(0), Some(4));
    assert_eq!(t.get::<_, Option<i64>>(1), Some(3));
    assert_eq!(t.get::<_, Option<&str>>(2), Some("notice reply"));
    assert_eq!(t.get::<_, &str>(3), "new");
    assert_eq!(t.get::<_, &str>(4), "carmen@example.com");

    // Read again from the mailbox: the same message, filed once.
    let again = intake::file(&db.pool, "maple-court", &q, now + 60_000)
        .await
        .unwrap();
    assert_eq!((again.ticket, again.duplicate), (filed.ticket, true));

    // Her follow-up (replying to her own message) stays in the ticket.
    c.execute(
        "UPDATE tickets SET status = 'waiting_on_resident' WHERE id = $1",
        &[&filed.ticket],
    )
    .await
    .unwrap();
    let follow = email(
        "From: carmen@example.com\nSubject: Re: Re: Your package\nMessage-ID: <q2@mail.example.com>\n\
         In-Reply-To: <q1@mail.example.com>\nReferences: <lw.mc.p3.stored.email.ab12cd34@lockerwall> <q1@mail.example.com>",
        "Still closed this morning.",
    );
    let f = intake::file(&db.pool, "maple-court", &follow, now + 120_000)
        .await
        .unwrap();
    assert_eq!((f.ticket, f.new_ticket), (filed.ticket, false));
    assert_eq!(db.count("SELECT count(*) FROM tickets").await, 1);
    assert_eq!(
        db.count(&format!(
            "SELECT count(*) FROM ticket_messages WHERE ticket_id = {}",
            filed.ticket
        ))
        .await,
        2
    );
    let status: String = c
        .query_one("SELECT status FROM tickets WHERE id = $1", &[&filed.ticket])
        .await
        .unwrap()
        .get(0);
    assert_eq!(status, "waiting_on_staff");

    // A new question naming a locker: its latest package (24 went into A05 after 4).
    let q = email(
        "From: someone@example.com\nSubject: Locker a5\nMessage-ID: <q3@mail.example.com>",
        "Is locker a5 mine? My unit is 4B.",
    );
    let f = intake::file(&db.pool, "maple-court", &q, now)
        .await
        .unwrap();
    let t = c
        .query_one(
            "SELECT resident, package, matched_by FROM tickets WHERE id = $1",
            &[&f.ticket],
        )
        .await
        .unwrap();
    assert_eq!(t.get::<_, Option<i64>>(1), Some(24));
    assert_eq!(t.get::<_, Option<i64>>(0), Some(24 % 7 + 1));
    assert_eq!(t.get::<_, Option<&str>>(2), Some("locker label"));

    // A question that points at nothing is still a ticket, marked as matching nobody,
    // and its photo is kept.
    let raw = "From: stranger@example.com\r\nSubject: Someone took my package\r\n\
Message-ID: <q4@mail.example.com>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n\
It was a big box.\r\n--b\r\nContent-Type: image/jpeg\r\n\
Content-Disposition: attachment; filename=\"box.jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\
/9j/4AAQ\r\n--b--\r\n";
    let q = mail::parse(raw.as_bytes()).unwrap();
    let f = intake::file(&db.pool, "maple-court", &q, now)
        .await
        .unwrap();
    let t = c
        .query_one(
            "SELECT resident, package, matched_by FROM tickets WHERE id = $1",
            &[&f.ticket],
        )
        .await
        .unwrap();
    assert_eq!(
        (
            t.get::<_, Option<i64>>(0),
            t.get::<_, Option<i64>>(1),
            t.get::<_, Option<&str>>(2)
        ),
        (None, None, None)
    );
    let a = c
        .query_one(
            "SELECT a.filename, a.content_type, a.bytes FROM ticket_attachments a
             JOIN ticket_messages m ON m.id = a.message WHERE m.ticket_id = $1",
            &[&f.ticket],
        )
        .await
        .unwrap();
    assert_eq!(a.get::<_, &str>(0), "box.jpg");
    assert_eq!(a.get::<_, &str>(1), "image/jpeg");
    assert_eq!(
        a.get::<_, Vec<u8>>(2),
        vec![0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]
    );
}

/// A resident forwards a shipping confirmation to the package desk from
/// their own address: the wall is asked to expect its carrier's number (as
/// if told on their page, by tag and ending); the order and phone numbers
/// beside it are not numbers; the same mail from a stranger, or one the
/// receiving server found forged, asks nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forwarded_shipping_confirmation_makes_its_number_expected() {
    let db = TestDb::new().await;
    let key = db.property("maple-court", "dana@example.com").await;
    db.contact("maple-court", "carmen@example.com", 3).await;
    let now = chrono::Utc::now().timestamp_millis();
    let body = "Fwd: Your order 112-1234567-1234567 has shipped.\n\
                UPS tracking number: 1Z 999 AA1 01 2345 6784\n\
                Questions? Call 555-010-4477.";
    let from = |who: &str, id: &str, forged: bool| {
        let results = if forged {
            "\nAuthentication-Results: mx.example.com; dmarc=fail"
        } else {
            ""
        };
        email(
            &format!(
                "From: {who}\nSubject: Fwd: Shipped\nMessage-ID: <{id}@mail.example.com>{results}"
            ),
            body,
        )
    };
    for (who, id, forged) in [
        ("Someone <someone@example.net>", "s1", false),
        ("Carmen <carmen@example.com>", "f1", true),
    ] {
        intake::file(&db.pool, "maple-court", &from(who, id, forged), now)
            .await
            .unwrap();
    }
    assert_eq!(db.count("SELECT count(*) FROM wall_actions").await, 0);
    let filed = intake::file(
        &db.pool,
        "maple-court",
        &from("Carmen <carmen@example.com>", "c1", false),
        now,
    )
    .await
    .unwrap();
    assert!(filed.new_ticket, "the mail is still a ticket for the staff");
    let c = db.pool.get().await.unwrap();
    let rows = c
        .query("SELECT what, requested_by_resident FROM wall_actions", &[])
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let what: serde_json::Value = rows[0].get(0);
    assert_eq!(what["kind"], "expect");
    assert_eq!(what["ending"], "6784");
    assert_eq!(
        what["tracking_tag"],
        lockerwall_portfolio::wire::tracking_tag(&key, "1Z999AA10123456784")
    );
    assert_eq!(rows[0].get::<_, Option<i64>>(1), Some(3));
    // Forwarded again: asked once.
    intake::file(
        &db.pool,
        "maple-court",
        &from("Carmen <carmen@example.com>", "c2", false),
        now,
    )
    .await
    .unwrap();
    assert_eq!(db.count("SELECT count(*) FROM wall_actions").await, 1);
    assert_eq!(
        db.count("SELECT count(*) FROM expected_packages WHERE resident = 3")
            .await,
        1
    );
}

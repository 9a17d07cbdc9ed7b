//! The desk against real mail servers on localhost: Dovecot (IMAP over TLS
//! with its own certificate) and an SMTP server delivering through Dovecot's
//! LDA. A resident's question arrives by mail, is matched to her and her
//! package, answered from the desk over HTTP, lands in her mailbox threaded
//! under her question, and her reply lands in the same ticket.

use lockerwall_portfolio::desk::{mail, mailbox, poller};
use lockerwall_portfolio::ingest;
use lockerwall_portfolio::testing::mail::MailServers;
use lockerwall_portfolio::testing::*;

const DESK: &str = "packages@maple-court.example";
const CARMEN: &str = "carmen@example.com";

fn form(fields: &[(&str, &str)]) -> Vec<u8> {
    fields
        .iter()
        .map(|(k, v)| {
            let v: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                        (b as char).to_string()
                    }
                    b' ' => "+".into(),
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

async fn post_form(addr: std::net::SocketAddr, path: &str, cookie: &str, body: &[u8]) -> Reply {
    http(
        addr,
        "POST",
        path,
        &[
            ("Cookie", cookie.into()),
            ("Content-Type", "application/x-www-form-urlencoded".into()),
        ],
        body,
    )
    .await
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} in {text}"))
        + start.len();
    let to = text[from..].find(end).unwrap() + from;
    &text[from..to]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_by_mail_is_answered_from_the_desk_and_the_reply_stays_in_its_ticket() {
    let servers = MailServers::start(&[(DESK, "desk secret"), (CARMEN, "carmen secret")]);
    let db = TestDb::new().await;
    db.property("maple-court", "dana@example.com").await;
    // Yesterday's 30 deliveries; package 3 (locker A04, resident 4) is still waiting.
    let batch = yesterday_with_one_waiting(30, 3);
    ingest::apply(&db.pool, "maple-court", &batch)
        .await
        .unwrap();

    // A wrong password: a clear error, kept for the desk, nothing filed.
    mailbox::put(&db.pool, &servers.mailbox("maple-court", DESK, "wrong"))
        .await
        .unwrap();
    let e = poller::check(&db.pool, "maple-court").await.unwrap_err();
    assert!(
        e.to_string().contains("refused the user name or password"),
        "{e}"
    );
    assert_eq!(
        db.count("SELECT count(*) FROM mailboxes WHERE last_error LIKE '%user name or password%'")
            .await,
        1
    );
    mailbox::put(
        &db.pool,
        &servers.mailbox("maple-court", DESK, "desk secret"),
    )
    .await
    .unwrap();

    // The wall shares Carmen's address as resident 4's (keyed), so her mail is proven hers.
    db.contact("maple-court", CARMEN, 4).await;
    // Carmen answers her pickup notice by mail, with a photo of the locker.
    servers
        .send(
            CARMEN,
            DESK,
            "From: Carmen Alvarez <carmen@example.com>\nTo: packages@maple-court.example\n\
Subject: Re: Your package is in locker A04\nMessage-ID: <q1@mail.example.com>\n\
In-Reply-To: <lw.mc.p3.stored.email.ab12cd34@lockerwall>\n\
References: <lw.mc.p3.stored.email.ab12cd34@lockerwall>\n\
Date: Thu, 26 Nov 2026 18:04:00 +0000\nMIME-Version: 1.0\n\
Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n\
The door of A04 did not open when I typed my code.\n--b\nContent-Type: image/png\n\
Content-Disposition: attachment; filename=\"door.png\"\nContent-Transfer-Encoding: base64\n\n\
iVBORw0KGgo=\n--b--\n",
        )
        .await;
    let checked = poller::check(&db.pool, "maple-court").await.unwrap();
    assert_eq!((checked.read, checked.new_tickets), (1, 1), "{checked:?}");
    // Read again: the position is kept, nothing is filed twice.
    assert_eq!(
        poller::check(&db.pool, "maple-court").await.unwrap(),
        poller::Checked::default()
    );
    let c = db.pool.get().await.unwrap();
    let t = c
        .query_one(
            "SELECT id, resident, package, matched_by, status FROM tickets",
            &[],
        )
        .await
        .unwrap();
    let ticket: i64 = t.get(0);
    assert_eq!(t.get::<_, Option<i64>>(1), Some(4));
    assert_eq!(t.get::<_, Option<i64>>(2), Some(3));
    assert_eq!(t.get::<_, Option<&str>>(3), Some("sender and notice reply"));
    assert_eq!(t.get::<_, &str>(4), "new");

    // The desk: the inbox lists it; the ticket shows the photo and package 3's timeline.
    let addr = serve(&db).await;
    let cookie = log_in(addr, "dana@example.com", "a long password")
        .await
        .unwrap();
    let inbox = get(addr, "/desk", &cookie).await;
    assert_eq!(inbox.status, 200);
    assert!(inbox.body.contains("Re: Your package is in locker A04"));
    let page = get(addr, &format!("/desk/t/{ticket}?answer=door"), &cookie).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("The door of A04 did not open"));
    assert!(page.body.contains("door.png"));
    assert!(page.body.contains("Package #3 · the one asked about"));
    assert!(page
        .body
        .contains("Delivered into locker A04 (M) by carrier account #1"));
    assert!(page.body.contains("Waiting in locker A04"));
    // The saved answer is in the form, filled with the package's facts.
    let draft = between(&page.body, r#"aria-label="Answer">"#, "</textarea>").replace("&#39;", "'");
    assert!(
        draft.contains("Sorry about the door of locker A04."),
        "{draft}"
    );
    assert!(draft.contains("Property maple-court package desk"));
    let img = between(&page.body, r#"<img src=""#, r#"""#).to_string();
    let photo = http(addr, "GET", &img, &[("Cookie", cookie.clone())], b"").await;
    assert_eq!(photo.header("content-type"), Some("image/png"));

    // Answered from the desk.
    let sent = post_form(
        addr,
        &format!("/desk/t/{ticket}/reply"),
        &cookie,
        &form(&[("body", &draft), ("after", "wait")]),
    )
    .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let status: String = c
        .query_one("SELECT status FROM tickets WHERE id = $1", &[&ticket])
        .await
        .unwrap()
        .get(0);
    assert_eq!(status, "waiting_on_resident");

    // It is in Carmen's mailbox, from the package address, threaded under her question.
    let inbox = servers.inbox(CARMEN, "carmen secret").await;
    assert_eq!(inbox.len(), 1);
    let answer = mail_parser::MessageParser::default()
        .parse(&inbox[0])
        .unwrap();
    assert_eq!(
        answer.from().unwrap().first().unwrap().address(),
        Some(DESK)
    );
    assert_eq!(answer.subject(), Some("Re: Your package is in locker A04"));
    assert_eq!(answer.in_reply_to().as_text(), Some("q1@mail.example.com"));
    let refs: Vec<String> = match answer.references() {
        mail_parser::HeaderValue::TextList(l) => l.iter().map(|s| s.to_string()).collect(),
        mail_parser::HeaderValue::Text(t) => vec![t.to_string()],
        other => panic!("References: {other:?}"),
    };
    assert_eq!(refs, ["q1@mail.example.com"]);
    assert!(answer
        .body_text(0)
        .unwrap()
        .contains("Sorry about the door of locker A04."));
    let answer_id = answer.message_id().unwrap().to_string();
    assert!(answer_id.ends_with("@maple-court.example"), "{answer_id}");

    // Carmen replies to the answer: the same ticket, back with the staff.
    servers
        .send(
            CARMEN,
            DESK,
            &format!(
                "From: carmen@example.com\nTo: packages@maple-court.example\n\
Subject: Re: Your package is in locker A04\nMessage-ID: <q2@mail.example.com>\n\
In-Reply-To: <{answer_id}>\nReferences: <q1@mail.example.com> <{answer_id}>\n\n\
Thank you, I will come to the office at five.\n"
            ),
        )
        .await;
    let checked = poller::check(&db.pool, "maple-court").await.unwrap();
    assert_eq!(
        (checked.read, checked.replies, checked.new_tickets),
        (1, 1, 0)
    );
    assert_eq!(db.count("SELECT count(*) FROM tickets").await, 1);
    let t = c
        .query_one(
            "SELECT status, first_response_at IS NOT NULL,
                    (SELECT count(*) FROM ticket_messages WHERE ticket_id = $1)
             FROM tickets WHERE id = $1",
            &[&ticket],
        )
        .await
        .unwrap();
    assert_eq!(t.get::<_, &str>(0), "waiting_on_staff");
    assert!(t.get::<_, bool>(1));
    assert_eq!(t.get::<_, i64>(2), 3);
    let page = get(addr, &format!("/desk/t/{ticket}"), &cookie).await;
    assert!(page.body.contains("I will come to the office at five."));

    // An answer the mail server refuses (no such mailbox) is not kept, and
    // the text stays in the form with the reason.
    c.execute(
        "UPDATE tickets SET requester = 'nobody@example.com' WHERE id = $1",
        &[&ticket],
    )
    .await
    .unwrap();
    let refused = post_form(
        addr,
        &format!("/desk/t/{ticket}/reply"),
        &cookie,
        &form(&[("body", "Are you still there?"), ("after", "wait")]),
    )
    .await;
    assert_eq!(refused.status, 502);
    assert!(refused
        .body
        .contains("Not sent: the mail server refused the answer"));
    assert!(refused.body.contains("Are you still there?</textarea>"));
    assert_eq!(
        db.count("SELECT count(*) FROM ticket_messages WHERE direction = 'out'")
            .await,
        1
    );

    // Solved by hand; the service figures count the ticket and Dana's answer.
    let solved = post_form(
        addr,
        &format!("/desk/t/{ticket}/status"),
        &cookie,
        &form(&[("status", "solved")]),
    )
    .await;
    assert_eq!(solved.status, 303);
    let service = get(addr, "/desk/service", &cookie).await;
    assert!(
        service
            .body
            .contains("<td>Property maple-court</td><td>1</td><td>30</td><td>3.3</td>"),
        "{}",
        service.body
    );
    assert!(service
        .body
        .contains("<td>dana@example.com</td><td>1</td><td>1</td>"));

    // A message that is not email stays in the mailbox and does not stop the desk.
    servers
        .send(CARMEN, DESK, "no headers at all, just text\n")
        .await;
    let checked = poller::check(&db.pool, "maple-court").await.unwrap();
    assert_eq!((checked.read, checked.unfiled), (1, 1));
    assert_eq!(
        db.count("SELECT count(*) FROM mailboxes WHERE last_error LIKE '%still in the mailbox%'")
            .await,
        1
    );
    assert_eq!(db.count("SELECT count(*) FROM tickets").await, 1);
    assert!(mail::parse(b"no headers at all, just text\r\n").is_err());
}

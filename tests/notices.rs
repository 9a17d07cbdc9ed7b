//! Notices without a mail server: signed QR tokens at the pickup screen, the
//! holding schedule, the webhook, and the .eml folder the demo writes to.

mod common;

use common::rig::{collect_first, rig, stored_for_carmen};
use lockerwall::domain::Clock;
use lockerwall::kiosk::{Event, Message, Screen, TextKey, TokenProblem};
use lockerwall::notify::Transport;
use lockerwall::security::{SiteSecret, TokenSigner};
use lockerwall::store::{Channel, NoticeKind, NoticeSetup};
use std::time::Duration;

const DAY: i64 = 86_400_000;

/// Type `text` as a keyboard-wedge scanner does (then Enter), from the home screen.
fn scan(r: &mut common::rig::Rig, text: &str) {
    r.keys(text);
    r.send(Event::Key(TextKey::Enter));
}

fn refused(r: &common::rig::Rig) -> Option<TokenProblem> {
    match r.screen() {
        Screen::PickupCode {
            message: Some(Message::Token(p)),
            ..
        } => Some(p),
        _ => None,
    }
}

#[tokio::test]
async fn a_scanned_token_opens_the_door_and_bad_ones_are_refused() {
    let mut r = rig().await;
    let (label, package) = stored_for_carmen(&mut r, "1Z999AA10123456784").await;
    let signer = r.store().token_signer();
    let expires = r.store().policy().token_expires(r.clock.now());
    let version = r.store().code_version(package).unwrap().unwrap();
    let good = signer.issue(package, version, expires);

    // Tampered: one character of the signature changed.
    let mut chars: Vec<char> = good.chars().collect();
    let i = chars.len() - 5;
    chars[i] = if chars[i] == 'Q' { 'R' } else { 'Q' };
    scan(&mut r, &chars.into_iter().collect::<String>());
    assert_eq!(refused(&r), Some(TokenProblem::NotFromHere));
    // Issued by another wall's secret.
    r.send(Event::Back);
    let foreign =
        TokenSigner::new(SiteSecret::from_bytes([7; 32])).issue(package, version, expires);
    scan(&mut r, &foreign);
    assert_eq!(refused(&r), Some(TokenProblem::NotFromHere));
    // Not a pickup code at all (another QR code on the phone), at the pickup screen
    // (at the home screen it means nothing and is ignored).
    r.send(Event::Back);
    scan(&mut r, "LWXHTTPSEXAMPLECOM");
    assert_eq!(r.screen(), Screen::home());
    r.send(Event::PickUp);
    scan(&mut r, "LWXHTTPSEXAMPLECOM");
    assert_eq!(refused(&r), Some(TokenProblem::Unreadable));
    // Expired: the clock moves past the token's expiry.
    r.send(Event::Back);
    let short = signer.issue(package, version, r.clock.now().plus_ms(60_000));
    r.clock.advance(120_000);
    scan(&mut r, &short);
    assert_eq!(refused(&r), Some(TokenProblem::Expired));

    // The good token, scanned at the home screen, opens the door at once.
    r.send(Event::Back);
    assert_eq!(r.screen(), Screen::home());
    scan(&mut r, &good.to_lowercase());
    r.pump().await;
    let Screen::PickupDoor { doors, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    assert_eq!(doors[0].locker.label, label);
    r.wall.close(r.channel(&label));
    r.pump().await;

    // Already used.
    scan(&mut r, &good);
    assert_eq!(refused(&r), Some(TokenProblem::NotWaiting));
}

#[tokio::test]
async fn the_holding_schedule_reminds_warns_and_expires() {
    let mut r = rig().await;
    let (label, package) = stored_for_carmen(&mut r, "TBA000000000785").await;
    let mut store = r.store();
    store.set_notices(NoticeSetup {
        policy: lockerwall::domain::HoldPolicy {
            staff_email: Some("packages@maple-court.example".into()),
            ..Default::default()
        },
        webhook: None,
        help_desk: None,
        texts: None,
    });
    let now = r.clock.now();
    let kinds = |s: &lockerwall::store::Store| -> Vec<NoticeKind> {
        s.outbox().unwrap().iter().map(|i| i.kind).collect()
    };
    assert_eq!(store.schedule_notices(now.plus_ms(2 * DAY)).unwrap(), 0);
    assert_eq!(store.schedule_notices(now.plus_ms(3 * DAY)).unwrap(), 1);
    assert_eq!(
        store.schedule_notices(now.plus_ms(3 * DAY + 1)).unwrap(),
        0,
        "once"
    );
    assert_eq!(store.schedule_notices(now.plus_ms(6 * DAY)).unwrap(), 1);
    assert_eq!(
        kinds(&store),
        [NoticeKind::Stored, NoticeKind::Reminder, NoticeKind::Final]
    );
    // Past the holding period: audited, raised, and mailed to staff (once).
    assert_eq!(store.schedule_notices(now.plus_ms(7 * DAY)).unwrap(), 1);
    assert_eq!(store.schedule_notices(now.plus_ms(8 * DAY)).unwrap(), 0);
    let items = store.outbox().unwrap();
    let expired = items.last().unwrap();
    assert_eq!(expired.kind, NoticeKind::Expired);
    assert_eq!(expired.recipient, "packages@maple-court.example");
    assert!(store
        .audit_kinds(package)
        .unwrap()
        .contains(&"expired".to_string()));
    let attention = store.open_attention().unwrap();
    assert!(attention.iter().any(|a| a.kind == "package_expired"
        && a.message.contains(&label)
        && a.message.contains("TBA000000000785")));
    // Every one of them renders, in the resident's language (Spanish) or staff's.
    let mailer = common::mailer(&store);
    for item in &items {
        let c = mailer.compose(item).unwrap();
        assert!(
            c.rendered.subject.contains(&label),
            "{}",
            c.rendered.subject
        );
    }
    assert!(mailer
        .compose(&items[1])
        .unwrap()
        .rendered
        .subject
        .starts_with("Recordatorio"));
    assert!(mailer
        .compose(&items[3])
        .unwrap()
        .rendered
        .subject
        .starts_with("Expired"));
}

#[tokio::test]
async fn the_demo_writes_eml_files_and_a_collected_package_gets_a_receipt() {
    let mut r = rig().await;
    let (label, _) = stored_for_carmen(&mut r, "TBA000000000786").await;
    let mail = r._dir.path().join("mail");
    let mut w = r.worker(Transport::Folder(mail.clone()));
    let pass = w.run_once().await.unwrap();
    assert_eq!(pass.sent, 1);
    let files: Vec<_> = std::fs::read_dir(&mail)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(eml.contains("To: carmen.alvarez@example.com"), "{eml}");
    assert!(
        eml.contains("Reply-To: \"Package desk\" <packages@maple-court.example>")
            || eml.contains("Reply-To: Package desk <packages@maple-court.example>"),
        "{eml}"
    );
    assert!(eml.contains("Content-Type: image/png"));
    // Sent once: a second pass sends nothing.
    assert_eq!(w.run_once().await.unwrap().sent, 0);

    // Pick it up with the code: a receipt follows.
    collect_first(&mut r, &label).await;
    assert_eq!(w.run_once().await.unwrap().sent, 1);
    let items = r.store().outbox().unwrap();
    assert_eq!(items[1].kind, NoticeKind::PickedUp);
    assert!(items[1].sent_at.is_some());
    assert_eq!(std::fs::read_dir(&mail).unwrap().count(), 2);
}

/// Found by the soak: a resident who collects a second package with the code
/// of the first (before the second's notice went out) must not make staff
/// chase a "failed" notice. The notice is skipped, audited, and never sent.
#[tokio::test]
async fn a_notice_for_a_package_already_collected_is_skipped_not_failed() {
    let mut r = rig().await;
    let (label, package) = stored_for_carmen(&mut r, "TBA000000000788").await;
    // Collected before the outbox worker's first pass (the mail server was down).
    collect_first(&mut r, &label).await;
    let mut w = r.worker(Transport::Folder(r._dir.path().join("mail")));
    let pass = w.run_once().await.unwrap();
    assert_eq!(
        (pass.sent, pass.failed, pass.skipped),
        (1, 0, 1),
        "the receipt goes, the code does not"
    );
    let store = r.store();
    let stored = &store.outbox().unwrap()[0];
    assert_eq!(stored.kind, NoticeKind::Stored);
    assert!(stored.sent_at.is_none());
    assert!(
        store.open_attention().unwrap().is_empty(),
        "no one is alarmed"
    );
    let kinds = store.audit_kinds(package).unwrap();
    assert!(kinds.contains(&"notice_skipped".to_string()), "{kinds:?}");
    assert!(!kinds.contains(&"notice_failed".to_string()));
    // And it stays closed: the next pass has nothing to do.
    assert_eq!(w.run_once().await.unwrap(), Default::default());
}

#[tokio::test]
async fn a_refused_address_is_given_up_and_staff_are_told() {
    let mut r = rig().await;
    r.store()
        .connection()
        .execute(
            "UPDATE residents SET email = 'not an address' WHERE name = 'Carmen Alvarez'",
            [],
        )
        .unwrap();
    let (_, package) = stored_for_carmen(&mut r, "TBA000000000787").await;
    let mut w = r.worker(Transport::Folder(r._dir.path().join("mail")));
    let pass = w.run_once().await.unwrap();
    assert_eq!((pass.sent, pass.failed), (0, 1));
    let store = r.store();
    let item = &store.outbox().unwrap()[0];
    assert!(item.sent_at.is_none());
    let items = store.open_attention().unwrap();
    let notice = items.iter().find(|a| a.kind == "notice_failed").unwrap();
    assert_eq!(notice.package, Some(package));
    assert!(
        notice.message.contains("not an address"),
        "{}",
        notice.message
    );
    assert!(store
        .audit_kinds(package)
        .unwrap()
        .contains(&"notice_failed".to_string()));
}

/// A one-request HTTP server: answers `status` and hands back what it got.
async fn one_request(status: u16) -> (u16, tokio::task::JoinHandle<String>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let (mut s, _) = listener.accept().await.unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = s.read(&mut buf).await.unwrap();
            got.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&got).to_string();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let len: usize = head
                    .lines()
                    // Header names are case-blind (HTTP/1.1 clients send them in lower case).
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(str::to_string)
                    })
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0);
                if body.len() >= len {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        let reply = format!("HTTP/1.1 {status} X\r\nContent-Length: 0\r\n\r\n");
        s.write_all(reply.as_bytes()).await.unwrap();
        String::from_utf8_lossy(&got).to_string()
    });
    (port, task)
}

#[tokio::test]
async fn the_webhook_gets_a_signed_json_notice() {
    let mut r = rig().await;
    let (port, server) = one_request(200).await;
    let url = format!("http://127.0.0.1:{port}/hooks/sms");
    // Set up as the kiosk does: the store queues webhook rows too.
    r.rt_set_webhook(&url);
    let (label, package) = stored_for_carmen(&mut r, "TBA000000000788").await;
    let mut w = r.worker(Transport::Folder(r._dir.path().join("mail")));
    w.webhook = Some(
        lockerwall::notify::Webhook::new(lockerwall::notify::WebhookSettings {
            url: url.clone(),
            secret: "s3cret".into(),
            timeout_seconds: 5,
            plain_http: false,
        })
        .unwrap(),
    );
    let pass = w.run_once().await.unwrap();
    assert_eq!(pass.sent, 2, "the email and the webhook");
    let got = tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .unwrap()
        .unwrap();
    let (head, body) = got.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("POST /hooks/sms HTTP/1.1"));
    let header = |name: &str| {
        head.lines()
            .find_map(|l| {
                let (n, v) = l.split_once(':')?;
                n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
            })
            .unwrap()
    };
    let ts: i64 = header("X-Lockerwall-Timestamp").parse().unwrap();
    assert_eq!(
        header("X-Lockerwall-Signature"),
        lockerwall::notify::webhook::signature("s3cret", ts, body.as_bytes())
    );
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(json["event"], "package.stored");
    assert_eq!(json["package"]["locker"], label.as_str());
    assert_eq!(json["package"]["id"], package.0);
    assert_eq!(json["resident"]["name"], "Carmen Alvarez");
    assert_eq!(json["language"], "es");
    let token = json["pickup"]["token"].as_str().unwrap();
    assert_eq!(
        r.store()
            .token_signer()
            .verify(token, 0, r.clock.now())
            .unwrap()
            .package,
        package
    );
    let rows = r.store().outbox().unwrap();
    assert!(rows
        .iter()
        .any(|i| i.channel == Channel::Webhook && i.sent_at.is_some()));
}

/// "Report a problem" at the screen: on the staff's list, and mailed to the
/// package help address through the outbox (once, with what was reported).
#[tokio::test]
async fn a_problem_report_is_mailed_to_the_package_help_address() {
    use lockerwall::kiosk::{HelpEvent, ProblemKind};
    let mut r = rig().await;
    r.rt.set_notices(NoticeSetup {
        help_desk: Some("Package desk <packages@maple-court.example>".into()),
        ..Default::default()
    });
    let (_label, _) = stored_for_carmen(&mut r, "TBA000000000789").await;
    // A resident at Home: "Need help?", "Package missing".
    r.send(Event::Help(HelpEvent::Open));
    r.send(Event::Help(HelpEvent::Report(ProblemKind::PackageMissing)));
    r.pump().await;
    assert_eq!(
        r.rt.flow().help().and_then(|p| p.reported),
        Some((ProblemKind::PackageMissing, true))
    );
    let store = r.store();
    assert!(store
        .open_attention()
        .unwrap()
        .iter()
        .any(|a| a.kind == "problem_missing"));
    let problem = store
        .outbox()
        .unwrap()
        .into_iter()
        .find(|i| i.kind == NoticeKind::Problem)
        .expect("the report is in the outbox");
    assert_eq!(
        problem.recipient,
        "Package desk <packages@maple-court.example>"
    );
    assert!(problem
        .problem
        .as_ref()
        .unwrap()
        .message
        .contains("the package is missing"));

    let mail = r._dir.path().join("mail");
    let mut w = r.worker(Transport::Folder(mail.clone()));
    let pass = w.run_once().await.unwrap();
    assert_eq!(pass.sent, 2, "the resident's notice and the report");
    let report = std::fs::read_dir(&mail)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|eml| eml.contains("Problem reported"))
        .expect("the report's email")
        // Long headers are folded onto the next line.
        .replace("\r\n ", " ")
        .replace("\n ", " ");
    assert!(report.contains("packages@maple-court.example"), "{report}");
    assert!(
        report.contains("Subject: Problem reported at the Maple Court Apartments lockers: the package is missing"),
        "{report}"
    );
    assert!(report.contains("on the home screen"), "{report}");
    // The demo's phone shows residents' emails only.
    let phone = lockerwall::notify::phone::notices(&store, &common::mailer(&store), 10).unwrap();
    assert!(phone.iter().all(|n| !n.subject.contains("Problem")));
    assert_eq!(w.run_once().await.unwrap().sent, 0, "sent once");
}

//! Notices through a real SMTP server on localhost (aiosmtpd, from Debian's
//! python3-aiosmtpd, saving to a Maildir): what the resident receives, a
//! worker killed between send and mark-sent, and a server that is down.
//! Run with `cargo test --features smtp-tests`; `.ci/run` does.

mod common;

use common::rig::{rig, stored_for_carmen, Rig};
use lockerwall::domain::Clock;
use lockerwall::kiosk::{Event, Screen, TextKey};
use lockerwall::notify::transport::{Security, SmtpSettings};
use lockerwall::notify::Transport;
use mail_parser::MimeHeaders;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// aiosmtpd, saving every message to a Maildir, killed when dropped.
struct SmtpServer {
    child: Child,
    maildir: PathBuf,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn python() -> &'static str {
    // Debian's package installs for the system Python, which a pyenv may shadow.
    if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_smtp(port: u16, maildir: &Path) -> SmtpServer {
    let child = Command::new(python())
        .args(["-m", "aiosmtpd", "-n", "-l"])
        .arg(format!("127.0.0.1:{port}"))
        .args(["-c", "aiosmtpd.handlers.Mailbox"])
        .arg(maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3 -m aiosmtpd (apt-get install python3-aiosmtpd)");
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "aiosmtpd did not start on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    SmtpServer {
        child,
        maildir: maildir.to_path_buf(),
    }
}

impl SmtpServer {
    /// Every message received so far, raw.
    fn messages(&self) -> Vec<Vec<u8>> {
        let Ok(dir) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        let mut files: Vec<_> = dir.map(|e| e.unwrap().path()).collect();
        files.sort();
        files
            .into_iter()
            .map(|p| std::fs::read(p).unwrap())
            .collect()
    }

    fn wait_for(&self, n: usize) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let m = self.messages();
            if m.len() >= n {
                return m;
            }
            assert!(
                Instant::now() < deadline,
                "{} of {n} messages arrived",
                m.len()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn smtp(port: u16) -> Transport {
    Transport::smtp(&SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        security: Security::Plain,
        username: None,
        password: None,
        timeout_seconds: 5,
    })
    .unwrap()
}

/// Read the QR code in a PNG as a phone's camera would.
fn decode_qr(png_bytes: &[u8]) -> String {
    let mut reader = png::Decoder::new(png_bytes).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    grids[0].decode().unwrap().1
}

async fn scan(r: &mut Rig, token: &str) {
    r.keys(token);
    r.send(Event::Key(TextKey::Enter));
    r.pump().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_resident_receives_the_notice_and_its_qr_opens_the_door() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let server = start_smtp(port, &dir.path().join("maildir"));
    let mut r = rig().await;
    let (label, package) = stored_for_carmen(&mut r, "TBA000000000790").await;
    let code = r.store().outbox().unwrap()[0].facts.code.clone().unwrap();
    let mut w = r.worker(smtp(port));
    assert_eq!(w.run_once().await.unwrap().sent, 1);

    let raw = server.wait_for(1).remove(0);
    let msg = mail_parser::MessageParser::default().parse(&raw).unwrap();
    let addr = |a: Option<&mail_parser::Address>| {
        a.and_then(|a| a.first())
            .and_then(|a| a.address())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(addr(msg.to()), "carmen.alvarez@example.com");
    assert_eq!(addr(msg.reply_to()), "packages@maple-court.example");
    assert_eq!(addr(msg.from()), "lockers@maple-court.example");
    let subject = msg.subject().unwrap();
    // Carmen reads Spanish: the notice is in Spanish.
    assert!(
        subject.starts_with("Su paquete está en el casillero"),
        "{subject}"
    );
    assert!(
        subject.contains(&label) && subject.contains(&code),
        "{subject}"
    );
    let text = msg.body_text(0).unwrap();
    assert!(
        text.contains(&code) && text.contains("Retírelo antes del"),
        "{text}"
    );
    let html = msg.body_html(0).unwrap();
    assert!(html.contains(&code) && html.contains("cid:pickup-qr"));
    let item = &r.store().outbox().unwrap()[0];
    assert_eq!(
        msg.message_id().unwrap(),
        item.message_id.trim_matches(|c| c == '<' || c == '>')
    );

    // The inline image decodes to a token the kiosk accepts.
    let png = msg
        .attachments()
        .find(|a| a.is_content_type("image", "png"))
        .expect("an inline PNG")
        .contents()
        .to_vec();
    let token = decode_qr(&png);
    assert!(token.starts_with("LW1"), "{token}");
    let claims = r
        .store()
        .token_signer()
        .verify(&token, 0, r.clock.now())
        .unwrap();
    assert_eq!(claims.package, package);
    scan(&mut r, &token).await;
    let Screen::PickupDoor { doors, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    assert_eq!(doors[0].locker.label, label);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_after_sending_sends_again_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let server = start_smtp(port, &dir.path().join("maildir"));
    let mut r = rig().await;
    stored_for_carmen(&mut r, "TBA000000000791").await;
    let item = r.store().due_outbox(r.clock.now(), 10).unwrap().remove(0);

    // The server takes the message; the worker dies before it records that.
    let mut w = r.worker(smtp(port));
    w.deliver(&item, r.clock.now()).await.unwrap();
    drop(w);
    assert_eq!(server.wait_for(1).len(), 1);
    assert!(
        r.store().outbox().unwrap()[0].sent_at.is_none(),
        "not marked sent"
    );

    // Restarted, it sends the notice again: at least once, with the same Message-ID.
    let mut w = r.worker(smtp(port));
    assert_eq!(w.run_once().await.unwrap().sent, 1);
    let msgs = server.wait_for(2);
    let ids: Vec<String> = msgs
        .iter()
        .map(|m| {
            mail_parser::MessageParser::default()
                .parse(m)
                .unwrap()
                .message_id()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids[0], ids[1], "mail clients can drop the duplicate");
    assert!(r.store().outbox().unwrap()[0].sent_at.is_some());
    assert_eq!(
        w.run_once().await.unwrap().sent,
        0,
        "and never a third time"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_server_down_notices_wait_and_arrive_when_it_is_back() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut r = rig().await;
    stored_for_carmen(&mut r, "TBA000000000792").await;
    let mut w = r.worker(smtp(port));
    let t = r.clock.now();

    // Nothing listens: retried later, not lost, not given up.
    let pass = w.run_once().await.unwrap();
    assert_eq!((pass.sent, pass.retrying, pass.failed), (0, 1, 0));
    let row = |r: &Rig| {
        r.store()
            .connection()
            .query_row(
                "SELECT attempts, next_attempt_at, sent_at, failed_at, last_error FROM outbox",
                [],
                |x| {
                    Ok((
                        x.get::<_, u32>(0)?,
                        x.get::<_, i64>(1)?,
                        x.get::<_, Option<i64>>(2)?,
                        x.get::<_, Option<i64>>(3)?,
                        x.get::<_, Option<String>>(4)?,
                    ))
                },
            )
            .unwrap()
    };
    let (attempts, next, sent, failed, error) = row(&r);
    assert_eq!(
        (attempts, next, sent, failed),
        (1, t.0 + 30_000, None, None)
    );
    assert!(error.unwrap().contains("could not be reached"));
    // Not due yet: nothing is tried.
    assert_eq!(w.run_once().await.unwrap(), Default::default());
    // Due, still down: the wait doubles.
    r.clock.advance(30_000);
    assert_eq!(w.run_once().await.unwrap().retrying, 1);
    assert_eq!(row(&r).1, t.0 + 30_000 + 60_000);

    // The server comes back; at the next due time the notice goes out.
    let server = start_smtp(port, &dir.path().join("maildir"));
    r.clock.advance(60_000);
    assert_eq!(w.run_once().await.unwrap().sent, 1);
    assert_eq!(server.wait_for(1).len(), 1);
    let (attempts, _, sent, failed, _) = row(&r);
    assert_eq!((attempts, sent.is_some(), failed), (3, true, None));
}

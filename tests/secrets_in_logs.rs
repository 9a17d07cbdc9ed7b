//! Nothing secret is logged: a whole day at the wall (a carrier's PIN, a
//! drop-off, its notice with the code and the QR token, a wrong code, the
//! pickup, a staff login) is run with every log line at TRACE captured, and
//! the log is searched for each code, PIN and token used. Also the data
//! folder and the site secret are private to the kiosk's user.
//! (One #[test] in this file: the log subscriber is set once per process.)

mod common;

use common::rig::{rig, stored_for_carmen};
use lockerwall::kiosk::staff::StaffEvent;
use lockerwall::kiosk::{Event, TextKey};
use lockerwall::notify::Transport;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Log lines land here.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_code_pin_or_token_reaches_the_log() {
    let log = Captured::default();
    tracing_subscriber::fmt()
        .with_writer(log.clone())
        .with_ansi(false)
        // No timestamps: their digits once held the PIN by chance (08:11:03.182580).
        .without_time()
        .with_max_level(tracing::Level::TRACE)
        .init();

    let mut r = rig().await;
    // The carrier logs in with the demo's UPS PIN (1357) inside this helper.
    let (label, _) = stored_for_carmen(&mut r, "TBA000000000901").await;
    let mut w = r.worker(Transport::Folder(r._dir.path().join("mail")));
    assert_eq!(w.run_once().await.unwrap().sent, 1);
    let item = r.store().outbox().unwrap().remove(0);
    let code = item
        .facts
        .code
        .clone()
        .expect("the notice carries the code");
    let token = common::mailer(&r.store())
        .compose(&item)
        .unwrap()
        .token
        .expect("and a QR token");
    // A wrong code, then the right one, then the door shut.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    r.send(Event::PickUp);
    r.keys(wrong);
    r.keys(&code);
    r.pump().await;
    r.wall.close(r.channel(&label));
    r.pump().await;
    assert_eq!(w.run_once().await.unwrap().sent, 1, "the receipt");
    // A staff login with the demo's PIN, and a wrong one first.
    r.send(Event::Staff(StaffEvent::Enter));
    r.keys("9753");
    r.send(Event::Key(TextKey::Enter));
    r.keys("258025");
    r.send(Event::Key(TextKey::Enter));
    r.pump().await;
    assert_eq!(r.screen().name(), "staff", "logged in");

    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    // The log did see the day: the drop-off, the notices, the pickup, the staff login.
    for seen in [
        "package stored",
        "notice sent",
        "package picked up",
        "staff_login",
    ] {
        assert!(text.contains(seen), "no {seen:?} in the log:\n{text}");
    }
    for (what, secret) in [
        ("carrier PIN", "1357"),
        ("staff PIN", "258025"),
        ("wrong staff PIN", "9753"),
        ("pickup code", code.as_str()),
        ("wrong code", wrong),
        ("QR token", token.as_str()),
    ] {
        assert!(
            !text.contains(secret),
            "the {what} {secret} is in the log:\n{}",
            text.lines()
                .filter(|l| l.contains(secret))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    // The data folder and the site secret are the kiosk user's alone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let config = lockerwall::site::config::Config {
            data_dir: data.clone(),
            ..Default::default()
        };
        drop(lockerwall::app::open_store(&config, &lockerwall::site::Site::demo()).unwrap());
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join(lockerwall::app::SECRET_FILE)), 0o600);
    }
}

//! Attacks on the wall, one test per finding of the trust review (issue 21):
//! each was written first and seen failing on the code before its fix.

mod common;

use common::rig::{rig, stored_for_carmen, Rig};
use common::ManualClock;
use lockerwall::domain::{CarrierId, Clock, PackageId, ResidentId, Size};
use lockerwall::kiosk::{Event, FlowConfig, Message, Screen, TextKey};
use lockerwall::runtime::{ChannelSink, Parts, Runtime};
use lockerwall::site::Site;
use lockerwall::store::{DepositRequest, Store};
use rand::SeedableRng;
use std::sync::Arc;
use std::time::Duration;

const DAY: i64 = 86_400_000;

/// Type a six-digit code at the pickup keypad (it submits itself).
fn type_code(r: &mut Rig, code: &str) -> Option<Message> {
    if r.screen().name() != "pickup-code" {
        r.send(Event::PickUp);
    }
    r.keys(code);
    match r.screen() {
        Screen::PickupCode { message, .. } => message,
        // A right code: its door is opening.
        _ => None,
    }
}

/// Scan a QR token as a keyboard-wedge scanner types it.
fn scan(r: &mut Rig, text: &str) {
    r.keys(text);
    r.send(Event::Key(TextKey::Enter));
}

/// Wait out a "try again in N seconds".
fn wait_out(r: &Rig, message: &Option<Message>) {
    if let Some(Message::TryAgainIn(s)) = message {
        r.clock.advance(i64::from(*s) * 1000 + 1);
    }
}

/// A fresh runtime on the same database, as after a restart of the kiosk.
async fn restart(r: &mut Rig) {
    let (tx, screens) = std::sync::mpsc::channel();
    let parts = Parts {
        store: r.store(),
        hal: r.hal.clone(),
        clock: Arc::new(r.clock.clone()),
        rng: rand::rngs::StdRng::seed_from_u64(10),
        sink: Box::new(ChannelSink(tx)),
        flow: FlowConfig::default(),
        door_poll: Duration::from_millis(10),
        outbox: None,
        report_offset: Some(0),
    };
    let (rt, events) = Runtime::start(parts).await.unwrap();
    r.rt = rt;
    r.events = events;
    r.screens = screens;
}

/// A package for Carmen held by staff (overflow), and its right code.
fn held_for_carmen(r: &Rig) -> String {
    let mut rng = rand::rngs::StdRng::seed_from_u64(77);
    let (_, code) = r
        .store()
        .hold_with_staff(
            &DepositRequest {
                tracking: "1Z999AA10000000017".into(),
                carrier: CarrierId(2),
                resident: ResidentId(3),
                size: Size::L,
                is_return: false,
                accessible_first: false,
            },
            r.clock.now(),
            &mut rng,
        )
        .unwrap();
    code.as_str().to_string()
}

fn count_events(store: &Store, kind: &str) -> i64 {
    store
        .connection()
        .query_row("SELECT count(*) FROM events WHERE kind = ?1", [kind], |r| {
            r.get(0)
        })
        .unwrap()
}

fn blocked(m: &Option<Message>) -> bool {
    matches!(m, Some(Message::TryAgainIn(_)))
}

#[tokio::test]
async fn a_right_code_for_a_held_package_does_not_reset_the_code_throttle() {
    let mut r = rig().await;
    let mine = held_for_carmen(&r);
    // Three guesses, the third one blocks the keypad for a while.
    let mut last = None;
    for guess in ["000000", "000001", "000002"] {
        wait_out(&r, &last);
        last = type_code(&mut r, guess);
    }
    assert!(blocked(&last), "{last:?}");
    wait_out(&r, &last);
    // Her own code, for the package staff hold: right, but it opens nothing.
    assert_eq!(type_code(&mut r, &mine), Some(Message::WithStaff));
    // The next guess is throttled as the fourth wrong one, not the first.
    let next = type_code(&mut r, "000003");
    assert!(blocked(&next), "a right code reset the count: {next:?}");
}

#[tokio::test]
async fn the_code_throttle_survives_a_restart_and_refuses_without_checking() {
    let mut r = rig().await;
    let mine = held_for_carmen(&r);
    let mut last = None;
    for guess in ["000000", "000001", "000002"] {
        wait_out(&r, &last);
        last = type_code(&mut r, guess);
    }
    assert!(blocked(&last));
    restart(&mut r).await;
    // Blocked still: even a right code is not looked at (it would tell a guesser it is right).
    let m = type_code(&mut r, &mine);
    assert!(blocked(&m), "the block was forgotten at the restart: {m:?}");
    wait_out(&r, &m);
    let m = type_code(&mut r, "000004");
    assert!(blocked(&m), "the count was forgotten at the restart: {m:?}");
}

#[tokio::test]
async fn wrong_codes_are_audited_and_a_burst_reaches_staff() {
    let mut r = rig().await;
    let mut last = None;
    for n in 0..12 {
        wait_out(&r, &last);
        last = type_code(&mut r, &format!("{:06}", 900_000 + n));
    }
    let store = r.store();
    assert_eq!(count_events(&store, "pickup_code_wrong"), 12);
    let items = store.open_attention().unwrap();
    assert_eq!(
        items.iter().filter(|i| i.kind == "code_guessing").count(),
        1,
        "{items:?}"
    );
}

/// The QR token in a notice, as the resident's email carries it.
fn token_in_latest_notice(r: &Rig, package: PackageId) -> String {
    let store = r.store();
    let item = store
        .outbox()
        .unwrap()
        .into_iter()
        .rfind(|i| i.facts.package == package && i.facts.code.is_some())
        .expect("a notice with a code");
    let mut mailer = common::mailer(&store);
    mailer.policy = store.policy().clone();
    mailer.compose(&item).unwrap().token.expect("a QR token")
}

fn token_refused(r: &Rig) -> bool {
    matches!(
        r.screen(),
        Screen::PickupCode {
            message: Some(Message::Token(_)),
            ..
        }
    )
}

#[tokio::test]
async fn an_old_qr_code_is_dead_after_the_recipient_changes() {
    let mut r = rig().await;
    let (_, package) = stored_for_carmen(&mut r, "1Z999AA10123456784").await;
    let old = token_in_latest_notice(&r, package);
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    r.store()
        .change_recipient(
            package,
            ResidentId(4),
            "staff:Dana",
            r.clock.now(),
            &mut rng,
        )
        .unwrap();
    r.send(Event::PickUp);
    scan(&mut r, &old);
    r.pump().await;
    assert!(
        token_refused(&r),
        "Carmen's old QR still opens the package now for someone else: {:?}",
        r.screen()
    );
    // The new resident's notice opens it.
    let new = token_in_latest_notice(&r, package);
    r.send(Event::Back);
    r.send(Event::PickUp);
    scan(&mut r, &new);
    r.pump().await;
    assert_eq!(r.screen().name(), "pickup-door", "{:?}", r.screen());
}

#[tokio::test]
async fn an_extended_hold_reaches_the_notice_and_its_qr_code() {
    let mut r = rig().await;
    let (_, package) = stored_for_carmen(&mut r, "1Z999AA10123456784").await;
    let stored_at = r.clock.now();
    let mut store = r.store();
    store
        .extend_hold(package, 7, "staff:Dana (package desk)", stored_at)
        .unwrap();
    store
        .resend_notice(package, "staff:Dana (package desk)", stored_at)
        .unwrap();
    let policy = store.policy().clone();
    let item = store
        .outbox()
        .unwrap()
        .into_iter()
        .rfind(|i| i.facts.package == package)
        .unwrap();
    let mut mailer = common::mailer(&store);
    mailer.policy = policy.clone();
    let composed = mailer.compose(&item).unwrap();
    // Carmen's notices are in Spanish: the collect-by day is a week later than the policy's.
    let new_day = lockerwall::notify::dates::day(
        stored_at.plus_ms(i64::from(policy.hold_days + 7) * DAY),
        "es",
        Some(0),
    );
    let text = composed.rendered.text.clone();
    assert!(
        text.contains(&new_day),
        "the notice does not say {new_day}: {text}"
    );
    // The QR code opens the door after the policy's own expiry and grace.
    let token = composed.token.unwrap();
    r.clock
        .advance(i64::from(policy.hold_days + policy.token_grace_days + 2) * DAY);
    r.send(Event::PickUp);
    scan(&mut r, &token);
    r.pump().await;
    assert_eq!(r.screen().name(), "pickup-door", "{:?}", r.screen());
}

/// A kiosk's data folder, opened as the kiosk does, with Carmen's package waiting.
fn data_with_a_package() -> (tempfile::TempDir, lockerwall::site::config::Config, Site) {
    let dir = tempfile::tempdir().unwrap();
    let config = lockerwall::site::config::Config {
        data_dir: dir.path().join("data"),
        ..Default::default()
    };
    let site = Site::demo();
    let mut store = lockerwall::app::open_store(&config, &site).unwrap();
    common::carmens_package(&mut store, common::T0);
    (dir, config, site)
}

#[test]
fn a_lost_site_key_is_not_silently_replaced_when_packages_wait() {
    let (_dir, config, site) = data_with_a_package();
    let key = config.data_dir.join("site.key");
    std::fs::remove_file(&key).unwrap();
    let refused = lockerwall::app::open_store(&config, &site);
    assert!(
        refused.is_err(),
        "a new key was made: every waiting code and QR is dead"
    );
    assert!(!key.exists(), "no new key is written in its place");
    let said = refused.err().unwrap().to_string().to_lowercase();
    assert!(
        said.contains("site.key") && said.contains("restore"),
        "{said}"
    );
}

#[test]
fn a_site_key_from_another_wall_is_refused() {
    let (_dir, config, site) = data_with_a_package();
    std::fs::write(config.data_dir.join("site.key"), hex::encode([9u8; 32])).unwrap();
    assert!(lockerwall::app::open_store(&config, &site).is_err());
}

#[test]
fn report_csv_cells_cannot_run_as_spreadsheet_formulas() {
    for hostile in [
        "=HYPERLINK(\"x\")",
        "+1+1",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "-cmd",
    ] {
        let cell = lockerwall::report::format::csv_field(hostile);
        let unquoted = cell.trim_start_matches('"');
        assert!(
            unquoted.starts_with('\''),
            "{hostile:?} written as {cell:?}"
        );
    }
    assert_eq!(lockerwall::report::format::csv_field("-3"), "-3");
}

/// A portfolio server on localhost that answers every batch with `reply`.
fn server_answering(reply: String) -> std::net::SocketAddr {
    server_replying("200 OK\r\nContent-Type: application/json", reply)
}

/// A server that answers every request with `status_and_headers` and `reply`.
fn server_replying(status_and_headers: &'static str, reply: String) -> std::net::SocketAddr {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for s in listener.incoming().take(4) {
            let mut s = s.unwrap();
            let mut got = Vec::new();
            let mut buf = [0u8; 8192];
            // The headers, then as many bytes as Content-Length says.
            while let Ok(n) = s.read(&mut buf) {
                got.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&got).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let len: usize = text
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length: ")
                                .map(|v| v.trim().parse().unwrap())
                        })
                        .unwrap_or(0);
                    if got.len() >= end + 4 + len {
                        break;
                    }
                }
                if n == 0 {
                    break;
                }
            }
            let _ = write!(
                s,
                "HTTP/1.1 {status_and_headers}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                reply.len()
            );
        }
    });
    addr
}

#[test]
fn a_reply_the_wall_cannot_read_is_said_so_and_reaches_staff() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let subject = "x".repeat(100_000);
    let addr = server_answering(format!(
        r#"{{"acked":0,"contacts_version":"","tickets":[{{"id":1,"subject":"{subject}","since":0}}]}}"#
    ));
    let mut syncer = syncer_to(store, &format!("http://{addr}"));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let err = rt.block_on(syncer.round()).unwrap_err().to_string();
    assert!(err.contains("longer"), "{err}");
    let items = syncer.store.open_attention().unwrap();
    assert!(
        items.iter().any(|i| i.kind == "sync_unreadable"),
        "nobody at the wall is told: {items:?}"
    );
}

// ------------------------------------------------- staff actions, safety rule

/// Staff log in (the demo's PIN) and open `label`'s card on the wall map.
fn staff_card(r: &mut Rig, label: &str) {
    use lockerwall::kiosk::staff::StaffEvent;
    r.send(Event::Staff(StaffEvent::Enter));
    r.keys("258025");
    r.send(Event::Key(TextKey::Enter));
    assert_eq!(r.screen().name(), "staff", "{:?}", r.screen());
    let locker = r
        .store()
        .lockers()
        .unwrap()
        .into_iter()
        .find(|l| l.label == label)
        .unwrap()
        .id;
    r.send(Event::Staff(StaffEvent::Locker(locker)));
    r.send(Event::Staff(StaffEvent::AskRemove));
}

fn state_of(r: &Rig, package: PackageId) -> String {
    r.store()
        .connection()
        .query_row(
            "SELECT state FROM packages WHERE id = ?1",
            [package.0],
            |row| row.get(0),
        )
        .unwrap()
}

/// Carmen's code for `package`, from its notice.
fn code_of(r: &Rig, package: PackageId) -> String {
    r.store()
        .outbox()
        .unwrap()
        .into_iter()
        .rfind(|i| i.facts.package == package)
        .and_then(|i| i.facts.code)
        .expect("a code in its notice")
}

#[tokio::test]
async fn a_removal_is_recorded_before_the_door_moves_and_settled_when_it_closes() {
    use lockerwall::domain::wall::Removal;
    use lockerwall::kiosk::staff::StaffEvent;
    let mut r = rig().await;
    let (label, package) = stored_for_carmen(&mut r, "1Z999AA10123456784").await;
    staff_card(&mut r, &label);
    r.send(Event::Staff(StaffEvent::Remove(Removal::Office)));
    r.pump().await;
    assert!(
        r.wall.door(r.channel(&label)).unwrap().open,
        "the door opened"
    );
    // Open, not yet shut: the package is on its way out, not gone.
    assert_eq!(state_of(&r, package), "releasing");
    r.wall.set_occupied(r.channel(&label), false);
    r.wall.close(r.channel(&label));
    r.pump().await;
    assert_eq!(state_of(&r, package), "removed_by_staff");
    let kinds = r.store().audit_kinds(package).unwrap();
    // The last of each: the drop-off opened the door once before.
    let at = |k: &str| kinds.iter().rposition(|x| x == k);
    assert!(
        at("removal_started") < at("door_opened") && at("door_opened") < at("removed_by_staff"),
        "{kinds:?}"
    );
}

#[tokio::test]
async fn a_jammed_door_leaves_the_package_waiting_with_its_code() {
    use lockerwall::domain::wall::Removal;
    use lockerwall::kiosk::staff::StaffEvent;
    use lockerwall_hal::sim::Fault;
    let mut r = rig().await;
    let (label, package) = stored_for_carmen(&mut r, "1Z999AA10123456784").await;
    let code = code_of(&r, package);
    r.wall.set_fault(r.channel(&label), Some(Fault::DoorStuck));
    staff_card(&mut r, &label);
    r.send(Event::Staff(StaffEvent::Remove(Removal::Office)));
    r.pump().await;
    r.clock.advance(10_000);
    r.send(Event::Tick);
    r.pump().await;
    assert!(!r.wall.door(r.channel(&label)).unwrap().open);
    assert_eq!(
        state_of(&r, package),
        "stored",
        "recorded removed while it still sits in the locker"
    );
    assert!(r
        .store()
        .open_attention()
        .unwrap()
        .iter()
        .any(|a| a.package == Some(package)));
    // Carmen's code still opens it (once the door is fixed).
    r.send(Event::Staff(StaffEvent::Logout));
    r.wall.set_fault(r.channel(&label), None);
    type_code(&mut r, &code);
    r.pump().await;
    assert_eq!(r.screen().name(), "pickup-door", "{:?}", r.screen());
}

#[tokio::test]
async fn moved_to_the_package_room_it_keeps_its_code_and_is_on_a_shelf() {
    use lockerwall::domain::wall::Removal;
    use lockerwall::kiosk::staff::StaffEvent;
    let mut r = rig().await;
    let (label, package) = stored_for_carmen(&mut r, "1Z999AA10123456784").await;
    let code = code_of(&r, package);
    staff_card(&mut r, &label);
    r.send(Event::Staff(StaffEvent::Remove(Removal::PackageRoom)));
    r.pump().await;
    r.wall.set_occupied(r.channel(&label), false);
    r.wall.close(r.channel(&label));
    r.pump().await;
    assert_eq!(state_of(&r, package), "stored", "still waiting");
    let on_shelf = r.store().room_packages().unwrap();
    assert!(
        on_shelf.iter().any(|p| p.package == package),
        "not on the room's shelves: {on_shelf:?}"
    );
    // The locker is free; the resident is told where the package is now.
    let id = r
        .store()
        .lockers()
        .unwrap()
        .into_iter()
        .find(|l| l.label == label)
        .unwrap()
        .id;
    assert!(r.store().free_lockers().unwrap().iter().any(|l| l.id == id));
    let latest = r
        .store()
        .outbox()
        .unwrap()
        .into_iter()
        .rfind(|i| i.facts.package == package)
        .unwrap();
    assert!(latest.facts.shelf.is_some(), "{latest:?}");
    // The same code opens the room's door.
    r.send(Event::Staff(StaffEvent::Logout));
    type_code(&mut r, &code);
    r.pump().await;
    assert_eq!(r.screen().name(), "pickup-door", "{:?}", r.screen());
}

/// A syncer for the demo wall, reporting to `url`.
fn syncer_to(store: Store, url: &str) -> lockerwall::sync::Syncer {
    let settings: lockerwall::sync::PortfolioSettings = toml::from_str(&format!(
        "url = \"{url}\"\nproperty = \"maple-court\"\nkey = \"maple-court-key-0123\"\ntimeout_seconds = 5"
    ))
    .unwrap();
    lockerwall::sync::Syncer::new(
        store,
        settings,
        "Maple Court".into(),
        0,
        7,
        Arc::new(ManualClock::new()),
    )
    .unwrap()
}

#[test]
fn a_reply_not_signed_for_this_batch_is_not_acted_on() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let package = common::carmens_package(&mut store, common::T0).package;
    // Someone between the wall and the server answers with a desk request
    // to give Carmen's package to another resident.
    let forged = format!(
        r#"{{"acked":0,"contacts_version":"","tickets":[],"actions":[{{"id":1,"package":{},"what":{{"kind":"change_recipient","resident":4}},"by":"the desk"}}]}}"#,
        package.0
    );
    let addr = server_answering(forged);
    let mut syncer = syncer_to(store, &format!("http://{addr}"));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let err = rt.block_on(syncer.round()).unwrap_err().to_string();
    assert!(err.contains("not signed"), "{err}");
    let resident: i64 = syncer
        .store
        .connection()
        .query_row(
            "SELECT resident_id FROM packages WHERE id = ?1",
            [package.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(resident, 3, "a forged request was carried out");
    assert!(syncer
        .store
        .open_attention()
        .unwrap()
        .iter()
        .any(|i| i.kind == "sync_unreadable"));
}

/// A refusal's server time is believed only when signed for the batch:
/// someone between the wall and the server cannot have staff reset a
/// right clock.
#[test]
fn an_unsigned_server_time_does_not_move_the_clock_item() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let addr = server_replying(
        "401 Unauthorized\r\nX-Lockerwall-Server-Time: 1\r\nX-Lockerwall-Reply-Signature: sha256=00",
        "the wall's clock is 9999 s away from the server's".into(),
    );
    let mut syncer = syncer_to(store, &format!("http://{addr}"));
    let rt = tokio::runtime::Runtime::new().unwrap();
    match rt.block_on(syncer.round()).unwrap_err() {
        lockerwall::sync::SyncError::Refused {
            status: 401,
            server_time,
            ..
        } => assert_eq!(server_time, None),
        other => panic!("{other}"),
    }
    assert!(!syncer
        .store
        .open_attention()
        .unwrap()
        .iter()
        .any(|i| i.kind == lockerwall::store::CLOCK_SKEW));
}

#[test]
fn plain_http_to_another_machine_is_refused() {
    let settings = |url: &str, plain: bool| -> lockerwall::sync::PortfolioSettings {
        toml::from_str(&format!(
            "url = \"{url}\"\nproperty = \"maple-court\"\nkey = \"maple-court-key-0123\"\nplain_http = {plain}"
        ))
        .unwrap()
    };
    assert!(settings("http://portfolio.example", false)
        .problem()
        .is_some());
    assert_eq!(settings("http://portfolio.example", true).problem(), None);
    assert_eq!(settings("http://127.0.0.1:8080", false).problem(), None);
    assert_eq!(settings("https://portfolio.example", false).problem(), None);
    let webhook = |url: &str| {
        lockerwall::notify::Webhook::new(
            toml::from_str(&format!("url = \"{url}\"\nsecret = \"s3cret\"")).unwrap(),
        )
    };
    assert!(webhook("http://sms.example/hook").is_err());
    assert!(webhook("https://sms.example/hook").is_ok());
}

// ------------------------------------------------------------ staff PINs

#[test]
fn a_stolen_database_alone_does_not_give_staff_pins_away() {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = common::demo_store(dir.path());
    let stolen: String = store
        .connection()
        .query_row(
            "SELECT pin_hash FROM staff WHERE name = 'Dana Brooks'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // Trying the PIN against the hash, as with any stolen argon2 hash: no match.
    let phc = stolen.trim_start_matches("p1$");
    let hash = PasswordHash::new(phc).unwrap();
    assert!(
        argon2::Argon2::default()
            .verify_password(b"258025", &hash)
            .is_err(),
        "the database alone confirms Dana's PIN"
    );
    // With the site key the kiosk still knows her.
    assert!(store.check_staff_pin("258025").unwrap().is_some());
    drop(store);
    let mut other = Store::open(
        &path,
        lockerwall::security::CodeHasher::new(lockerwall::security::SiteSecret::from_bytes(
            [7; 32],
        )),
    )
    .unwrap();
    assert!(other.check_staff_pin("258025").unwrap().is_none());
}

#[test]
fn a_four_digit_staff_pin_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let r = store.add_account(
        lockerwall::store::AccountKind::Staff,
        "Kim Lee",
        Some(lockerwall::domain::Role::Staff),
        "4739",
        "cli:pat",
        common::T0,
    );
    assert!(r.is_err(), "four digits open every locker on the wall");
    let site = Site::parse(&lockerwall::site::DEMO_SITE.replace("258025", "4739"));
    assert!(site.is_err(), "a site file with a four-digit staff PIN");
}

#[tokio::test]
async fn a_right_staff_pin_or_a_restart_does_not_reset_the_pin_lockout() {
    use lockerwall::kiosk::staff::StaffEvent;
    let mut r = rig().await;
    let pin_screen = |r: &Rig| match r.screen() {
        Screen::StaffPin { message, .. } => message,
        other => panic!("{other:?}"),
    };
    let try_pin = |r: &mut Rig, pin: &str| {
        if r.screen().name() != "staff-pin" {
            r.send(Event::Staff(StaffEvent::Enter));
        }
        r.keys(pin);
        r.send(Event::Key(TextKey::Enter));
    };
    let mut last = None;
    for guess in ["111111", "222222", "333333"] {
        wait_out(&r, &last);
        try_pin(&mut r, guess);
        last = pin_screen(&r);
    }
    assert!(blocked(&last), "{last:?}");
    wait_out(&r, &last);
    // Sam logs in and out with his own PIN: the count goes on.
    try_pin(&mut r, "739182");
    assert_eq!(r.screen().name(), "staff", "{:?}", r.screen());
    r.send(Event::Staff(StaffEvent::Logout));
    try_pin(&mut r, "444444");
    let m = pin_screen(&r);
    assert!(
        blocked(&m),
        "another member's log-in reset the lockout: {m:?}"
    );
    restart(&mut r).await;
    try_pin(&mut r, "258025");
    let m = match r.screen() {
        Screen::StaffPin { message, .. } => message,
        _ => None,
    };
    assert!(blocked(&m), "a restart reset the lockout: {:?}", r.screen());
    assert_eq!(count_events(&r.store(), "staff_pin_wrong"), 4);
}

#[test]
fn choosing_a_colleagues_pin_does_not_let_you_in_as_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    // Kim, adding an account, tries Dana's PIN: refused as any PIN could be...
    let r = store.add_account(
        lockerwall::store::AccountKind::Staff,
        "Kim Lee",
        Some(lockerwall::domain::Role::Staff),
        "258025",
        "staff:Kim",
        common::T0,
    );
    assert!(r.is_err());
    // ...and what the refusal told Kim opens nothing: Dana's PIN is withdrawn.
    assert!(
        store.check_staff_pin("258025").unwrap().is_none(),
        "Kim now knows Dana's PIN and it still works"
    );
    assert!(store
        .open_attention()
        .unwrap()
        .iter()
        .any(|a| a.kind == "staff_pin_withdrawn" && a.message.contains("Dana Brooks")));
}

#[tokio::test]
async fn a_carrier_cannot_reset_the_lockout_on_another_carriers_pin() {
    use lockerwall::domain::CarrierId;
    let mut r = rig().await;
    let login = |r: &mut Rig, carrier: (i64, &str), pin: &str| -> Option<Message> {
        r.send(Event::Back);
        r.send(Event::Back);
        if r.screen().name() != "carrier-login" {
            r.send(Event::Deliver);
        }
        r.send(Event::ChooseCarrier(CarrierId(carrier.0), carrier.1.into()));
        r.keys(pin);
        r.send(Event::Key(TextKey::Enter));
        match r.screen() {
            Screen::CarrierLogin { message, .. } => message,
            _ => None,
        }
    };
    // Guessing USPS's PIN; in between, the guesser logs in with UPS's own.
    let mut last = None;
    for guess in ["9001", "9002", "9003"] {
        wait_out(&r, &last);
        last = login(&mut r, (1, "USPS"), guess);
    }
    assert!(blocked(&last), "{last:?}");
    wait_out(&r, &last);
    assert_eq!(login(&mut r, (2, "UPS"), "1357"), None);
    assert_eq!(r.screen().name(), "scan", "{:?}", r.screen());
    r.send(Event::Done);
    let m = login(&mut r, (1, "USPS"), "9004");
    assert!(
        blocked(&m),
        "another carrier's log-in reset the count: {m:?}"
    );
    restart(&mut r).await;
    let m = login(&mut r, (1, "USPS"), "9005");
    assert!(blocked(&m), "a restart reset the count: {m:?}");
    assert_eq!(count_events(&r.store(), "carrier_pin_wrong"), 4);
}

/// Reserve and store one M package for `resident` (the store's own steps, no doors).
fn store_m(
    store: &mut Store,
    resident: i64,
    n: usize,
    now: lockerwall::domain::Timestamp,
) -> Result<String, lockerwall::store::StoreError> {
    let req = DepositRequest {
        tracking: format!("1ZKEPT{n:012}"),
        carrier: CarrierId(1),
        resident: ResidentId(resident),
        size: Size::M,
        is_return: false,
        accessible_first: false,
    };
    let r = store.begin_deposit(&req, now)?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(n as u64);
    store.door_seen_open(r.package, now).unwrap();
    store.confirm_deposit(r.package, now, &mut rng).unwrap();
    Ok(r.locker.label)
}

#[test]
fn the_last_accessible_locker_of_a_size_is_kept_for_a_resident_who_needs_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::store_for(dir.path(), &Site::demo());
    let now = common::T0;
    // The demo wall has 7 ordinary M lockers and 4 accessible ones.
    let mut given = Vec::new();
    let mut n = 0;
    while let Ok(label) = store_m(&mut store, 1, n, now) {
        given.push(label);
        n += 1;
    }
    assert_eq!(given.len(), 10, "Aaliyah (no need) took {given:?}");
    // Dmitri needs a low locker: the kept one is his.
    store_m(&mut store, 4, 99, now).expect("the kept accessible locker");
}

#[test]
fn the_guided_audit_looks_on_the_rooms_shelves_and_at_what_staff_hold() {
    use lockerwall::domain::audit::AuditPlace;
    use lockerwall::store::{Finding, FindingAt};
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::store_for(dir.path(), &Site::demo());
    let now = common::T0;
    let req = |tracking: &str, resident: i64| DepositRequest {
        tracking: tracking.into(),
        carrier: CarrierId(2),
        resident: ResidentId(resident),
        size: Size::XL,
        is_return: false,
        accessible_first: false,
    };
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    let shelved = store
        .begin_room_deposit(&req("1ZROOM0000000001", 3), now)
        .unwrap();
    store.door_seen_open(shelved.package, now).unwrap();
    store
        .confirm_deposit(shelved.package, now, &mut rng)
        .unwrap();
    let (held, _) = store
        .hold_with_staff(&req("1ZHELD0000000002", 5), now, &mut rng)
        .unwrap();

    let items = store.audit_items().unwrap();
    let on_shelf = items
        .iter()
        .find(|i| i.package.as_ref().map(|p| p.id) == Some(shelved.package))
        .expect("the room's package is audited");
    assert!(
        matches!(&on_shelf.place, AuditPlace::Shelf { shelf, .. } if *shelf == shelved.shelf),
        "{on_shelf:?}"
    );
    let with_staff = items
        .iter()
        .find(|i| i.package.as_ref().map(|p| p.id) == Some(held))
        .expect("the package staff hold is audited");
    assert_eq!(with_staff.place, AuditPlace::WithStaff);

    // Both missing: each is on the attention list in words that say where to look.
    let audit = store.start_audit("staff:Dana", now).unwrap();
    for item in [on_shelf, with_staff] {
        store
            .record_finding(
                audit,
                &FindingAt::of(item),
                Finding::Missing,
                "staff:Dana",
                now,
            )
            .unwrap();
    }
    let raised: Vec<String> = store
        .open_attention()
        .unwrap()
        .into_iter()
        .filter(|a| a.kind == "audit_discrepancy")
        .map(|a| a.message)
        .collect();
    assert!(
        raised
            .iter()
            .any(|m| m.contains(&format!("shelf {}", shelved.shelf))),
        "{raised:?}"
    );
    assert!(
        raised
            .iter()
            .any(|m| m.contains("left with the package staff")),
        "{raised:?}"
    );
    let report = store.audit_report(audit).unwrap();
    assert_eq!(report.findings.len(), 2);
    assert_eq!(
        report.findings[0].shelf.as_deref(),
        Some(shelved.shelf.as_str())
    );
    assert_eq!(report.findings[1].locker, None);
}

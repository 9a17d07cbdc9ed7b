//! Returns on the real runtime, store (a SQLite file) and simulated wall: a
//! resident proves who they are, drops a return and gets a receipt; the
//! return never shows as a package waiting for them; only its carrier sees
//! it, and collecting it opens its door and closes the record.

mod common;

use common::rig::{rig, Rig};
use lockerwall::domain::{CarrierId, Clock, PackageId, ResidentId, Size};
use lockerwall::kiosk::{Event, Message, Place, Screen, TextKey};
use lockerwall::store::{DepositRequest, NoticeKind, RecoveryAction, Store, TrailFilter};
use lockerwall_hal::DoorReading;

const UPS: CarrierId = CarrierId(2);

fn column(store: &Store, p: PackageId, col: &str) -> String {
    store
        .connection()
        .query_row(
            &format!("SELECT COALESCE(CAST({col} AS TEXT), 'NULL') FROM packages WHERE id = ?1"),
            [p.0],
            |r| r.get(0),
        )
        .unwrap()
}

/// A carrier logs in with their PIN; the scan screen is up.
fn log_in(r: &mut Rig, carrier: CarrierId, name: &str, pin: &str) {
    r.send(Event::Deliver);
    r.send(Event::ChooseCarrier(carrier, name.into()));
    r.keys(pin);
    r.send(Event::Key(TextKey::Enter));
    assert_eq!(r.screen().name(), "scan");
}

/// Carmen Alvarez (unit 101, building C) drops a UPS return; its locker's label.
async fn carmen_sends_a_return(r: &mut Rig) -> String {
    r.send(Event::SendReturn);
    // The label's number names UPS: no carrier tap needed.
    r.send(Event::Scanned("1Z999AA10123456784".into()));
    assert_eq!(r.screen().name(), "return-sender", "{:?}", r.screen());
    // The unit is typed as people do; a neighbour's surname does not pass.
    r.keys("101");
    r.send(Event::Key(TextKey::Enter));
    r.keys("SMITH");
    r.send(Event::Key(TextKey::Enter));
    assert_eq!(r.screen().message(), Some(&Some(Message::NoSuchSender)));
    r.send(Event::Key(TextKey::Clear));
    r.keys("ALVAREZ");
    r.send(Event::Key(TextKey::Enter));
    let Screen::ReturnSize {
        sender,
        counts: Some(_),
        ..
    } = r.screen()
    else {
        panic!("{:?}", r.screen())
    };
    assert_eq!(sender, "Carmen Alvarez");
    r.send(Event::ChooseSize(Size::S));
    r.pump().await;
    let Screen::DepositDoor {
        door, is_return, ..
    } = r.screen()
    else {
        panic!("{:?}", r.screen())
    };
    assert!(is_return);
    assert_eq!(door.phase, lockerwall::kiosk::DoorPhase::Open);
    let label = door.locker.label;
    r.wall.close(r.channel(&label));
    r.pump().await;
    assert_eq!(
        r.screen(),
        Screen::DepositDone {
            place: Place::Locker(label.clone()),
            recipient: "UPS".into(),
            is_return: true,
        }
    );
    r.send(Event::Done);
    label
}

#[tokio::test]
async fn a_resident_drops_a_return_and_its_carrier_collects_it() {
    let mut r = rig().await;
    let label = carmen_sends_a_return(&mut r).await;
    let store = r.store();

    // Stored for UPS, with no code, and the receipt queued for Carmen (in Spanish).
    let receipt = store
        .outbox()
        .unwrap()
        .into_iter()
        .find(|i| i.kind == NoticeKind::ReturnReceipt)
        .expect("a receipt is queued");
    let package = receipt.facts.package;
    assert_eq!(receipt.recipient, "carmen.alvarez@example.com");
    assert_eq!(receipt.language, "es");
    assert_eq!(column(&store, package, "state"), "stored");
    assert_eq!(column(&store, package, "code_hash"), "NULL");
    assert_eq!(column(&store, package, "is_return"), "1");
    let mail = common::mailer(&store).compose(&receipt).unwrap();
    assert!(
        mail.rendered.subject.contains("Comprobante de devolución")
            && mail.rendered.subject.contains(&label),
        "{}",
        mail.rendered.subject
    );
    assert!(mail.rendered.text.contains("1Z999AA10123456784"));
    assert!(mail.qr.is_none(), "a receipt opens nothing");

    // It is not a package waiting for Carmen: no pickup, no reminders.
    let carmen = ResidentId(package_resident(&store, package));
    assert!(store.waiting_for_resident(carmen).unwrap().is_empty());
    // Nor reminded; left past the holding period, it goes to staff (once).
    let mut later = r.store();
    let in_a_day = r.clock.now().plus_ms(24 * 3600 * 1000);
    assert_eq!(later.schedule_notices(in_a_day).unwrap(), 0);
    let in_a_month = r.clock.now().plus_ms(30 * 24 * 3600 * 1000);
    assert_eq!(later.schedule_notices(in_a_month).unwrap(), 1);
    assert_eq!(later.schedule_notices(in_a_month).unwrap(), 0);
    let raised = later
        .open_attention()
        .unwrap()
        .into_iter()
        .find(|a| a.kind == "return_uncollected")
        .expect("an uncollected return is on the staff's list");
    assert!(raised
        .message
        .contains("has not collected the return 1Z999AA10123456784"));
    assert!(
        !later
            .outbox()
            .unwrap()
            .iter()
            .any(|i| i.kind != NoticeKind::ReturnReceipt),
        "no reminder, final notice or expiry mail for a return"
    );

    // FedEx sees no returns; UPS sees one.
    log_in(&mut r, CarrierId(3), "FedEx", "3690");
    assert!(matches!(r.screen(), Screen::Scan { returns: 0, .. }));
    r.send(Event::Back);
    log_in(&mut r, UPS, "UPS", "1357");
    assert!(matches!(r.screen(), Screen::Scan { returns: 1, .. }));

    // Collecting opens its door; closing it ends the record.
    r.send(Event::CollectReturns);
    r.pump().await;
    let Screen::CollectReturns { doors, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    assert_eq!(doors[0].locker.label, label);
    assert!(r.wall.door(r.channel(&label)).unwrap().open);
    r.wall.close(r.channel(&label));
    r.pump().await;
    let Screen::Scan {
        message, returns, ..
    } = r.screen()
    else {
        panic!("{:?}", r.screen())
    };
    assert_eq!((message, returns), (Some(Message::ReturnsCollected(1)), 0));
    let store = r.store();
    assert_eq!(column(&store, package, "state"), "returned_to_sender");
    assert!(
        !store
            .open_attention()
            .unwrap()
            .iter()
            .any(|a| a.kind == "return_uncollected"),
        "collected: the item is resolved"
    );
    let freed = doors[0].locker.id;
    assert!(store.free_lockers().unwrap().iter().any(|l| l.id == freed));

    // The trail says who did what: the resident dropped it, UPS collected it.
    let trail = store
        .trail(
            &TrailFilter {
                tracking: Some("1Z999AA10123456784".into()),
                ..Default::default()
            },
            50,
        )
        .unwrap();
    let seen: Vec<(String, String)> = trail
        .iter()
        .rev()
        .filter(|t| t.kind.starts_with("return"))
        .map(|t| (t.kind.clone(), t.actor.clone()))
        .collect();
    assert_eq!(
        seen,
        [
            ("return_reserved".into(), format!("resident:{}", carmen.0)),
            ("return_stored".into(), "kiosk".into()),
            ("return_uncollected".into(), "kiosk".into()),
            ("return_collecting".into(), "carrier:2".into()),
            ("return_collected".into(), "kiosk".into()),
        ]
    );
}

fn package_resident(store: &Store, p: PackageId) -> i64 {
    column(store, p, "resident_id").parse().unwrap()
}

#[tokio::test]
async fn a_return_dropped_while_the_kiosk_was_down_is_settled_at_restart() {
    let r = rig().await;
    let mut store = r.store();
    let now = r.clock.now();
    let req = DepositRequest {
        tracking: "RMA-20261126".into(),
        carrier: UPS,
        resident: ResidentId(3),
        size: Size::M,
        is_return: true,
        accessible_first: false,
    };
    let reserved = store.begin_deposit(&req, now).unwrap();
    store.door_seen_open(reserved.package, now).unwrap();
    // Power cut: the resident closed the door while the kiosk was down.
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(5);
    let closed = |_: &lockerwall::domain::Locker| {
        Some(DoorReading {
            open: false,
            occupied: None,
        })
    };
    let out = store.reconcile(&closed, now, &mut rng).unwrap();
    assert_eq!(out[0].action, RecoveryAction::DepositConfirmed);
    assert_eq!(column(&store, reserved.package, "state"), "stored");
    assert_eq!(column(&store, reserved.package, "code_hash"), "NULL");
    let kinds: Vec<NoticeKind> = store.outbox().unwrap().iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [NoticeKind::ReturnReceipt]);
    // A delivery's settling refuses a return (it would get a code).
    assert!(store
        .confirm_deposit(reserved.package, now, &mut rng)
        .is_err());
    // A collection cut the same way is settled as collected, not picked up.
    store.begin_collect(reserved.package, UPS, now).unwrap();
    store.door_seen_open(reserved.package, now).unwrap();
    store.reconcile(&closed, now, &mut rng).unwrap();
    assert_eq!(
        column(&store, reserved.package, "state"),
        "returned_to_sender"
    );
    // Another carrier cannot collect a return that is not theirs.
    let other = store.begin_deposit(&req, now).unwrap().package;
    store.door_seen_open(other, now).unwrap();
    store.confirm_drop_off(other, now, &mut rng).unwrap();
    assert!(store.begin_collect(other, CarrierId(3), now).is_err());
    assert_eq!(
        store
            .returns_for_carrier(UPS)
            .unwrap()
            .iter()
            .map(|(p, _)| *p)
            .collect::<Vec<_>>(),
        [other]
    );
}

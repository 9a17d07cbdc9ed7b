//! Peak season on the real runtime, store and simulated wall: the overflow
//! chain on a wall that fills up (the next size up, then "leave it with
//! staff"), the held package's notice and code, and "load overflow" into a
//! locker a pickup has freed, with a fresh notice and a new code.

mod common;

use common::rig::{at_sizes, rig, Rig};
use lockerwall::domain::{CarrierId, Refusal, ResidentId, Size};
use lockerwall::kiosk::staff::{StaffEvent, StaffPage, Tab};
use lockerwall::kiosk::{DoorPhase, Event, Message, Place, Screen, TextKey};
use lockerwall::notify::Transport;
use lockerwall::store::{DepositRequest, NoticeKind};

trait ClockNow {
    fn clock_now(&self) -> lockerwall::domain::Timestamp;
}

impl ClockNow for Rig {
    fn clock_now(&self) -> lockerwall::domain::Timestamp {
        use lockerwall::domain::Clock;
        self.clock.now()
    }
}

fn counts(r: &Rig) -> [u32; 4] {
    match r.screen() {
        Screen::Size {
            counts: Some(c), ..
        } => c,
        s => panic!("{s:?}"),
    }
}

#[tokio::test]
async fn a_full_wall_ends_with_staff_and_load_overflow_puts_it_in_a_freed_locker() {
    let mut r = rig().await;
    let mail = r._dir.path().join("mail");
    let mut w = r.worker(Transport::Folder(mail.clone()));
    // Only one extra-large locker is left.
    common::fill_wall(&mut r.store(), r.clock_now(), &[Size::XL]);
    w.run_once().await.unwrap();

    // 1. A medium package: medium is full, the next size up is offered.
    at_sizes(&mut r, "1Z999AA10123456784");
    assert_eq!(counts(&r), [0, 0, 0, 1]);
    r.send(Event::ChooseSize(Size::M));
    assert_eq!(r.screen().name(), "size", "a full size cannot be chosen");
    r.send(Event::ChooseSize(Size::XL));
    r.pump().await;
    let Screen::DepositDoor { door, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    r.wall.close(r.channel(&door.locker.label));
    r.pump().await;
    assert!(matches!(
        r.screen(),
        Screen::DepositDone {
            place: Place::Locker(_),
            ..
        }
    ));
    r.send(Event::NextPackage);

    // 2. The next one: the wall is full. The package room is offered (the
    // demo site has one); the carrier leaves it with staff, as a medium.
    at_sizes(&mut r, "1Z999AA10123456793");
    assert_eq!(counts(&r), [0, 0, 0, 0]);
    assert!(matches!(
        r.screen(),
        Screen::Size {
            message: Some(Message::TryRoom(None)),
            ..
        }
    ));
    r.send(Event::LeaveWithStaff);
    r.send(Event::ChooseSize(Size::M));
    assert_eq!(
        r.screen(),
        Screen::DepositDone {
            place: Place::Staff,
            recipient: "Carmen Alvarez".into(),
            is_return: false,
        }
    );
    r.send(Event::Done);
    let store = r.store();
    let held = store.held_packages().unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(
        (held[0].tracking.as_str(), held[0].size),
        ("1Z999AA10123456793", Size::M)
    );
    let package = held[0].package;
    assert!(store
        .open_attention()
        .unwrap()
        .iter()
        .any(|a| a.kind == "overflow_held" && a.package == Some(package)));
    assert!(store
        .audit_kinds(package)
        .unwrap()
        .contains(&"held_by_staff".to_string()));

    // The resident is told, with a code; at the kiosk that code says where it is.
    let pass = w.run_once().await.unwrap();
    assert_eq!(pass.sent, 2, "the XL's stored notice and the held one");
    let held_notice = store
        .outbox()
        .unwrap()
        .into_iter()
        .find(|i| i.kind == NoticeKind::Held)
        .unwrap();
    let held_code = held_notice
        .facts
        .code
        .clone()
        .expect("a held package has a code");
    let composed = common::mailer(&store).compose(&held_notice).unwrap();
    // Carmen reads Spanish.
    assert!(
        composed
            .rendered
            .subject
            .contains("con el personal de paquetería"),
        "{}",
        composed.rendered.subject
    );
    assert!(composed.rendered.text.contains(&held_code));
    assert!(composed.qr.is_none(), "no QR: there is no locker to open");
    r.send(Event::PickUp);
    r.keys(&held_code);
    assert_eq!(
        r.screen(),
        Screen::PickupCode {
            entered_len: 0,
            checking: false,
            message: Some(Message::WithStaff)
        }
    );
    r.send(Event::Back);

    // 3. Staff try to load it while the wall is still full: refused in words.
    r.send(Event::Staff(StaffEvent::Enter));
    r.keys("258025");
    r.send(Event::Key(TextKey::Enter));
    assert_eq!(r.screen().name(), "staff");
    r.send(Event::Staff(StaffEvent::Tab(Tab::Overflow)));
    r.send(Event::Staff(StaffEvent::Load(package)));
    let Screen::Staff { message, .. } = r.screen() else {
        panic!()
    };
    assert!(
        matches!(
            &message,
            Some(Message::Refused(Refusal::NothingFitsYet(Size::M)))
        ),
        "{message:?}"
    );

    // 4. A resident collects a small package: a small locker is free, which
    // does not fit a medium. Then one collects a large: that one fits.
    let mut freed = None;
    for want in [Size::S, Size::L] {
        let item = store
            .outbox()
            .unwrap()
            .into_iter()
            .find(|i| {
                i.kind == NoticeKind::Stored
                    && i.facts.waiting
                    && r.store()
                        .lockers()
                        .unwrap()
                        .iter()
                        .any(|l| l.label == i.facts.locker && l.size == want)
            })
            .unwrap();
        let collect = |r: &mut Rig| {
            r.send(Event::Staff(StaffEvent::Logout));
            r.send(Event::PickUp);
            r.keys(item.facts.code.as_ref().unwrap());
        };
        collect(&mut r);
        r.pump().await;
        r.wall.close(r.channel(&item.facts.locker));
        r.pump().await;
        freed = Some(item.facts.locker.clone());
        if want == Size::S {
            r.send(Event::Staff(StaffEvent::Enter));
            r.keys("258025");
            r.send(Event::Key(TextKey::Enter));
            r.send(Event::Staff(StaffEvent::Tab(Tab::Overflow)));
            r.send(Event::Staff(StaffEvent::Load(package)));
            assert!(
                matches!(
                    r.screen(),
                    Screen::Staff {
                        message: Some(Message::Refused(_)),
                        ..
                    }
                ),
                "a small locker does not fit a medium package"
            );
        }
    }
    let freed = freed.unwrap();

    // 5. Load overflow: the large locker opens; staff put it in and close it.
    r.send(Event::Staff(StaffEvent::Enter));
    r.keys("258025");
    r.send(Event::Key(TextKey::Enter));
    r.send(Event::Staff(StaffEvent::Tab(Tab::Overflow)));
    r.send(Event::Staff(StaffEvent::Load(package)));
    r.pump().await;
    let loading = |r: &Rig| match r.screen() {
        Screen::Staff { page, .. } => match *page {
            StaffPage::Overflow { loading, held, .. } => (loading, held),
            p => panic!("{p:?}"),
        },
        s => panic!("{s:?}"),
    };
    let (l, _) = loading(&r);
    let l = l.expect("a load under way");
    assert_eq!(l.door.locker.label, freed, "the best-fitting free locker");
    assert_eq!(l.door.phase, DoorPhase::Open);
    r.wall.close(r.channel(&freed));
    r.pump().await;
    let (l, held) = loading(&r);
    assert_eq!(l.unwrap().door.phase, DoorPhase::Closed);
    assert!(held.is_empty(), "nothing left with staff");

    // Stored, with a fresh notice and a new code; the held code is dead.
    let store = r.store();
    assert!(store.held_packages().unwrap().is_empty());
    assert!(!store
        .open_attention()
        .unwrap()
        .iter()
        .any(|a| a.kind == "overflow_held"));
    let stored = store
        .outbox()
        .unwrap()
        .into_iter()
        .find(|i| i.kind == NoticeKind::Stored && i.facts.package == package)
        .expect("a fresh notice");
    assert_eq!(stored.facts.locker, freed);
    let new_code = stored.facts.code.clone().unwrap();
    assert_ne!(new_code, held_code);
    let pass = w.run_once().await.unwrap();
    assert!(pass.sent >= 1);
    let kinds = store.audit_kinds(package).unwrap();
    for k in ["held_by_staff", "overflow_loading", "door_opened", "stored"] {
        assert!(kinds.contains(&k.to_string()), "{k} in {kinds:?}");
    }

    // The resident collects it with the new code.
    r.send(Event::Staff(StaffEvent::Logout));
    r.send(Event::PickUp);
    r.keys(&held_code);
    assert!(matches!(
        r.screen(),
        Screen::PickupCode {
            message: Some(Message::WrongCode),
            ..
        }
    ));
    r.send(Event::Back);
    r.send(Event::PickUp);
    r.keys(&new_code);
    r.pump().await;
    let Screen::PickupDoor { doors, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    assert_eq!(doors[0].locker.label, freed);
}

/// A load whose door does not open puts the package back with staff, and the
/// locker is taken out of use; nothing is lost.
#[tokio::test]
async fn a_load_whose_door_fails_goes_back_on_the_list() {
    let mut r = rig().await;
    let mut store = r.store();
    let (package, _) = store
        .hold_with_staff(
            &DepositRequest {
                tracking: "TBA000000000790".into(),
                carrier: CarrierId(1),
                resident: ResidentId(3),
                size: Size::L,
                is_return: false,
                accessible_first: false,
            },
            r.clock_now(),
            &mut rand::thread_rng(),
        )
        .unwrap();
    r.send(Event::Staff(StaffEvent::Enter));
    r.keys("258025");
    r.send(Event::Key(TextKey::Enter));
    r.send(Event::Staff(StaffEvent::Tab(Tab::Overflow)));
    // Every door jams: the unlock is sent, the door never opens.
    for l in store.lockers().unwrap() {
        r.wall
            .set_fault(l.channel, Some(lockerwall_hal::sim::Fault::DoorStuck));
    }
    r.send(Event::Staff(StaffEvent::Load(package)));
    r.pump().await;
    r.clock.advance(5_000);
    r.send(Event::Tick);
    r.pump().await;
    let Screen::Staff { page, .. } = r.screen() else {
        panic!()
    };
    let StaffPage::Overflow { loading, held, .. } = *page else {
        panic!()
    };
    assert_eq!(loading.unwrap().door.phase, DoorPhase::Failed);
    assert_eq!(held.len(), 1, "back on the list");
    let store = r.store();
    assert_eq!(store.held_packages().unwrap()[0].package, package);
    let kinds = store.audit_kinds(package).unwrap();
    assert!(
        kinds.contains(&"overflow_load_cancelled".to_string()),
        "{kinds:?}"
    );
    assert!(store
        .open_attention()
        .unwrap()
        .iter()
        .any(|a| a.kind == "locker_faulty"));
}

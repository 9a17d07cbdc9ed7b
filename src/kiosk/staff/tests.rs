//! Staff mode step by step: the PIN, roles, the idle timeout, and the guided audit.

use super::*;
use crate::domain::audit::{AuditItem, AuditPlace};
use crate::domain::wall::{LockerCard, PackageCard, TileState, WallTile};
use crate::domain::Finding;
use crate::domain::{LockerId, PackageId, ResidentId, Role, Size, StaffMember, Timestamp};
use crate::kiosk::{Effect, Event, Flow, FlowConfig, Message, Screen, TextKey};
use crate::security::Typed;

const T0: Timestamp = Timestamp(1_700_000_000_000);

fn staff_fx(fx: &[Effect]) -> Vec<StaffEffect> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Staff(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

fn card(id: i64, label: &str, package: Option<(&str, i64)>) -> LockerCard {
    LockerCard {
        tile: WallTile {
            locker: crate::domain::Locker {
                id: LockerId(id),
                label: label.into(),
                size: Size::S,
                column: 0,
                row: id as u32,
                height: 1,
                accessible: false,
                channel: crate::domain::Channel::new(0, id as u8),
                service: crate::domain::Service::InService,
            },
            state: if package.is_some() {
                TileState::Occupied
            } else {
                TileState::Free
            },
            expired: false,
        },
        reason: None,
        package: package.map(|(tracking, p)| PackageCard {
            id: PackageId(p),
            tracking: tracking.into(),
            resident_id: ResidentId(1),
            resident: "Carmen Alvarez".into(),
            unit: "101".into(),
            building: "C".into(),
            carrier: "UPS".into(),
            since: T0,
            expired: false,
            is_return: false,
            kept_until: T0,
            away_until: None,
        }),
    }
}

/// A locker card as the audit sees it.
fn item(c: LockerCard) -> AuditItem {
    AuditItem {
        place: AuditPlace::Locker(c.tile),
        package: c.package,
    }
}

/// A package on a shelf of the package room (its door is locker 40, "Room").
fn on_shelf(shelf: &str, tracking: &str, p: i64) -> AuditItem {
    let room = card(40, "Room", Some((tracking, p)));
    AuditItem {
        place: AuditPlace::Shelf {
            door: room.tile.locker,
            shelf: shelf.into(),
        },
        package: room.package,
    }
}

fn pin(f: &mut Flow, digits: &str, now: Timestamp) -> Vec<Effect> {
    for c in digits.chars() {
        f.step(Event::Key(TextKey::Char(c)), now);
    }
    f.step(Event::Key(TextKey::Enter), now)
}

fn logged_in(role: Role) -> Flow {
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::Staff(StaffEvent::Enter), T0);
    assert_eq!(f.screen().name(), "staff-pin");
    let fx = pin(&mut f, "258025", T0);
    assert_eq!(
        staff_fx(&fx),
        [StaffEffect::CheckPin(Typed("258025".into()))]
    );
    let fx = f.step(
        Event::Staff(StaffEvent::PinChecked(Some(StaffMember {
            id: 1,
            name: "Dana".into(),
            role,
        }))),
        T0,
    );
    assert_eq!(
        staff_fx(&fx),
        [
            StaffEffect::Session {
                kind: crate::domain::SessionMark::Login,
                actor: "staff:Dana".into()
            },
            StaffEffect::LoadWall,
            StaffEffect::LoadAttention
        ]
    );
    f
}

#[test]
fn a_wrong_pin_says_so_and_a_blocked_pin_screen_says_how_long() {
    // The guard (audited wrong PINs, growing waits, kept across log-ins and
    // restarts) is the store's: tests/attacks.rs. The flow shows its answer.
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::Staff(StaffEvent::Enter), T0);
    pin(&mut f, "111111", T0);
    f.step(Event::Staff(StaffEvent::PinChecked(None)), T0);
    assert!(matches!(
        f.screen(),
        Screen::StaffPin {
            message: Some(Message::WrongPin),
            ..
        }
    ));
    let fx = pin(&mut f, "258025", T0);
    assert_eq!(
        staff_fx(&fx),
        [StaffEffect::CheckPin(Typed("258025".into()))]
    );
    f.step(Event::Staff(StaffEvent::PinBlocked(T0.plus_ms(5_000))), T0);
    assert!(matches!(
        f.screen(),
        Screen::StaffPin {
            message: Some(Message::TryAgainIn(5)),
            checking: false,
            ..
        }
    ));
}

#[test]
fn maintenance_works_doors_and_lockers_only() {
    let mut f = logged_in(Role::Maintenance);
    for tab in [
        Tab::Attention,
        Tab::Reports,
        Tab::Audit,
        Tab::Trail,
        Tab::Directory,
    ] {
        let fx = f.step(Event::Staff(StaffEvent::Tab(tab)), T0);
        assert!(fx.is_empty(), "{tab:?}");
        assert!(
            matches!(f.screen(), Screen::Staff { page, .. } if matches!(**page, StaffPage::Wall { .. }))
        );
    }
    f.step(
        Event::Staff(StaffEvent::Card(card(3, "A03", Some(("TBA1", 9))))),
        T0,
    );
    assert!(f.step(Event::Staff(StaffEvent::AskRemove), T0).is_empty());
    assert!(f.step(Event::Staff(StaffEvent::Resend), T0).is_empty());
    assert!(f
        .step(
            Event::Staff(StaffEvent::Remove(crate::domain::wall::Removal::Office)),
            T0
        )
        .is_empty());
    let fx = f.step(Event::Staff(StaffEvent::OpenDoor), T0);
    assert!(
        matches!(&staff_fx(&fx)[..], [StaffEffect::Open { actor, why: "opened from the wall map", .. }] if actor == "staff:Dana")
    );
    let fx = f.step(
        Event::Staff(StaffEvent::OutOfService("Door or lock damaged".into())),
        T0,
    );
    assert!(
        matches!(&staff_fx(&fx)[..], [StaffEffect::SetService { in_service: false, reason, .. }] if reason == "Door or lock damaged")
    );
}

#[test]
fn a_quiet_staff_session_times_out_and_is_audited() {
    let mut f = logged_in(Role::Staff);
    // A store answer is not a touch.
    f.step(
        Event::Staff(StaffEvent::Wall(Vec::new())),
        T0.plus_ms(170_000),
    );
    let fx = f.step(Event::Tick, T0.plus_ms(179_000));
    assert!(fx.is_empty());
    let fx = f.step(Event::Tick, T0.plus_ms(180_000));
    assert_eq!(
        staff_fx(&fx),
        [StaffEffect::Session {
            kind: crate::domain::SessionMark::Timeout,
            actor: "staff:Dana".into()
        }]
    );
    assert_eq!(
        f.screen(),
        &Screen::Home {
            message: Some(Message::TimedOut)
        }
    );
    // Back at Home nothing staff-only answers.
    assert!(f
        .step(Event::Staff(StaffEvent::OpenDoor), T0.plus_ms(181_000))
        .is_empty());
}

#[test]
fn the_guided_audit_walks_the_doors_and_a_scanned_label_confirms() {
    let mut f = logged_in(Role::Staff);
    f.step(Event::Staff(StaffEvent::Tab(Tab::Audit)), T0);
    let fx = f.step(Event::Staff(StaffEvent::StartAudit), T0);
    assert_eq!(
        staff_fx(&fx),
        [StaffEffect::StartAudit {
            actor: "staff:Dana".into()
        }]
    );
    // Two occupied lockers and one empty one (no sensor reading: not visited).
    let fx = f.step(
        Event::Staff(StaffEvent::AuditStarted {
            id: 4,
            items: [
                card(1, "A01", Some(("1Z999AA10123456784", 11))),
                card(2, "A02", None),
                card(3, "A03", Some(("TBA000000000103", 12))),
            ]
            .map(item)
            .to_vec(),
        }),
        T0,
    );
    assert!(
        matches!(&staff_fx(&fx)[..], [StaffEffect::Open { locker, why: "guided audit", .. }] if locker.label == "A01")
    );
    // Another package's label is not a confirmation.
    let fx = f.step(Event::Scanned("TBA000000000103".into()), T0);
    assert!(fx.is_empty());
    assert!(
        matches!(f.screen(), Screen::Staff { page, .. } if matches!(&**page, StaffPage::Audit(w) if w.wrong_label))
    );
    // The right label is: recorded present, the next door opens.
    let fx = f.step(Event::Scanned("1Z999AA10123456784".into()), T0);
    let fx = staff_fx(&fx);
    assert!(matches!(
        &fx[0],
        StaffEffect::Finding {
            audit: 4,
            finding: Finding::Present,
            place,
            ..
        } if place.package == Some(PackageId(11))
    ));
    assert!(matches!(&fx[1], StaffEffect::Open { locker, .. } if locker.label == "A03"));
    // An answer that does not fit the stop (an empty locker's) is ignored.
    assert!(f
        .step(Event::Staff(StaffEvent::Answer(Finding::Empty)), T0)
        .is_empty());
    let fx = staff_fx(&f.step(Event::Staff(StaffEvent::Answer(Finding::Missing)), T0));
    assert!(matches!(
        &fx[0],
        StaffEffect::Finding {
            finding: Finding::Missing,
            ..
        }
    ));
    assert_eq!(
        fx[1],
        StaffEffect::FinishAudit {
            actor: "staff:Dana".into(),
            audit: 4
        }
    );
    let Screen::Staff { page, .. } = f.screen() else {
        panic!()
    };
    let StaffPage::Audit(walk) = &**page else {
        panic!()
    };
    assert!(walk.finished());
    assert_eq!(walk.discrepancies(), 1);
}

#[test]
fn the_audit_goes_on_to_the_rooms_shelves_and_what_staff_hold() {
    let mut f = logged_in(Role::Staff);
    f.step(Event::Staff(StaffEvent::Tab(Tab::Audit)), T0);
    f.step(Event::Staff(StaffEvent::StartAudit), T0);
    let held = AuditItem {
        place: AuditPlace::WithStaff,
        ..on_shelf("-", "9400100000000000000013", 23)
    };
    let fx = f.step(
        Event::Staff(StaffEvent::AuditStarted {
            id: 6,
            items: vec![
                on_shelf("R1", "1Z999AA10000000011", 21),
                on_shelf("R2", "1Z999AA10000000012", 22),
                held,
            ],
        }),
        T0,
    );
    // The room's door opens once for its shelves.
    assert!(
        matches!(&staff_fx(&fx)[..], [StaffEffect::Open { locker, why: "guided audit", .. }] if locker.label == "Room")
    );
    let fx = f.step(Event::Scanned("1Z999AA10000000011".into()), T0);
    assert!(matches!(
        &staff_fx(&fx)[..],
        [StaffEffect::Finding { place, finding: Finding::Present, .. }]
            if place.shelf.as_deref() == Some("R1") && place.locker == Some(LockerId(40))
    ));
    let fx = f.step(Event::Staff(StaffEvent::Answer(Finding::Present)), T0);
    assert_eq!(
        staff_fx(&fx).len(),
        1,
        "no second unlock of the room: {fx:?}"
    );
    // Held by staff: no door to open, so "did not open" is no answer.
    assert!(f
        .step(Event::Staff(StaffEvent::Answer(Finding::NotOpened)), T0)
        .is_empty());
    let fx = staff_fx(&f.step(Event::Staff(StaffEvent::Answer(Finding::Missing)), T0));
    assert!(matches!(
        &fx[0],
        StaffEffect::Finding { place, finding: Finding::Missing, .. }
            if place.locker.is_none() && place.package == Some(PackageId(23))
    ));
    assert!(matches!(fx[1], StaffEffect::FinishAudit { audit: 6, .. }));
}

#[test]
fn an_empty_locker_whose_sensor_feels_something_is_audited_too() {
    let mut f = logged_in(Role::Staff);
    f.step(Event::Occupancy(vec![(LockerId(2), true)]), T0);
    f.step(Event::Staff(StaffEvent::Tab(Tab::Audit)), T0);
    f.step(Event::Staff(StaffEvent::StartAudit), T0);
    let fx = f.step(
        Event::Staff(StaffEvent::AuditStarted {
            id: 5,
            items: [card(1, "A01", None), card(2, "A02", None)]
                .map(item)
                .to_vec(),
        }),
        T0,
    );
    assert!(
        matches!(&staff_fx(&fx)[..], [StaffEffect::Open { locker, .. }] if locker.label == "A02")
    );
    let fx = staff_fx(&f.step(Event::Staff(StaffEvent::Answer(Finding::FoundItem)), T0));
    assert!(matches!(
        &fx[0],
        StaffEffect::Finding {
            finding: Finding::FoundItem,
            place,
            ..
        } if place.package.is_none()
    ));
}

fn held(id: i64, tracking: &str) -> crate::domain::HeldPackage {
    crate::domain::HeldPackage {
        package: PackageId(id),
        tracking: tracking.into(),
        resident: "Carmen Alvarez".into(),
        unit: "101".into(),
        building: "C".into(),
        size: Size::M,
        carrier: "UPS".into(),
        held_at: T0,
    }
}

/// Load overflow: one door at a time, watched like a drop-off; a scanned
/// label loads its package; maintenance cannot; a reservation that comes
/// back after staff left the page is released.
#[test]
fn load_overflow_opens_one_door_and_watches_it() {
    let mut f = logged_in(Role::Staff);
    let fx = f.step(Event::Staff(StaffEvent::Tab(Tab::Overflow)), T0);
    assert_eq!(
        staff_fx(&fx),
        [StaffEffect::LoadHeld, StaffEffect::LoadRoom]
    );
    f.step(
        Event::Staff(StaffEvent::Held(vec![
            held(5, "1Z999AA10123456793"),
            held(6, "TBA000000000791"),
        ])),
        T0,
    );
    // A package not on the list is not loaded.
    assert!(f
        .step(Event::Staff(StaffEvent::Load(PackageId(9))), T0)
        .is_empty());
    // Scanning the label is the same as tapping Load.
    let fx = f.step(Event::Scanned("1z999aa10123456793".into()), T0);
    assert_eq!(
        staff_fx(&fx),
        [StaffEffect::BeginLoad {
            actor: "staff:Dana".into(),
            package: PackageId(5)
        }]
    );
    let e07 = crate::kiosk::LockerRef {
        id: LockerId(12),
        label: "E07".into(),
        size: Size::M,
        shelf: None,
    };
    let fx = f.step(
        Event::Staff(StaffEvent::Loading {
            package: PackageId(5),
            locker: e07.clone(),
        }),
        T0,
    );
    assert_eq!(fx, [Effect::Unlock(e07.clone())]);
    // While that door is out, another load waits.
    assert!(f
        .step(Event::Staff(StaffEvent::Load(PackageId(6))), T0)
        .is_empty());
    assert_eq!(
        f.step(Event::DoorOpened(LockerId(12)), T0)[0],
        Effect::DoorSeenOpen(PackageId(5))
    );
    let fx = f.step(Event::DoorClosed(LockerId(12)), T0);
    assert_eq!(fx[0], Effect::ConfirmDeposit(PackageId(5)));
    assert!(staff_fx(&fx).contains(&StaffEffect::LoadHeld));
    let Screen::Staff { page, .. } = f.screen() else {
        panic!()
    };
    let StaffPage::Overflow {
        loading: Some(l), ..
    } = page.as_ref()
    else {
        panic!("{page:?}")
    };
    assert_eq!(
        (l.tracking.as_str(), l.door.phase),
        ("1Z999AA10123456793", crate::kiosk::DoorPhase::Closed)
    );
    // Now the next may go.
    assert_eq!(
        staff_fx(&f.step(Event::Staff(StaffEvent::Load(PackageId(6))), T0)).len(),
        1
    );
    // Staff moved on before the locker came back: it is released at once.
    f.step(Event::Staff(StaffEvent::Tab(Tab::Wall)), T0);
    let fx = f.step(
        Event::Staff(StaffEvent::Loading {
            package: PackageId(6),
            locker: e07,
        }),
        T0,
    );
    assert!(matches!(
        fx[..],
        [Effect::CancelDeposit {
            package: PackageId(6),
            ..
        }]
    ));

    let mut m = logged_in(Role::Maintenance);
    m.step(Event::Staff(StaffEvent::Tab(Tab::Overflow)), T0);
    assert!(m
        .step(Event::Staff(StaffEvent::Load(PackageId(5))), T0)
        .is_empty());
}

#[test]
fn staff_withdraw_a_residents_page_links_from_their_form() {
    let mut f = logged_in(Role::Staff);
    f.step(Event::Staff(StaffEvent::Tab(Tab::Directory)), T0);
    let carmen = crate::domain::ResidentRecord {
        id: 3,
        external_id: None,
        name: "Carmen Alvarez".into(),
        unit: "101".into(),
        building: "C".into(),
        email: Some("carmen.alvarez@example.com".into()),
        phone: None,
        language: "es".into(),
        door_delivery: false,
        reminders: true,
        notify_by: Default::default(),
        accessible: false,
        active: true,
    };
    f.step(Event::Staff(StaffEvent::Residents(vec![carmen])), T0);
    // A new resident's form has no links to withdraw.
    f.step(Event::Staff(StaffEvent::EditResident(0)), T0);
    let fx = f.step(Event::Staff(StaffEvent::WithdrawPageLinks), T0);
    assert!(staff_fx(&fx).is_empty(), "{fx:?}");
    f.step(Event::Staff(StaffEvent::CancelForm), T0);
    f.step(Event::Staff(StaffEvent::EditResident(3)), T0);
    let fx = f.step(Event::Staff(StaffEvent::WithdrawPageLinks), T0);
    assert_eq!(
        staff_fx(&fx),
        [StaffEffect::WithdrawPageLinks {
            actor: "staff:Dana".into(),
            resident: crate::domain::ResidentId(3),
        }]
    );
}

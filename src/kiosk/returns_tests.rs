//! Returns, step by step: a resident sends one, a carrier collects theirs.

use super::test_fixtures::{carmens_availability, hit, locker};
use super::*;
use crate::domain::DepositRequest;
use crate::domain::{CarrierId, LockerId, PackageId, ResidentId, Size, Timestamp};

const T0: Timestamp = Timestamp(1_700_000_000_000);
const UPS: CarrierId = CarrierId(2);

fn typed(flow: &mut Flow, text: &str) -> Vec<Effect> {
    let mut fx = Vec::new();
    for c in text.chars() {
        fx.extend(flow.step(Event::Key(TextKey::Char(c)), T0));
    }
    fx
}

fn enter(flow: &mut Flow) -> Vec<Effect> {
    flow.step(Event::Key(TextKey::Enter), T0)
}

/// A resident at the sender screen with a UPS return scanned.
fn at_sender() -> Flow {
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::SendReturn, T0);
    assert_eq!(f.screen().name(), "return-label");
    // The label's number says UPS: the carrier is looked up, not asked for.
    assert_eq!(
        f.step(Event::Scanned("1Z999AA10123456784".into()), T0),
        [Effect::FindCarrier("UPS".into())]
    );
    assert_eq!(
        f.step(Event::ChooseCarrier(UPS, "UPS".into()), T0),
        [Effect::CheckTracking {
            tracking: "1Z999AA10123456784".into()
        }]
    );
    f.step(
        Event::TrackingChecked {
            tracking: "1Z999AA10123456784".into(),
            already_in: None,
            expected: None,
        },
        T0,
    );
    f
}

#[test]
fn a_resident_sends_a_return_from_home_to_the_closed_door() {
    let mut f = at_sender();
    assert_eq!(
        f.screen(),
        &Screen::ReturnSender {
            unit: String::new(),
            last_name: String::new(),
            field: SenderField::Unit,
            checking: false,
            message: None,
        }
    );
    // Enter on the unit moves to the last name; Enter there checks both.
    typed(&mut f, "101");
    assert_eq!(enter(&mut f), []);
    typed(&mut f, "ALVAREZ");
    assert_eq!(
        enter(&mut f),
        [Effect::FindSender {
            unit: "101".into(),
            last_name: "ALVAREZ".into()
        }]
    );
    assert_eq!(
        f.step(Event::SenderChecked(Some(hit())), T0),
        [carmens_availability()]
    );
    f.step(Event::Availability([3, 2, 0, 1]), T0);
    assert_eq!(
        f.screen(),
        &Screen::ReturnSize {
            sender: "Carmen Alvarez".into(),
            carrier: "UPS".into(),
            counts: Some([3, 2, 0, 1]),
            message: None,
        }
    );
    // A full size cannot be chosen; a free one reserves a return.
    assert_eq!(f.step(Event::ChooseSize(Size::L), T0), []);
    assert_eq!(
        f.step(Event::ChooseSize(Size::S), T0),
        [Effect::BeginDeposit(DepositRequest {
            tracking: "1Z999AA10123456784".into(),
            carrier: UPS,
            resident: ResidentId(7),
            size: Size::S,
            is_return: true,
            accessible_first: false,
        })]
    );
    let a02 = locker(2, "A02", Size::S);
    assert_eq!(
        f.step(
            Event::Reserved {
                package: PackageId(9),
                locker: a02.clone()
            },
            T0
        ),
        [Effect::Unlock(a02.clone())]
    );
    assert!(matches!(
        f.screen(),
        Screen::DepositDoor { is_return: true, recipient, .. } if recipient == "UPS"
    ));
    assert_eq!(
        f.step(Event::DoorOpened(LockerId(2)), T0),
        [Effect::DoorSeenOpen(PackageId(9))]
    );
    assert_eq!(
        f.step(Event::DoorClosed(LockerId(2)), T0),
        [Effect::ConfirmDeposit(PackageId(9))]
    );
    assert_eq!(
        f.screen(),
        &Screen::DepositDone {
            place: Place::Locker("A02".into()),
            recipient: "UPS".into(),
            is_return: true,
        }
    );
    // Another return by the same resident skips who they are.
    f.step(Event::NextPackage, T0);
    assert_eq!(
        f.screen(),
        &Screen::ReturnLabel {
            carrier: None,
            tracking: String::new(),
            message: None,
        }
    );
    f.step(Event::ChooseCarrier(CarrierId(3), "FedEx".into()), T0);
    typed(&mut f, "RMA55501");
    assert_eq!(
        enter(&mut f),
        [Effect::CheckTracking {
            tracking: "RMA55501".into()
        }]
    );
    assert_eq!(
        f.step(
            Event::TrackingChecked {
                tracking: "RMA55501".into(),
                already_in: None,
                expected: None,
            },
            T0
        ),
        [carmens_availability()]
    );
    assert_eq!(f.screen().name(), "return-size");
    f.step(Event::Back, T0);
    f.step(Event::Back, T0);
    f.step(Event::Back, T0);
    assert_eq!(f.screen(), &Screen::home());
}

#[test]
fn a_number_that_does_not_name_its_carrier_asks_for_one() {
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::SendReturn, T0);
    typed(&mut f, "RMA55501");
    assert_eq!(enter(&mut f), []);
    assert!(matches!(
        f.screen(),
        Screen::ReturnLabel {
            message: Some(Message::ChooseCarrier),
            ..
        }
    ));
    // Tapping the carrier then carries on with the number already entered.
    assert_eq!(
        f.step(Event::ChooseCarrier(UPS, "UPS".into()), T0),
        [Effect::CheckTracking {
            tracking: "RMA55501".into()
        }]
    );
    // A number already in a locker is said, not sent twice.
    f.step(
        Event::TrackingChecked {
            tracking: "RMA55501".into(),
            already_in: Some("B02".into()),
            expected: None,
        },
        T0,
    );
    assert!(matches!(
        f.screen(),
        Screen::ReturnLabel { message: Some(Message::AlreadyStored(l)), .. } if l == "B02"
    ));
    // A mistyped UPS number fails its check digit.
    f.step(Event::Key(TextKey::Clear), T0);
    typed(&mut f, "1Z999AA10123456785");
    assert_eq!(enter(&mut f), []);
    assert!(matches!(
        f.screen(),
        Screen::ReturnLabel {
            message: Some(Message::CheckDigit(_)),
            ..
        }
    ));
}

#[test]
fn wrong_unit_and_name_pairs_are_said_then_slowed() {
    let mut f = at_sender();
    typed(&mut f, "101");
    enter(&mut f);
    typed(&mut f, "SMITH");
    let mut said = Vec::new();
    for _ in 0..6 {
        if enter(&mut f).is_empty() {
            break;
        }
        f.step(Event::SenderChecked(None), T0);
        said.push(f.screen().message().cloned().flatten());
    }
    assert_eq!(said[0], Some(Message::NoSuchSender));
    assert!(
        matches!(said.last(), Some(Some(Message::TryAgainIn(_)))),
        "{said:?}"
    );
    // Blocked: Enter asks nothing of the store.
    assert_eq!(enter(&mut f), []);
    // An empty field is where Enter sends the keys.
    f.step(Event::SenderField(SenderField::Unit), T0);
    f.step(Event::Key(TextKey::Clear), T0);
    enter(&mut f);
    assert!(matches!(
        f.screen(),
        Screen::ReturnSender {
            field: SenderField::Unit,
            ..
        }
    ));
}

#[test]
fn a_full_wall_sends_the_return_to_the_office_and_a_cancel_goes_home() {
    let mut f = at_sender();
    typed(&mut f, "101");
    enter(&mut f);
    typed(&mut f, "ALVAREZ");
    enter(&mut f);
    f.step(Event::SenderChecked(Some(hit())), T0);
    f.step(Event::Availability([0, 0, 0, 0]), T0);
    assert_eq!(f.screen().message(), Some(&Some(Message::NoReturnLocker)));
    f.step(Event::Availability([1, 0, 0, 0]), T0);
    assert_eq!(f.screen().message(), Some(&None));
    f.step(Event::ChooseSize(Size::S), T0);
    let a02 = locker(2, "A02", Size::S);
    f.step(
        Event::Reserved {
            package: PackageId(9),
            locker: a02,
        },
        T0,
    );
    // Cancelled before the door opened: released, and home.
    assert_eq!(
        f.step(Event::CancelDeposit, T0),
        [Effect::CancelDeposit {
            package: PackageId(9),
            reason: "the resident cancelled the return before the door opened"
        }]
    );
    assert_eq!(f.screen(), &Screen::home());
}

/// The UPS carrier logged in with two returns waiting.
fn carrier_with_returns() -> (Flow, Vec<(PackageId, LockerRef)>) {
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::Deliver, T0);
    f.step(Event::ChooseCarrier(UPS, "UPS".into()), T0);
    typed(&mut f, "1357");
    enter(&mut f);
    let fx = f.step(
        Event::PinChecked {
            carrier: UPS,
            ok: true,
        },
        T0,
    );
    assert_eq!(fx, [Effect::LoadReturns(UPS)]);
    let returns = vec![
        (PackageId(30), locker(2, "A02", Size::S)),
        (PackageId(31), locker(14, "C05", Size::M)),
    ];
    f.step(Event::ReturnsWaiting(returns.clone()), T0);
    assert!(matches!(f.screen(), Screen::Scan { returns: 2, .. }));
    (f, returns)
}

#[test]
fn a_carrier_collects_returns_door_after_door() {
    let (mut f, returns) = carrier_with_returns();
    assert_eq!(
        f.step(Event::CollectReturns, T0),
        [Effect::BeginCollect {
            package: PackageId(30),
            carrier: UPS
        }]
    );
    assert_eq!(
        f.step(
            Event::CollectStarted {
                package: PackageId(30),
                locker: Some(returns[0].1.clone())
            },
            T0
        ),
        [Effect::Unlock(returns[0].1.clone())]
    );
    let Screen::CollectReturns { doors, next, .. } = f.screen() else {
        panic!("{:?}", f.screen())
    };
    assert_eq!((doors.len(), next.len()), (1, 1));
    assert_eq!(
        f.step(Event::DoorOpened(LockerId(2)), T0),
        [Effect::DoorSeenOpen(PackageId(30))]
    );
    // Closing the first door settles it and opens the next.
    assert_eq!(
        f.step(Event::DoorClosed(LockerId(2)), T0),
        [
            Effect::ConfirmPickup(PackageId(30)),
            Effect::BeginCollect {
                package: PackageId(31),
                carrier: UPS
            }
        ]
    );
    f.step(
        Event::CollectStarted {
            package: PackageId(31),
            locker: Some(returns[1].1.clone()),
        },
        T0,
    );
    // The second door never opens: the store is told, and the run ends.
    let late = T0.plus_ms(FlowConfig::default().door_open_timeout_ms + 1);
    let fx = f.step(Event::Tick, late);
    assert_eq!(
        fx,
        [
            Effect::PickupDoorFailed {
                package: PackageId(31),
                why: "the door did not open when unlocked"
            },
            Effect::LoadReturns(UPS)
        ]
    );
    assert_eq!(
        f.screen(),
        &Screen::Scan {
            carrier: "UPS".into(),
            tracking: String::new(),
            message: Some(Message::ReturnsCollected(1)),
            confirm_duplicate: false,
            returns: 0,
        }
    );
}

#[test]
fn a_return_gone_meanwhile_is_skipped_and_stop_keeps_the_rest() {
    let (mut f, returns) = carrier_with_returns();
    f.step(Event::CollectReturns, T0);
    // Staff took the first out meanwhile: on to the second.
    assert_eq!(
        f.step(
            Event::CollectStarted {
                package: PackageId(30),
                locker: None
            },
            T0
        ),
        [Effect::BeginCollect {
            package: PackageId(31),
            carrier: UPS
        }]
    );
    f.step(
        Event::CollectStarted {
            package: PackageId(31),
            locker: Some(returns[1].1.clone()),
        },
        T0,
    );
    f.step(Event::DoorOpened(LockerId(14)), T0);
    // Stop with the door open: back to scanning, the door still watched.
    assert_eq!(f.step(Event::Done, T0), [Effect::LoadReturns(UPS)]);
    assert_eq!(f.screen().name(), "scan");
    assert_eq!(
        f.step(Event::DoorClosed(LockerId(14)), T0),
        [Effect::ConfirmPickup(PackageId(31))]
    );
    assert_eq!(f.screen().name(), "scan");
}

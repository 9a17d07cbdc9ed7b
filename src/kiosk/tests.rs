//! The flow, step by step: every transition of drop-off and pickup, no I/O.

use super::test_fixtures::{carmens_availability, hit, locker};
use super::*;
use crate::domain::DepositRequest;
use crate::domain::{CarrierId, LockerId, PackageId, ResidentId, Size, Timestamp};
use crate::kiosk::flow::HOME_MESSAGE_MS;
use crate::security::Typed;

const T0: Timestamp = Timestamp(1_700_000_000_000);

fn typed(flow: &mut Flow, text: &str, now: Timestamp) -> Vec<Effect> {
    let mut fx = Vec::new();
    for c in text.chars() {
        fx.extend(flow.step(Event::Key(TextKey::Char(c)), now));
    }
    fx
}

/// A flow with the UPS carrier logged in, on the scan screen.
fn logged_in() -> Flow {
    logged_in_from(Flow::new(FlowConfig::default(), T0))
}

/// `f` (on Home) goes on to log in as UPS.
fn logged_in_from(mut f: Flow) -> Flow {
    f.step(Event::Deliver, T0);
    f.step(Event::ChooseCarrier(CarrierId(2), "UPS".into()), T0);
    typed(&mut f, "1357", T0);
    let fx = f.step(Event::Key(TextKey::Enter), T0);
    assert_eq!(
        fx,
        [Effect::CheckPin {
            carrier: CarrierId(2),
            pin: Typed("1357".into())
        }]
    );
    f.step(
        Event::PinChecked {
            carrier: CarrierId(2),
            ok: true,
        },
        T0,
    );
    assert_eq!(f.screen().name(), "scan");
    f
}

/// Logged in, tracking scanned, recipient chosen, sizes shown.
fn at_size() -> Flow {
    at_size_from(logged_in())
}

/// `f` (logged in) goes on to the size screen for Carmen Alvarez.
fn at_size_from(mut f: Flow) -> Flow {
    typed(&mut f, "1z999aa10123456784", T0);
    let fx = f.step(Event::Key(TextKey::Enter), T0);
    assert_eq!(
        fx,
        [Effect::CheckTracking {
            tracking: "1Z999AA10123456784".into()
        }]
    );
    let fx = f.step(
        Event::TrackingChecked {
            tracking: "1Z999AA10123456784".into(),
            already_in: None,
            expected: None,
        },
        T0,
    );
    assert_eq!(
        fx,
        [Effect::Search {
            query: String::new()
        }]
    );
    let fx = typed(&mut f, "alv", T0);
    assert_eq!(
        fx.last(),
        Some(&Effect::Search {
            query: "alv".into()
        })
    );
    f.step(
        Event::Searched {
            query: "alv".into(),
            hits: vec![hit()],
        },
        T0,
    );
    let fx = f.step(Event::ChooseResident(ResidentId(7)), T0);
    // Low reach (when it is on) goes with the question; the resident always does.
    assert!(
        matches!(&fx[..], [Effect::LoadAvailability { resident: Some(r), .. }] if *r == ResidentId(7)),
        "{fx:?}"
    );
    f.step(Event::Availability([3, 0, 2, 1]), T0);
    f
}

/// A number a resident told their page they expect: no search, their name
/// on the size screen with why, and the sizes as for anyone; Back still lets
/// the carrier choose someone else.
#[test]
fn an_expected_package_goes_straight_to_its_resident() {
    let mut f = logged_in();
    typed(&mut f, "1z999aa10123456784", T0);
    f.step(Event::Key(TextKey::Enter), T0);
    let fx = f.step(
        Event::TrackingChecked {
            tracking: "1Z999AA10123456784".into(),
            already_in: None,
            expected: Some(hit()),
        },
        T0,
    );
    assert!(
        matches!(&fx[..], [Effect::LoadAvailability { resident: Some(r), .. }] if *r == ResidentId(7)),
        "{fx:?}"
    );
    let Screen::Size {
        recipient, message, ..
    } = f.screen()
    else {
        panic!("{:?}", f.screen())
    };
    assert_eq!(
        (recipient.as_str(), message),
        ("Carmen Alvarez", &Some(Message::Expected))
    );
    f.step(Event::Availability([3, 0, 2, 1]), T0);
    assert_eq!(f.screen().message(), Some(&Some(Message::Expected)));
    // Already in a locker wins: the carrier is asked about the duplicate first.
    let mut g = logged_in();
    typed(&mut g, "1z999aa10123456784", T0);
    g.step(Event::Key(TextKey::Enter), T0);
    g.step(
        Event::TrackingChecked {
            tracking: "1Z999AA10123456784".into(),
            already_in: Some("A04".into()),
            expected: Some(hit()),
        },
        T0,
    );
    assert_eq!(g.screen().name(), "scan");
    // Back from the sizes: the search, as for any package.
    let fx = f.step(Event::Back, T0);
    assert_eq!(f.screen().name(), "recipient");
    assert_eq!(
        fx,
        [Effect::Search {
            query: String::new()
        }]
    );
}

/// Sizes shown, S chosen, A01 reserved as package 1 (and its door seen open if `opened`).
fn at_door_a01(opened: bool) -> Flow {
    let mut f = at_size();
    f.step(Event::ChooseSize(Size::S), T0);
    f.step(
        Event::Reserved {
            package: PackageId(1),
            locker: locker(1, "A01", Size::S),
        },
        T0,
    );
    if opened {
        f.step(Event::DoorOpened(LockerId(1)), T0);
    }
    f
}

fn request(size: Size) -> DepositRequest {
    DepositRequest {
        tracking: "1Z999AA10123456784".into(),
        carrier: CarrierId(2),
        resident: ResidentId(7),
        size,
        is_return: false,
        accessible_first: false,
    }
}

#[test]
fn the_size_after_a_full_one_is_marked_from_the_start() {
    // Written first and seen failing: the mark came only after a race.
    let mut f = at_size();
    for (counts, marked) in [
        ([0, 2, 1, 1], Some(Size::M)),
        ([3, 0, 0, 1], Some(Size::XL)),
        ([3, 1, 2, 0], None),
        ([1, 1, 1, 1], None),
    ] {
        f.step(Event::Availability(counts), T0);
        assert!(
            matches!(f.screen(), Screen::Size { suggested, .. } if *suggested == marked),
            "{counts:?}: {:?}",
            f.screen()
        );
    }
}

#[test]
fn drop_off_end_to_end() {
    let mut f = at_size();
    assert_eq!(
        f.screen(),
        &Screen::Size {
            recipient: "Carmen Alvarez".into(),
            counts: Some([3, 0, 2, 1]),
            message: None,
            // M is full: L, the next size up, is marked (as the README says).
            suggested: Some(Size::L),
            for_staff: false,
            room: None,
            share: None,
        }
    );
    // A full size cannot be chosen.
    assert_eq!(f.step(Event::ChooseSize(Size::M), T0), []);
    assert_eq!(
        f.step(Event::ChooseSize(Size::S), T0),
        [Effect::BeginDeposit(request(Size::S))]
    );
    let b07 = locker(7, "B07", Size::S);
    let fx = f.step(
        Event::Reserved {
            package: PackageId(1),
            locker: b07.clone(),
        },
        T0,
    );
    assert_eq!(
        fx,
        [Effect::Unlock(b07.clone())],
        "the unlock comes only after the reservation is committed"
    );
    assert!(
        matches!(f.screen(), Screen::DepositDoor { door, .. } if door.phase == DoorPhase::Opening && door.locker.label == "B07")
    );
    assert_eq!(
        f.step(Event::DoorOpened(LockerId(7)), T0),
        [Effect::DoorSeenOpen(PackageId(1))]
    );
    assert!(
        matches!(f.screen(), Screen::DepositDoor { door, .. } if door.phase == DoorPhase::Open)
    );
    assert_eq!(
        f.step(Event::DoorClosed(LockerId(7)), T0),
        [Effect::ConfirmDeposit(PackageId(1))]
    );
    assert_eq!(
        f.screen(),
        &Screen::DepositDone {
            place: Place::Locker("B07".into()),
            recipient: "Carmen Alvarez".into(),
            is_return: false,
        }
    );
    assert!(f.in_flight().is_empty());
    // Next package keeps the carrier logged in, straight back to scanning.
    f.step(Event::NextPackage, T0);
    assert_eq!(
        f.screen(),
        &Screen::Scan {
            carrier: "UPS".into(),
            tracking: String::new(),
            message: None,
            confirm_duplicate: false,
            returns: 0,
        }
    );
    f.step(Event::Back, T0);
    assert_eq!(f.screen(), &Screen::home());
}

#[test]
fn a_wrong_carrier_pin_says_so_and_a_blocked_one_says_how_long() {
    // The guard (per carrier, audited, kept across log-ins and restarts) is
    // the store's: tests/attacks.rs. The flow shows its answer.
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::Deliver, T0);
    f.step(Event::ChooseCarrier(CarrierId(1), "USPS".into()), T0);
    typed(&mut f, "0000", T0);
    f.step(Event::Key(TextKey::Enter), T0);
    f.step(
        Event::PinChecked {
            carrier: CarrierId(1),
            ok: false,
        },
        T0,
    );
    assert!(matches!(
        f.screen(),
        Screen::CarrierLogin {
            message: Some(Message::WrongPin),
            pin_len: 0,
            ..
        }
    ));
    typed(&mut f, "2468", T0);
    assert_eq!(f.step(Event::Key(TextKey::Enter), T0).len(), 1);
    f.step(
        Event::PinBlocked {
            carrier: CarrierId(1),
            until: T0.plus_ms(5_000),
        },
        T0,
    );
    assert!(matches!(
        f.screen(),
        Screen::CarrierLogin {
            message: Some(Message::TryAgainIn(5)),
            checking: false,
            ..
        }
    ));
}

#[test]
fn scanner_input_and_bad_tracking() {
    let mut f = logged_in();
    // A keyboard wedge types characters then Enter; spaces and dashes are cleaned.
    typed(&mut f, "12", T0);
    assert_eq!(f.step(Event::Key(TextKey::Enter), T0), []);
    assert!(matches!(
        f.screen(),
        Screen::Scan {
            message: Some(Message::BadTracking),
            ..
        }
    ));
    f.step(Event::Key(TextKey::Clear), T0);
    typed(&mut f, "TBA 1234-5678-9000", T0);
    assert_eq!(
        f.step(Event::Key(TextKey::Enter), T0),
        [Effect::CheckTracking {
            tracking: "TBA123456789000".into()
        }]
    );
}

#[test]
fn duplicate_tracking_is_warned() {
    let mut f = logged_in();
    typed(&mut f, "TBA123456789000", T0);
    f.step(Event::Key(TextKey::Enter), T0);
    f.step(
        Event::TrackingChecked {
            tracking: "TBA123456789000".into(),
            already_in: Some("A03".into()),
            expected: None,
        },
        T0,
    );
    assert!(
        matches!(f.screen(), Screen::Scan { message: Some(Message::AlreadyStored(l)), confirm_duplicate: true, .. } if l == "A03")
    );
    assert_eq!(
        f.step(Event::DeliverAnyway, T0),
        [Effect::Search {
            query: String::new()
        }]
    );
    assert_eq!(f.screen().name(), "recipient");
}

#[test]
fn none_free_suggests_next_size_up() {
    let mut f = at_size();
    f.step(Event::ChooseSize(Size::S), T0);
    // Someone else took the last S in between.
    assert_eq!(
        f.step(Event::NoneFree(Size::S), T0),
        [carmens_availability()]
    );
    f.step(Event::Availability([0, 0, 2, 1]), T0);
    assert!(matches!(
        f.screen(),
        Screen::Size {
            message: Some(Message::SizeFull(Size::S)),
            suggested: Some(Size::L),
            ..
        }
    ));
}

#[test]
fn low_reach_asks_for_an_accessible_locker_first() {
    let plain = at_size().step(Event::ChooseSize(Size::S), T0);
    assert_eq!(plain, [Effect::BeginDeposit(request(Size::S))]);
    let mut home = Flow::new(FlowConfig::default(), T0);
    home.step(Event::ToggleLook(LookSetting::LowReach), T0);
    let mut f = at_size_from(logged_in_from(home));
    assert!(f.look().low_reach, "kept from Home into the session");
    assert_eq!(
        f.step(Event::ChooseSize(Size::S), T0),
        [Effect::BeginDeposit(DepositRequest {
            accessible_first: true,
            ..request(Size::S)
        })]
    );
}

/// The overflow chain on a wall that fills up: the next size up while there
/// is one, then "leave it with staff", recorded at the size that was full.
#[test]
fn nothing_fits_offers_leave_with_staff_at_the_size_that_was_full() {
    let mut f = at_size();
    f.step(Event::ChooseSize(Size::L), T0);
    f.step(Event::NoneFree(Size::L), T0);
    f.step(Event::Availability([3, 0, 0, 1]), T0);
    assert!(matches!(
        f.screen(),
        Screen::Size {
            message: Some(Message::SizeFull(Size::L)),
            suggested: Some(Size::XL),
            ..
        }
    ));
    // The XL goes too, meanwhile.
    f.step(Event::ChooseSize(Size::XL), T0);
    f.step(Event::NoneFree(Size::XL), T0);
    f.step(Event::Availability([3, 0, 0, 0]), T0);
    assert!(matches!(
        f.screen(),
        Screen::Size {
            message: Some(Message::NothingFits(Size::XL)),
            suggested: None,
            ..
        }
    ));
    assert_eq!(
        f.step(Event::LeaveWithStaff, T0),
        [Effect::HoldWithStaff(request(Size::XL))]
    );
    f.step(
        Event::Held {
            package: PackageId(5),
        },
        T0,
    );
    assert_eq!(
        f.screen(),
        &Screen::DepositDone {
            place: Place::Staff,
            recipient: "Carmen Alvarez".into(),
            is_return: false,
        }
    );
    // On to the next package as after any drop-off.
    f.step(Event::NextPackage, T0);
    assert_eq!(f.screen().name(), "scan");
}

/// Too big for any locker (or the wall is full before a size is chosen):
/// "Leave with staff" first asks which size it would need, any size.
#[test]
fn leave_with_staff_before_a_size_asks_for_the_size_it_needs() {
    let mut f = at_size();
    f.step(Event::Availability([0, 0, 0, 0]), T0);
    assert!(matches!(
        f.screen(),
        Screen::Size {
            message: Some(Message::WallFull),
            ..
        }
    ));
    assert_eq!(f.step(Event::LeaveWithStaff, T0), []);
    assert!(matches!(
        f.screen(),
        Screen::Size {
            for_staff: true,
            ..
        }
    ));
    // Back leaves the question; asked again, a full size is fine.
    f.step(Event::Back, T0);
    assert!(matches!(
        f.screen(),
        Screen::Size {
            for_staff: false,
            ..
        }
    ));
    f.step(Event::LeaveWithStaff, T0);
    assert_eq!(
        f.step(Event::ChooseSize(Size::M), T0),
        [Effect::HoldWithStaff(request(Size::M))]
    );
}

/// The package room: offered with its places, the emptiest shelf suggested,
/// another shelf picked at the door, stored there when the door closes.
#[test]
fn a_package_room_drop_off_records_the_shelf_chosen_at_the_door() {
    let mut f = at_size();
    f.know_room(LockerId(40));
    assert_eq!(
        f.step(Event::Availability([0, 0, 0, 0]), T0),
        [Effect::LoadRoomSpace]
    );
    f.step(Event::RoomSpace(12), T0);
    assert!(matches!(
        f.screen(),
        Screen::Size {
            message: Some(Message::TryRoom(None)),
            room: Some(12),
            share: None,
            ..
        }
    ));
    assert_eq!(
        f.step(Event::UseRoom, T0),
        [Effect::BeginRoomDeposit(request(Size::XL))]
    );
    let door = LockerRef {
        shelf: Some("R1".into()),
        ..locker(40, "Package room", Size::XL)
    };
    let fx = f.step(
        Event::RoomReserved {
            package: PackageId(9),
            door: door.clone(),
            shelves: vec!["R1".into(), "R2".into()],
        },
        T0,
    );
    assert_eq!(fx, [Effect::Unlock(door)]);
    f.step(Event::DoorOpened(LockerId(40)), T0);
    assert_eq!(
        f.step(Event::ChooseShelf("r2".into()), T0),
        [Effect::SetShelf {
            package: PackageId(9),
            shelf: "R2".into()
        }]
    );
    assert!(f.step(Event::ChooseShelf("R7".into()), T0).is_empty());
    assert_eq!(
        f.step(Event::DoorClosed(LockerId(40)), T0),
        [Effect::ConfirmDeposit(PackageId(9))]
    );
    assert_eq!(
        f.screen(),
        &Screen::DepositDone {
            place: Place::Room("R2".into()),
            recipient: "Carmen Alvarez".into(),
            is_return: false,
        }
    );
}

/// Two residents in the package room at once: the second's code finds the
/// door already open, so nothing is unlocked and the package counts as seen;
/// one close settles both.
#[test]
fn a_pickup_through_a_door_already_open_needs_no_unlock() {
    let mut f = Flow::new(FlowConfig::default(), T0);
    let room = LockerRef {
        shelf: Some("R1".into()),
        ..locker(40, "Package room", Size::XL)
    };
    for (package, code) in [(PackageId(1), "111111"), (PackageId(2), "222222")] {
        f.step(Event::PickUp, T0);
        typed(&mut f, code, T0);
        f.step(
            Event::CodeChecked(Some(Found {
                package,
                locker: room.clone(),
                others: vec![],
                language: "en".into(),
            })),
            T0,
        );
        let fx = f.step(Event::PickupStarted(vec![(package, room.clone())]), T0);
        if package == PackageId(1) {
            assert_eq!(fx, [Effect::Unlock(room.clone())]);
            f.step(Event::DoorOpened(LockerId(40)), T0);
            f.step(Event::Done, T0);
        } else {
            assert_eq!(fx, [Effect::DoorSeenOpen(PackageId(2))]);
            assert!(matches!(f.screen(), Screen::PickupDoor { doors, .. }
                if doors[0].phase == DoorPhase::Open && doors[0].locker.shelf.as_deref() == Some("R1")));
        }
    }
    let fx = f.step(Event::DoorClosed(LockerId(40)), T0);
    assert!(fx.contains(&Effect::ConfirmPickup(PackageId(1))));
    assert!(fx.contains(&Effect::ConfirmPickup(PackageId(2))));
}

/// "Add to B07 with their other package?": offered when the property enables
/// it and the store finds a locker that can take it; one tap reserves there.
#[test]
fn the_shared_locker_offer_reserves_the_other_packages_locker() {
    let mut f = Flow::new(
        FlowConfig {
            share_lockers: true,
            ..FlowConfig::default()
        },
        T0,
    );
    f.step(Event::Deliver, T0);
    f.step(Event::ChooseCarrier(CarrierId(2), "UPS".into()), T0);
    typed(&mut f, "1357", T0);
    f.step(Event::Key(TextKey::Enter), T0);
    f.step(
        Event::PinChecked {
            carrier: CarrierId(2),
            ok: true,
        },
        T0,
    );
    typed(&mut f, "1Z999AA10123456784", T0);
    f.step(Event::Key(TextKey::Enter), T0);
    f.step(
        Event::TrackingChecked {
            tracking: "1Z999AA10123456784".into(),
            already_in: None,
            expected: None,
        },
        T0,
    );
    f.step(
        Event::Searched {
            query: String::new(),
            hits: vec![hit()],
        },
        T0,
    );
    let fx = f.step(Event::ChooseResident(ResidentId(7)), T0);
    assert_eq!(
        fx,
        [carmens_availability(), Effect::FindShareable(ResidentId(7))]
    );
    let b07 = locker(7, "B07", Size::M);
    f.step(Event::Shareable(Some((PackageId(3), b07.clone()))), T0);
    assert!(matches!(f.screen(), Screen::Size { share: Some(l), .. } if l == "B07"));
    assert_eq!(
        f.step(Event::ShareLocker, T0),
        [Effect::BeginSharedDeposit {
            req: request(Size::M),
            partner: PackageId(3)
        }]
    );
    // The partner left meanwhile: the offer goes away.
    f.step(Event::Shareable(None), T0);
    assert!(matches!(f.screen(), Screen::Size { share: None, .. }));
    assert!(f.step(Event::ShareLocker, T0).is_empty());
}

/// A resident who types the code of a package the staff hold is told where it is.
#[test]
fn a_code_for_a_package_with_staff_says_so() {
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::PickUp, T0);
    typed(&mut f, "123456", T0);
    f.step(Event::CodeHeld, T0);
    assert_eq!(
        f.screen(),
        &Screen::PickupCode {
            entered_len: 0,
            checking: false,
            message: Some(Message::WithStaff)
        }
    );
}

#[test]
fn door_that_does_not_open_gets_another_locker() {
    let mut f = at_size();
    f.step(Event::ChooseSize(Size::L), T0);
    let l1 = locker(11, "E03", Size::L);
    f.step(
        Event::Reserved {
            package: PackageId(1),
            locker: l1,
        },
        T0,
    );
    // Not seen open before the deadline.
    assert_eq!(f.step(Event::Tick, T0.plus_ms(3999)), []);
    let fx = f.step(Event::Tick, T0.plus_ms(4000));
    assert_eq!(
        fx,
        [
            Effect::DepositDoorFailed {
                package: PackageId(1),
                why: "the door did not open when unlocked"
            },
            Effect::BeginDeposit(request(Size::L)),
        ]
    );
    assert!(
        matches!(f.screen(), Screen::DepositDoor { message: Some(Message::DoorFailedTryingAnother(l)), door, .. } if l == "E03" && door.phase == DoorPhase::Failed)
    );
    let l2 = locker(12, "A07", Size::L);
    assert_eq!(
        f.step(
            Event::Reserved {
                package: PackageId(2),
                locker: l2.clone()
            },
            T0.plus_ms(4001)
        ),
        [Effect::Unlock(l2)]
    );
    assert!(
        matches!(f.screen(), Screen::DepositDoor { door, .. } if door.locker.label == "A07" && door.phase == DoorPhase::Opening)
    );
    // And when nothing else of that size is left: back to sizes with a message.
    f.step(
        Event::UnlockFailed {
            locker: LockerId(12),
        },
        T0.plus_ms(4002),
    );
    assert_eq!(
        f.step(Event::NoneFree(Size::L), T0.plus_ms(4003)),
        [carmens_availability()]
    );
    assert!(
        matches!(f.screen(), Screen::Size { message: Some(Message::DoorFailedNoOther(l)), .. } if l == "A07")
    );
}

#[test]
fn cancel_before_and_after_the_door_opens() {
    let mut f = at_door_a01(false);
    assert_eq!(
        f.step(Event::CancelDeposit, T0),
        [Effect::CancelDeposit {
            package: PackageId(1),
            reason: "carrier cancelled before the door opened"
        }]
    );
    assert_eq!(f.screen().name(), "scan");

    let mut f = at_door_a01(true);
    // The door is open: the carrier is asked to take the package back out first.
    assert_eq!(f.step(Event::CancelDeposit, T0), []);
    assert!(
        matches!(f.screen(), Screen::DepositDoor { door, .. } if door.phase == DoorPhase::TakeBack)
    );
    assert_eq!(
        f.step(Event::DoorClosed(LockerId(1)), T0),
        [Effect::CancelDeposit {
            package: PackageId(1),
            reason: "carrier took the package back"
        }]
    );
    assert_eq!(f.screen().name(), "scan");
}

#[test]
fn does_not_fit_goes_back_to_sizes_for_the_same_package() {
    let mut f = at_door_a01(true);
    assert_eq!(f.step(Event::DoesNotFit, T0), []);
    assert!(
        matches!(f.screen(), Screen::DepositDoor { door, .. } if door.phase == DoorPhase::TakeBack)
    );
    assert_eq!(
        f.step(Event::DoorClosed(LockerId(1)), T0),
        [
            Effect::CancelDeposit {
                package: PackageId(1),
                reason: "carrier took the package back"
            },
            carmens_availability()
        ]
    );
    f.step(Event::Availability([2, 3, 0, 0]), T0);
    assert!(
        matches!(f.screen(), Screen::Size { recipient, counts: Some(_), .. } if recipient == "Carmen Alvarez")
    );
    // The same package goes into a bigger locker.
    assert_eq!(
        f.step(Event::ChooseSize(Size::M), T0),
        [Effect::BeginDeposit(request(Size::M))]
    );
}

#[test]
fn walk_away_with_the_door_open_still_confirms_on_close() {
    let mut f = at_door_a01(true);
    let idle = FlowConfig::default().idle_ms;
    f.step(Event::Tick, T0.plus_ms(idle));
    assert_eq!(
        f.screen(),
        &Screen::Home {
            message: Some(Message::TimedOut)
        }
    );
    assert_eq!(f.in_flight().len(), 1, "the open door is still watched");
    // The next person starts fresh; the door closing still settles the drop-off.
    f.step(Event::PickUp, T0.plus_ms(idle + 10));
    assert_eq!(
        f.step(Event::DoorClosed(LockerId(1)), T0.plus_ms(idle + 20)),
        [Effect::ConfirmDeposit(PackageId(1))]
    );
    assert_eq!(f.screen().name(), "pickup-code");
}

#[test]
fn idle_releases_a_reservation_that_arrives_late() {
    let mut f = at_size();
    f.step(Event::ChooseSize(Size::S), T0);
    f.step(Event::Tick, T0.plus_ms(FlowConfig::default().idle_ms));
    assert_eq!(f.screen().name(), "home");
    let fx = f.step(
        Event::Reserved {
            package: PackageId(9),
            locker: locker(1, "A01", Size::S),
        },
        T0.plus_ms(60_001),
    );
    assert_eq!(
        fx,
        [Effect::CancelDeposit {
            package: PackageId(9),
            reason: "session ended before the door was opened"
        }]
    );
}

#[test]
fn every_screen_times_out_to_home() {
    let idle = FlowConfig::default().idle_ms;
    let screens: Vec<(&str, Flow)> = vec![
        ("carrier-login", {
            let mut f = Flow::new(FlowConfig::default(), T0);
            f.step(Event::Deliver, T0);
            f
        }),
        ("scan", logged_in()),
        ("size", at_size()),
        ("pickup-code", {
            let mut f = Flow::new(FlowConfig::default(), T0);
            f.step(Event::PickUp, T0);
            f
        }),
    ];
    for (name, mut f) in screens {
        assert_eq!(f.screen().name(), name);
        f.step(Event::Tick, T0.plus_ms(idle - 1));
        assert_eq!(f.screen().name(), name, "{name} not yet");
        f.step(Event::Tick, T0.plus_ms(idle));
        assert_eq!(
            f.screen(),
            &Screen::Home {
                message: Some(Message::TimedOut)
            },
            "{name}"
        );
        // The carrier is logged out.
        f.step(Event::Deliver, T0.plus_ms(idle + 1));
        assert!(matches!(
            f.screen(),
            Screen::CarrierLogin { chosen: None, .. }
        ));
    }
}

fn at_code() -> Flow {
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::PickUp, T0);
    f
}

#[test]
fn pickup_with_more_packages_waiting() {
    let mut f = at_code();
    typed(&mut f, "12345", T0);
    assert!(matches!(
        f.screen(),
        Screen::PickupCode { entered_len: 5, .. }
    ));
    // The sixth digit submits by itself.
    let fx = typed(&mut f, "6", T0);
    assert_eq!(fx, [Effect::CheckCode(Typed("123456".into()))]);
    let a = locker(1, "B07", Size::S);
    let b = locker(2, "C02", Size::XL);
    let c = locker(3, "F01", Size::S);
    let fx = f.step(
        Event::CodeChecked(Some(Found {
            package: PackageId(10),
            locker: a.clone(),
            others: vec![(PackageId(11), b.clone()), (PackageId(12), c.clone())],
            language: "en".into(),
        })),
        T0,
    );
    assert_eq!(fx, [Effect::BeginPickup(vec![(PackageId(10), a.clone())])]);
    assert_eq!(
        f.step(Event::PickupStarted(vec![(PackageId(10), a.clone())]), T0),
        [Effect::Unlock(a.clone())]
    );
    assert!(
        matches!(f.screen(), Screen::PickupDoor { doors, others, .. } if doors.len() == 1 && others.len() == 2)
    );
    f.step(Event::DoorOpened(LockerId(1)), T0);
    // One tap opens the other two.
    let fx = f.step(Event::OpenOthers, T0);
    assert_eq!(
        fx,
        [Effect::BeginPickup(vec![
            (PackageId(11), b.clone()),
            (PackageId(12), c.clone())
        ])]
    );
    let fx = f.step(
        Event::PickupStarted(vec![(PackageId(11), b.clone()), (PackageId(12), c.clone())]),
        T0,
    );
    assert_eq!(fx, [Effect::Unlock(b), Effect::Unlock(c)]);
    for id in [2, 3] {
        assert_eq!(
            f.step(Event::DoorOpened(LockerId(id)), T0),
            [Effect::DoorSeenOpen(PackageId(id + 9))]
        );
    }
    assert_eq!(
        f.step(Event::DoorClosed(LockerId(1)), T0),
        [Effect::ConfirmPickup(PackageId(10))]
    );
    assert_eq!(
        f.step(Event::DoorClosed(LockerId(2)), T0),
        [Effect::ConfirmPickup(PackageId(11))]
    );
    assert_eq!(f.screen().name(), "pickup-door", "one door still open");
    assert_eq!(
        f.step(Event::DoorClosed(LockerId(3)), T0),
        [Effect::ConfirmPickup(PackageId(12))]
    );
    assert_eq!(
        f.screen(),
        &Screen::Home {
            message: Some(Message::ThankYou)
        }
    );
}

#[test]
fn wrong_codes_say_so_and_a_blocked_keypad_says_how_long() {
    // The guard itself (growing delays, kept across restarts) is the store's:
    // tests/attacks.rs. The flow shows what it answers.
    let mut f = at_code();
    typed(&mut f, "000000", T0);
    f.step(Event::CodeChecked(None), T0);
    assert!(matches!(
        f.screen(),
        Screen::PickupCode {
            message: Some(Message::WrongCode),
            checking: false,
            ..
        }
    ));
    assert_eq!(
        typed(&mut f, "000001", T0),
        [Effect::CheckCode(Typed("000001".into()))]
    );
    f.step(Event::CodeBlocked(T0.plus_ms(10_000)), T0);
    assert!(matches!(
        f.screen(),
        Screen::PickupCode {
            message: Some(Message::TryAgainIn(10)),
            entered_len: 0,
            checking: false,
        }
    ));
}

#[test]
fn pickup_door_that_fails_is_reported() {
    let mut f = at_code();
    typed(&mut f, "123456", T0);
    let a = locker(1, "B07", Size::S);
    f.step(
        Event::CodeChecked(Some(Found {
            package: PackageId(10),
            locker: a.clone(),
            others: vec![],
            language: "en".into(),
        })),
        T0,
    );
    f.step(Event::PickupStarted(vec![(PackageId(10), a)]), T0);
    let fx = f.step(
        Event::UnlockFailed {
            locker: LockerId(1),
        },
        T0,
    );
    assert_eq!(
        fx,
        [Effect::PickupDoorFailed {
            package: PackageId(10),
            why: "the door did not open when unlocked"
        }]
    );
    assert!(
        matches!(f.screen(), Screen::PickupDoor { message: Some(Message::PickupDoorFailed(l)), .. } if l == "B07")
    );
}

#[test]
fn pickup_started_after_the_screen_left_is_undone() {
    let mut f = at_code();
    typed(&mut f, "123456", T0);
    let a = locker(1, "B07", Size::S);
    f.step(
        Event::CodeChecked(Some(Found {
            package: PackageId(10),
            locker: a.clone(),
            others: vec![],
            language: "en".into(),
        })),
        T0,
    );
    f.step(Event::Done, T0);
    assert_eq!(
        f.step(Event::PickupStarted(vec![(PackageId(10), a)]), T0),
        [Effect::CancelPickup(PackageId(10))]
    );
}

#[test]
fn store_failure_shows_a_message_and_keeps_the_screen() {
    let mut f = at_code();
    typed(&mut f, "123456", T0);
    f.step(Event::StoreFailed, T0);
    assert_eq!(
        f.screen(),
        &Screen::PickupCode {
            entered_len: 0,
            checking: false,
            message: Some(Message::SystemError)
        }
    );
}

#[test]
fn resumed_door_confirms_on_close() {
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.resume(
        PackageId(4),
        locker(4, "D02", Size::S),
        Trip::Deposit(None),
        T0,
    );
    // Deadlines do not apply to a door already seen open.
    assert_eq!(f.step(Event::Tick, T0.plus_ms(100_000)), []);
    assert_eq!(
        f.step(Event::DoorClosed(LockerId(4)), T0),
        [Effect::ConfirmDeposit(PackageId(4))]
    );
}

#[test]
fn home_messages_clear_after_a_while() {
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::PickUp, T0);
    let idle = FlowConfig::default().idle_ms;
    f.step(Event::Tick, T0.plus_ms(idle));
    assert_eq!(
        f.screen(),
        &Screen::Home {
            message: Some(Message::TimedOut)
        }
    );
    f.step(
        Event::Tick,
        T0.plus_ms(idle + super::flow::HOME_MESSAGE_MS - 1),
    );
    assert_eq!(
        f.screen(),
        &Screen::Home {
            message: Some(Message::TimedOut)
        }
    );
    f.step(Event::Tick, T0.plus_ms(idle + super::flow::HOME_MESSAGE_MS));
    assert_eq!(f.screen(), &Screen::home());
}

// --- door supervision ---

fn left_open_ms() -> i64 {
    FlowConfig::default().door_left_open_ms
}

#[test]
fn a_door_nobody_unlocked_is_reported() {
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.know_lockers([(LockerId(5), "B05".to_string())]);
    assert_eq!(
        f.step(Event::DoorOpened(LockerId(5)), T0),
        [Effect::DoorOpenedUnexpectedly(LockerId(5))]
    );
    // Seen open again on the next pass (a board coming back): reported once.
    assert_eq!(f.step(Event::DoorOpened(LockerId(5)), T0), []);
    assert_eq!(f.open_doors(T0.plus_ms(500)), [(LockerId(5), 500)]);
    assert_eq!(f.step(Event::DoorClosed(LockerId(5)), T0), []);
    assert!(f.open_doors(T0).is_empty());
    // A door the kiosk unlocked is not "unexpected".
    let mut f = at_door_a01(false);
    assert_eq!(
        f.step(Event::DoorOpened(LockerId(1)), T0),
        [Effect::DoorSeenOpen(PackageId(1))]
    );
}

#[test]
fn a_door_left_open_is_prompted_and_reported_once() {
    let mut f = at_door_a01(true);
    let limit = left_open_ms();
    // Keep the carrier's session alive; the door stays open.
    f.step(Event::Touch, T0.plus_ms(limit - 1000));
    assert_eq!(f.step(Event::Tick, T0.plus_ms(limit - 1)), []);
    let fx = f.step(Event::Tick, T0.plus_ms(limit));
    assert_eq!(
        fx,
        [Effect::DoorLeftOpen {
            locker: LockerId(1),
            seconds: limit / 1000
        }]
    );
    assert!(
        matches!(f.screen(), Screen::DepositDoor { message: Some(Message::CloseDoor(l)), .. } if l == "A01")
    );
    assert_eq!(f.step(Event::Tick, T0.plus_ms(limit + 5000)), []);
    // Closing it settles the drop-off and the report.
    assert_eq!(
        f.step(Event::DoorClosed(LockerId(1)), T0.plus_ms(limit + 6000)),
        [
            Effect::ConfirmDeposit(PackageId(1)),
            Effect::DoorClosedAfterLeftOpen(LockerId(1))
        ]
    );
    assert_eq!(f.screen().name(), "deposit-done");
}

#[test]
fn the_close_prompt_stays_on_home_and_never_hides_another_message() {
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.know_lockers([(LockerId(5), "B05".to_string())]);
    f.step(Event::DoorOpened(LockerId(5)), T0);
    let limit = left_open_ms();
    f.step(Event::Tick, T0.plus_ms(limit));
    let prompt = Screen::Home {
        message: Some(Message::CloseDoor("B05".into())),
    };
    assert_eq!(f.screen(), &prompt);
    // Home messages clear after a while; this one stays while the door is open.
    f.step(Event::Tick, T0.plus_ms(limit + HOME_MESSAGE_MS + 1));
    assert_eq!(f.screen(), &prompt);
    // A resident types a wrong code: that message wins, the prompt waits.
    f.step(Event::PickUp, T0.plus_ms(limit + 20_000));
    assert!(matches!(
        f.screen(),
        Screen::PickupCode {
            message: Some(Message::CloseDoor(_)),
            ..
        }
    ));
    typed(&mut f, "123456", T0.plus_ms(limit + 20_000));
    f.step(Event::CodeChecked(None), T0.plus_ms(limit + 20_000));
    assert!(matches!(
        f.screen(),
        Screen::PickupCode {
            message: Some(Message::WrongCode),
            ..
        }
    ));
    f.step(Event::Back, T0.plus_ms(limit + 21_000));
    f.step(Event::DoorClosed(LockerId(5)), T0.plus_ms(limit + 22_000));
    assert_eq!(f.screen(), &Screen::home());
}

#[test]
fn silent_boards_are_taken_out_and_sizes_refresh() {
    let mut f = Flow::new(FlowConfig::default(), T0);
    assert_eq!(f.step(Event::BoardSilent(3), T0), [Effect::BoardOffline(3)]);
    let mut f = at_size();
    assert_eq!(
        f.step(Event::BoardSilent(3), T0),
        [Effect::BoardOffline(3), carmens_availability()]
    );
    assert_eq!(
        f.step(Event::BoardBack(3), T0),
        [Effect::BoardOnline(3), carmens_availability()]
    );
}

#[test]
fn sensors_are_checked_only_on_shut_settled_doors() {
    let mut f = at_door_a01(true);
    // A closed locker's sensor changes: checked.
    assert_eq!(
        f.step(Event::Occupancy(vec![(LockerId(2), true)]), T0),
        [Effect::CheckOccupancy(vec![(LockerId(2), true)])]
    );
    // The open door's sensor sees the package going in: not yet.
    assert_eq!(f.step(Event::Occupancy(vec![(LockerId(1), true)]), T0), []);
    // Once it closes and the drop-off is confirmed, its sensor is checked.
    assert_eq!(
        f.step(Event::DoorClosed(LockerId(1)), T0),
        [
            Effect::ConfirmDeposit(PackageId(1)),
            Effect::CheckOccupancy(vec![(LockerId(1), true)])
        ]
    );
}

#[test]
fn start_up_reports_unexplained_open_doors_and_checks_sensors() {
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.resume(PackageId(9), locker(3, "A03", Size::S), Trip::Pickup, T0);
    let fx = f.start_watching(
        &[LockerId(3), LockerId(4)],
        vec![(LockerId(3), false), (LockerId(5), true)],
        T0,
    );
    assert_eq!(
        fx,
        [
            Effect::DoorFoundOpen(LockerId(4)),
            Effect::CheckOccupancy(vec![(LockerId(5), true)])
        ]
    );
    // Both doors' clocks run from start-up.
    assert_eq!(f.open_doors(T0).len(), 2);
}

// --- QR tokens at the pickup screen ---

#[test]
fn a_scanned_token_is_checked_and_opens_like_a_code() {
    // A wedge scanner at the home screen: its line, once Enter comes, opens the pickup screen.
    let mut f = Flow::new(FlowConfig::default(), T0);
    assert_eq!(typed(&mut f, "lw1abc7", T0), []);
    assert_eq!(f.screen(), &Screen::home());
    assert_eq!(
        f.step(Event::Key(TextKey::Enter), T0),
        [Effect::CheckToken(Typed("lw1abc7".into()))]
    );
    assert!(matches!(
        f.screen(),
        Screen::PickupCode { checking: true, .. }
    ));
    let found = Found {
        package: PackageId(4),
        locker: locker(4, "A04", Size::S),
        others: vec![],
        language: "en".into(),
    };
    assert_eq!(
        f.step(Event::TokenChecked(Ok(found)), T0),
        [Effect::BeginPickup(vec![(
            PackageId(4),
            locker(4, "A04", Size::S)
        )])]
    );
    assert_eq!(f.screen().name(), "pickup-door");
}

#[test]
fn a_refused_token_says_why_and_is_not_throttled_like_codes() {
    let mut f = at_code();
    // Wrong codes: the keypad is blocked for a while.
    typed(&mut f, "111111", T0);
    f.step(Event::CodeBlocked(T0.plus_ms(5_000)), T0);
    assert!(matches!(
        f.screen(),
        Screen::PickupCode {
            message: Some(Message::TryAgainIn(5)),
            ..
        }
    ));
    // A token still goes through: it cannot be guessed.
    typed(&mut f, "LW1XYZ", T0);
    assert_eq!(
        f.step(Event::Key(TextKey::Enter), T0),
        [Effect::CheckToken(Typed("LW1XYZ".into()))]
    );
    for problem in [
        TokenProblem::Expired,
        TokenProblem::NotFromHere,
        TokenProblem::NotWaiting,
        TokenProblem::Unreadable,
    ] {
        f.step(Event::TokenChecked(Err(problem)), T0);
        assert_eq!(
            f.screen(),
            &Screen::PickupCode {
                entered_len: 0,
                checking: false,
                message: Some(Message::Token(problem))
            }
        );
    }
    // Digits after a refused token are a code again.
    typed(&mut f, "12", T0.plus_ms(60_000));
    assert!(matches!(
        f.screen(),
        Screen::PickupCode { entered_len: 2, .. }
    ));
}

#[test]
fn a_label_that_fails_its_check_digit_is_flagged_not_accepted() {
    let mut f = logged_in();
    // A scanner's GS1-128 payload: USPS, 420 + ZIP, then the 22-digit number.
    let usps = "9400111899223397658533";
    typed(&mut f, "1Z999AA10123456785", T0);
    assert_eq!(f.step(Event::Key(TextKey::Enter), T0), []);
    assert_eq!(
        f.screen(),
        &Screen::Scan {
            carrier: "UPS".into(),
            tracking: "1Z999AA10123456785".into(),
            message: Some(Message::CheckDigit("UPS".into())),
            confirm_duplicate: true,
            returns: 0,
        }
    );
    // The carrier checks the label and vouches for it: the duplicate check still runs.
    assert_eq!(
        f.step(Event::DeliverAnyway, T0),
        [Effect::CheckTracking {
            tracking: "1Z999AA10123456785".into()
        }]
    );
    // Or scans again: a good number goes straight on.
    f.step(Event::Key(TextKey::Clear), T0);
    typed(&mut f, &format!("42002134{usps}"), T0);
    assert_eq!(
        f.step(Event::Key(TextKey::Enter), T0),
        [Effect::CheckTracking {
            tracking: usps.into()
        }],
        "the tracking number is taken out of the GS1-128"
    );
}

#[test]
fn a_code_from_a_serial_scanner_acts_as_typed_then_enter() {
    // At the scan screen: the tracking number, over whatever was half typed.
    let mut f = logged_in();
    typed(&mut f, "12", T0);
    assert_eq!(
        f.step(Event::Scanned("1Z999AA10123456784".into()), T0),
        [Effect::CheckTracking {
            tracking: "1Z999AA10123456784".into()
        }]
    );
    // At the home screen: a resident's QR token goes to pickup and is checked.
    let mut f = Flow::new(FlowConfig::default(), T0);
    assert_eq!(
        f.step(Event::Scanned("LW1ABCDEF".into()), T0),
        [Effect::CheckToken(Typed("LW1ABCDEF".into()))]
    );
    // A six-digit code at the pickup screen submits once.
    let mut f = at_code();
    assert_eq!(
        f.step(Event::Scanned("482913".into()), T0),
        [Effect::CheckCode(Typed("482913".into()))]
    );
}

#[test]
fn a_camera_problem_is_said_on_scanning_screens_only() {
    let mut f = at_code();
    assert_eq!(f.step(Event::CameraProblem, T0), []);
    assert!(matches!(
        f.screen(),
        Screen::PickupCode {
            message: Some(Message::CameraProblem),
            ..
        }
    ));
    // The keypad still works.
    typed(&mut f, "48291", T0);
    assert!(matches!(
        f.screen(),
        Screen::PickupCode { entered_len: 5, .. }
    ));
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::CameraProblem, T0);
    assert_eq!(f.screen(), &Screen::home());
}

#[test]
fn a_labels_2d_code_fills_the_number_and_asks_for_its_recipient() {
    let mut f = logged_in();
    let payload = "[)>\u{1e}01\u{1d}96941101234\u{1d}840\u{1d}001\u{1d}1Z999AA10123456784\u{1d}UPSN\u{1d}500 MAPLE CT APT 101\u{1d}CARMEN ALVAREZ\u{1e}\u{4}";
    assert_eq!(
        f.step(Event::Scanned(payload.into()), T0),
        [Effect::CheckTracking {
            tracking: "1Z999AA10123456784".into()
        }]
    );
    assert_eq!(
        f.step(
            Event::TrackingChecked {
                tracking: "1Z999AA10123456784".into(),
                already_in: None,
                expected: None,
            },
            T0
        ),
        [Effect::MatchShipTo(payload.into())]
    );
    assert_eq!(f.screen().name(), "recipient");
    // A number typed by hand afterwards is searched for as usual.
    let mut f = logged_in();
    f.step(Event::Scanned(payload.into()), T0);
    f.step(Event::Key(TextKey::Clear), T0);
    typed(&mut f, "TBA123456789000", T0);
    f.step(Event::Key(TextKey::Enter), T0);
    assert_eq!(
        f.step(
            Event::TrackingChecked {
                tracking: "TBA123456789000".into(),
                already_in: None,
                expected: None,
            },
            T0
        ),
        [Effect::Search {
            query: String::new()
        }]
    );
}

#[test]
fn a_label_scanned_before_login_chooses_the_carrier_and_waits_for_the_pin() {
    let mut f = Flow::new(FlowConfig::default(), T0);
    assert_eq!(
        f.step(Event::Scanned("1Z999AA10123456784".into()), T0),
        [Effect::FindCarrier("UPS".into())]
    );
    assert_eq!(f.screen().name(), "carrier-login");
    f.step(Event::ChooseCarrier(CarrierId(2), "UPS".into()), T0);
    typed(&mut f, "1357", T0);
    f.step(Event::Key(TextKey::Enter), T0);
    // Logged in: the label scanned before is scanned in at once (and the
    // carrier's returns looked up for the scan screen's button).
    assert_eq!(
        f.step(
            Event::PinChecked {
                carrier: CarrierId(2),
                ok: true
            },
            T0
        ),
        [
            Effect::LoadReturns(CarrierId(2)),
            Effect::CheckTracking {
                tracking: "1Z999AA10123456784".into()
            }
        ]
    );
    assert!(
        matches!(f.screen(), Screen::Scan { tracking, .. } if tracking == "1Z999AA10123456784")
    );
    // A resident's QR token at the home screen still goes to pickup.
    let mut f = Flow::new(FlowConfig::default(), T0);
    assert_eq!(
        f.step(Event::Scanned("LW1ABCDEF".into()), T0),
        [Effect::CheckToken(Typed("LW1ABCDEF".into()))]
    );
}

#[test]
fn a_wedge_scanner_at_home_works_like_a_serial_one() {
    // A label typed by the wedge at the home screen chooses the carrier.
    let mut f = Flow::new(FlowConfig::default(), T0);
    typed(&mut f, "1Z999AA10123456784", T0);
    assert_eq!(
        f.step(Event::Key(TextKey::Enter), T0),
        [Effect::FindCarrier("UPS".into())]
    );
    // Stray keys with no Enter are dropped when something else comes.
    let mut f = Flow::new(FlowConfig::default(), T0);
    typed(&mut f, "12", T0);
    f.step(Event::Key(TextKey::Backspace), T0);
    assert_eq!(f.step(Event::Key(TextKey::Enter), T0), []);
    assert_eq!(f.screen(), &Screen::home());
    // Gibberish is ignored.
    typed(&mut f, "hello", T0);
    assert_eq!(f.step(Event::Key(TextKey::Enter), T0), []);
    assert_eq!(f.screen(), &Screen::home());
}

// ----- "Need help?" -----

#[test]
fn help_over_an_open_door_reports_with_its_context_and_the_door_carries_on() {
    let mut f = at_door_a01(true);
    let t = T0.plus_ms(5_000);
    assert!(f.step(Event::Help(HelpEvent::Open), t).is_empty());
    let panel = f.help().expect("the panel is open").clone();
    assert_eq!(panel.context.screen, "deposit-door");
    assert_eq!(panel.context.locker, Some((LockerId(1), "A01".into())));
    assert_eq!(panel.context.package, Some(PackageId(1)));
    assert_eq!(panel.context.carrier.as_deref(), Some("UPS"));
    assert_eq!(panel.reported, None);

    let fx = f.step(Event::Help(HelpEvent::Report(ProblemKind::Damaged)), t);
    let [Effect::ReportProblem(report)] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert_eq!(report.kind, ProblemKind::Damaged);
    assert_eq!(report.context.package, Some(PackageId(1)));
    // A second tap does not send it twice.
    assert!(f
        .step(Event::Help(HelpEvent::Report(ProblemKind::Other)), t)
        .is_empty());
    f.step(Event::Help(HelpEvent::Reported(true)), t);
    assert_eq!(
        f.help().unwrap().reported,
        Some((ProblemKind::Damaged, true))
    );

    // The screen under the panel goes on: the door closing still stores the package.
    assert_eq!(f.screen().name(), "deposit-door");
    assert_eq!(
        f.step(Event::DoorClosed(LockerId(1)), t),
        [Effect::ConfirmDeposit(PackageId(1))]
    );
    f.step(Event::Help(HelpEvent::Close), t);
    assert!(f.help().is_none());
}

#[test]
fn help_on_home_has_no_locker_and_closes_when_left_alone() {
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::Help(HelpEvent::Open), T0);
    let c = &f.help().unwrap().context;
    assert_eq!((c.screen, &c.locker, c.package), ("home", &None, None));
    // A failed store write is said on the panel.
    f.step(Event::Help(HelpEvent::Report(ProblemKind::Other)), T0);
    f.step(Event::Help(HelpEvent::Reported(false)), T0);
    assert_eq!(
        f.help().unwrap().reported,
        Some((ProblemKind::Other, false))
    );
    f.step(Event::Tick, T0.plus_ms(FlowConfig::default().idle_ms));
    assert!(f.help().is_none(), "the next person finds no panel up");
}

#[test]
fn a_label_scanned_at_the_pin_screen_is_not_taken_for_a_pin() {
    // A carrier who scans a label while the keypad waits for the PIN must
    // not spend a PIN attempt on the label's digits.
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::Deliver, T0);
    f.step(Event::ChooseCarrier(CarrierId(2), "UPS".into()), T0);
    assert_eq!(
        f.step(Event::Scanned("9400111899223100012345".into()), T0),
        []
    );
    assert!(matches!(
        f.screen(),
        Screen::CarrierLogin {
            pin_len: 0,
            checking: false,
            ..
        }
    ));
    // The PIN typed after it is the PIN alone.
    typed(&mut f, "1357", T0);
    assert_eq!(
        f.step(Event::Key(TextKey::Enter), T0),
        [Effect::CheckPin {
            carrier: CarrierId(2),
            pin: Typed("1357".into())
        }]
    );
}

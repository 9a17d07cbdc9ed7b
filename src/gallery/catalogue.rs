//! Every kiosk screen in the states worth seeing: what the gallery renders,
//! what the README's screenshots are, and what the accessibility test walks.

use crate::domain::{CarrierId, LockerId, ResidentId, Size, Timestamp};
use crate::kiosk::{
    DoorPhase, DoorView, LockerRef, Message, Place, ResidentHit, Screen, SenderField,
};

fn locker(label: &str, size: Size) -> LockerRef {
    LockerRef {
        id: LockerId(1),
        label: label.into(),
        size,
        shelf: None,
    }
}

/// A name as long as the directory holds them.
const LONG_NAME: &str = "María Guadalupe Fernández-Villanueva de la Cruz";

fn hit(id: i64, name: &str, unit: &str, building: &str) -> ResidentHit {
    ResidentHit {
        id: ResidentId(id),
        name: name.into(),
        unit: unit.into(),
        building: building.into(),
    }
}

/// The resident and carrier screens, named.
pub fn kiosk_screens() -> Vec<(&'static str, Screen)> {
    let results = vec![
        hit(3, "Carmen Alvarez", "101", "C"),
        hit(12, "Laura Bianchi", "401", "C"),
        hit(33, "Grace Kim", "303", "C"),
    ];
    vec![
        ("home", Screen::home()),
        (
            "home-close-door",
            Screen::Home {
                message: Some(Message::CloseDoor("B07".into())),
            },
        ),
        (
            "carrier-choose",
            Screen::CarrierLogin {
                chosen: None,
                pin_len: 0,
                checking: false,
                message: None,
            },
        ),
        (
            "carrier-pin",
            Screen::CarrierLogin {
                chosen: Some((CarrierId(2), "UPS".into())),
                pin_len: 3,
                checking: false,
                message: Some(Message::WrongPin),
            },
        ),
        (
            "scan",
            Screen::Scan {
                carrier: "UPS".into(),
                tracking: "1Z999AA10123456784".into(),
                message: None,
                confirm_duplicate: false,
                returns: 2,
            },
        ),
        (
            "scan-check-digit",
            Screen::Scan {
                carrier: "UPS".into(),
                tracking: "1Z999AA10123456785".into(),
                message: Some(Message::CheckDigit("UPS".into())),
                confirm_duplicate: true,
                returns: 0,
            },
        ),
        (
            "scan-duplicate",
            Screen::Scan {
                carrier: "UPS".into(),
                tracking: "1Z999AA10123456784".into(),
                message: Some(Message::AlreadyStored("B03".into())),
                confirm_duplicate: true,
                returns: 0,
            },
        ),
        (
            "recipient",
            Screen::Recipient {
                tracking: "1Z999AA10123456784".into(),
                query: "C".into(),
                results,
            },
        ),
        // Long names break layouts: a search that finds them, and one at
        // the door.
        (
            "recipient-long-names",
            Screen::Recipient {
                tracking: "1Z999AA10123456784".into(),
                query: "FER".into(),
                results: vec![
                    hit(41, LONG_NAME, "1204", "C"),
                    hit(
                        42,
                        "Bartholomew Featherstonehaugh-Worthington",
                        "12B",
                        "Annex",
                    ),
                ],
            },
        ),
        (
            "size",
            Screen::Size {
                recipient: "Carmen Alvarez".into(),
                counts: Some([13, 11, 0, 3]),
                message: None,
                // Large is full: the flow marks the next size up.
                suggested: Some(Size::XL),
                for_staff: false,
                room: Some(31),
                share: None,
            },
        ),
        (
            "size-expected",
            Screen::Size {
                recipient: "Carmen Alvarez".into(),
                counts: Some([13, 11, 0, 3]),
                // Her page said it was coming: chosen without a search.
                message: Some(Message::Expected),
                suggested: None,
                for_staff: false,
                room: Some(31),
                share: None,
            },
        ),
        (
            "size-full",
            Screen::Size {
                recipient: "Carmen Alvarez".into(),
                counts: Some([0, 11, 4, 3]),
                message: Some(Message::SizeFull(Size::S)),
                suggested: Some(Size::M),
                for_staff: false,
                room: None,
                share: None,
            },
        ),
        (
            "size-nothing-fits",
            Screen::Size {
                recipient: "Carmen Alvarez".into(),
                counts: Some([4, 0, 0, 0]),
                message: Some(Message::NothingFits(Size::M)),
                suggested: None,
                for_staff: false,
                room: None,
                share: None,
            },
        ),
        (
            "size-share",
            Screen::Size {
                recipient: "Carmen Alvarez".into(),
                counts: Some([13, 11, 0, 3]),
                message: None,
                // The shared locker's offer is the suggestion.
                suggested: None,
                for_staff: false,
                room: Some(31),
                share: Some("B07".into()),
            },
        ),
        (
            "size-try-room",
            Screen::Size {
                recipient: "Carmen Alvarez".into(),
                counts: Some([2, 0, 0, 0]),
                message: Some(Message::TryRoom(Some(Size::M))),
                suggested: None,
                for_staff: false,
                room: Some(23),
                share: None,
            },
        ),
        (
            "deposit-door-room",
            Screen::DepositDoor {
                door: DoorView {
                    locker: LockerRef {
                        shelf: Some("R2".into()),
                        ..locker("Package room", Size::XL)
                    },
                    phase: DoorPhase::Open,
                },
                recipient: "Carmen Alvarez".into(),
                message: None,
                shelves: vec!["R1".into(), "R2".into(), "R3".into(), "R4".into()],
                is_return: false,
            },
        ),
        (
            "deposit-done-room",
            Screen::DepositDone {
                place: Place::Room("R2".into()),
                recipient: "Carmen Alvarez".into(),
                is_return: false,
            },
        ),
        (
            "pickup-door-room",
            Screen::PickupDoor {
                doors: vec![DoorView {
                    locker: LockerRef {
                        shelf: Some("R2".into()),
                        ..locker("Package room", Size::XL)
                    },
                    phase: DoorPhase::Open,
                }],
                others: vec![],
                message: None,
            },
        ),
        (
            "size-for-staff",
            Screen::Size {
                recipient: "Carmen Alvarez".into(),
                counts: Some([0, 0, 0, 0]),
                message: None,
                suggested: None,
                for_staff: true,
                room: None,
                share: None,
            },
        ),
        (
            "deposit-door",
            Screen::DepositDoor {
                door: DoorView {
                    locker: locker("B03", Size::S),
                    phase: DoorPhase::Open,
                },
                recipient: "Carmen Alvarez".into(),
                message: None,
                shelves: Vec::new(),
                is_return: false,
            },
        ),
        (
            "deposit-door-long-name",
            Screen::DepositDoor {
                door: DoorView {
                    locker: locker("B03", Size::S),
                    phase: DoorPhase::Open,
                },
                recipient: LONG_NAME.into(),
                message: None,
                shelves: Vec::new(),
                is_return: false,
            },
        ),
        (
            "deposit-door-failed",
            Screen::DepositDoor {
                door: DoorView {
                    locker: locker("E04", Size::XL),
                    phase: DoorPhase::Failed,
                },
                recipient: "Carmen Alvarez".into(),
                message: Some(Message::DoorFailedTryingAnother("E04".into())),
                shelves: Vec::new(),
                is_return: false,
            },
        ),
        (
            "deposit-done",
            Screen::DepositDone {
                place: Place::Locker("B03".into()),
                recipient: "Carmen Alvarez".into(),
                is_return: false,
            },
        ),
        (
            "deposit-done-staff",
            Screen::DepositDone {
                place: Place::Staff,
                recipient: "Carmen Alvarez".into(),
                is_return: false,
            },
        ),
        (
            "return-label",
            Screen::ReturnLabel {
                carrier: Some("UPS".into()),
                tracking: "1Z999AA10123456784".into(),
                message: None,
            },
        ),
        (
            "return-label-choose",
            Screen::ReturnLabel {
                carrier: None,
                tracking: "420902109405".into(),
                message: Some(Message::ChooseCarrier),
            },
        ),
        (
            "return-sender",
            Screen::ReturnSender {
                unit: "204".into(),
                last_name: "ALVAREZ".into(),
                field: SenderField::LastName,
                checking: false,
                message: None,
            },
        ),
        (
            "return-sender-wrong",
            Screen::ReturnSender {
                unit: "204".into(),
                last_name: "ALVARES".into(),
                field: SenderField::LastName,
                checking: false,
                message: Some(Message::NoSuchSender),
            },
        ),
        (
            "page-link",
            Screen::PageLinkWho {
                unit: "204".into(),
                last_name: "ALVAREZ".into(),
                field: SenderField::LastName,
                checking: false,
                message: None,
            },
        ),
        (
            "page-link-no-email",
            Screen::PageLinkWho {
                unit: "204".into(),
                last_name: "ALVAREZ".into(),
                field: SenderField::LastName,
                checking: false,
                message: Some(Message::NoEmailForLink),
            },
        ),
        (
            "page-link-sent",
            Screen::Home {
                message: Some(Message::PageLinkSent(
                    "c\u{2022}\u{2022}\u{2022}@example.com".into(),
                )),
            },
        ),
        (
            "return-size",
            Screen::ReturnSize {
                sender: "Carmen Alvarez".into(),
                carrier: "UPS".into(),
                counts: Some([13, 11, 0, 3]),
                message: None,
            },
        ),
        (
            "return-door",
            Screen::DepositDoor {
                door: DoorView {
                    locker: locker("A02", Size::S),
                    phase: DoorPhase::Open,
                },
                recipient: "UPS".into(),
                message: None,
                shelves: Vec::new(),
                is_return: true,
            },
        ),
        (
            "return-done",
            Screen::DepositDone {
                place: Place::Locker("A02".into()),
                recipient: "UPS".into(),
                is_return: true,
            },
        ),
        (
            "collect-returns",
            Screen::CollectReturns {
                doors: vec![
                    DoorView {
                        locker: locker("A02", Size::S),
                        phase: DoorPhase::Closed,
                    },
                    DoorView {
                        locker: locker("C05", Size::M),
                        phase: DoorPhase::Open,
                    },
                ],
                next: vec![locker("E01", Size::L)],
                message: None,
            },
        ),
        (
            "pickup-with-staff",
            Screen::PickupCode {
                entered_len: 0,
                checking: false,
                message: Some(Message::WithStaff),
            },
        ),
        (
            "pickup-code",
            Screen::PickupCode {
                entered_len: 2,
                checking: false,
                message: Some(Message::WrongCode),
            },
        ),
        (
            "pickup-qr-expired",
            Screen::PickupCode {
                entered_len: 0,
                checking: false,
                message: Some(Message::Token(crate::kiosk::TokenProblem::Expired)),
            },
        ),
        (
            "pickup-qr-replaced",
            Screen::PickupCode {
                entered_len: 0,
                checking: false,
                message: Some(Message::Token(crate::kiosk::TokenProblem::Replaced)),
            },
        ),
        (
            "pickup-door",
            Screen::PickupDoor {
                doors: vec![DoorView {
                    locker: locker("B03", Size::S),
                    phase: DoorPhase::Open,
                }],
                others: vec![locker("E01", Size::M)],
                message: None,
            },
        ),
        (
            "pickup-door-two",
            Screen::PickupDoor {
                doors: vec![
                    DoorView {
                        locker: locker("B03", Size::S),
                        phase: DoorPhase::Closed,
                    },
                    DoorView {
                        locker: locker("E01", Size::M),
                        phase: DoorPhase::Open,
                    },
                ],
                others: vec![],
                message: None,
            },
        ),
        (
            "home-thanks",
            Screen::Home {
                message: Some(Message::ThankYou),
            },
        ),
        (
            "carrier-throttled",
            Screen::CarrierLogin {
                chosen: Some((CarrierId(1), "USPS".into())),
                pin_len: 0,
                checking: false,
                message: Some(Message::try_again(Timestamp(20_000), Timestamp(0))),
            },
        ),
    ]
}

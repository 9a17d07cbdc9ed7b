//! Everything that can happen: taps from the screen, results from the runtime, time passing.

use super::screen::ResidentHit;
use super::LockerRef;
use crate::domain::{CarrierId, PackageId, ResidentId, Size};

/// A key on the on-screen keypad/keyboard or from a keyboard-wedge scanner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextKey {
    Char(char),
    Backspace,
    Clear,
    Enter,
}

/// A waiting package found by its code, with the resident's other waiting packages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub package: PackageId,
    pub locker: LockerRef,
    pub others: Vec<(PackageId, LockerRef)>,
    /// The language the resident's notices are in (their screens follow it).
    pub language: String,
}

/// Why a scanned QR token does not open a door.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenProblem {
    /// Not a pickup QR code (damaged, or another code altogether).
    Unreadable,
    /// Signed by another wall, or altered.
    NotFromHere,
    /// Past its expiry.
    Expired,
    /// From a notice replaced since (a new recipient, a new code).
    Replaced,
    /// Its package was already picked up (or is no longer in a locker).
    NotWaiting,
}

/// An input to the flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    // --- from the screen ---
    Deliver,
    PickUp,
    Back,
    ChooseCarrier(CarrierId, String),
    Key(TextKey),
    DeliverAnyway,
    ChooseResident(ResidentId),
    ChooseSize(Size),
    CancelDeposit,
    /// The package does not fit the open locker: take it back, choose another size.
    DoesNotFit,
    /// Nothing on the wall fits: leave it with the package staff.
    LeaveWithStaff,
    /// Put the package in the package room.
    UseRoom,
    /// Add it to the locker the resident's other package is in.
    ShareLocker,
    /// At the package room's door: the shelf it goes on.
    ChooseShelf(String),
    NextPackage,
    Done,
    OpenOthers,
    /// Home: a resident sends a return.
    SendReturn,
    /// Home: a resident asks for a link to their own page ("My packages").
    MyPackages,
    /// The language button: this session's screens in this language.
    Language(String),
    /// A display setting's button (high contrast, larger text) on Home.
    ToggleLook(super::LookSetting),
    /// The return sender screen: type into this field.
    SenderField(super::SenderField),
    /// A carrier opens the doors of their returns, in turn.
    CollectReturns,
    /// A tap anywhere: keeps the screen alive.
    Touch,
    /// "Need more time?" answered: the screen's time starts again.
    MoreTime,
    /// A whole code read by a serial scanner or the camera.
    Scanned(String),
    /// The camera cannot be opened or stopped delivering.
    CameraProblem,
    /// Staff mode (taps and the store's answers).
    Staff(super::staff::StaffEvent),
    /// The "Need help?" panel (taps and the store's answer).
    Help(super::help::HelpEvent),

    // --- results from the runtime ---
    PinChecked {
        carrier: CarrierId,
        ok: bool,
    },
    /// Wrong PINs have blocked this carrier's log-in until then.
    PinBlocked {
        carrier: CarrierId,
        until: crate::domain::Timestamp,
    },
    TrackingChecked {
        tracking: String,
        already_in: Option<String>,
        /// The resident who told their page they expect it: chosen for the carrier.
        expected: Option<ResidentHit>,
    },
    Searched {
        query: String,
        hits: Vec<ResidentHit>,
    },
    Availability([u32; 4]),
    /// Places left in the package room.
    RoomSpace(u32),
    /// The resident's package whose locker can take this one too, if any.
    Shareable(Option<(PackageId, LockerRef)>),
    /// A place in the package room is reserved: its door, the shelves, the
    /// one suggested (in the door's `shelf`).
    RoomReserved {
        package: PackageId,
        door: LockerRef,
        shelves: Vec<String>,
    },
    Reserved {
        package: PackageId,
        locker: LockerRef,
    },
    NoneFree(Size),
    DepositStored {
        package: PackageId,
    },
    /// A typed code: the package it opens, or none (wrong, and no wait yet).
    CodeChecked(Option<Found>),
    /// Wrong codes have blocked the keypad until then (the code was wrong, or not read).
    CodeBlocked(crate::domain::Timestamp),
    /// The code typed is a package held by the package staff.
    CodeHeld,
    /// The package was recorded as left with staff.
    Held {
        package: PackageId,
    },
    /// The resident sending a return, if the unit and last name match one.
    SenderChecked(Option<ResidentHit>),
    /// The link to a resident's page went to this address (masked); none:
    /// the office has no email address for them.
    PageLinkSent(Option<String>),
    /// The returns waiting for the logged-in carrier, in wall order.
    ReturnsWaiting(Vec<(PackageId, LockerRef)>),
    /// A return's collection is recorded (`None`: it is no longer waiting).
    CollectStarted {
        package: PackageId,
        locker: Option<LockerRef>,
    },
    /// A scanned QR token: its package, or why it was refused.
    TokenChecked(Result<Found, TokenProblem>),
    PickupStarted(Vec<(PackageId, LockerRef)>),
    UnlockFailed {
        locker: crate::domain::LockerId,
    },
    DoorOpened(crate::domain::LockerId),
    DoorClosed(crate::domain::LockerId),
    /// A lock board stopped answering: its doors cannot be opened or watched.
    BoardSilent(u8),
    /// A silent lock board answers again.
    BoardBack(u8),
    /// Item sensors that changed (or were read for the first time): locker, something inside.
    Occupancy(Vec<(crate::domain::LockerId, bool)>),
    /// A store operation failed; the flow shows a plain message and keeps everything recorded.
    StoreFailed,

    // --- time ---
    Tick,
}

//! The wall's audit events by kind: the one vocabulary the wall writes and
//! the server reads. On the wire a kind is its name (a newer wall may send
//! one this build does not know: it is kept, and [`EventKind::parse`] says `None`).

macro_rules! event_kinds {
    ($($variant:ident = $name:literal,)*) => {
        /// What happened, as the audit trail and the sync name it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum EventKind {
            $($variant,)*
        }

        impl EventKind {
            /// Every kind this build knows.
            pub const ALL: &'static [EventKind] = &[$(EventKind::$variant,)*];

            /// The kind's name, as the database and the wire keep it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(EventKind::$variant => $name,)*
                }
            }

            /// The kind a name stands for, if this build knows it.
            pub fn parse(name: &str) -> Option<EventKind> {
                match name {
                    $($name => Some(EventKind::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

event_kinds! {
    AttentionResolved = "attention_resolved",
    AuditFinding = "audit_finding",
    AuditFinished = "audit_finished",
    AuditStarted = "audit_started",
    AwayEnded = "away_ended",
    AwaySet = "away_set",
    BoardOffline = "board_offline",
    BoardOnline = "board_online",
    CarrierPinWrong = "carrier_pin_wrong",
    CarriersAdded = "carriers_added",
    CarriersDisabled = "carriers_disabled",
    CarriersEnabled = "carriers_enabled",
    CarriersPinReset = "carriers_pin_reset",
    ClockSkew = "clock_skew",
    ClockUnsynced = "clock_unsynced",
    DeliveredToDoor = "delivered_to_door",
    DeliveryFailed = "delivery_failed",
    DepositCancelled = "deposit_cancelled",
    DepositReserved = "deposit_reserved",
    DoorClosed = "door_closed",
    DoorDeliveryOff = "door_delivery_off",
    DoorDeliveryOn = "door_delivery_on",
    DoorStandingEnded = "door_standing_ended",
    DoorStandingSet = "door_standing_set",
    DoorForced = "door_forced",
    DoorFoundOpen = "door_found_open",
    DoorLeftOpen = "door_left_open",
    DoorOpened = "door_opened",
    ExpectedAdded = "expected_added",
    ExpectedArrived = "expected_arrived",
    ExpectedLate = "expected_late",
    Expired = "expired",
    HandedOver = "handed_over",
    HeldByStaff = "held_by_staff",
    HoldExtended = "hold_extended",
    InFlightUnproven = "in_flight_unproven",
    LockerFaulty = "locker_faulty",
    LockerInService = "locker_in_service",
    LockerOutOfService = "locker_out_of_service",
    MovedFromRoom = "moved_from_room",
    MovedToRoom = "moved_to_room",
    NoticeChoices = "notice_choices",
    NoticeFailed = "notice_failed",
    NoticeResent = "notice_resent",
    NoticeSent = "notice_sent",
    NoticeSkipped = "notice_skipped",
    OutForDelivery = "out_for_delivery",
    OverflowLoadCancelled = "overflow_load_cancelled",
    OverflowLoading = "overflow_loading",
    PageLinkRevoked = "page_link_revoked",
    PickedUp = "picked_up",
    PickupCancelled = "pickup_cancelled",
    PickupCodeWrong = "pickup_code_wrong",
    PickupFailed = "pickup_failed",
    PickupInterrupted = "pickup_interrupted",
    PickupStarted = "pickup_started",
    ProblemReported = "problem_reported",
    RecipientChanged = "recipient_changed",
    ReminderSent = "reminder_sent",
    RemovalStarted = "removal_started",
    RemovedByStaff = "removed_by_staff",
    ResidentAdded = "resident_added",
    ResidentEdited = "resident_edited",
    ResidentsImported = "residents_imported",
    RestoredBehindServer = "restored_behind_server",
    ReturnCollected = "return_collected",
    ReturnCollecting = "return_collecting",
    ReturnReserved = "return_reserved",
    ReturnStored = "return_stored",
    ReturnUncollected = "return_uncollected",
    RoomExit = "room_exit",
    SensorDisagrees = "sensor_disagrees",
    ShelfSet = "shelf_set",
    SiteSeeded = "site_seeded",
    StaffAdded = "staff_added",
    StaffDisabled = "staff_disabled",
    StaffEnabled = "staff_enabled",
    StaffLogin = "staff_login",
    StaffLogout = "staff_logout",
    StaffOpen = "staff_open",
    StaffPinReset = "staff_pin_reset",
    StaffPinWithdrawn = "staff_pin_withdrawn",
    StaffPinWrong = "staff_pin_wrong",
    StaffTimeout = "staff_timeout",
    Stored = "stored",
    TechnicianOpen = "technician_open",
    TextsStarted = "texts_started",
    TextsStopped = "texts_stopped",
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(EventKind::parse("a_kind_from_a_newer_wall"), None);
    }
}

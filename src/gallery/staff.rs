//! The staff screens, drawn from a real store holding two weeks of made-up traffic.

use crate::domain::audit::AuditPlace;
use crate::domain::{CarrierId, Refusal, ResidentId, Role, Size, Timestamp};
use crate::kiosk::staff::{
    AccountField, AccountForm, AuditStop, AuditWalk, DirSection, ResidentField, ResidentForm,
    StaffPage, TrailBy,
};
use crate::kiosk::{Message, ResidentHit, Screen};
use crate::report::Period;
use crate::store::{DepositRequest, Finding, Store, TrailFilter};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// Store a package at `at`; returns its id.
fn store_one(
    store: &mut Store,
    n: u64,
    resident: i64,
    carrier: i64,
    size: Size,
    at: Timestamp,
) -> Result<crate::domain::PackageId, crate::store::StoreError> {
    let r = store.begin_deposit(
        &DepositRequest {
            tracking: format!("TBA{:012}", 300_000_000_000 + n),
            carrier: CarrierId(carrier),
            resident: ResidentId(resident),
            size,
            is_return: false,
            accessible_first: false,
        },
        at,
    )?;
    store.door_seen_open(r.package, at)?;
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(n);
    store.confirm_deposit(r.package, at, &mut rng)?;
    Ok(r.package)
}

/// Two weeks of deliveries and pickups ending at `now`; a few left waiting.
pub fn fill(store: &mut Store, now: Timestamp) -> Result<(), crate::store::StoreError> {
    // Days from midnight (UTC, the report's zone here), so the hours look like a day's.
    let start = Timestamp(now.0 / DAY * DAY - 14 * DAY);
    let mut n = 0u64;
    for day in 0..14i64 {
        let count = [3, 5, 4, 6, 2, 1, 4, 7, 5, 3, 6, 8, 4, 3][day as usize];
        for k in 0..count {
            n += 1;
            let at = Timestamp(start.0 + day * DAY + (9 + (k * 3 + day) % 9) * HOUR);
            let size = [Size::S, Size::M, Size::S, Size::L][(n % 4) as usize];
            let carrier = [1, 2, 2, 4, 3, 2, 4][(n % 7) as usize];
            let resident = 1 + (n * 7 % 40) as i64;
            let Ok(p) = store_one(store, n, resident, carrier, size, at) else {
                continue;
            };
            // Most are picked up within a day or two; the last days' stay.
            if day < 12 || k == 0 {
                let later = Timestamp(at.0 + (2 + (n as i64 * 5) % 40) * HOUR);
                if later.0 < now.0 {
                    store.begin_pickup(p, later)?;
                    store.confirm_pickup(p, later)?;
                }
            }
        }
    }
    Ok(())
}

fn staff(page: StaffPage, attention: usize, message: Option<Message>) -> Screen {
    Screen::Staff {
        who: "Dana Brooks".into(),
        role: Role::Staff,
        page: Box::new(page),
        attention,
        message,
    }
}

/// Every staff screen, named.
/// The audit as staff walk it: at the wall's third door, at the first
/// shelf of the package room, at the first package the staff hold, and done
/// with one package missing.
fn audit_pages(store: &Store) -> Result<[StaffPage; 4], crate::store::StoreError> {
    let stops = AuditStop::walk(store.audit_items()?, |_| false);
    let first = |want: fn(&AuditPlace) -> bool| stops.iter().position(|s| want(&s.item.place));
    let shelf = first(|p| matches!(p, AuditPlace::Shelf { .. }));
    let held = first(|p| matches!(p, AuditPlace::WithStaff));
    let (Some(shelf), Some(held)) = (shelf, held) else {
        return Err(crate::store::StoreError::NotFound(
            "packages on shelves and with staff",
        ));
    };
    let at = |at: usize| {
        StaffPage::Audit(AuditWalk {
            id: Some(1),
            stops: stops.clone(),
            at,
            findings: stops[..at]
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let f = if i == 3 {
                        Finding::Missing
                    } else {
                        Finding::Present
                    };
                    (s.item.place.clone(), f)
                })
                .collect(),
            wrong_label: false,
        })
    };
    Ok([at(2), at(shelf), at(held), at(stops.len())])
}

pub fn screens(
    store: &mut Store,
    now: Timestamp,
) -> Result<Vec<(&'static str, Screen)>, crate::store::StoreError> {
    let mut tiles = store.wall_tiles()?;
    let b04 = tiles
        .iter()
        .find(|t| t.locker.label == "B04")
        .map(|t| t.locker.id)
        .ok_or(crate::store::StoreError::NotFound("locker B04"))?;
    store.set_service(b04, false, "Door or lock damaged", "staff:Dana Brooks", now)?;
    // A resident's return waiting for UPS.
    let sent = store.begin_deposit(
        &DepositRequest {
            tracking: "1Z999AA10123456784".into(),
            carrier: CarrierId(2),
            resident: ResidentId(3),
            size: Size::M,
            is_return: true,
            accessible_first: false,
        },
        now,
    )?;
    store.door_seen_open(sent.package, now)?;
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(77);
    store.confirm_drop_off(sent.package, now, &mut rng)?;
    let return_card = store.locker_card(sent.locker.id)?;
    tiles = store.wall_tiles()?;
    // A door standing open, as the door watcher would show it.
    if let Some(t) = tiles.iter_mut().find(|t| t.locker.label == "D02") {
        t.state = crate::domain::wall::TileState::DoorOpen;
    }
    let occupied = tiles
        .iter()
        .find(|t| t.state == crate::domain::wall::TileState::Occupied)
        .map(|t| t.locker.id)
        .ok_or(crate::store::StoreError::NotFound("an occupied locker"))?;
    let card = store.locker_card(occupied)?;
    let report = store.report(Period::last_days(now, 14, 0))?;
    let trail = store.trail(&TrailFilter::default(), 60)?;
    let package = card
        .package
        .clone()
        .ok_or(crate::store::StoreError::NotFound("a package"))?;
    // Its resident goes away for five days: the card says so.
    let back = now.plus_ms(5 * 86_400_000);
    store.set_away(package.resident_id, now, back, "staff:Dana Brooks", now)?;
    let away_card = store.locker_card(occupied)?;
    let residents = store.find_residents("", 40)?;
    let carmen = residents
        .iter()
        .find(|r| r.name == "Carmen Alvarez")
        .cloned()
        .ok_or(crate::store::StoreError::NotFound("Carmen"))?;
    let staff_accounts = store.accounts(crate::store::AccountKind::Staff)?;
    // Two packages left with staff at the peak, one being loaded.
    for (n, (resident, size)) in [(7, Size::XL), (19, Size::M)].into_iter().enumerate() {
        let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(n as u64);
        store.hold_with_staff(
            &DepositRequest {
                tracking: format!("1Z999AA1012345{:04}", 6780 + n),
                carrier: CarrierId(2),
                resident: ResidentId(resident),
                size,
                is_return: false,
                accessible_first: false,
            },
            Timestamp(now.0 - (3 - n as i64) * HOUR),
            &mut rng,
        )?;
    }
    let held = store.held_packages()?;
    // Three packages on the room's shelves, one being moved.
    let mut in_room = Vec::new();
    for (n, resident) in [(0u64, 11), (1, 23), (2, 30)] {
        let r = store.begin_room_deposit(
            &DepositRequest {
                tracking: format!("TBA{:012}", 400_000_000_000 + n),
                carrier: CarrierId(4),
                resident: ResidentId(resident),
                size: Size::XL,
                is_return: false,
                accessible_first: false,
            },
            Timestamp(now.0 - (5 - n as i64) * HOUR),
        )?;
        store.door_seen_open(r.package, now)?;
        let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(50 + n);
        store.confirm_deposit(r.package, now, &mut rng)?;
        in_room.push(r.package);
    }
    // Door deliveries: two residents asked for it in the directory, one on
    // their page for the evenings this week; one package is out already,
    // one is asked for the morning.
    for id in [14, 35] {
        store
            .connection()
            .execute("UPDATE residents SET door_delivery = 1 WHERE id = ?1", [id])?;
    }
    let week = now.plus_ms(7 * 24 * HOUR);
    let evening = Some(crate::domain::DoorWindow::Evening);
    store.set_door_standing(ResidentId(26), week, evening, "resident:26 (own page)", now)?;
    let mut run_packages = Vec::new();
    for (n, resident) in [(0u64, 14), (1, 26), (2, 35), (3, 14)] {
        if let Ok(p) = store_one(store, 900 + n, resident, 2, Size::S, now) {
            run_packages.push(p);
        }
    }
    if let Some(p) = run_packages.first() {
        store.taken_out_for_delivery(*p, "staff:Dana Brooks", now)?;
    }
    if let Some(p) = run_packages.get(3) {
        let morning = Some(crate::domain::DoorWindow::Morning);
        store.set_door_delivery(*p, true, morning, "resident:14 (own page)", now)?;
    }
    let run = store.delivery_run()?;
    let room = store
        .room()?
        .ok_or(crate::store::StoreError::NotFound("the package room"))?;
    let room_view = crate::kiosk::staff::RoomView {
        door: crate::kiosk::LockerRef {
            id: room.door.id,
            label: room.door.label.clone(),
            size: room.door.size,
            shelf: None,
        },
        shelves: room.shelves.iter().map(|s| s.label.clone()).collect(),
        packages: store.room_packages()?,
        moving: Some(in_room[1]),
    };
    let [in_progress, on_shelf, with_staff, finished] = audit_pages(store)?;
    let attention = store.open_attention()?;
    let loading = crate::kiosk::staff::Loading {
        package: held[1].package,
        tracking: held[1].tracking.clone(),
        door: crate::kiosk::DoorView {
            locker: crate::kiosk::LockerRef {
                id: tiles[0].locker.id,
                label: "B06".into(),
                size: Size::M,
                shelf: None,
            },
            phase: crate::kiosk::DoorPhase::Open,
        },
    };
    Ok(vec![
        (
            "staff-pin",
            Screen::StaffPin {
                pin_len: 2,
                checking: false,
                message: Some(Message::WrongPin),
            },
        ),
        (
            "staff-wall",
            staff(
                StaffPage::Wall {
                    tiles: tiles.clone(),
                    card: None,
                    ask: None,
                },
                attention.len(),
                None,
            ),
        ),
        (
            "staff-wall-card",
            staff(
                StaffPage::Wall {
                    tiles: tiles.clone(),
                    card: Some(card.clone()),
                    ask: None,
                },
                attention.len(),
                None,
            ),
        ),
        (
            "staff-wall-card-away",
            staff(
                StaffPage::Wall {
                    tiles: tiles.clone(),
                    card: Some(away_card),
                    ask: None,
                },
                attention.len(),
                None,
            ),
        ),
        (
            "staff-wall-card-return",
            staff(
                StaffPage::Wall {
                    tiles: tiles.clone(),
                    card: Some(return_card),
                    ask: None,
                },
                attention.len(),
                None,
            ),
        ),
        (
            "staff-wall-remove",
            staff(
                StaffPage::Wall {
                    tiles: tiles.clone(),
                    card: Some(card.clone()),
                    ask: Some(crate::kiosk::staff::Ask::Remove),
                },
                attention.len(),
                None,
            ),
        ),
        (
            "staff-overflow",
            staff(
                StaffPage::Overflow {
                    held: held.clone(),
                    loading: None,
                    room: Some(room_view.clone()),
                },
                attention.len(),
                None,
            ),
        ),
        (
            "staff-overflow-loading",
            staff(
                StaffPage::Overflow {
                    held: held.clone(),
                    loading: Some(loading),
                    room: None,
                },
                attention.len(),
                None,
            ),
        ),
        (
            "staff-deliveries",
            staff(
                StaffPage::Deliveries {
                    stops: run,
                    queue: Vec::new(),
                    opening: None,
                },
                attention.len(),
                None,
            ),
        ),
        (
            "staff-attention",
            staff(
                StaffPage::Attention {
                    items: attention.clone(),
                },
                attention.len(),
                Some(Message::Saved),
            ),
        ),
        (
            "staff-report",
            staff(
                StaffPage::Report {
                    days: 14,
                    report: Some(Box::new(report)),
                },
                attention.len(),
                None,
            ),
        ),
        ("staff-audit", staff(in_progress, attention.len(), None)),
        ("staff-audit-shelf", staff(on_shelf, attention.len(), None)),
        ("staff-audit-held", staff(with_staff, attention.len(), None)),
        ("staff-audit-done", staff(finished, attention.len(), None)),
        (
            "staff-trail",
            staff(
                StaffPage::Trail {
                    by: TrailBy::Locker,
                    query: String::new(),
                    rows: trail,
                },
                attention.len(),
                None,
            ),
        ),
        (
            "staff-directory",
            staff(
                StaffPage::Directory {
                    section: DirSection::Residents,
                    query: String::new(),
                    residents,
                    accounts: Vec::new(),
                    resident: Some(ResidentForm {
                        record: carmen,
                        field: ResidentField::Email,
                    }),
                    account: None,
                },
                attention.len(),
                None,
            ),
        ),
        (
            "staff-accounts",
            staff(
                StaffPage::Directory {
                    section: DirSection::Staff,
                    query: String::new(),
                    residents: Vec::new(),
                    accounts: staff_accounts,
                    resident: None,
                    account: Some(AccountForm {
                        id: None,
                        name: "Lee Park".into(),
                        role: Role::Maintenance,
                        pin_len: 6,
                        field: AccountField::Pin,
                    }),
                },
                attention.len(),
                Some(Message::Refused(Refusal::PinUnusable)),
            ),
        ),
        (
            "staff-recipient",
            staff(
                StaffPage::Recipient {
                    locker_id: card.tile.locker.id,
                    locker: card.tile.locker.label.clone(),
                    package,
                    query: "KIM".into(),
                    results: vec![ResidentHit {
                        id: ResidentId(33),
                        name: "Grace Kim".into(),
                        unit: "303".into(),
                        building: "C".into(),
                    }],
                },
                attention.len(),
                None,
            ),
        ),
    ])
}

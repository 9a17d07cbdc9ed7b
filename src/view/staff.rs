//! The `Staff` global: the staff PIN and the staff screens.

use super::{send, Events};
use crate::domain::audit::AuditPlace;
use crate::domain::wall::{size_counts, Removal, TileState};
use crate::domain::{LockerId, PackageId, ResidentId, Size, Timestamp};
use crate::kiosk::staff::{
    AccountField, Ask, DirSection, ResidentField, StaffEvent, StaffPage, Tab, TrailBy,
    SERVICE_REASONS,
};
use crate::kiosk::{Event, Screen};
use crate::store::Finding;
use crate::ui::{
    AppWindow, AttentionRow, BarItem, DirAccount, DirResident, FindingItem, HeldRow, OccupancyRow,
    RoomRow, RunRow, SizeCount, Staff, StaffPageId, TileItem, TileKind, TrailItem,
};
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

fn model<T: Clone + 'static>(items: Vec<T>) -> ModelRc<T> {
    ModelRc::new(VecModel::from(items))
}

fn staff(events: &Events, e: StaffEvent) {
    send(events, Event::Staff(e));
}

pub(super) fn bind(ui: &AppWindow, events: Events) {
    let g = ui.global::<Staff>();
    macro_rules! on {
        ($set:ident, |$arg:ident: $t:ty| $event:expr) => {{
            let e = events.clone();
            g.$set(move |$arg: $t| staff(&e, $event));
        }};
        ($set:ident, $event:expr) => {{
            let e = events.clone();
            g.$set(move || staff(&e, $event));
        }};
    }
    on!(on_enter, StaffEvent::Enter);
    on!(on_logout, StaffEvent::Logout);
    on!(on_close_card, StaffEvent::CloseCard);
    on!(on_open_door, StaffEvent::OpenDoor);
    on!(on_ask_out_of_service, StaffEvent::AskOutOfService);
    on!(on_return_to_service, StaffEvent::ReturnToService);
    on!(on_ask_remove, StaffEvent::AskRemove);
    on!(on_cancel_ask, StaffEvent::CancelAsk);
    on!(on_resend, StaffEvent::Resend);
    on!(on_ask_change_recipient, StaffEvent::AskChangeRecipient);
    on!(on_start_audit, StaffEvent::StartAudit);
    on!(on_stop_audit, StaffEvent::StopAudit);
    on!(on_tab, |page: StaffPageId| StaffEvent::Tab(match page {
        StaffPageId::Attention => Tab::Attention,
        StaffPageId::Overflow => Tab::Overflow,
        StaffPageId::Deliveries => Tab::Deliveries,
        StaffPageId::Report => Tab::Reports,
        StaffPageId::Audit => Tab::Audit,
        StaffPageId::Trail => Tab::Trail,
        StaffPageId::Directory => Tab::Directory,
        StaffPageId::Wall | StaffPageId::Recipient => Tab::Wall,
    }));
    on!(on_locker, |id: i32| StaffEvent::Locker(LockerId(id.into())));
    on!(on_out_of_service, |r: SharedString| {
        StaffEvent::OutOfService(r.to_string())
    });
    on!(on_remove, |i: i32| StaffEvent::Remove(
        Removal::ALL[(i.clamp(0, 3)) as usize]
    ));
    on!(on_choose_recipient, |id: i32| StaffEvent::ChooseRecipient(
        ResidentId(id.into())
    ));
    on!(on_attention_go, |id: i32| StaffEvent::AttentionGo(
        id.into()
    ));
    on!(on_resolve, |id: i32| StaffEvent::Resolve(id.into()));
    on!(on_load, |id: i32| StaffEvent::Load(PackageId(id.into())));
    on!(on_ask_move, |id: i32| StaffEvent::AskMove(PackageId(
        id.into()
    )));
    on!(on_move_to, |s: SharedString| StaffEvent::MoveTo(
        s.to_string()
    ));
    on!(on_take_out_all, StaffEvent::TakeOutAll);
    on!(on_delivered, |id: i32| StaffEvent::Delivered(PackageId(
        id.into()
    )));
    on!(on_not_delivered, |id: i32| StaffEvent::NotDelivered(
        PackageId(id.into())
    ));
    on!(on_package_to_door, StaffEvent::PackageToDoor(true));
    on!(on_room_to_locker, |id: i32| StaffEvent::RoomToLocker(
        PackageId(id.into())
    ));
    {
        let e = events.clone();
        g.on_take_out(move |id, removal| {
            staff(
                &e,
                StaffEvent::TakeOut(
                    PackageId(id.into()),
                    Removal::ALL[removal.clamp(0, 3) as usize],
                ),
            )
        });
    }
    on!(on_hand_over, |id: i32| StaffEvent::HandOver(PackageId(
        id.into()
    )));
    on!(on_report_days_chosen, |d: i32| StaffEvent::ReportDays(
        d.max(1) as u32
    ));
    on!(on_answer, |i: i32| StaffEvent::Answer(finding(i)));
    on!(on_trail_by_chosen, |i: i32| StaffEvent::TrailBy(match i {
        1 => TrailBy::Tracking,
        2 => TrailBy::Resident,
        3 => TrailBy::Staff,
        _ => TrailBy::Locker,
    }));
    on!(on_dir_section_chosen, |i: i32| StaffEvent::DirSection(
        match i {
            1 => DirSection::Carriers,
            2 => DirSection::Staff,
            _ => DirSection::Residents,
        }
    ));
    on!(on_edit_resident, |id: i32| StaffEvent::EditResident(
        id.into()
    ));
    on!(on_form_field_chosen, |i: i32| StaffEvent::ResidentField(
        match i {
            1 => ResidentField::Unit,
            2 => ResidentField::Building,
            3 => ResidentField::Email,
            4 => ResidentField::Phone,
            _ => ResidentField::Name,
        }
    ));
    on!(on_toggle_language, StaffEvent::ToggleLanguage);
    on!(on_toggle_door, StaffEvent::ToggleDoorDelivery);
    on!(on_toggle_accessible, StaffEvent::ToggleAccessible);
    on!(on_toggle_active, StaffEvent::ToggleActive);
    on!(on_save_form, StaffEvent::SaveResident);
    on!(on_cancel_form, StaffEvent::CancelForm);
    on!(on_add_account, StaffEvent::AddAccount);
    on!(on_new_pin, |id: i32| StaffEvent::NewPin(id.into()));
    on!(on_account_field_chosen, |i: i32| StaffEvent::AccountField(
        if i == 1 {
            AccountField::Pin
        } else {
            AccountField::Name
        }
    ));
    on!(on_toggle_role, StaffEvent::ToggleRole);
    on!(on_save_account, StaffEvent::SaveAccount);
    {
        let e = events.clone();
        g.on_set_account_active(move |id, active| {
            staff(&e, StaffEvent::SetAccountActive(id.into(), active))
        });
    }
    let reasons: Vec<SharedString> = SERVICE_REASONS.iter().map(|r| (*r).into()).collect();
    g.set_service_reasons(model(reasons));
}

fn kind(s: TileState) -> TileKind {
    match s {
        TileState::Free => TileKind::Free,
        TileState::Occupied => TileKind::Occupied,
        TileState::Reserved => TileKind::Reserved,
        TileState::DoorOpen => TileKind::DoorOpen,
        TileState::OutOfService => TileKind::OutOfService,
        TileState::Fault => TileKind::Fault,
    }
}

/// "Nov 26 14:05" (or "26 nov 14:05"...), in the kiosk's zone and the
/// screens' language.
fn when(t: Timestamp, language: &str) -> String {
    crate::notify::dates::short(t, language, None)
}

/// Where an audit looks, as the audit page's `audit-where` numbers it (0 a
/// locker, 1 a shelf in the package room, 2 with the staff), and its label.
fn audit_place(place: &AuditPlace) -> (i32, &str) {
    match place {
        AuditPlace::Locker(tile) => (0, tile.locker.label.as_str()),
        AuditPlace::Shelf { shelf, .. } => (1, shelf.as_str()),
        AuditPlace::WithStaff => (2, ""),
    }
}

/// A finding by the number the audit's buttons send and `Words.finding` reads.
fn finding(n: i32) -> Finding {
    usize::try_from(n)
        .ok()
        .and_then(|n| Finding::ALL.get(n).copied())
        .unwrap_or(Finding::NotOpened)
}

fn finding_number(f: Finding) -> i32 {
    Finding::ALL.iter().position(|x| *x == f).unwrap_or(5) as i32
}

/// Hours with one decimal, or days past two days: "5.5 h", "3.2 d" (the
/// decimal mark of the screens' language).
fn duration(ms: Option<i64>, language: &str) -> String {
    use crate::notify::dates::one_decimal;
    match ms {
        None => "–".into(),
        Some(ms) if ms >= 48 * 3_600_000 => {
            format!("{} d", one_decimal(ms as f64 / 86_400_000.0, language))
        }
        Some(ms) => format!("{} h", one_decimal(ms as f64 / 3_600_000.0, language)),
    }
}

pub(super) fn apply(ui: &AppWindow, screen: &Screen) {
    let g = ui.global::<Staff>();
    match screen {
        Screen::StaffPin {
            pin_len, checking, ..
        } => {
            g.set_pin_length(*pin_len as i32);
            g.set_checking(*checking);
        }
        Screen::Staff {
            who,
            role,
            page,
            attention,
            ..
        } => {
            g.set_who(who.as_str().into());
            g.set_maintenance(!role.handles_packages());
            g.set_attention_count(*attention as i32);
            // Dates and decimals in the screens' language.
            let lang = ui.global::<crate::ui::Kiosk>().get_language();
            apply_page(&g, page, &lang);
        }
        _ => {}
    }
}

fn apply_page(g: &Staff<'_>, page: &StaffPage, lang: &str) {
    match page {
        StaffPage::Wall { tiles, card, ask } => {
            g.set_page(StaffPageId::Wall);
            let selected = card.as_ref().map(|c| c.tile.locker.id);
            let items: Vec<TileItem> = tiles
                .iter()
                .map(|t| TileItem {
                    id: t.locker.id.0 as i32,
                    label: t.locker.label.as_str().into(),
                    column: t.locker.column as i32,
                    row: t.locker.row as i32,
                    height: t.locker.height as i32,
                    kind: kind(t.state),
                    expired: t.expired,
                    accessible: t.locker.accessible,
                    selected: Some(t.locker.id) == selected,
                })
                .collect();
            g.set_columns(tiles.iter().map(|t| t.locker.column + 1).max().unwrap_or(1) as i32);
            g.set_rows(
                tiles
                    .iter()
                    .map(|t| t.locker.row + t.locker.height)
                    .max()
                    .unwrap_or(1) as i32,
            );
            g.set_tiles(model(items));
            let counts: Vec<SizeCount> = size_counts(tiles)
                .iter()
                .zip(Size::ALL)
                .filter(|((_, total), _)| *total > 0)
                .map(|((free, total), size)| SizeCount {
                    size: size.code().into(),
                    free: *free as i32,
                    total: *total as i32,
                })
                .collect();
            g.set_counts(model(counts));
            g.set_card_open(card.is_some());
            g.set_ask(match ask {
                None => 0,
                Some(Ask::OutOfService) => 1,
                Some(Ask::Remove) => 2,
            });
            if let Some(c) = card {
                g.set_card_label(c.tile.locker.label.as_str().into());
                g.set_card_size(c.tile.locker.size.code().into());
                g.set_card_kind(kind(c.tile.state));
                g.set_card_reason(c.reason.clone().unwrap_or_default().into());
                g.set_card_has_package(c.package.is_some());
                if let Some(p) = &c.package {
                    g.set_card_tracking(p.tracking.as_str().into());
                    g.set_card_resident(
                        format!("{} ({}-{})", p.resident, p.building, p.unit).into(),
                    );
                    g.set_card_carrier(
                        if p.carrier.is_empty() {
                            "a carrier"
                        } else {
                            p.carrier.as_str()
                        }
                        .into(),
                    );
                    g.set_card_since(when(p.since, lang).into());
                    g.set_card_expired(p.expired);
                    g.set_card_return(p.is_return);
                }
            }
        }
        StaffPage::Attention { items } => {
            g.set_page(StaffPageId::Attention);
            let rows: Vec<AttentionRow> = items
                .iter()
                .map(|i| AttentionRow {
                    id: i.id as i32,
                    when: when(i.created_at, lang).into(),
                    message: i.message.as_str().into(),
                    has_locker: i.locker.is_some(),
                })
                .collect();
            g.set_items(model(rows));
        }
        StaffPage::Deliveries { stops, opening, .. } => {
            g.set_page(StaffPageId::Deliveries);
            let mut last = String::new();
            let rows: Vec<RunRow> = stops
                .iter()
                .map(|st| {
                    let group = format!("Building {}, floor {}", st.building, st.floor);
                    let first = group != last;
                    last = group.clone();
                    RunRow {
                        id: st.package.0 as i32,
                        tracking: st.tracking.as_str().into(),
                        resident: format!("{} ({})", st.resident, st.unit).into(),
                        group: group.into(),
                        first_in_group: first,
                        at: st.at.clone().unwrap_or_default().into(),
                        out: st.out,
                    }
                })
                .collect();
            g.set_run_to_take(stops.iter().filter(|s| !s.out && s.door.is_some()).count() as i32);
            g.set_run(model(rows));
            g.set_run_opening(opening.is_some());
            if let Some(d) = opening {
                g.set_run_door(d.locker.label.as_str().into());
                g.set_run_door_state(super::deposit::door_state(d.phase));
            }
        }
        StaffPage::Overflow {
            held,
            loading,
            room,
        } => {
            g.set_room_open(room.is_some());
            if let Some(r) = room {
                g.set_room_label(r.door.label.as_str().into());
                g.set_room_shelves(model(
                    r.shelves
                        .iter()
                        .map(|s| SharedString::from(s.as_str()))
                        .collect(),
                ));
                g.set_room_packages(model(
                    r.packages
                        .iter()
                        .map(|p| RoomRow {
                            id: p.package.0 as i32,
                            tracking: p.tracking.as_str().into(),
                            resident: p.resident.as_str().into(),
                            shelf: p.shelf.as_str().into(),
                            since: when(p.since, lang).into(),
                            moving: r.moving == Some(p.package),
                        })
                        .collect(),
                ));
            }
            g.set_page(StaffPageId::Overflow);
            let rows: Vec<HeldRow> = held
                .iter()
                .map(|h| HeldRow {
                    id: h.package.0 as i32,
                    tracking: h.tracking.as_str().into(),
                    resident: format!("{} ({}-{})", h.resident, h.building, h.unit).into(),
                    size: h.size.code().into(),
                    carrier: h.carrier.as_str().into(),
                    since: when(h.held_at, lang).into(),
                })
                .collect();
            g.set_held(model(rows));
            g.set_loading_open(loading.is_some());
            if let Some(l) = loading {
                g.set_loading_locker(l.door.locker.label.as_str().into());
                g.set_loading_tracking(l.tracking.as_str().into());
                g.set_loading_door(super::deposit::door_state(l.door.phase));
            }
        }
        StaffPage::Report { days, report } => {
            g.set_page(StaffPageId::Report);
            g.set_report_days(*days as i32);
            g.set_report_ready(report.is_some());
            if let Some(r) = report {
                g.set_deliveries(r.deliveries() as i32);
                g.set_picked_up(r.picked_up as i32);
                g.set_expired(r.expired as i32);
                g.set_dwell_median(duration(r.dwell_median_ms, lang).into());
                g.set_dwell_p90(duration(r.dwell_p90_ms, lang).into());
                g.set_peak_hour(
                    r.peak_hour()
                        .map_or("–".into(), |h| format!("{h:02}:00"))
                        .into(),
                );
                let per_day: Vec<BarItem> = r
                    .per_day
                    .iter()
                    .map(|(d, n)| BarItem {
                        label: d.short().into(),
                        value: *n as i32,
                    })
                    .collect();
                g.set_per_day_max(per_day.iter().map(|b| b.value).max().unwrap_or(1).max(1));
                g.set_per_day(model(per_day));
                let carriers: Vec<BarItem> = r
                    .per_carrier
                    .iter()
                    .map(|(c, n)| BarItem {
                        label: c.as_str().into(),
                        value: *n as i32,
                    })
                    .collect();
                g.set_per_carrier(model(carriers));
                let hours: Vec<i32> = r.deliveries_by_hour.iter().map(|n| *n as i32).collect();
                g.set_hours_max(hours.iter().copied().max().unwrap_or(1).max(1));
                g.set_hours(model(hours));
                let occupancy: Vec<OccupancyRow> = Size::ALL
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| r.capacity[*i] > 0)
                    .map(|(i, s)| OccupancyRow {
                        size: s.code().into(),
                        capacity: r.capacity[i] as i32,
                        days: model(r.occupancy.iter().map(|(_, n)| n[i] as i32).collect()),
                    })
                    .collect();
                g.set_occupancy(model(occupancy));
            }
        }
        StaffPage::Audit(walk) => {
            g.set_page(StaffPageId::Audit);
            g.set_audit_started(walk.id.is_some());
            g.set_audit_finished(walk.finished());
            g.set_audit_at(walk.at as i32);
            g.set_audit_total(walk.stops.len() as i32);
            g.set_audit_wrong_label(walk.wrong_label);
            g.set_audit_discrepancies(walk.discrepancies() as i32);
            if let Some(stop) = walk.current() {
                let (place, label) = audit_place(&stop.item.place);
                g.set_audit_where(place);
                g.set_audit_locker(label.into());
                g.set_audit_room(
                    stop.item
                        .place
                        .door()
                        .map_or("", |d| d.label.as_str())
                        .into(),
                );
                g.set_audit_sensor_only(stop.sensor_only);
                if let Some(p) = &stop.item.package {
                    g.set_audit_tracking(p.tracking.as_str().into());
                    g.set_audit_resident(
                        format!("{} ({}-{})", p.resident, p.building, p.unit).into(),
                    );
                    g.set_audit_since(when(p.since, lang).into());
                }
            }
            // Findings are made in stop order, so each stop names its package.
            let findings: Vec<FindingItem> = walk
                .findings
                .iter()
                .zip(&walk.stops)
                .map(|((place, f), stop)| FindingItem {
                    place: audit_place(place).0,
                    locker: audit_place(place).1.into(),
                    tracking: stop
                        .item
                        .package
                        .as_ref()
                        .map_or("", |p| p.tracking.as_str())
                        .into(),
                    finding: finding_number(*f),
                    bad: f.is_discrepancy(),
                })
                .collect();
            g.set_audit_findings(model(findings));
        }
        StaffPage::Trail { by, query, rows } => {
            g.set_page(StaffPageId::Trail);
            g.set_trail_by(match by {
                TrailBy::Locker => 0,
                TrailBy::Tracking => 1,
                TrailBy::Resident => 2,
                TrailBy::Staff => 3,
            });
            g.set_trail_query(query.as_str().into());
            let items: Vec<TrailItem> = rows
                .iter()
                .map(|r| TrailItem {
                    when: when(r.at, lang).into(),
                    kind: r.kind.replace('_', " ").into(),
                    actor: r.actor.trim_start_matches("staff:").into(),
                    locker: r.locker.clone().unwrap_or_default().into(),
                    package: match (&r.tracking, &r.resident) {
                        (Some(t), Some(res)) => format!("{t} · {res}"),
                        (Some(t), None) => t.clone(),
                        _ => String::new(),
                    }
                    .into(),
                    detail: r.detail.as_str().into(),
                })
                .collect();
            g.set_trail(model(items));
        }
        StaffPage::Directory {
            section,
            query,
            residents,
            accounts,
            resident,
            account,
        } => {
            g.set_page(StaffPageId::Directory);
            g.set_dir_section(match section {
                DirSection::Residents => 0,
                DirSection::Carriers => 1,
                DirSection::Staff => 2,
            });
            g.set_dir_query(query.as_str().into());
            let rows: Vec<DirResident> = residents
                .iter()
                .map(|r| DirResident {
                    id: r.id as i32,
                    name: r.name.as_str().into(),
                    place: if r.building.is_empty() {
                        r.unit.clone()
                    } else {
                        format!("{}-{}", r.building, r.unit)
                    }
                    .into(),
                    email: r.email.clone().unwrap_or_default().into(),
                    active: r.active,
                    door_delivery: r.door_delivery,
                })
                .collect();
            g.set_dir_residents(model(rows));
            let rows: Vec<DirAccount> = accounts
                .iter()
                .map(|a| DirAccount {
                    id: a.id as i32,
                    name: a.name.as_str().into(),
                    role: a.role.map_or("carrier", |r| r.as_str()).into(),
                    active: a.active,
                })
                .collect();
            g.set_dir_accounts(model(rows));
            g.set_form_open(resident.is_some());
            if let Some(f) = resident {
                let r = &f.record;
                g.set_form_new(r.id == 0);
                g.set_form_field(match f.field {
                    ResidentField::Name => 0,
                    ResidentField::Unit => 1,
                    ResidentField::Building => 2,
                    ResidentField::Email => 3,
                    ResidentField::Phone => 4,
                });
                g.set_form_name(r.name.as_str().into());
                g.set_form_unit(r.unit.as_str().into());
                g.set_form_building(r.building.as_str().into());
                g.set_form_email(r.email.clone().unwrap_or_default().into());
                g.set_form_phone(r.phone.clone().unwrap_or_default().into());
                g.set_form_language(r.language.as_str().into());
                g.set_form_door(r.door_delivery);
                g.set_form_accessible(r.accessible);
                g.set_form_active(r.active);
            }
            g.set_account_open(account.is_some());
            if let Some(a) = account {
                g.set_account_new(a.id.is_none());
                g.set_account_name(a.name.as_str().into());
                g.set_account_maintenance(a.role == crate::domain::Role::Maintenance);
                g.set_account_pin_length(a.pin_len as i32);
                g.set_account_field(match a.field {
                    AccountField::Name => 0,
                    AccountField::Pin => 1,
                });
            }
        }
        StaffPage::Recipient {
            package,
            locker,
            query,
            results,
            ..
        } => {
            g.set_page(StaffPageId::Recipient);
            g.set_recipient_package(
                format!(
                    "{} in {locker} (now for {})",
                    package.tracking, package.resident
                )
                .into(),
            );
            g.set_recipient_query(query.as_str().into());
            g.set_recipient_results(super::deposit::resident_items(results));
        }
    }
}

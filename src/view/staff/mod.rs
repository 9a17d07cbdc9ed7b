//! The `Staff` global: the staff PIN and the staff screens.

use super::{send, Events};
use crate::domain::audit::AuditPlace;
use crate::domain::wall::{size_counts, Removal, TileState};
use crate::domain::{DoorWindow, LockerId, PackageId, ResidentId, Size, Timestamp};
use crate::kiosk::staff::{
    AccountField, Ask, DirSection, ResidentField, StaffEvent, StaffPage, Tab, TrailBy,
    SERVICE_REASONS,
};
use crate::kiosk::{Event, Screen};
use crate::store::Finding;
use crate::ui::{
    AccountFieldId, AppWindow, AttentionRow, AuditWhereId, BarItem, DirAccount, DirResident,
    DirSectionId, DoorWindowId, FindingId, FindingItem, HeldRow, OccupancyRow, RemovalId,
    ResidentFieldId, RoomRow, RunRow, SizeCount, Staff, StaffAskId, StaffAttention, StaffAudit,
    StaffDeliveries, StaffDirectory, StaffOverflow, StaffPageId, StaffRecipient, StaffReport,
    StaffTrail, StaffWall, TileItem, TileKind, TrailById, TrailItem,
};
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

mod attention;
mod audit;
mod deliveries;
mod directory;
mod overflow;
mod recipient;
mod report;
mod trail;
mod wall;

fn model<T: Clone + 'static>(items: Vec<T>) -> ModelRc<T> {
    ModelRc::new(VecModel::from(items))
}

fn staff(events: &Events, e: StaffEvent) {
    send(events, Event::Staff(e));
}

/// A callback without arguments that sends one staff event.
fn tap(events: &Events, e: StaffEvent) -> impl Fn() + 'static {
    let events = events.clone();
    move || staff(&events, e.clone())
}

/// A callback whose argument makes the staff event it sends.
fn with<A>(events: &Events, f: impl Fn(A) -> StaffEvent + 'static) -> impl Fn(A) + 'static {
    let events = events.clone();
    move |a| staff(&events, f(a))
}

/// A callback with two arguments that make the staff event it sends.
fn with2<A, B>(
    events: &Events,
    f: impl Fn(A, B) -> StaffEvent + 'static,
) -> impl Fn(A, B) + 'static {
    let events = events.clone();
    move |a, b| staff(&events, f(a, b))
}

/// Every staff callback, page by page.
pub(super) fn bind(ui: &AppWindow, events: Events) {
    let g = ui.global::<Staff>();
    g.on_enter(tap(&events, StaffEvent::Enter));
    g.on_logout(tap(&events, StaffEvent::Logout));
    g.on_tab(with(&events, |page: StaffPageId| {
        StaffEvent::Tab(tab(page))
    }));
    wall::bind(&ui.global::<StaffWall>(), &events);
    attention::bind(&ui.global::<StaffAttention>(), &events);
    overflow::bind(&ui.global::<StaffOverflow>(), &events);
    deliveries::bind(&ui.global::<StaffDeliveries>(), &events);
    report::bind(&ui.global::<StaffReport>(), &events);
    audit::bind(&ui.global::<StaffAudit>(), &events);
    trail::bind(&ui.global::<StaffTrail>(), &events);
    recipient::bind(&ui.global::<StaffRecipient>(), &events);
    directory::bind(&ui.global::<StaffDirectory>(), &events);
}

/// The flow's tab for the page the view asks for.
fn tab(page: StaffPageId) -> Tab {
    match page {
        StaffPageId::Attention => Tab::Attention,
        StaffPageId::Overflow => Tab::Overflow,
        StaffPageId::Deliveries => Tab::Deliveries,
        StaffPageId::Report => Tab::Reports,
        StaffPageId::Audit => Tab::Audit,
        StaffPageId::Trail => Tab::Trail,
        StaffPageId::Directory => Tab::Directory,
        StaffPageId::Wall | StaffPageId::Recipient => Tab::Wall,
    }
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

/// "Nov 27" (or "27 nov"...), in the kiosk's zone and the screens' language.
fn day(t: Timestamp, language: &str) -> String {
    crate::notify::dates::short_day(t, language, None)
}

/// Where an audit looks, as the audit page shows it, and its label.
fn audit_place(place: &AuditPlace) -> (AuditWhereId, &str) {
    match place {
        AuditPlace::Locker(tile) => (AuditWhereId::Locker, tile.locker.label.as_str()),
        AuditPlace::Shelf { shelf, .. } => (AuditWhereId::Shelf, shelf.as_str()),
        AuditPlace::WithStaff => (AuditWhereId::WithStaff, ""),
    }
}

/// The finding an audit button names.
fn finding(f: FindingId) -> Finding {
    match f {
        FindingId::Present => Finding::Present,
        FindingId::Missing => Finding::Missing,
        FindingId::Other => Finding::Other,
        FindingId::Empty => Finding::Empty,
        FindingId::FoundItem => Finding::FoundItem,
        FindingId::NotOpened => Finding::NotOpened,
    }
}

/// A finding as the audit's list shows it.
fn finding_id(f: Finding) -> FindingId {
    match f {
        Finding::Present => FindingId::Present,
        Finding::Missing => FindingId::Missing,
        Finding::Other => FindingId::Other,
        Finding::Empty => FindingId::Empty,
        Finding::FoundItem => FindingId::FoundItem,
        Finding::NotOpened => FindingId::NotOpened,
    }
}

/// Where a package a staff member took out went, as the button names it.
fn removal(r: RemovalId) -> Removal {
    match r {
        RemovalId::ToResident => Removal::HandedToResident,
        RemovalId::ToSender => Removal::ReturnedToSender,
        RemovalId::ToRoom => Removal::PackageRoom,
        RemovalId::ToOffice => Removal::Office,
    }
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
            apply_page(ui, page, &lang);
        }
        _ => {}
    }
}

/// Show `page` on its own global, then bring it up.
fn apply_page(ui: &AppWindow, page: &StaffPage, lang: &str) {
    let id = match page {
        StaffPage::Wall { .. } => {
            wall::show(&ui.global::<StaffWall>(), page, lang);
            StaffPageId::Wall
        }
        StaffPage::Attention { .. } => {
            attention::show(&ui.global::<StaffAttention>(), page, lang);
            StaffPageId::Attention
        }
        StaffPage::Deliveries { .. } => {
            deliveries::show(&ui.global::<StaffDeliveries>(), page);
            StaffPageId::Deliveries
        }
        StaffPage::Overflow { .. } => {
            overflow::show(&ui.global::<StaffOverflow>(), page, lang);
            StaffPageId::Overflow
        }
        StaffPage::Report { .. } => {
            report::show(&ui.global::<StaffReport>(), page, lang);
            StaffPageId::Report
        }
        StaffPage::Audit(_) => {
            audit::show(&ui.global::<StaffAudit>(), page, lang);
            StaffPageId::Audit
        }
        StaffPage::Trail { .. } => {
            trail::show(&ui.global::<StaffTrail>(), page, lang);
            StaffPageId::Trail
        }
        StaffPage::Directory { .. } => {
            directory::show(&ui.global::<StaffDirectory>(), page);
            StaffPageId::Directory
        }
        StaffPage::Recipient { .. } => {
            recipient::show(&ui.global::<StaffRecipient>(), page);
            StaffPageId::Recipient
        }
    };
    ui.global::<Staff>().set_page(id);
}

//! Staff mode's transitions.

use super::audit_walk::{AuditStop, AuditWalk};
use super::event::{StaffEvent, Tab, TrailBy};
use super::page::{Ask, StaffPage};
use super::StaffEffect;
use crate::domain::wall::{LockerCard, TileState, WallTile};
use crate::domain::SessionMark;
use crate::domain::{Finding, FindingAt, TrailFilter};
use crate::domain::{Role, Timestamp};
use crate::kiosk::flow::{Flow, Trip};
use crate::kiosk::screen::{Message, Screen};
use crate::kiosk::session::{Session, StaffSession};
use crate::kiosk::{Effect, Event, LockerRef, TextKey};
use crate::security::Typed;

/// The longest staff PIN.
const PIN_MAX: usize = 8;
/// Days on the report screen when it opens.
pub const REPORT_DAYS: u32 = 14;

fn locker_ref(t: &WallTile) -> LockerRef {
    LockerRef::from(&t.locker)
}

fn push(fx: &mut Vec<Effect>, e: StaffEffect) {
    fx.push(Effect::Staff(e));
}

impl Flow {
    /// True while staff mode (its PIN screen, or a staff member at work) is up.
    pub(crate) fn in_staff_mode(&self) -> bool {
        matches!(self.session, Session::Staff(_))
    }

    pub(crate) fn staff_event(&mut self, event: StaffEvent, now: Timestamp, fx: &mut Vec<Effect>) {
        match event {
            StaffEvent::Enter => self.start(Session::Staff(StaffSession::default())),
            StaffEvent::PinChecked(result) => {
                let Screen::StaffPin { .. } = self.screen else {
                    return;
                };
                match result {
                    Some(member) => {
                        push(
                            fx,
                            StaffEffect::Session {
                                kind: SessionMark::Login,
                                actor: member.actor(),
                            },
                        );
                        self.screen = Screen::Staff {
                            who: member.name.clone(),
                            role: member.role,
                            page: Box::new(StaffPage::wall()),
                            attention: 0,
                            message: None,
                        };
                        if let Some(s) = self.staff_session_mut() {
                            s.member = Some(member);
                        }
                        push(fx, StaffEffect::LoadWall);
                        push(fx, StaffEffect::LoadAttention);
                    }
                    // Audited by the store, which keeps the guard (decision 0024).
                    None => {
                        self.screen = Screen::StaffPin {
                            pin_len: 0,
                            checking: false,
                            message: Some(Message::WrongPin),
                        };
                    }
                }
            }
            StaffEvent::PinBlocked(until) => {
                if let Screen::StaffPin { .. } = self.screen {
                    self.screen = Screen::StaffPin {
                        pin_len: 0,
                        checking: false,
                        message: Some(Message::try_again(until, now)),
                    };
                }
            }
            StaffEvent::Logout => self.staff_logout(SessionMark::Logout, fx),
            // Recorded: the door opens and is watched whoever is at the screen now.
            StaffEvent::RemovalStarted { package, locker } => {
                self.track_release(package, locker, Trip::Removal, now, fx);
                self.removal_settled(fx);
            }
            other => {
                if self.staff_member().is_some() && matches!(self.screen, Screen::Staff { .. }) {
                    self.staff_session_event(other, now, fx);
                }
            }
        }
    }

    /// End the staff session, audited, back to Home.
    pub(crate) fn staff_logout(&mut self, kind: SessionMark, fx: &mut Vec<Effect>) {
        let member = self.staff_session_mut().and_then(|s| s.member.take());
        if let Some(member) = member {
            push(
                fx,
                StaffEffect::Session {
                    kind,
                    actor: member.actor(),
                },
            );
        }
        if self.in_staff_mode() {
            self.go_home_clean();
        }
    }

    fn actor(&self) -> String {
        self.staff_member().map(|m| m.actor()).unwrap_or_default()
    }

    fn role(&self) -> Role {
        self.staff_member().map_or(Role::Maintenance, |m| m.role)
    }

    pub(super) fn page_mut(&mut self) -> Option<&mut StaffPage> {
        match &mut self.screen {
            Screen::Staff { page, .. } => Some(page.as_mut()),
            _ => None,
        }
    }

    /// Say something on the staff screen (the page modules too).
    pub(super) fn set_staff_message(&mut self, m: Option<Message>) {
        if let Screen::Staff { message, .. } = &mut self.screen {
            *message = m;
        }
    }

    /// The open card's locker.
    fn card(&self) -> Option<&LockerCard> {
        match &self.screen {
            Screen::Staff { page, .. } => match page.as_ref() {
                StaffPage::Wall { card, .. } => card.as_ref(),
                _ => None,
            },
            _ => None,
        }
    }

    /// A staff removal recorded, or its door closed (or failed): the wall and
    /// lists show it as it is now.
    pub(in crate::kiosk) fn removal_settled(&mut self, fx: &mut Vec<Effect>) {
        if self.staff_member().is_some() && matches!(self.screen, Screen::Staff { .. }) {
            self.staff_done(fx);
        }
    }

    fn reload_wall(&self, fx: &mut Vec<Effect>) {
        push(fx, StaffEffect::LoadWall);
        if let Some(c) = self.card() {
            push(fx, StaffEffect::LoadCard(c.tile.locker.id));
        }
        push(fx, StaffEffect::LoadAttention);
    }

    /// "Done." on the staff screen, and the page shown again as it is now.
    fn staff_done(&mut self, fx: &mut Vec<Effect>) {
        self.set_staff_message(Some(Message::Saved));
        if matches!(self.page_mut(), Some(StaffPage::Directory { .. })) {
            self.directory_saved(fx);
        } else if matches!(self.page_mut(), Some(StaffPage::Wall { .. })) {
            self.reload_wall(fx);
        } else if matches!(self.page_mut(), Some(StaffPage::Attention { .. })) {
            push(fx, StaffEffect::LoadAttention);
        } else if matches!(self.page_mut(), Some(StaffPage::Deliveries { .. })) {
            push(fx, StaffEffect::LoadRun);
        } else if matches!(self.page_mut(), Some(StaffPage::Overflow { .. })) {
            push(fx, StaffEffect::LoadHeld);
            push(fx, StaffEffect::LoadRoom);
            push(fx, StaffEffect::LoadAttention);
        }
    }

    /// A tap or a store answer while a staff member is logged in.
    fn staff_session_event(&mut self, event: StaffEvent, now: Timestamp, fx: &mut Vec<Effect>) {
        // "Done." or a refusal speaks of the last action only.
        if event.from_person() {
            self.set_staff_message(None);
        }
        let actor = self.actor();
        let handles_packages = self.role().handles_packages();
        if handles_packages
            && (self.overflow_event(&event, &actor, now, fx)
                || self.deliveries_event(&event, &actor, now, fx))
        {
            return;
        }
        match event {
            StaffEvent::Tab(tab) => self.staff_tab(tab, actor.clone(), handles_packages, fx),
            StaffEvent::Locker(_)
            | StaffEvent::Card(_)
            | StaffEvent::CloseCard
            | StaffEvent::CancelAsk
            | StaffEvent::OpenDoor => self.card_view(event, actor.clone(), fx),
            StaffEvent::AskOutOfService
            | StaffEvent::AskRemove
            | StaffEvent::OutOfService(_)
            | StaffEvent::ReturnToService => {
                self.card_service(event, actor.clone(), handles_packages, fx)
            }
            StaffEvent::Remove(_)
            | StaffEvent::PackageToDoor(_)
            | StaffEvent::Resend
            | StaffEvent::AskChangeRecipient
            | StaffEvent::ChooseRecipient(_) => {
                self.card_package(event, actor.clone(), handles_packages, fx)
            }
            StaffEvent::Wall(_)
            | StaffEvent::Attention(_)
            | StaffEvent::Report(_)
            | StaffEvent::Trail(_) => self.staff_answer(event),
            e @ (StaffEvent::DirSection(_)
            | StaffEvent::EditResident(_)
            | StaffEvent::ResidentField(_)
            | StaffEvent::ToggleLanguage
            | StaffEvent::ToggleDoorDelivery
            | StaffEvent::ToggleAccessible
            | StaffEvent::ToggleActive
            | StaffEvent::WithdrawPageLinks
            | StaffEvent::SaveResident
            | StaffEvent::CancelForm
            | StaffEvent::AddAccount
            | StaffEvent::NewPin(_)
            | StaffEvent::AccountField(_)
            | StaffEvent::ToggleRole
            | StaffEvent::SaveAccount
            | StaffEvent::SetAccountActive(..)
            | StaffEvent::Residents(_)
            | StaffEvent::Accounts(_))
                if handles_packages =>
            {
                self.directory_event(e, actor, fx);
            }
            StaffEvent::Refused(why) => self.set_staff_message(Some(Message::Refused(why))),
            StaffEvent::Done => self.staff_done(fx),
            other => self.staff_work(other, actor, handles_packages, fx),
        }
    }

    /// A tab: its page, loaded.
    fn staff_tab(&mut self, tab: Tab, actor: String, handles_packages: bool, fx: &mut Vec<Effect>) {
        if tab != Tab::Wall && !handles_packages {
            return;
        }
        if let Some(StaffPage::Audit(walk)) = self.page_mut() {
            // Leaving an audit part-way keeps what was answered.
            if let (Some(id), false) = (walk.id, walk.finished()) {
                push(
                    fx,
                    StaffEffect::FinishAudit {
                        actor: actor.clone(),
                        audit: id,
                    },
                );
            }
        }
        self.set_staff_message(None);
        let page = match tab {
            Tab::Wall => {
                push(fx, StaffEffect::LoadWall);
                StaffPage::wall()
            }
            Tab::Attention => {
                push(fx, StaffEffect::LoadAttention);
                StaffPage::Attention { items: Vec::new() }
            }
            Tab::Deliveries => {
                push(fx, StaffEffect::LoadRun);
                StaffPage::Deliveries {
                    stops: Vec::new(),
                    queue: Vec::new(),
                    opening: None,
                }
            }
            Tab::Overflow => {
                push(fx, StaffEffect::LoadHeld);
                push(fx, StaffEffect::LoadRoom);
                StaffPage::Overflow {
                    held: Vec::new(),
                    loading: None,
                    room: None,
                }
            }
            Tab::Reports => {
                push(fx, StaffEffect::LoadReport { days: REPORT_DAYS });
                StaffPage::Report {
                    days: REPORT_DAYS,
                    report: None,
                }
            }
            Tab::Audit => StaffPage::Audit(AuditWalk::new()),
            Tab::Directory => {
                push(fx, StaffEffect::FindResidents(String::new()));
                StaffPage::directory()
            }
            Tab::Trail => {
                push(fx, StaffEffect::LoadTrail(TrailFilter::default()));
                StaffPage::Trail {
                    by: TrailBy::Locker,
                    query: String::new(),
                    rows: Vec::new(),
                }
            }
        };
        if let Some(p) = self.page_mut() {
            *p = page;
        }
    }

    /// The wall map's locker card: opened, closed, its door.
    fn card_view(&mut self, event: StaffEvent, actor: String, fx: &mut Vec<Effect>) {
        match event {
            StaffEvent::Locker(id) => {
                if let Some(StaffPage::Wall { ask, .. }) = self.page_mut() {
                    *ask = None;
                    push(fx, StaffEffect::LoadCard(id));
                }
            }
            StaffEvent::Card(new) => {
                let overlay = self.doors.is_open(new.tile.locker.id);
                if let Some(StaffPage::Wall { card, .. }) = self.page_mut() {
                    let mut new = new;
                    if overlay {
                        new.tile.state = TileState::DoorOpen;
                    }
                    *card = Some(new);
                }
            }
            StaffEvent::CloseCard | StaffEvent::CancelAsk => {
                let close = matches!(event, StaffEvent::CloseCard);
                if let Some(StaffPage::Wall { card, ask, .. }) = self.page_mut() {
                    *ask = None;
                    if close {
                        *card = None;
                    }
                }
            }
            StaffEvent::OpenDoor => {
                if let Some(c) = self.card() {
                    push(
                        fx,
                        StaffEffect::Open {
                            actor,
                            locker: locker_ref(&c.tile),
                            why: "opened from the wall map",
                        },
                    );
                }
            }
            _ => {}
        }
    }

    /// A locker taken out of service or back, asked first.
    fn card_service(
        &mut self,
        event: StaffEvent,
        actor: String,
        handles_packages: bool,
        fx: &mut Vec<Effect>,
    ) {
        match event {
            StaffEvent::AskOutOfService | StaffEvent::AskRemove => {
                let want = if matches!(event, StaffEvent::AskRemove) {
                    if !handles_packages {
                        return;
                    }
                    Ask::Remove
                } else {
                    Ask::OutOfService
                };
                if let Some(StaffPage::Wall { ask, card, .. }) = self.page_mut() {
                    let fits = match want {
                        Ask::Remove => card.as_ref().is_some_and(|c| c.package.is_some()),
                        Ask::OutOfService => card.is_some(),
                    };
                    if fits {
                        *ask = Some(want);
                    }
                }
            }
            StaffEvent::OutOfService(_) | StaffEvent::ReturnToService => {
                let Some(locker) = self.card().map(|c| c.tile.locker.id) else {
                    return;
                };
                let (in_service, reason) = match event {
                    StaffEvent::OutOfService(r) if !r.trim().is_empty() => (false, r),
                    StaffEvent::OutOfService(_) => (false, "taken out of service".into()),
                    _ => (true, "returned to service".into()),
                };
                push(
                    fx,
                    StaffEffect::SetService {
                        actor,
                        locker,
                        in_service,
                        reason,
                    },
                );
                if let Some(StaffPage::Wall { ask, .. }) = self.page_mut() {
                    *ask = None;
                }
            }
            _ => {}
        }
    }

    /// The package in the open card: removed, to a door, its notice, its recipient.
    fn card_package(
        &mut self,
        event: StaffEvent,
        actor: String,
        handles_packages: bool,
        fx: &mut Vec<Effect>,
    ) {
        match event {
            StaffEvent::Remove(removal) if handles_packages => {
                let Some((locker, package)) = self
                    .card()
                    .and_then(|c| c.package.as_ref().map(|p| (locker_ref(&c.tile), p.id)))
                else {
                    return;
                };
                push(
                    fx,
                    StaffEffect::Remove {
                        actor,
                        package,
                        removal,
                        locker,
                    },
                );
                if let Some(StaffPage::Wall { ask, .. }) = self.page_mut() {
                    *ask = None;
                }
            }
            StaffEvent::PackageToDoor(on) if handles_packages => {
                if let Some(p) = self.card().and_then(|c| c.package.as_ref()) {
                    push(
                        fx,
                        StaffEffect::SetDoorDelivery {
                            actor,
                            package: p.id,
                            on,
                        },
                    );
                }
            }
            StaffEvent::Resend if handles_packages => {
                if let Some(p) = self.card().and_then(|c| c.package.as_ref()) {
                    push(
                        fx,
                        StaffEffect::Resend {
                            actor,
                            package: p.id,
                        },
                    );
                }
            }
            StaffEvent::AskChangeRecipient if handles_packages => {
                let Some(c) = self.card().cloned() else {
                    return;
                };
                if let (Some(package), Some(p)) = (c.package, self.page_mut()) {
                    *p = StaffPage::Recipient {
                        package,
                        locker_id: c.tile.locker.id,
                        locker: c.tile.locker.label,
                        query: String::new(),
                        results: Vec::new(),
                    };
                }
            }
            StaffEvent::ChooseRecipient(resident) => {
                let Some(StaffPage::Recipient { package, .. }) = self.page_mut() else {
                    return;
                };
                let package = package.id;
                push(
                    fx,
                    StaffEffect::ChangeRecipient {
                        actor,
                        package,
                        resident,
                    },
                );
                self.back_to_card(fx);
            }
            _ => {}
        }
    }

    /// The store's lists for the staff pages.
    fn staff_answer(&mut self, event: StaffEvent) {
        match event {
            StaffEvent::Wall(tiles) => {
                if let Some(s) = self.staff_session_mut() {
                    s.wall = tiles;
                }
                self.overlay_doors();
            }
            StaffEvent::Attention(items) => {
                if let Screen::Staff { attention, .. } = &mut self.screen {
                    *attention = items.len();
                }
                if let Some(StaffPage::Attention { items: shown }) = self.page_mut() {
                    *shown = items;
                }
            }
            StaffEvent::Report(r) => {
                if let Some(StaffPage::Report { report, days }) = self.page_mut() {
                    if r.per_day.len() == *days as usize {
                        *report = Some(r);
                    }
                }
            }
            StaffEvent::Trail(rows) => {
                if let Some(StaffPage::Trail { rows: shown, .. }) = self.page_mut() {
                    *shown = rows;
                }
            }
            _ => {}
        }
    }

    /// Attention, reports, the audit and the trail.
    fn staff_work(
        &mut self,
        event: StaffEvent,
        actor: String,
        handles_packages: bool,
        fx: &mut Vec<Effect>,
    ) {
        match event {
            StaffEvent::AttentionGo(item) => {
                let Some(StaffPage::Attention { items }) = self.page_mut() else {
                    return;
                };
                let Some(locker) = items.iter().find(|i| i.id == item).and_then(|i| i.locker)
                else {
                    return;
                };
                if let Some(p) = self.page_mut() {
                    *p = StaffPage::wall();
                }
                push(fx, StaffEffect::LoadWall);
                push(fx, StaffEffect::LoadCard(locker));
            }
            StaffEvent::Resolve(item) if handles_packages => {
                push(fx, StaffEffect::Resolve { actor, item });
            }
            StaffEvent::ReportDays(days) => {
                if let Some(StaffPage::Report { days: d, report }) = self.page_mut() {
                    *d = days.clamp(1, 366);
                    *report = None;
                    push(fx, StaffEffect::LoadReport { days: *d });
                }
            }
            StaffEvent::StartAudit if handles_packages => {
                if let Some(p) = self.page_mut() {
                    *p = StaffPage::Audit(AuditWalk::new());
                    push(fx, StaffEffect::StartAudit { actor });
                }
            }
            StaffEvent::AuditStarted { id, items } => {
                let doors = &self.doors;
                let stops = AuditStop::walk(items, |item| {
                    item.place.locker_id().is_some_and(|l| doors.sensed(l))
                });
                if let Some(StaffPage::Audit(walk)) = self.page_mut() {
                    walk.id = Some(id);
                    walk.stops = stops;
                }
                self.open_audit_stop(fx);
            }
            StaffEvent::Answer(finding) => self.answer(finding, fx),
            StaffEvent::StopAudit => {
                if let Some(StaffPage::Audit(walk)) = self.page_mut() {
                    if let (Some(id), false) = (walk.id, walk.finished()) {
                        walk.stops.truncate(walk.at);
                        push(fx, StaffEffect::FinishAudit { actor, audit: id });
                    }
                }
            }
            StaffEvent::TrailBy(by) => {
                if let Some(StaffPage::Trail { by: b, query, .. }) = self.page_mut() {
                    *b = by;
                    query.clear();
                    push(fx, StaffEffect::LoadTrail(TrailFilter::default()));
                }
            }
            _ => {}
        }
    }

    /// From the recipient page back to the wall map, the package's locker card open.
    fn back_to_card(&mut self, fx: &mut Vec<Effect>) {
        let locker = match self.page_mut() {
            Some(StaffPage::Recipient { locker_id, .. }) => Some(*locker_id),
            _ => None,
        };
        if let Some(p) = self.page_mut() {
            *p = StaffPage::wall();
        }
        push(fx, StaffEffect::LoadWall);
        if let Some(l) = locker {
            push(fx, StaffEffect::LoadCard(l));
        }
    }

    /// Open the current audit stop's door, or finish when none is left.
    fn open_audit_stop(&mut self, fx: &mut Vec<Effect>) {
        let actor = self.actor();
        let Some(StaffPage::Audit(walk)) = self.page_mut() else {
            return;
        };
        walk.wrong_label = false;
        match (walk.current(), walk.id) {
            (Some(stop), _) => {
                if let Some(door) = stop.item.place.door().filter(|_| stop.opens) {
                    push(
                        fx,
                        StaffEffect::Open {
                            actor,
                            locker: LockerRef::from(door),
                            why: "guided audit",
                        },
                    );
                }
            }
            (None, Some(id)) => push(fx, StaffEffect::FinishAudit { actor, audit: id }),
            (None, None) => {}
        }
    }

    fn answer(&mut self, finding: Finding, fx: &mut Vec<Effect>) {
        let actor = self.actor();
        let Some(StaffPage::Audit(walk)) = self.page_mut() else {
            return;
        };
        let (Some(id), Some(stop)) = (walk.id, walk.current().cloned()) else {
            return;
        };
        if !stop.fits(finding) {
            return;
        }
        push(
            fx,
            StaffEffect::Finding {
                actor,
                audit: id,
                place: FindingAt::of(&stop.item),
                finding,
            },
        );
        walk.findings.push((stop.item.place.clone(), finding));
        walk.at += 1;
        self.open_audit_stop(fx);
    }

    /// A label scanned during an audit: the expected one confirms "present".
    pub(crate) fn staff_scanned(&mut self, text: &str, now: Timestamp, fx: &mut Vec<Effect>) {
        let read = crate::domain::labels::find(text)
            .map(|l| l.tracking)
            .unwrap_or_else(|| text.trim().to_string());
        if self.overflow_scanned(&read, now, fx) {
            return;
        }
        let Some(StaffPage::Audit(walk)) = self.page_mut() else {
            return;
        };
        let Some(expected) = walk
            .current()
            .and_then(|s| s.item.package.as_ref())
            .map(|p| p.tracking.clone())
        else {
            return;
        };
        if read.eq_ignore_ascii_case(&expected) {
            self.answer(Finding::Present, fx);
        } else {
            walk.wrong_label = true;
        }
    }

    /// Keys in staff mode: the PIN, or the search on the recipient and trail pages.
    pub(crate) fn staff_key(&mut self, key: TextKey, fx: &mut Vec<Effect>) {
        if matches!(self.page_mut(), Some(StaffPage::Directory { .. })) {
            return self.directory_key(key, fx);
        }
        if let Screen::StaffPin {
            pin_len,
            checking: false,
            message,
        } = &mut self.screen
        {
            let Session::Staff(s) = &mut self.session else {
                return;
            };
            let enter = Flow::edit(&mut s.pin, &key, PIN_MAX, |c| c.is_ascii_digit());
            *pin_len = s.pin.len();
            if matches!(key, TextKey::Char(_)) {
                *message = None;
            }
            if !enter || s.pin.is_empty() {
                return;
            }
            push(fx, StaffEffect::CheckPin(Typed(std::mem::take(&mut s.pin))));
            self.screen = Screen::StaffPin {
                pin_len: 0,
                checking: true,
                message: None,
            };
            return;
        }
        match self.page_mut() {
            Some(StaffPage::Recipient { query, .. }) => {
                Flow::edit(query, &key, 40, |c| !c.is_control());
                fx.push(Effect::Search {
                    query: query.clone(),
                });
            }
            Some(StaffPage::Trail { by, query, .. }) => {
                Flow::edit(query, &key, 40, |c| !c.is_control());
                let q = Some(query.clone());
                let filter = match by {
                    TrailBy::Locker => TrailFilter {
                        locker: q,
                        ..Default::default()
                    },
                    TrailBy::Tracking => TrailFilter {
                        tracking: q,
                        ..Default::default()
                    },
                    TrailBy::Resident => TrailFilter {
                        resident: q,
                        ..Default::default()
                    },
                    TrailBy::Staff => TrailFilter {
                        staff: q,
                        ..Default::default()
                    },
                };
                push(fx, StaffEffect::LoadTrail(filter));
            }
            _ => {}
        }
    }

    /// Back on a staff screen: close what is open, or leave the PIN pad.
    pub(crate) fn staff_back(&mut self, fx: &mut Vec<Effect>) {
        if matches!(self.screen, Screen::StaffPin { .. }) {
            return self.go_home_clean();
        }
        match self.page_mut() {
            Some(StaffPage::Recipient { .. }) => self.back_to_card(fx),
            Some(StaffPage::Wall { card, ask, .. }) => {
                if ask.is_some() {
                    *ask = None;
                } else {
                    *card = None;
                }
            }
            _ => {}
        }
    }

    /// Residents found for the recipient page.
    pub(crate) fn staff_searched(&mut self, q: String, hits: Vec<crate::kiosk::ResidentHit>) {
        if let Some(StaffPage::Recipient { query, results, .. }) = self.page_mut() {
            if *query == q {
                *results = hits;
            }
        }
    }

    /// Show open doors on the wall map (the store never knows a door is open).
    pub(crate) fn overlay_doors(&mut self) {
        let wall = self.staff_session().map_or(&[][..], |s| &s.wall[..]);
        let tiles: Vec<WallTile> = wall
            .iter()
            .cloned()
            .map(|mut t| {
                if self.doors.is_open(t.locker.id) {
                    t.state = TileState::DoorOpen;
                }
                t
            })
            .collect();
        let open_card = self
            .card()
            .map(|c| (c.tile.locker.id, self.doors.is_open(c.tile.locker.id)));
        let raw_card_state =
            open_card.and_then(|(id, _)| wall.iter().find(|t| t.locker.id == id).map(|t| t.state));
        if let Some(StaffPage::Wall {
            tiles: shown, card, ..
        }) = self.page_mut()
        {
            *shown = tiles;
            if let (Some(c), Some((_, open)), Some(raw)) = (card, open_card, raw_card_state) {
                c.tile.state = if open { TileState::DoorOpen } else { raw };
            }
        }
    }

    /// Staff-mode events that arrive as ordinary events (keys, back, search results).
    pub(crate) fn staff_input(&mut self, event: Event, fx: &mut Vec<Effect>) {
        match event {
            Event::Key(key) => self.staff_key(key, fx),
            Event::Back => self.staff_back(fx),
            Event::Searched { query, hits } => self.staff_searched(query, hits),
            Event::StoreFailed => self.set_staff_message(Some(Message::SystemError)),
            _ => {}
        }
    }
}

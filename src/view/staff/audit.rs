//! The guided audit, stop by stop.

use super::*;

/// The audit page's callbacks.
pub(super) fn bind(g: &StaffAudit<'_>, events: &Events) {
    g.on_start(tap(events, StaffEvent::StartAudit));
    g.on_stop(tap(events, StaffEvent::StopAudit));
    g.on_answer(with(events, |f: FindingId| StaffEvent::Answer(finding(f))));
}

/// Show the audit page.
pub(super) fn show(g: &StaffAudit<'_>, page: &StaffPage, lang: &str) {
    let StaffPage::Audit(walk) = page else {
        return;
    };
    g.set_started(walk.id.is_some());
    g.set_finished(walk.finished());
    g.set_at(walk.at as i32);
    g.set_total(walk.stops.len() as i32);
    g.set_wrong_label(walk.wrong_label);
    g.set_discrepancies(walk.discrepancies() as i32);
    if let Some(stop) = walk.current() {
        let (place, label) = audit_place(&stop.item.place);
        g.set_where(place);
        g.set_locker(label.into());
        g.set_room(
            stop.item
                .place
                .door()
                .map_or("", |d| d.label.as_str())
                .into(),
        );
        g.set_sensor_only(stop.sensor_only);
        if let Some(p) = &stop.item.package {
            g.set_tracking(p.tracking.as_str().into());
            g.set_resident(format!("{} ({}-{})", p.resident, p.building, p.unit).into());
            g.set_since(when(p.since, lang).into());
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
            finding: finding_id(*f),
            bad: f.is_discrepancy(),
        })
        .collect();
    g.set_findings(model(findings));
}

//! The audit trail, filtered.

use super::*;

/// The trail page's callbacks.
pub(super) fn bind(g: &StaffTrail<'_>, events: &Events) {
    g.on_by_chosen(with(events, |b: TrailById| {
        StaffEvent::TrailBy(match b {
            TrailById::Locker => TrailBy::Locker,
            TrailById::Package => TrailBy::Tracking,
            TrailById::Resident => TrailBy::Resident,
            TrailById::Staff => TrailBy::Staff,
        })
    }));
}

/// Show the trail page.
pub(super) fn show(g: &StaffTrail<'_>, page: &StaffPage, lang: &str) {
    let StaffPage::Trail { by, query, rows } = page else {
        return;
    };
    g.set_by(match by {
        TrailBy::Locker => TrailById::Locker,
        TrailBy::Tracking => TrailById::Package,
        TrailBy::Resident => TrailById::Resident,
        TrailBy::Staff => TrailById::Staff,
    });
    g.set_query(query.as_str().into());
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
    g.set_rows(model(items));
}

//! The audit trail, filtered.

use super::*;

/// The trail page's callbacks.
pub(super) fn bind(g: &Staff<'_>, events: &Events) {
    g.on_trail_by_chosen(with(events, |i: i32| {
        StaffEvent::TrailBy(match i {
            1 => TrailBy::Tracking,
            2 => TrailBy::Resident,
            3 => TrailBy::Staff,
            _ => TrailBy::Locker,
        })
    }));
}

/// Show the trail page.
pub(super) fn show(g: &Staff<'_>, page: &StaffPage, lang: &str) {
    let StaffPage::Trail { by, query, rows } = page else {
        return;
    };
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

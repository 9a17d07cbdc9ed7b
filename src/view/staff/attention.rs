//! The attention list.

use super::*;

/// The attention page's callbacks.
pub(super) fn bind(g: &StaffAttention<'_>, events: &Events) {
    g.on_go(with(events, |id: i32| StaffEvent::AttentionGo(id.into())));
    g.on_resolve(with(events, |id: i32| StaffEvent::Resolve(id.into())));
}

/// Show the attention page.
pub(super) fn show(g: &StaffAttention<'_>, page: &StaffPage, lang: &str) {
    let StaffPage::Attention { items } = page else {
        return;
    };
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

//! The wall map and its locker card.

use super::*;

/// The wall page's callbacks.
pub(super) fn bind(g: &StaffWall<'_>, events: &Events) {
    g.on_close_card(tap(events, StaffEvent::CloseCard));
    g.on_open_door(tap(events, StaffEvent::OpenDoor));
    g.on_ask_out_of_service(tap(events, StaffEvent::AskOutOfService));
    g.on_return_to_service(tap(events, StaffEvent::ReturnToService));
    g.on_ask_remove(tap(events, StaffEvent::AskRemove));
    g.on_cancel_ask(tap(events, StaffEvent::CancelAsk));
    g.on_resend(tap(events, StaffEvent::Resend));
    g.on_ask_change_recipient(tap(events, StaffEvent::AskChangeRecipient));
    g.on_package_to_door(tap(events, StaffEvent::PackageToDoor(true)));
    g.on_locker(with(events, |id: i32| {
        StaffEvent::Locker(LockerId(id.into()))
    }));
    g.on_out_of_service(with(events, |r: SharedString| {
        StaffEvent::OutOfService(r.to_string())
    }));
    g.on_remove(with(events, |r: RemovalId| StaffEvent::Remove(removal(r))));
    let reasons: Vec<SharedString> = SERVICE_REASONS.iter().map(|r| (*r).into()).collect();
    g.set_service_reasons(model(reasons));
}

/// Show the wall page.
pub(super) fn show(g: &StaffWall<'_>, page: &StaffPage, lang: &str) {
    let StaffPage::Wall { tiles, card, ask } = page else {
        return;
    };
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
        None => StaffAskId::Nothing,
        Some(Ask::OutOfService) => StaffAskId::OutOfService,
        Some(Ask::Remove) => StaffAskId::Removal,
    });
    if let Some(c) = card {
        g.set_card_label(c.tile.locker.label.as_str().into());
        g.set_card_size(c.tile.locker.size.code().into());
        g.set_card_kind(kind(c.tile.state));
        g.set_card_reason(c.reason.clone().unwrap_or_default().into());
        g.set_card_has_package(c.package.is_some());
        if let Some(p) = &c.package {
            g.set_card_tracking(p.tracking.as_str().into());
            g.set_card_resident(format!("{} ({}-{})", p.resident, p.building, p.unit).into());
            // Empty: the screen says "a carrier".
            g.set_card_carrier(p.carrier.as_str().into());
            g.set_card_since(when(p.since, lang).into());
            g.set_card_expired(p.expired);
            g.set_card_return(p.is_return);
            g.set_card_kept_until(day(p.kept_until, lang).into());
            let away = p.away_until.map(|t| day(t, lang)).unwrap_or_default();
            g.set_card_away_until(away.into());
        }
    }
}

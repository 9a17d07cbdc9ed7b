//! Changing a package's recipient.

use super::*;

/// The recipient page's callback: the resident chosen.
pub(super) fn bind(g: &StaffRecipient<'_>, events: &Events) {
    g.on_choose(with(events, |id: i32| {
        StaffEvent::ChooseRecipient(ResidentId(id.into()))
    }));
}

/// Show the recipient page.
pub(super) fn show(g: &StaffRecipient<'_>, page: &StaffPage) {
    let StaffPage::Recipient {
        package,
        locker,
        query,
        results,
        ..
    } = page
    else {
        return;
    };
    g.set_package(package.tracking.as_str().into());
    g.set_locker(locker.as_str().into());
    g.set_resident(package.resident.as_str().into());
    g.set_query(query.as_str().into());
    g.set_results(crate::view::deposit::resident_items(results));
}

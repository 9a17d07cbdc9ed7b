//! Changing a package's recipient.

use super::*;

/// Show the recipient page.
pub(super) fn show(g: &Staff<'_>, page: &StaffPage) {
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
    g.set_page(StaffPageId::Recipient);
    g.set_recipient_package(
        format!(
            "{} in {locker} (now for {})",
            package.tracking, package.resident
        )
        .into(),
    );
    g.set_recipient_query(query.as_str().into());
    g.set_recipient_results(crate::view::deposit::resident_items(results));
}

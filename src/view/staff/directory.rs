//! The directory: residents and accounts, and their forms.

use super::*;

/// The directory page's callbacks.
pub(super) fn bind(g: &StaffDirectory<'_>, events: &Events) {
    g.on_section_chosen(with(events, |s: DirSectionId| {
        StaffEvent::DirSection(match s {
            DirSectionId::Residents => DirSection::Residents,
            DirSectionId::Carriers => DirSection::Carriers,
            DirSectionId::Staff => DirSection::Staff,
        })
    }));
    g.on_edit_resident(with(events, |id: i32| StaffEvent::EditResident(id.into())));
    g.on_form_field_chosen(with(events, |f: ResidentFieldId| {
        StaffEvent::ResidentField(match f {
            ResidentFieldId::Name => ResidentField::Name,
            ResidentFieldId::Unit => ResidentField::Unit,
            ResidentFieldId::Building => ResidentField::Building,
            ResidentFieldId::Email => ResidentField::Email,
            ResidentFieldId::Phone => ResidentField::Phone,
        })
    }));
    g.on_toggle_language(tap(events, StaffEvent::ToggleLanguage));
    g.on_toggle_door(tap(events, StaffEvent::ToggleDoorDelivery));
    g.on_toggle_accessible(tap(events, StaffEvent::ToggleAccessible));
    g.on_toggle_active(tap(events, StaffEvent::ToggleActive));
    g.on_withdraw_links(tap(events, StaffEvent::WithdrawPageLinks));
    g.on_save_form(tap(events, StaffEvent::SaveResident));
    g.on_cancel_form(tap(events, StaffEvent::CancelForm));
    g.on_add_account(tap(events, StaffEvent::AddAccount));
    g.on_new_pin(with(events, |id: i32| StaffEvent::NewPin(id.into())));
    g.on_account_field_chosen(with(events, |f: AccountFieldId| {
        StaffEvent::AccountField(match f {
            AccountFieldId::Name => AccountField::Name,
            AccountFieldId::Pin => AccountField::Pin,
        })
    }));
    g.on_toggle_role(tap(events, StaffEvent::ToggleRole));
    g.on_save_account(tap(events, StaffEvent::SaveAccount));
    g.on_set_account_active(with2(events, |id: i32, active: bool| {
        StaffEvent::SetAccountActive(id.into(), active)
    }));
}

/// Show the directory page.
pub(super) fn show(g: &StaffDirectory<'_>, page: &StaffPage) {
    let StaffPage::Directory {
        section,
        query,
        residents,
        accounts,
        resident,
        account,
    } = page
    else {
        return;
    };
    g.set_section(match section {
        DirSection::Residents => DirSectionId::Residents,
        DirSection::Carriers => DirSectionId::Carriers,
        DirSection::Staff => DirSectionId::Staff,
    });
    g.set_query(query.as_str().into());
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
    g.set_residents(model(rows));
    let rows: Vec<DirAccount> = accounts
        .iter()
        .map(|a| DirAccount {
            id: a.id as i32,
            name: a.name.as_str().into(),
            role: a.role.map_or("carrier", |r| r.as_str()).into(),
            active: a.active,
        })
        .collect();
    g.set_accounts(model(rows));
    g.set_form_open(resident.is_some());
    if let Some(f) = resident {
        let r = &f.record;
        g.set_form_new(r.id == 0);
        g.set_form_field(match f.field {
            ResidentField::Name => ResidentFieldId::Name,
            ResidentField::Unit => ResidentFieldId::Unit,
            ResidentField::Building => ResidentFieldId::Building,
            ResidentField::Email => ResidentFieldId::Email,
            ResidentField::Phone => ResidentFieldId::Phone,
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
            AccountField::Name => AccountFieldId::Name,
            AccountField::Pin => AccountFieldId::Pin,
        });
    }
}

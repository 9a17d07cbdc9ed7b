//! The directory page: find and edit residents; add carriers and staff, give
//! them new PINs, disable them.

use super::event::StaffEvent;
use super::page::{AccountField, AccountForm, DirSection, ResidentField, ResidentForm, StaffPage};
use super::StaffEffect;
use crate::domain::staff::Account;
use crate::domain::Role;
use crate::domain::{AccountKind, ResidentId, ResidentRecord};
use crate::kiosk::flow::Flow;
use crate::kiosk::session::{Session, StaffSession};
use crate::kiosk::{Effect, TextKey};
use crate::security::Typed;

/// Most residents listed at once.
pub const DIRECTORY_ROWS: usize = 40;
/// The longest PIN an account may have.
const PIN_MAX: usize = 8;

fn kind(section: DirSection) -> Option<AccountKind> {
    match section {
        DirSection::Residents => None,
        DirSection::Carriers => Some(AccountKind::Carrier),
        DirSection::Staff => Some(AccountKind::Staff),
    }
}

fn push(fx: &mut Vec<Effect>, e: StaffEffect) {
    fx.push(Effect::Staff(e));
}

/// Load what a section lists.
pub(super) fn load(section: DirSection, query: &str, fx: &mut Vec<Effect>) {
    match kind(section) {
        None => push(fx, StaffEffect::FindResidents(query.to_string())),
        Some(k) => push(fx, StaffEffect::LoadAccounts(k)),
    }
}

/// A new resident's form as it opens.
fn blank_resident() -> ResidentRecord {
    ResidentRecord {
        id: 0,
        external_id: None,
        name: String::new(),
        unit: String::new(),
        building: String::new(),
        email: None,
        phone: None,
        language: "en".into(),
        door_delivery: false,
        reminders: true,
        notify_by: Default::default(),
        accessible: false,
        active: true,
    }
}

/// Flip the resident form's setting the tap names.
fn toggle(r: &mut ResidentRecord, event: &StaffEvent) {
    match event {
        StaffEvent::ToggleLanguage => {
            r.language = if r.language == "en" { "es" } else { "en" }.into()
        }
        StaffEvent::ToggleDoorDelivery => r.door_delivery = !r.door_delivery,
        StaffEvent::ToggleAccessible => r.accessible = !r.accessible,
        _ => r.active = !r.active,
    }
}

/// The account form for a new account, or for a listed one's new PIN.
fn account_form(event: &StaffEvent, accounts: &[Account]) -> Option<AccountForm> {
    let (id, name, role) = match event {
        StaffEvent::NewPin(id) => {
            let a = accounts.iter().find(|a| a.id == *id)?;
            (Some(*id), a.name.clone(), a.role.unwrap_or(Role::Staff))
        }
        _ => (None, String::new(), Role::Staff),
    };
    let field = if id.is_some() {
        AccountField::Pin
    } else {
        AccountField::Name
    };
    Some(AccountForm {
        id,
        name,
        role,
        pin_len: 0,
        field,
    })
}

/// Save the account form, its PIN taken from the keypad's buffer.
fn save_account(
    account: &mut Option<AccountForm>,
    section: DirSection,
    secret: &mut String,
    actor: String,
    fx: &mut Vec<Effect>,
) {
    let (Some(form), Some(kind)) = (account.as_mut(), kind(section)) else {
        return;
    };
    push(
        fx,
        StaffEffect::SaveAccount {
            actor,
            kind,
            id: form.id,
            name: form.name.clone(),
            role: form.role,
            pin: Typed(std::mem::take(secret)),
        },
    );
    form.pin_len = 0;
}

/// The staff page on the screen, borrowed apart from the rest of the flow.
fn page_of(screen: &mut crate::kiosk::Screen) -> Option<&mut StaffPage> {
    match screen {
        crate::kiosk::Screen::Staff { page, .. } => Some(page.as_mut()),
        _ => None,
    }
}

impl Flow {
    /// A directory tap or a store answer for the directory page.
    pub(super) fn directory_event(
        &mut self,
        event: StaffEvent,
        actor: String,
        fx: &mut Vec<Effect>,
    ) {
        let Session::Staff(StaffSession { pin: secret, .. }) = &mut self.session else {
            return;
        };
        let Some(StaffPage::Directory {
            section,
            query,
            residents,
            accounts,
            resident,
            account,
        }) = page_of(&mut self.screen)
        else {
            return;
        };
        match event {
            StaffEvent::DirSection(s) => {
                *section = s;
                query.clear();
                *resident = None;
                *account = None;
                secret.clear();
                load(s, "", fx);
            }
            StaffEvent::EditResident(id) => {
                let record = if id == 0 {
                    Some(blank_resident())
                } else {
                    residents.iter().find(|r| r.id == id).cloned()
                };
                *resident = record.map(|record| ResidentForm {
                    record,
                    field: ResidentField::Name,
                });
            }
            StaffEvent::ResidentField(f) => {
                if let Some(form) = resident {
                    form.field = f;
                }
            }
            StaffEvent::ToggleLanguage
            | StaffEvent::ToggleDoorDelivery
            | StaffEvent::ToggleAccessible
            | StaffEvent::ToggleActive => {
                if let Some(form) = resident {
                    toggle(&mut form.record, &event);
                }
            }
            StaffEvent::SaveResident => {
                if let Some(form) = resident {
                    push(
                        fx,
                        StaffEffect::SaveResident {
                            actor,
                            record: form.record.clone(),
                        },
                    );
                }
            }
            StaffEvent::WithdrawPageLinks => {
                if let Some(form) = resident.as_ref().filter(|f| f.record.id != 0) {
                    push(
                        fx,
                        StaffEffect::WithdrawPageLinks {
                            actor,
                            resident: ResidentId(form.record.id),
                        },
                    );
                }
            }
            StaffEvent::CancelForm => {
                *resident = None;
                *account = None;
                secret.clear();
            }
            StaffEvent::AddAccount | StaffEvent::NewPin(_) if *section != DirSection::Residents => {
                let Some(form) = account_form(&event, accounts) else {
                    return;
                };
                *account = Some(form);
                secret.clear();
            }
            StaffEvent::AccountField(f) => {
                if let Some(form) = account {
                    // A PIN's name is fixed; only a new account's name is typed.
                    if form.id.is_none() || f == AccountField::Pin {
                        form.field = f;
                    }
                }
            }
            StaffEvent::ToggleRole => {
                if let (Some(form), DirSection::Staff) = (account, *section) {
                    if form.id.is_none() {
                        form.role = match form.role {
                            Role::Staff => Role::Maintenance,
                            Role::Maintenance => Role::Staff,
                        };
                    }
                }
            }
            StaffEvent::SaveAccount => save_account(account, *section, secret, actor, fx),
            StaffEvent::SetAccountActive(id, active) => {
                if let Some(kind) = kind(*section) {
                    push(
                        fx,
                        StaffEffect::SetAccountActive {
                            actor,
                            kind,
                            id,
                            active,
                        },
                    );
                }
            }
            StaffEvent::Residents(found) => *residents = found,
            StaffEvent::Accounts(found) => *accounts = found,
            _ => {}
        }
    }

    /// After a save: close the form and list again.
    pub(super) fn directory_saved(&mut self, fx: &mut Vec<Effect>) {
        if let Some(StaffPage::Directory {
            section,
            query,
            resident,
            account,
            ..
        }) = self.page_mut()
        {
            *resident = None;
            *account = None;
            load(*section, query, fx);
        }
        if let Some(s) = self.staff_session_mut() {
            s.pin.clear();
        }
    }

    /// A key on the directory page: into the open form's field, or the search.
    pub(super) fn directory_key(&mut self, key: TextKey, fx: &mut Vec<Effect>) {
        let Session::Staff(StaffSession { pin: secret, .. }) = &mut self.session else {
            return;
        };
        let Some(StaffPage::Directory {
            section,
            query,
            resident,
            account,
            ..
        }) = page_of(&mut self.screen)
        else {
            return;
        };
        let text = |c: char| !c.is_control();
        if let Some(form) = resident {
            let r = &mut form.record;
            let optional = |v: &mut Option<String>| {
                let mut s = v.take().unwrap_or_default();
                Flow::edit(&mut s, &key, 80, text);
                *v = Some(s).filter(|s| !s.is_empty());
            };
            match form.field {
                ResidentField::Name => {
                    Flow::edit(&mut r.name, &key, 80, text);
                }
                ResidentField::Unit => {
                    Flow::edit(&mut r.unit, &key, 16, text);
                }
                ResidentField::Building => {
                    Flow::edit(&mut r.building, &key, 16, text);
                }
                ResidentField::Email => optional(&mut r.email),
                ResidentField::Phone => optional(&mut r.phone),
            }
        } else if let Some(form) = account {
            match form.field {
                AccountField::Name => {
                    Flow::edit(&mut form.name, &key, 40, text);
                }
                AccountField::Pin => {
                    Flow::edit(secret, &key, PIN_MAX, |c| c.is_ascii_digit());
                    form.pin_len = secret.len();
                }
            }
        } else if *section == DirSection::Residents {
            Flow::edit(query, &key, 40, text);
            push(fx, StaffEffect::FindResidents(query.clone()));
        }
    }
}

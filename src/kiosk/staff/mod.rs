//! Staff mode: the PIN, the wall map, the attention list, overflow and the
//! package room, door deliveries, reports, the guided audit and the audit trail. Pure like the rest of the flow: taps and store
//! results come in as `StaffEvent`s, store work goes out as `StaffEffect`s.

mod audit_walk;
mod deliveries;
mod directory;
mod effect;
mod event;
mod overflow;
mod page;
mod step;

pub use audit_walk::{AuditStop, AuditWalk};
pub use directory::DIRECTORY_ROWS;
pub use effect::StaffEffect;
pub use event::{StaffEvent, Tab, TrailBy};
pub use overflow::Loading;
pub use page::{
    AccountField, AccountForm, Ask, DirSection, ResidentField, ResidentForm, RoomView, StaffPage,
};

/// Reasons offered for taking a locker out of service (staff may type another).
pub const SERVICE_REASONS: [&str; 4] = [
    "Door or lock damaged",
    "Dirty or wet inside",
    "Reserved for building use",
    "Sensor or light not working",
];

#[cfg(test)]
mod tests;

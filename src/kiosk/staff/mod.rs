//! Staff mode: the PIN, the wall map, the attention list, reports, the guided
//! audit and the audit trail. Pure like the rest of the flow: taps and store
//! results come in as `StaffEvent`s, store work goes out as `StaffEffect`s.

mod audit_walk;
mod effect;
mod event;
mod page;
mod step;

pub use audit_walk::{AuditStop, AuditWalk};
pub use effect::StaffEffect;
pub use event::{StaffEvent, Tab, TrailBy};
pub use page::{Ask, StaffPage};

/// Reasons offered for taking a locker out of service (staff may type another).
pub const SERVICE_REASONS: [&str; 4] = [
    "Door or lock damaged",
    "Dirty or wet inside",
    "Reserved for building use",
    "Sensor or light not working",
];

//! Plain types and rules of the locker wall. No I/O here.

pub mod allocation;
pub mod audit;
pub mod holding;
pub mod ids;
pub mod labels;
pub mod locker;
pub mod package;
pub mod people;
pub mod sender;
pub mod shipto;
pub mod size;
pub mod staff;
pub mod time;
pub mod tracking;
pub mod wall;

pub use allocation::{choose_fitting, choose_locker, ForWhom, FreeLocker, KeptFree};
pub use holding::HoldPolicy;
pub use ids::{CarrierId, LockerId, PackageId, ResidentId};
pub use locker::{Locker, Service};
pub use package::PackageState;
pub use people::{Carrier, Resident};
pub use size::Size;
pub use staff::{Role, StaffMember};
pub use time::{Clock, SystemClock, Timestamp};

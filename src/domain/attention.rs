//! The staff's attention list as the flow shows it.

use super::{LockerId, PackageId, Timestamp};

/// One open item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttentionItem {
    pub id: i64,
    pub created_at: Timestamp,
    pub kind: String,
    pub locker: Option<LockerId>,
    pub package: Option<PackageId>,
    /// The lock board it concerns, for items about a whole board.
    pub board: Option<u8>,
    pub message: String,
}

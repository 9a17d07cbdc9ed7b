//! What the person at the wall asks the store for a drop-off.

use super::{CarrierId, ResidentId, Size};

/// What the carrier chose for one package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepositRequest {
    pub tracking: String,
    pub carrier: CarrierId,
    pub resident: ResidentId,
    pub size: Size,
    /// A resident's return for `carrier` to collect (the resident is its sender).
    pub is_return: bool,
    /// The person at the wall chose low reach: accessible lockers first, as
    /// for a resident the directory marks as needing them.
    pub accessible_first: bool,
}

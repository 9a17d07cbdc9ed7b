//! Row identifiers, typed so a locker id is never passed as a package id.

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub i64);
    };
}

id_type!(
    /// A locker's row id.
    LockerId
);
id_type!(
    /// A package's row id.
    PackageId
);
id_type!(
    /// A resident's row id.
    ResidentId
);
id_type!(
    /// A carrier account's row id.
    CarrierId
);

//! The package desk: residents' questions to the property's package help
//! address become tickets, threaded by their mail headers and matched to
//! the resident and package they are about.

pub mod intake;
pub mod mail;
pub mod refs;

//! The package desk: residents' questions to the property's package help
//! address become tickets, threaded by their mail headers and matched to
//! the resident and package they are about, answered from the desk with
//! the package's history beside them, and measured.

pub mod answers;
pub mod imap;
pub mod inbox;
pub mod intake;
pub mod mail;
pub mod mailbox;
pub mod poller;
pub mod refs;
pub mod reply;
pub mod service;
pub mod smtp;
pub mod ticket;
pub mod timeline;
pub mod wall;

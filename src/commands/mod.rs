//! What the command line runs against the library, one module per family of
//! subcommands (the binary's `cli` parses the arguments and calls these).

pub mod admin;
pub mod away;
pub mod sim_console;
pub mod technician;

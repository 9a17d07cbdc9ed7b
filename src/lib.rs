//! Lockerwall: the software for an apartment community's smart-locker wall.
//!
//! Data flows one way: UI callback -> `kiosk::Event` -> `kiosk::Flow` ->
//! `kiosk::Effect` -> `runtime` (store, hal) -> result event -> flow -> screen
//! -> `view` -> Slint properties.

pub mod app;
pub mod backup;
pub mod clock_check;
pub mod commands;
pub mod crashpoint;
pub mod directory_import;
pub mod domain;
#[cfg(feature = "ui")]
pub mod fonts;
pub mod fuzzing;
#[cfg(feature = "ui")]
pub mod gallery;
pub mod kiosk;
pub mod net;
pub mod notify;
pub mod progress;
pub mod report;
pub mod runtime;
pub mod scan;
pub mod security;
pub mod service;
pub mod site;
pub mod speech;
pub mod store;
pub mod sync;
#[cfg(feature = "ui")]
pub mod view;

/// The Slint UI compiled from `ui/` (the `lockerwall-ui` crate).
#[cfg(feature = "ui")]
pub mod ui {
    pub use lockerwall_ui::*;
}

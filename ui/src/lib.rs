//! The kiosk's Slint UI, compiled from `ui/app.slint` by `build.rs`; the
//! kiosk library re-exports it as `lockerwall::ui` and drives it from `view`.

slint::include_modules!();

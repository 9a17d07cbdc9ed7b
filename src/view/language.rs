//! The screens' language: one of the translations bundled in the binary
//! (`lang/<code>/LC_MESSAGES/lockerwall.po`), switched at once.

use crate::ui::{AppWindow, Kiosk};
use slint::ComponentHandle;

/// Show every screen in `language` (`""` or `"en"`: English, the source).
pub fn apply(ui: &AppWindow, language: &str) {
    let code = if language.is_empty() { "en" } else { language };
    if let Err(e) = slint::select_bundled_translation(code) {
        // A resident's language with no translation: English, said in the log.
        tracing::warn!(language = code, error = %e, "no translation bundled; showing English");
        let _ = slint::select_bundled_translation("en");
        ui.global::<Kiosk>().set_language("en".into());
        return;
    }
    ui.global::<Kiosk>().set_language(code.into());
}

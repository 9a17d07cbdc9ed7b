//! Make sure fontconfig always finds at least one font.
//!
//! Slint asks fontique for the system's fonts, and fontique panics when
//! fontconfig knows none (a minimal kiosk image often has no fonts
//! installed). Before the UI starts, we point fontconfig at a config of our
//! own that includes the system's (or the one `FONTCONFIG_FILE` named) and
//! adds a folder holding a copy of the bundled font. The UI itself uses the
//! font imported in `ui/app.slint`; this only keeps fontique from failing.

use std::path::{Path, PathBuf};

/// The bundled font written for fontconfig.
const FONT: &[u8] = include_bytes!("../assets/fonts/Inter-Regular.otf");
const FONT_NAME: &str = "Inter-Regular.otf";

/// Where fontconfig's system configuration lives when nothing else is named.
const SYSTEM_CONFIG: &str = "/etc/fonts/fonts.conf";

/// Write the font and config under `data_dir/fonts` and set `FONTCONFIG_FILE`.
/// Must run before any thread starts (it sets an environment variable).
pub fn ensure_a_font(data_dir: &Path) -> std::io::Result<PathBuf> {
    let dir = data_dir.join("fonts");
    std::fs::create_dir_all(&dir)?;
    let font = dir.join(FONT_NAME);
    if std::fs::metadata(&font)
        .map(|m| m.len() != FONT.len() as u64)
        .unwrap_or(true)
    {
        std::fs::write(&font, FONT)?;
    }
    let previous = std::env::var_os("FONTCONFIG_FILE").map(PathBuf::from);
    let config = dir.join("fonts.conf");
    // Our own file must not include itself (a second start sees it in the environment).
    let include = previous
        .filter(|p| *p != config)
        .unwrap_or_else(|| PathBuf::from(SYSTEM_CONFIG));
    let text = config_text(&include, &dir);
    if std::fs::read_to_string(&config).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&config, text)?;
    }
    std::env::set_var("FONTCONFIG_FILE", &config);
    Ok(config)
}

fn escape(p: &Path) -> String {
    p.display()
        .to_string()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn config_text(include: &Path, dir: &Path) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n  \
         <include ignore_missing=\"yes\">{}</include>\n  <dir>{}</dir>\n  <cachedir>{}</cachedir>\n</fontconfig>\n",
        escape(include),
        escape(dir),
        escape(&dir.join("cache"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_includes_the_system_and_our_folder() {
        let t = config_text(
            Path::new("/etc/fonts/fonts.conf"),
            Path::new("/data/a&b/fonts"),
        );
        assert!(t.contains("<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>"));
        assert!(t.contains("<dir>/data/a&amp;b/fonts</dir>"));
        assert!(t.contains("<cachedir>/data/a&amp;b/fonts/cache</cachedir>"));
    }
}

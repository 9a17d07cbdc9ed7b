//! The screen gallery: every screen and state, in every language and
//! orientation, rendered to PNG by the software renderer with no display,
//! with an index page (`lockerwall gallery OUTDIR`).

pub mod catalogue;
mod platform;
pub use platform::save_png;
pub mod staff;

use crate::domain::{Size, Timestamp};
use crate::kiosk::{DoorPhase, DoorView, LockerRef, Look, Message, Screen};
use crate::runtime::UiUpdate;
use crate::store::{Store, StoreError};
use slint::ComponentHandle;
use std::path::{Path, PathBuf};

/// One picture: what to show, as the runtime would send it.
#[derive(Clone, Debug)]
pub struct Shot {
    pub name: String,
    pub updates: Vec<UiUpdate>,
}

impl Shot {
    fn screen(name: &str, screen: Screen) -> Shot {
        Shot {
            name: name.into(),
            updates: vec![UiUpdate::Screen(screen)],
        }
    }
}

/// A screen size the kiosk is built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Orientation {
    pub name: &'static str,
    pub width: u32,
    pub height: u32,
}

/// The usual kiosk panels: 1280x800 landscape, 1080x1920 portrait.
pub const ORIENTATIONS: [Orientation; 2] = [
    Orientation {
        name: "landscape",
        width: 1280,
        height: 800,
    },
    Orientation {
        name: "portrait",
        width: 1080,
        height: 1920,
    },
];

/// The panel each orientation is drawn for: a 15.6" landscape panel with
/// its bottom edge 44 in. up (the config's default), and a 21.5" portrait
/// kiosk panel from 40 in. up (its top near 59 in.). Without motion: a
/// picture shows where each movement ends.
pub fn mount_for(o: &Orientation) -> crate::site::config::ScreenConfig {
    let still = crate::site::config::ScreenConfig {
        reduced_motion: true,
        ..Default::default()
    };
    if o.height > o.width {
        crate::site::config::ScreenConfig {
            diagonal_inches: 21.5,
            bottom_inches: 40.0,
            ..still
        }
    } else {
        still
    }
}

/// The languages the screens come in (`scripts/tr-strings.py` keeps them).
pub const LANGUAGES: [&str; 3] = ["en", "es", "vi"];

/// How the screens can look: as they come, in a session's high contrast or
/// low reach, and at night (the site's dark hours).
pub const LOOKS: [(&str, Look, bool); 4] = [
    ("normal", PLAIN, false),
    (
        "contrast",
        Look {
            high_contrast: true,
            ..PLAIN
        },
        false,
    ),
    (
        "low",
        Look {
            low_reach: true,
            ..PLAIN
        },
        false,
    ),
    ("night", PLAIN, true),
];

const PLAIN: Look = Look {
    high_contrast: false,
    large_text: false,
    low_reach: false,
};

/// The kiosk's screens, the panels over them, and the staff screens (from a
/// store holding two weeks of made-up traffic, ending at `now`).
pub fn shots(store: &mut Store, now: Timestamp) -> Result<Vec<Shot>, StoreError> {
    let mut out: Vec<Shot> = catalogue::kiosk_screens()
        .into_iter()
        .map(|(name, screen)| Shot::screen(name, screen))
        .collect();
    let failed_pickup = Screen::PickupDoor {
        doors: vec![DoorView {
            locker: LockerRef {
                id: crate::domain::LockerId(1),
                label: "B07".into(),
                size: Size::M,
                shelf: None,
            },
            phase: DoorPhase::Failed,
        }],
        others: Vec::new(),
        message: Some(Message::PickupDoorFailed("B07".into())),
    };
    let mut panel = crate::kiosk::HelpPanel {
        context: crate::kiosk::ProblemContext {
            screen: "pickup-door",
            locker: Some((crate::domain::LockerId(1), "B07".into())),
            package: None,
            carrier: None,
            at: Timestamp(0),
        },
        reported: None,
    };
    out.push(Shot {
        name: "help".into(),
        updates: vec![
            UiUpdate::Screen(failed_pickup.clone()),
            UiUpdate::Help(Some(panel.clone())),
        ],
    });
    panel.reported = Some((crate::kiosk::ProblemKind::DoorDidNotOpen, true));
    out.push(Shot {
        name: "help-reported".into(),
        updates: vec![
            UiUpdate::Screen(failed_pickup.clone()),
            UiUpdate::Help(Some(panel)),
        ],
    });
    out.push(Shot {
        name: "more-time".into(),
        updates: vec![
            UiUpdate::Screen(failed_pickup),
            UiUpdate::TimeLeft(Some(14)),
        ],
    });
    staff::fill(store, now)?;
    // A package past its holding period and a notice that bounced, for the attention list.
    store.schedule_notices(Timestamp(now.0 - 5 * 86_400_000))?;
    // A resident's question open at the package desk, as the sync brings it.
    store.desk_tickets(
        &[lockerwall_wire::DeskTicket {
            id: 41,
            subject: "Re: Your package is in locker A04".into(),
            unit: Some("4B".into()),
            package: None,
            since: now.0 - 2 * 3_600_000,
        }],
        now,
    )?;
    for (name, screen) in staff::screens(store, now)? {
        out.push(Shot::screen(name, screen));
    }
    Ok(out)
}

/// Put the window back as a fresh kiosk shows it (no panels, English).
fn reset(ui: &crate::ui::AppWindow) {
    for u in [
        UiUpdate::Help(None),
        UiUpdate::TimeLeft(None),
        UiUpdate::Viewfinder(None),
    ] {
        crate::view::apply(ui, &u);
    }
}

/// Show one shot in `language` (`""`: English), `look` and by day or
/// `night`, panels from the shot before taken away.
pub fn show_shot(ui: &crate::ui::AppWindow, shot: &Shot, language: &str, look: Look, night: bool) {
    reset(ui);
    crate::view::apply(ui, &UiUpdate::Language(language.into()));
    crate::view::apply(ui, &UiUpdate::Look(look));
    crate::view::apply(ui, &UiUpdate::Night(night));
    for u in &shot.updates {
        crate::view::apply(ui, u);
    }
    // The window's size reaches the theme through change handlers, which an
    // event loop runs each turn; here there may be none (tests).
    slint::platform::update_timers_and_animations();
}

/// Show one shot (as `show_shot`) and save it as a PNG at `path`.
pub fn render_shot(
    ui: &crate::ui::AppWindow,
    shot: &Shot,
    (language, look, night): (&str, Look, bool),
    path: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    show_shot(ui, shot, language, look, night);
    save_png(ui.window(), path, 1)
}

/// Which pictures to draw: every list empty means all of that kind.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Shots whose name starts with one of these.
    pub shots: Vec<String>,
    pub languages: Vec<String>,
    /// Look names from `LOOKS`.
    pub looks: Vec<String>,
    /// Orientation names from `ORIENTATIONS`.
    pub orientations: Vec<String>,
    /// Half size (the gallery kept under docs/).
    pub half: bool,
}

impl Selection {
    fn wants(list: &[String], name: &str) -> bool {
        list.is_empty() || list.iter().any(|x| x == name)
    }

    fn wants_shot(&self, name: &str) -> bool {
        self.shots.is_empty() || self.shots.iter().any(|p| name.starts_with(p.as_str()))
    }

    /// A name in the selection that matches nothing, said before any drawing.
    fn check(&self) -> Result<(), UnknownChoice> {
        let unknown = |list: &[String], known: &[&str], what: &'static str| match list
            .iter()
            .find(|x| !known.contains(&x.as_str()))
        {
            Some(x) => Err(UnknownChoice {
                what,
                name: x.clone(),
                known: known.join(", "),
            }),
            None => Ok(()),
        };
        unknown(&self.languages, &LANGUAGES, "language")?;
        unknown(&self.looks, &LOOKS.map(|l| l.0), "look")?;
        unknown(
            &self.orientations,
            &ORIENTATIONS.map(|o| o.name),
            "orientation",
        )
    }
}

/// A language, look or orientation asked for that the gallery does not have.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("no {what} {name:?}; there are {known}")]
pub struct UnknownChoice {
    what: &'static str,
    name: String,
    known: String,
}

/// Render every shot in every language and orientation under `out` (or those
/// `select` names), and write `out/index.html`. Returns the pictures written.
pub fn render_all(
    out: &Path,
    select: &Selection,
) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    select.check()?;
    let window = platform::install()?;
    let site = crate::site::Site::demo();
    let ui = crate::ui::AppWindow::new()?;
    crate::view::kiosk::set_site_name(&ui, &site.name);
    // Home as a wall that gives residents page links shows it.
    crate::view::kiosk::set_pages_offered(&ui, true);
    crate::view::help::set_contact(&ui, "packages@maple-court.example", Some("(555) 010-2040"));
    let scratch = tempdir()?;
    let config = crate::site::config::Config {
        data_dir: scratch.clone(),
        ..Default::default()
    };
    let mut store = crate::app::open_store(&config, &site)?;
    crate::view::deposit::set_carriers(&ui, &store.carriers()?);
    let now = Timestamp(1_797_400_000_000);
    let shots: Vec<Shot> = shots(&mut store, now)?
        .into_iter()
        .filter(|s| select.wants_shot(&s.name))
        .collect();
    drop(store);
    let _ = std::fs::remove_dir_all(&scratch);
    if shots.is_empty() {
        return Err(format!("no screen is named like {}", select.shots.join(", ")).into());
    }
    ui.show()?;
    let mut written = Vec::new();
    let scale = if select.half { 2 } else { 1 };
    let orientations: Vec<Orientation> = ORIENTATIONS
        .into_iter()
        .filter(|o| Selection::wants(&select.orientations, o.name))
        .collect();
    let languages: Vec<&str> = LANGUAGES
        .into_iter()
        .filter(|l| Selection::wants(&select.languages, l))
        .collect();
    let looks: Vec<(&str, Look, bool)> = LOOKS
        .into_iter()
        .filter(|l| Selection::wants(&select.looks, l.0))
        .collect();
    let total = orientations.len() * languages.len() * looks.len() * shots.len();
    let progress = crate::progress::bar(total as u64, "screens");
    for o in &orientations {
        window.set_size(slint::PhysicalSize::new(o.width, o.height));
        crate::view::kiosk::set_mount(&ui, &mount_for(o));
        for lang in &languages {
            for (look_name, look, night) in &looks {
                let dir = out.join(format!("{lang}-{}-{look_name}", o.name));
                std::fs::create_dir_all(&dir)?;
                for shot in &shots {
                    let path = dir.join(format!("{}.png", shot.name));
                    show_shot(&ui, shot, lang, *look, *night);
                    save_png(ui.window(), &path, scale)?;
                    written.push(path);
                    progress.inc(1);
                }
            }
        }
    }
    progress.finish_and_clear();
    let looks: Vec<&str> = looks.iter().map(|l| l.0).collect();
    let page = index_page(&shots, &orientations, &languages, &looks);
    std::fs::write(out.join("index.html"), page)?;
    Ok(written)
}

/// A scratch folder for the gallery's store.
fn tempdir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("lockerwall-gallery-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// The index: one table per orientation and look, a row per screen, a
/// column per language.
fn index_page(
    shots: &[Shot],
    orientations: &[Orientation],
    languages: &[&str],
    looks: &[&str],
) -> String {
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lockerwall screen gallery</title>\n\
         <style>body{font-family:Inter,Arial,sans-serif;margin:24px;color:#1b1f27}\
         td{vertical-align:top;padding:6px}img{border:1px solid #d5d9e0;max-width:100%}\
         th{text-align:left}</style></head><body>\n<h1>Lockerwall screen gallery</h1>\n\
         <p>Every screen and state, rendered by the software renderer with no display \
         (<code>lockerwall gallery OUTDIR</code>).</p>\n",
    );
    for o in orientations {
        for look_name in looks {
            let w = if o.width > o.height { 360 } else { 200 };
            html.push_str(&format!(
                "<h2>{}, {look_name} ({}x{})</h2>\n<table><tr><th>screen</th>",
                o.name, o.width, o.height
            ));
            for lang in languages {
                html.push_str(&format!("<th>{lang}</th>"));
            }
            html.push_str("</tr>\n");
            for s in shots {
                html.push_str(&format!("<tr><td>{}</td>", s.name));
                for lang in languages {
                    let src = format!("{lang}-{}-{look_name}/{}.png", o.name, s.name);
                    html.push_str(&format!(
                        "<td><a href=\"{src}\"><img src=\"{src}\" width=\"{w}\" loading=\"lazy\" alt=\"{} in {lang}\"></a></td>",
                        s.name
                    ));
                }
                html.push_str("</tr>\n");
            }
            html.push_str("</table>\n");
        }
    }
    html.push_str("</body></html>\n");
    html
}

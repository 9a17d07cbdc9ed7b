//! Every screen a screen reader (Orca, over AT-SPI) and a finger can use:
//! walks the element tree of every screen and state in the gallery, in
//! English and Spanish, and checks that each interactive element has a role
//! and a label, is at least 15 mm across on the reference panel, and that
//! every touch area belongs to such an element. The same walk in portrait,
//! and in low reach in both orientations, where every resident and carrier
//! control must also sit whole inside the window and within a seated
//! person's reach: 15 to 48 in. above the floor, worked out here from the
//! gallery's mounts (a 15.6" landscape panel from 44 in. up, a 21.5" portrait
//! one from 40 in.), not from the UI.
//! (One #[test] in this file: the testing backend initialises once per process.)

mod common;

use i_slint_backend_testing::{AccessibleRole, ElementHandle, ElementQuery};
use lockerwall::domain::Timestamp;
use lockerwall::kiosk::Look;
use lockerwall::ui::AppWindow;
use slint::ComponentHandle;

/// Every resident and carrier control: 15 mm on the panel.
const MIN_TARGET_MM: f32 = 15.0;
/// The staff pages, dense by design for trained users (the wall map's small
/// lockers, the directory's form over its keyboard): 12 mm.
const MIN_STAFF_TARGET_MM: f32 = 12.0;

const INTERACTIVE: [AccessibleRole; 9] = [
    AccessibleRole::Button,
    AccessibleRole::TextInput,
    AccessibleRole::Checkbox,
    AccessibleRole::Switch,
    AccessibleRole::Slider,
    AccessibleRole::Spinbox,
    AccessibleRole::Combobox,
    AccessibleRole::Tab,
    AccessibleRole::ListItem,
];

struct Rect {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

fn rect(e: &ElementHandle) -> Rect {
    let p = e.absolute_position();
    let s = e.size();
    Rect {
        x: p.x,
        y: p.y,
        w: s.width,
        h: s.height,
    }
}

impl Rect {
    fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }
}

#[test]
fn every_interactive_element_on_every_screen_is_labelled_and_big_enough() {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let ui = AppWindow::new().unwrap();
    ui.window().set_size(slint::PhysicalSize::new(1280, 800));
    lockerwall::view::deposit::set_carriers(&ui, &store.carriers().unwrap());
    lockerwall::view::help::set_contact(&ui, "packages@example.com", Some("(555) 010-2040"));
    ui.show().unwrap();
    let shots = lockerwall::gallery::shots(&mut store, Timestamp(1_797_400_000_000)).unwrap();
    assert!(shots.len() > 50, "{} shots", shots.len());
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut in_band = 0;
    let low = Look {
        low_reach: true,
        ..Look::default()
    };
    let passes = [
        ((1280, 800), "", Look::default()),
        ((1280, 800), "es", Look::default()),
        ((1080, 1920), "", Look::default()),
        ((1080, 1920), "es", Look::default()),
        ((1280, 800), "", low),
        ((1280, 800), "es", low),
        ((1080, 1920), "", low),
        ((1080, 1920), "es", low),
    ];
    for ((width, height), lang, look) in passes {
        ui.window()
            .set_size(slint::PhysicalSize::new(width, height));
        let orientation = lockerwall::gallery::ORIENTATIONS
            .into_iter()
            .find(|o| o.width == width)
            .unwrap();
        let mount = lockerwall::gallery::mount_for(&orientation);
        lockerwall::view::kiosk::set_mount(&ui, &mount);
        let window = rect_of_window(&ui);
        let reach = Reach::new(&mount, width, height);
        for shot in &shots {
            lockerwall::gallery::show_shot(&ui, shot, lang, look, false);
            let staff = shot.name.starts_with("staff");
            let all: Vec<ElementHandle> = ElementQuery::from_root(&ui)
                .find_all()
                .into_iter()
                .filter(|e| e.is_valid() && e.size().width > 0.0 && e.size().height > 0.0)
                .collect();
            let targets: Vec<(Rect, bool)> = all
                .iter()
                .filter(|e| {
                    e.accessible_role()
                        .is_some_and(|r| INTERACTIVE.contains(&r))
                })
                .map(|e| {
                    let labelled = e.accessible_label().is_some_and(|l| !l.trim().is_empty());
                    (rect(e), labelled)
                })
                .collect();
            for e in all.iter().filter(|e| {
                e.accessible_role()
                    .is_some_and(|r| INTERACTIVE.contains(&r))
            }) {
                checked += 1;
                let r = rect(e);
                let what = format!(
                    "{} [{} {width}x{height}{}]: {:?} {:?} at ({:.0},{:.0}) {:.0}x{:.0}",
                    shot.name,
                    if lang.is_empty() { "en" } else { lang },
                    if look.low_reach { " low" } else { "" },
                    e.accessible_role(),
                    e.accessible_label().unwrap_or_default(),
                    r.x,
                    r.y,
                    r.w,
                    r.h
                );
                if e.accessible_label().is_none_or(|l| l.trim().is_empty()) {
                    problems.push(format!("{what}: no accessible label"));
                }
                let min = reach.px_per_inch / 25.4
                    * if staff {
                        MIN_STAFF_TARGET_MM
                    } else {
                        MIN_TARGET_MM
                    };
                if r.w.min(r.h) + 0.5 < min {
                    problems.push(format!("{what}: smaller than {min:.0} px"));
                }
                if staff {
                    // The staff console keeps the whole screen (decision 0018).
                    continue;
                }
                if r.x < -0.5
                    || r.y < -0.5
                    || r.x + r.w > window.w + 0.5
                    || r.y + r.h > window.h + 0.5
                {
                    problems.push(format!("{what}: not wholly on the screen"));
                }
                if look.low_reach {
                    let (top, bottom) = (reach.inches(r.y), reach.inches(r.y + r.h));
                    if top > 48.05 || bottom < 14.95 {
                        problems.push(format!(
                            "{what}: from {bottom:.1} to {top:.1} in. above the floor, out of reach (15-48 in.)"
                        ));
                    } else {
                        in_band += 1;
                    }
                }
            }
            // A touch area that is no labelled control's is invisible to a
            // screen reader (a full-window catch-all behind a panel is fine).
            for t in all
                .iter()
                .filter(|e| e.type_name().as_deref() == Some("TouchArea"))
            {
                let r = rect(t);
                // A catch-all behind a panel (the whole window, or the whole
                // low-reach band), or a scroll bar's track.
                if (r.w >= 0.95 * window.w && r.h >= 300.0) || r.w.min(r.h) < 20.0 {
                    continue;
                }
                let (cx, cy) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
                if !targets
                    .iter()
                    .any(|(tr, labelled)| *labelled && tr.contains(cx, cy))
                {
                    problems.push(format!(
                        "{} [{} {width}x{height}]: a touch area at ({:.0},{:.0}) {:.0}x{:.0} belongs to no labelled control",
                        shot.name,
                        if lang.is_empty() { "en" } else { lang },
                        r.x,
                        r.y,
                        r.w,
                        r.h
                    ));
                }
            }
        }
    }
    problems.dedup();
    assert!(checked > 2000, "only {checked} controls seen");
    assert!(in_band > 500, "only {in_band} controls seen in low reach");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn rect_of_window(ui: &AppWindow) -> Rect {
    let s = ui.window().size();
    Rect {
        x: 0.0,
        y: 0.0,
        w: s.width as f32,
        h: s.height as f32,
    }
}

/// Where a window row hangs: the panel's pixels per inch and its bottom
/// edge's height, from the mount alone.
struct Reach {
    px_per_inch: f32,
    bottom_inches: f32,
    height: f32,
}

impl Reach {
    fn new(mount: &lockerwall::site::config::ScreenConfig, width: u32, height: u32) -> Reach {
        let (w, h) = (width as f32, height as f32);
        Reach {
            px_per_inch: (w * w + h * h).sqrt() / mount.diagonal_inches,
            bottom_inches: mount.bottom_inches,
            height: h,
        }
    }

    /// Inches above the floor of window row `y`.
    fn inches(&self, y: f32) -> f32 {
        self.bottom_inches + (self.height - y) / self.px_per_inch
    }
}

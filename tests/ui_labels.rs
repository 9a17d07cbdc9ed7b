//! Every screen a screen reader (Orca, over AT-SPI) and a finger can use:
//! walks the element tree of every screen and state in the gallery, in
//! English and Spanish, and checks that each interactive element has a role
//! and a label, is at least 15 mm across on the reference panel, and that
//! every touch area belongs to such an element.
//! (One #[test] in this file: the testing backend initialises once per process.)

mod common;

use i_slint_backend_testing::{AccessibleRole, ElementHandle, ElementQuery};
use lockerwall::domain::Timestamp;
use lockerwall::ui::AppWindow;
use slint::ComponentHandle;

/// 15 mm on the reference panel, 15.6" at 1280x800 (96.8 px per inch):
/// every resident and carrier control.
const MIN_TARGET_PX: f32 = 15.0 / 25.4 * 96.8;
/// 12 mm: the staff pages, dense by design for trained users (the wall map's
/// small lockers, the directory's form over its keyboard).
const MIN_STAFF_TARGET_PX: f32 = 12.0 / 25.4 * 96.8;

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
    let window = rect_of_window(&ui);
    let mut problems = Vec::new();
    let mut checked = 0;
    for lang in ["", "es"] {
        for shot in &shots {
            lockerwall::gallery::show_shot(&ui, shot, lang, Default::default(), false);
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
                    "{} [{}]: {:?} {:?} at ({:.0},{:.0}) {:.0}x{:.0}",
                    shot.name,
                    if lang.is_empty() { "en" } else { lang },
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
                let min = if shot.name.starts_with("staff") {
                    MIN_STAFF_TARGET_PX
                } else {
                    MIN_TARGET_PX
                };
                if r.w.min(r.h) + 0.5 < min {
                    problems.push(format!("{what}: smaller than {min:.0} px"));
                }
            }
            // A touch area that is no labelled control's is invisible to a
            // screen reader (a full-window catch-all behind a panel is fine).
            for t in all
                .iter()
                .filter(|e| e.type_name().as_deref() == Some("TouchArea"))
            {
                let r = rect(t);
                // A catch-all behind a panel, or a scroll bar's track.
                if r.w * r.h >= 0.9 * window.w * window.h || r.w.min(r.h) < 20.0 {
                    continue;
                }
                let (cx, cy) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
                if !targets
                    .iter()
                    .any(|(tr, labelled)| *labelled && tr.contains(cx, cy))
                {
                    problems.push(format!(
                        "{} [{}]: a touch area at ({:.0},{:.0}) {:.0}x{:.0} belongs to no labelled control",
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
    assert!(checked > 500, "only {checked} controls seen");
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

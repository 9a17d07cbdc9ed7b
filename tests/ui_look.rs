//! High contrast, larger text and low reach through the real Slint UI
//! (testing backend, software renderer): toggled on Home, every screen of the
//! session is drawn white-on-black, a step larger, with its controls in a
//! seated person's reach, and Home is the default again after.
//! (One #[test] in this file: the testing backend initialises once per process.)

mod common;

use common::ui::Kiosk;
use lockerwall::ui::Theme;
use slint::ComponentHandle;

/// The colour of the window's top-left pixel, as drawn now.
fn corner(k: &Kiosk) -> (u8, u8, u8) {
    let shot = k.ui.window().take_snapshot().unwrap();
    let p = shot.as_slice()[shot.width() as usize * 120 + 10];
    (p.r, p.g, p.b)
}

#[test]
fn high_contrast_larger_text_and_low_reach_for_one_session() {
    // The testing backend with the software renderer, so the window can be read back.
    slint::platform::set_platform(Box::new(i_slint_backend_testing::TestingBackend::new(
        i_slint_backend_testing::TestingBackendOptions {
            mock_time: true,
            threading: false,
            renderer_name: Some("software".into()),
        },
    )))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let tokio = common::ui::tokio();
    let mut k = Kiosk::demo(&tokio, store);
    k.ui.window().set_size(slint::PhysicalSize::new(1280, 800));
    let light = corner(&k);
    assert!(
        light.0 > 200 && light.1 > 200,
        "the default look is light: {light:?}"
    );
    let body = k.ui.global::<Theme>().get_font_body();

    k.tap("High contrast");
    k.wait_until("high contrast", |k| {
        k.ui.global::<Theme>().get_high_contrast()
    });
    assert_eq!(corner(&k), (0, 0, 0), "white on black");
    k.tap("Larger text");
    k.wait_until("larger text", |k| k.ui.global::<Theme>().get_large_text());
    assert_eq!(k.ui.global::<Theme>().get_font_body(), body * 1.25);

    // The session keeps both; Home goes back to the default.
    k.tap("Pick up a package");
    k.wait("keypad", |s| s.name() == "pickup-code");
    assert_eq!(corner(&k), (0, 0, 0));
    k.tap("Back");
    k.wait("home", |s| s.name() == "home");
    k.wait_until("default look", |k| {
        !k.ui.global::<Theme>().get_high_contrast()
    });
    assert_eq!(corner(&k), light);
    assert_eq!(k.ui.global::<Theme>().get_font_body(), body);

    // Low reach. The default mount, a 15.6" 1280x800 panel whose bottom edge
    // is 44 in. up, puts 48 in. (the top of a seated reach) 4 in. above the
    // window's bottom edge.
    let reach_top = 800.0 - 4.0 * 1280f32.hypot(800.0) / 15.6;
    let top = |k: &Kiosk, label: &str| k.find(label).absolute_position().y;
    let bottom = |k: &Kiosk, label: &str| {
        let e = k.find(label);
        e.absolute_position().y + e.size().height
    };
    assert!(
        top(&k, "Pick up a package") < reach_top,
        "out of reach by default"
    );
    k.tap("Low reach");
    k.wait_until("low reach", |k| k.ui.global::<Theme>().get_low());
    for control in [
        "Pick up a package",
        "Deliver packages",
        "Español",
        "Low reach",
        "Need help?",
    ] {
        assert!(
            top(&k, control) >= reach_top && bottom(&k, control) <= 800.0,
            "{control} at {}..{}, the band starts at {reach_top}",
            top(&k, control),
            bottom(&k, control)
        );
    }
    assert!(
        k.shows("Low reach is on"),
        "the cap above says where the buttons went"
    );
    k.tap("Pick up a package");
    k.wait("keypad", |s| s.name() == "pickup-code");
    for control in ["Back", "1", "3", "Delete", "Open", "Need help?"] {
        assert!(
            top(&k, control) >= reach_top && bottom(&k, control) <= 800.0,
            "{control} at {}..{} on the keypad screen",
            top(&k, control),
            bottom(&k, control)
        );
    }
    k.tap("Back");
    k.wait("home", |s| s.name() == "home");
    k.wait_until("default reach", |k| !k.ui.global::<Theme>().get_low());
    assert!(top(&k, "Pick up a package") < reach_top);
}

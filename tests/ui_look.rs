//! High contrast and larger text through the real Slint UI (testing backend,
//! software renderer): toggled on Home, every screen of the session is drawn
//! white-on-black and a step larger, and Home is the default again after.
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
fn high_contrast_and_larger_text_for_one_session() {
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
}

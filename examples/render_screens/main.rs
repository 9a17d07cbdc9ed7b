//! Render the README's screenshots that the screen gallery (docs/gallery,
//! `lockerwall gallery`) does not hold, with the software renderer and no
//! display: `cargo run --example render_screens -- docs/screens`
//! The simulator window, a notice as a browser shows it, the camera's
//! viewfinder, Home at night and in Vietnamese, and larger text.

use i_slint_backend_testing::{TestingBackend, TestingBackendOptions};
use lockerwall::domain::{CarrierId, ResidentId, Size, Timestamp};
use lockerwall::gallery::{self, Shot};
use lockerwall::kiosk::{Look, Screen};
use lockerwall::runtime::UiUpdate;
use lockerwall::site::Site;
use lockerwall::ui::AppWindow;
use lockerwall::view;
use lockerwall_hal::Channel;
use slint::ComponentHandle;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "docs/screens".into()),
    );
    std::fs::create_dir_all(&out)?;
    slint::platform::set_platform(Box::new(TestingBackend::new(TestingBackendOptions {
        mock_time: true,
        threading: false,
        renderer_name: Some("software".into()),
    })))
    .map_err(|e| format!("{e:?}"))?;

    let site = Site::demo();
    let ui = AppWindow::new()?;
    ui.window().set_size(slint::PhysicalSize::new(1280, 800));
    // Still pictures: where each movement ends (time does not run here).
    view::kiosk::set_mount(
        &ui,
        &lockerwall::site::config::ScreenConfig {
            reduced_motion: true,
            ..Default::default()
        },
    );
    view::kiosk::set_site_name(&ui, &site.name);
    view::help::set_contact(&ui, "packages@maple-court.example", Some("(555) 010-2040"));
    let store_dir = tempfile::tempdir()?;
    let config = lockerwall::site::config::Config {
        data_dir: store_dir.path().to_path_buf(),
        ..Default::default()
    };
    let mut store = lockerwall::app::open_store(&config, &site)?;
    view::deposit::set_carriers(&ui, &store.carriers()?);
    ui.show()?;

    // The simulator and a real notice first: a package stored at t0.
    let t0 = Timestamp(1_795_784_700_000);
    // The simulator window with two open doors and a notice on the phone.
    let wall = lockerwall::app::sim_wall(&site);
    let mut lockers = store.doors()?;
    if let Some(room) = store.room()? {
        view::simulator::place_room(&mut lockers, room.door.id);
    }
    wall.force_open(Channel::new(1, 2));
    wall.force_open(Channel::new(4, 0));
    let sim = view::simulator::show(wall, lockers)?;
    sim.window
        .window()
        .set_size(slint::PhysicalSize::new(760, 800));
    // A real notice: a package stored through the store, rendered as the worker renders it.
    let reserved = store.begin_deposit(
        &lockerwall::store::DepositRequest {
            tracking: "1Z999AA10123456784".into(),
            carrier: CarrierId(2),
            resident: ResidentId(3),
            size: Size::S,
            is_return: false,
            accessible_first: false,
        },
        t0,
    )?;
    store.door_seen_open(reserved.package, t0)?;
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(1);
    store.confirm_deposit(reserved.package, t0, &mut rng)?;
    let mailer = lockerwall::notify::Mailer {
        templates: Default::default(),
        signer: store.token_signer(),
        policy: Default::default(),
        from: "Maple Court lockers <lockers@maple-court.example>".into(),
        help: "Package desk <packages@maple-court.example>".into(),
        location: "in the lobby of building A".into(),
        utc_offset_minutes: Some(0),
        page_links: None,
    };
    let item = store.outbox()?.remove(0);
    let c = mailer.compose(&item)?;
    let notice = lockerwall::notify::PhoneNotice {
        resident: item.facts.resident.clone(),
        unit: item.facts.unit.clone(),
        subject: c.rendered.subject.clone(),
        body: c.rendered.text.clone(),
        waiting: true,
        qr: c.qr.clone(),
        token: c.token.clone(),
    };
    view::simulator::apply_notices(&sim.window, &[notice]);
    gallery::save_png(sim.window.window(), &out.join("simulator.png"), 1)?;
    // The email itself, for a browser to render (docs/screens/notice.html).
    let html = c.rendered.html.replace(
        "cid:pickup-qr",
        &format!(
            "data:image/png;base64,{}",
            data_encoding::BASE64.encode(&c.qr.map(|q| q.png()).unwrap_or_default())
        ),
    );
    std::fs::write(out.join("notice.html"), html)?;

    // The screens, from a store with two weeks of traffic in it.
    let now = Timestamp(t0.0 + 20 * 86_400_000);
    let shots = gallery::shots(&mut store, now)?;
    // Vietnamese (the docs gallery has English and Spanish).
    for name in ["home", "pickup-code"] {
        let shot: &Shot = shots.iter().find(|s| s.name == name).ok_or(name)?;
        let path = out.join(format!("{name}-vi.png"));
        gallery::render_shot(&ui, shot, ("vi", Look::default(), false), &path)?;
        println!("{}", path.display());
    }
    // The pickup screen with a camera on: a phone's QR code in the viewfinder.
    let (_, frames) = lockerwall::scan::synth::conditions(lockerwall::scan::synth::SetSize {
        width: 640,
        height: 360,
        samples: 1,
    })
    .remove(0);
    let camera = Shot {
        name: "pickup-camera".into(),
        updates: vec![
            UiUpdate::Screen(Screen::pickup_code()),
            UiUpdate::Viewfinder(Some(frames[0].0.shrink(2))),
        ],
    };
    gallery::render_shot(
        &ui,
        &camera,
        ("", Look::default(), false),
        &out.join("pickup-camera.png"),
    )?;
    // Night (the site's dark hours), on Home.
    let home: &Shot = shots.iter().find(|s| s.name == "home").ok_or("home")?;
    gallery::render_shot(
        &ui,
        home,
        ("", Look::default(), true),
        &out.join("home-night.png"),
    )?;
    // Larger text (the README's example).
    let keypad: &Shot = shots
        .iter()
        .find(|s| s.name == "pickup-code")
        .ok_or("pickup-code")?;
    let large = Look {
        large_text: true,
        ..Look::default()
    };
    gallery::render_shot(
        &ui,
        keypad,
        ("", large, false),
        &out.join("pickup-code-large.png"),
    )?;
    Ok(())
}

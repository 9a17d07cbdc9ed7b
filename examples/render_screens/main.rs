//! Render every kiosk screen to PNG with the software renderer and no display:
//! `cargo run --example render_screens -- docs/screens`
//! The README's screenshots come from here.

use i_slint_backend_testing::{TestingBackend, TestingBackendOptions};
use lockerwall::domain::{CarrierId, LockerId, ResidentId, Size, Timestamp};
use lockerwall::kiosk::{
    DoorPhase, DoorView, LockerRef, Message, Place, ResidentHit, Screen, SenderField,
};
use lockerwall::runtime::UiUpdate;
use lockerwall::site::Site;
use lockerwall::ui::AppWindow;
use lockerwall::view;
use lockerwall_hal::Channel;
use slint::ComponentHandle;
use std::path::{Path, PathBuf};

mod staff;

fn locker(label: &str, size: Size) -> LockerRef {
    LockerRef {
        id: LockerId(1),
        label: label.into(),
        channel: Channel::new(0, 0),
        size,
        shelf: None,
    }
}

fn hit(id: i64, name: &str, unit: &str, building: &str) -> ResidentHit {
    ResidentHit {
        id: ResidentId(id),
        name: name.into(),
        unit: unit.into(),
        building: building.into(),
    }
}

fn save(window: &slint::Window, path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let shot = window.take_snapshot()?;
    let file = std::fs::File::create(path)?;
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), shot.width(), shot.height());
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header()?.write_image_data(shot.as_bytes())?;
    println!("{}", path.display());
    Ok(())
}

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
    view::kiosk::set_site_name(&ui, &site.name);
    let carriers: Vec<_> = site
        .carriers
        .iter()
        .enumerate()
        .map(|(i, c)| lockerwall::domain::Carrier {
            id: CarrierId(i as i64 + 1),
            name: c.name.clone(),
        })
        .collect();
    view::deposit::set_carriers(&ui, &carriers);
    ui.show()?;

    let results = vec![
        hit(3, "Carmen Alvarez", "101", "C"),
        hit(12, "Laura Bianchi", "401", "C"),
        hit(33, "Grace Kim", "303", "C"),
    ];
    let screens: Vec<(&str, Screen)> = vec![
        ("home", Screen::home()),
        (
            "home-close-door",
            Screen::Home {
                message: Some(Message::CloseDoor("B07".into())),
            },
        ),
        (
            "carrier-choose",
            Screen::CarrierLogin {
                chosen: None,
                pin_len: 0,
                checking: false,
                message: None,
            },
        ),
        (
            "carrier-pin",
            Screen::CarrierLogin {
                chosen: Some((CarrierId(2), "UPS".into())),
                pin_len: 3,
                checking: false,
                message: Some(Message::WrongPin),
            },
        ),
        (
            "scan",
            Screen::Scan {
                carrier: "UPS".into(),
                tracking: "1Z999AA10123456784".into(),
                message: None,
                confirm_duplicate: false,
                returns: 2,
            },
        ),
        (
            "scan-check-digit",
            Screen::Scan {
                carrier: "UPS".into(),
                tracking: "1Z999AA10123456785".into(),
                message: Some(Message::CheckDigit("UPS".into())),
                confirm_duplicate: true,
                returns: 0,
            },
        ),
        (
            "scan-duplicate",
            Screen::Scan {
                carrier: "UPS".into(),
                tracking: "1Z999AA10123456784".into(),
                message: Some(Message::AlreadyStored("B03".into())),
                confirm_duplicate: true,
                returns: 0,
            },
        ),
        (
            "recipient",
            Screen::Recipient {
                tracking: "1Z999AA10123456784".into(),
                query: "C".into(),
                results,
            },
        ),
        (
            "size",
            Screen::Size {
                recipient: "Carmen Alvarez".into(),
                counts: Some([13, 11, 0, 3]),
                message: None,
                suggested: None,
                for_staff: false,
                room: Some(31),
                share: None,
            },
        ),
        (
            "size-full",
            Screen::Size {
                recipient: "Carmen Alvarez".into(),
                counts: Some([0, 11, 4, 3]),
                message: Some(Message::SizeFull(Size::S)),
                suggested: Some(Size::M),
                for_staff: false,
                room: None,
                share: None,
            },
        ),
        (
            "size-nothing-fits",
            Screen::Size {
                recipient: "Carmen Alvarez".into(),
                counts: Some([4, 0, 0, 0]),
                message: Some(Message::NothingFits(Size::M)),
                suggested: None,
                for_staff: false,
                room: None,
                share: None,
            },
        ),
        (
            "size-share",
            Screen::Size {
                recipient: "Carmen Alvarez".into(),
                counts: Some([13, 11, 0, 3]),
                message: None,
                suggested: None,
                for_staff: false,
                room: Some(31),
                share: Some("B07".into()),
            },
        ),
        (
            "size-try-room",
            Screen::Size {
                recipient: "Carmen Alvarez".into(),
                counts: Some([2, 0, 0, 0]),
                message: Some(Message::TryRoom(Some(Size::M))),
                suggested: None,
                for_staff: false,
                room: Some(23),
                share: None,
            },
        ),
        (
            "deposit-door-room",
            Screen::DepositDoor {
                door: DoorView {
                    locker: LockerRef {
                        shelf: Some("R2".into()),
                        ..locker("Package room", Size::XL)
                    },
                    phase: DoorPhase::Open,
                },
                recipient: "Carmen Alvarez".into(),
                message: None,
                shelves: vec!["R1".into(), "R2".into(), "R3".into(), "R4".into()],
                is_return: false,
            },
        ),
        (
            "deposit-done-room",
            Screen::DepositDone {
                place: Place::Room("R2".into()),
                recipient: "Carmen Alvarez".into(),
                is_return: false,
            },
        ),
        (
            "pickup-door-room",
            Screen::PickupDoor {
                doors: vec![DoorView {
                    locker: LockerRef {
                        shelf: Some("R2".into()),
                        ..locker("Package room", Size::XL)
                    },
                    phase: DoorPhase::Open,
                }],
                others: vec![],
                message: None,
            },
        ),
        (
            "size-for-staff",
            Screen::Size {
                recipient: "Carmen Alvarez".into(),
                counts: Some([0, 0, 0, 0]),
                message: None,
                suggested: None,
                for_staff: true,
                room: None,
                share: None,
            },
        ),
        (
            "deposit-door",
            Screen::DepositDoor {
                door: DoorView {
                    locker: locker("B03", Size::S),
                    phase: DoorPhase::Open,
                },
                recipient: "Carmen Alvarez".into(),
                message: None,
                shelves: Vec::new(),
                is_return: false,
            },
        ),
        (
            "deposit-door-failed",
            Screen::DepositDoor {
                door: DoorView {
                    locker: locker("E04", Size::XL),
                    phase: DoorPhase::Failed,
                },
                recipient: "Carmen Alvarez".into(),
                message: Some(Message::DoorFailedTryingAnother("E04".into())),
                shelves: Vec::new(),
                is_return: false,
            },
        ),
        (
            "deposit-done",
            Screen::DepositDone {
                place: Place::Locker("B03".into()),
                recipient: "Carmen Alvarez".into(),
                is_return: false,
            },
        ),
        (
            "deposit-done-staff",
            Screen::DepositDone {
                place: Place::Staff,
                recipient: "Carmen Alvarez".into(),
                is_return: false,
            },
        ),
        (
            "return-label",
            Screen::ReturnLabel {
                carrier: Some("UPS".into()),
                tracking: "1Z999AA10123456784".into(),
                message: None,
            },
        ),
        (
            "return-label-choose",
            Screen::ReturnLabel {
                carrier: None,
                tracking: "420902109405".into(),
                message: Some(Message::ChooseCarrier),
            },
        ),
        (
            "return-sender",
            Screen::ReturnSender {
                unit: "204".into(),
                last_name: "ALVAREZ".into(),
                field: SenderField::LastName,
                checking: false,
                message: None,
            },
        ),
        (
            "return-sender-wrong",
            Screen::ReturnSender {
                unit: "204".into(),
                last_name: "ALVARES".into(),
                field: SenderField::LastName,
                checking: false,
                message: Some(Message::NoSuchSender),
            },
        ),
        (
            "return-size",
            Screen::ReturnSize {
                sender: "Carmen Alvarez".into(),
                carrier: "UPS".into(),
                counts: Some([13, 11, 0, 3]),
                message: None,
            },
        ),
        (
            "return-door",
            Screen::DepositDoor {
                door: DoorView {
                    locker: locker("A02", Size::S),
                    phase: DoorPhase::Open,
                },
                recipient: "UPS".into(),
                message: None,
                shelves: Vec::new(),
                is_return: true,
            },
        ),
        (
            "return-done",
            Screen::DepositDone {
                place: Place::Locker("A02".into()),
                recipient: "UPS".into(),
                is_return: true,
            },
        ),
        (
            "collect-returns",
            Screen::CollectReturns {
                doors: vec![
                    DoorView {
                        locker: locker("A02", Size::S),
                        phase: DoorPhase::Closed,
                    },
                    DoorView {
                        locker: locker("C05", Size::M),
                        phase: DoorPhase::Open,
                    },
                ],
                next: vec![locker("E01", Size::L)],
                message: None,
            },
        ),
        (
            "pickup-with-staff",
            Screen::PickupCode {
                entered_len: 0,
                checking: false,
                message: Some(Message::WithStaff),
            },
        ),
        (
            "pickup-code",
            Screen::PickupCode {
                entered_len: 2,
                checking: false,
                message: Some(Message::WrongCode),
            },
        ),
        (
            "pickup-qr-expired",
            Screen::PickupCode {
                entered_len: 0,
                checking: false,
                message: Some(Message::Token(lockerwall::kiosk::TokenProblem::Expired)),
            },
        ),
        (
            "pickup-door",
            Screen::PickupDoor {
                doors: vec![DoorView {
                    locker: locker("B03", Size::S),
                    phase: DoorPhase::Open,
                }],
                others: vec![locker("E01", Size::M)],
                message: None,
            },
        ),
        (
            "pickup-door-two",
            Screen::PickupDoor {
                doors: vec![
                    DoorView {
                        locker: locker("B03", Size::S),
                        phase: DoorPhase::Closed,
                    },
                    DoorView {
                        locker: locker("E01", Size::M),
                        phase: DoorPhase::Open,
                    },
                ],
                others: vec![],
                message: None,
            },
        ),
        (
            "home-thanks",
            Screen::Home {
                message: Some(Message::ThankYou),
            },
        ),
        (
            "carrier-throttled",
            Screen::CarrierLogin {
                chosen: Some((CarrierId(1), "USPS".into())),
                pin_len: 0,
                checking: false,
                message: Some(Message::try_again(Timestamp(20_000), Timestamp(0))),
            },
        ),
    ];
    // A few screens again in the other languages (the README's examples).
    let translated: Vec<(String, &str, Screen)> = [
        ("home", "vi"),
        ("home", "es"),
        ("pickup-code", "es"),
        ("pickup-code", "vi"),
        ("pickup-door", "es"),
        ("return-sender-wrong", "es"),
        ("size", "es"),
    ]
    .into_iter()
    .filter_map(|(name, lang)| {
        let screen = screens.iter().find(|(n, _)| *n == name)?.1.clone();
        Some((format!("{name}-{lang}"), lang, screen))
    })
    .collect();
    for (name, screen) in screens {
        view::apply(&ui, &UiUpdate::Screen(screen));
        save(ui.window(), &out.join(format!("{name}.png")))?;
    }
    for (name, lang, screen) in translated {
        view::apply(&ui, &UiUpdate::Language(lang.into()));
        view::apply(&ui, &UiUpdate::Screen(screen));
        save(ui.window(), &out.join(format!("{name}.png")))?;
    }
    view::apply(&ui, &UiUpdate::Language(String::new()));
    // The pickup screen with a camera on: a phone's QR code in the viewfinder.
    let (_, frames) = lockerwall::scan::synth::conditions(lockerwall::scan::synth::SetSize {
        width: 640,
        height: 360,
        samples: 1,
    })
    .remove(0);
    view::apply(&ui, &UiUpdate::Viewfinder(Some(frames[0].0.shrink(2))));
    view::apply(
        &ui,
        &UiUpdate::Screen(Screen::PickupCode {
            entered_len: 0,
            checking: false,
            message: None,
        }),
    );
    save(ui.window(), &out.join("pickup-camera.png"))?;
    view::apply(&ui, &UiUpdate::Viewfinder(None));

    // "Need help?" over a pickup whose door did not open, then after the report.
    view::help::set_contact(&ui, "packages@maple-court.example", Some("(555) 010-2040"));
    view::apply(
        &ui,
        &UiUpdate::Screen(Screen::PickupDoor {
            doors: vec![DoorView {
                locker: locker("B07", Size::M),
                phase: DoorPhase::Failed,
            }],
            others: Vec::new(),
            message: Some(Message::PickupDoorFailed("B07".into())),
        }),
    );
    let mut panel = lockerwall::kiosk::HelpPanel {
        context: lockerwall::kiosk::ProblemContext {
            screen: "pickup-door",
            locker: Some((LockerId(1), "B07".into())),
            package: None,
            carrier: None,
            at: Timestamp(0),
        },
        reported: None,
    };
    view::apply(&ui, &UiUpdate::Help(Some(panel.clone())));
    save(ui.window(), &out.join("help.png"))?;
    panel.reported = Some((lockerwall::kiosk::ProblemKind::DoorDidNotOpen, true));
    view::apply(&ui, &UiUpdate::Help(Some(panel)));
    save(ui.window(), &out.join("help-reported.png"))?;
    view::apply(&ui, &UiUpdate::Help(None));
    // "Need more time?" over the return's sender screen.
    view::apply(&ui, &UiUpdate::TimeLeft(Some(14)));
    save(ui.window(), &out.join("more-time.png"))?;
    view::apply(&ui, &UiUpdate::TimeLeft(None));

    // The simulator window with two open doors and a notice on the phone.
    let wall = lockerwall::app::sim_wall(&site);
    let store_dir = tempfile::tempdir()?;
    let config = lockerwall::config::Config {
        data_dir: store_dir.path().to_path_buf(),
        ..Default::default()
    };
    let store = lockerwall::app::open_store(&config, &site)?;
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
    let mut store = store;
    let t0 = Timestamp(1_795_784_700_000);
    let reserved = store.begin_deposit(
        &lockerwall::store::DepositRequest {
            tracking: "1Z999AA10123456784".into(),
            carrier: CarrierId(2),
            resident: ResidentId(3),
            size: Size::S,
            is_return: false,
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
    save(sim.window.window(), &out.join("simulator.png"))?;
    // The email itself, for a browser to render (docs/screens/notice.html).
    let html = c.rendered.html.replace(
        "cid:pickup-qr",
        &format!(
            "data:image/png;base64,{}",
            data_encoding::BASE64.encode(&c.qr.map(|q| q.png()).unwrap_or_default())
        ),
    );
    std::fs::write(out.join("notice.html"), html)?;

    // The staff screens, from the same store with two weeks of traffic in it.
    let now = Timestamp(t0.0 + 20 * 86_400_000);
    staff::fill(&mut store, now)?;
    // A package past its holding period and a notice that bounced, for the attention list.
    store.schedule_notices(Timestamp(t0.0 + 15 * 86_400_000))?;
    for (name, screen) in staff::screens(&mut store, now)? {
        view::apply(&ui, &UiUpdate::Screen(screen));
        save(ui.window(), &out.join(format!("{name}.png")))?;
    }
    Ok(())
}

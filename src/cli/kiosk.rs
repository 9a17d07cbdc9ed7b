//! The kiosk itself: the window, the runtime, the service manager's protocol.

use super::*;

pub(crate) fn run_kiosk(config: Config, started: Instant) -> anyhow::Result<()> {
    // Before any thread starts: it sets FONTCONFIG_FILE.
    lockerwall::fonts::ensure_a_font(&config.data_dir)
        .context("cannot prepare the bundled font")?;
    let site = app::load_site(&config)?;
    let mut store = app::open_store(&config, &site)?;
    // A box with no battery clock and no time source starts in the past.
    use lockerwall::domain::Clock;
    store.clock_synchronised(
        lockerwall::clock_check::kernel_synchronised(),
        SystemClock.now(),
    )?;
    let mut lockers = store.doors()?;
    if let Some(room) = store.room()? {
        view::simulator::place_room(&mut lockers, room.door.id);
    }
    let carriers = store.carriers()?;
    if config.notices.smtp.is_none() {
        tracing::info!(folder = %config.data_dir.join(app::MAIL_DIR).display(), "no SMTP server set: notices are written as .eml files");
    }
    let site_name = store.site_name()?;
    let tokio = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .thread_name("lockerwall-rt")
        .build()
        .context("cannot start the runtime")?;
    let (hal, wall) = {
        // Serial ports register with the runtime's reactor.
        let _guard = tokio.enter();
        app::lock_controller(&config, &site)?
    };

    let ui = AppWindow::new().context("cannot open the kiosk window")?;
    view::kiosk::set_site_name(&ui, &site_name);
    view::kiosk::set_pages_offered(&ui, config.flow().page_links);
    view::kiosk::set_mount(&ui, &config.screen);
    view::help::set_contact(
        &ui,
        config.notices.help_address(),
        config.notices.help_phone.as_deref(),
    );
    view::deposit::set_carriers(&ui, &carriers);
    let simulator = match (config.simulator_window, wall) {
        (true, Some(wall)) => {
            Some(view::simulator::show(wall, lockers).context("cannot open the simulator window")?)
        }
        _ => None,
    };
    let speaker = lockerwall::speech::Speaker::new(&config.speech)
        .map(|s| Arc::new(std::sync::Mutex::new(s)));
    let sink = view::SlintSink {
        kiosk: ui.as_weak(),
        simulator: simulator.as_ref().map(|s| s.window.as_weak()),
        speaker,
    };
    let phone = view::SlintSink {
        kiosk: ui.as_weak(),
        simulator: simulator.as_ref().map(|s| s.window.as_weak()),
        speaker: None,
    };
    let wake = Arc::new(tokio::sync::Notify::new());
    let worker = {
        let _guard = tokio.enter();
        app::outbox_worker(
            &config,
            Arc::new(SystemClock),
            wake.clone(),
            Box::new(phone),
        )?
    };
    tokio.spawn(worker.run());
    if let Some(syncer) = app::portfolio_syncer(&config, &site, Arc::new(SystemClock))? {
        tracing::info!(url = %syncer.settings.url, property = %syncer.settings.property, "reporting to the portfolio server");
        tokio.spawn(syncer.run());
    }

    let (camera_events, mut camera_rx) = tokio::sync::mpsc::unbounded_channel();
    let viewfinder = view::SlintSink {
        kiosk: ui.as_weak(),
        simulator: None,
        speaker: None,
    };
    let sink = with_camera(Box::new(sink), Box::new(viewfinder), &config, camera_events);
    let parts = Parts {
        store,
        hal,
        clock: Arc::new(SystemClock),
        rng: rand::rngs::StdRng::from_entropy(),
        sink,
        flow: lockerwall::kiosk::FlowConfig {
            share_lockers: site.share_lockers,
            ..config.flow()
        },
        door_poll: Duration::from_millis(u64::from(config.door_poll_ms)),
        outbox: Some(wake),
        report_offset: config.notices.utc_offset_minutes,
    };
    let (runtime, events) = tokio.block_on(Runtime::start(parts))?;
    {
        // The camera's codes and problems, into the runtime's events.
        let events = runtime.sender();
        tokio.spawn(async move {
            while let Some(e) = camera_rx.recv().await {
                if events.send(e).is_err() {
                    break;
                }
            }
        });
    }
    if let Some(port) = &config.scan.serial {
        let _guard = tokio.enter();
        let stream = lockerwall_hal::serial::open(port, config.scan.serial_baud.unwrap_or(9600))
            .with_context(|| format!("cannot open the scanner on {port} ([scan] serial)"))?;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        tokio.spawn(lockerwall::scan::serial::read_codes(stream, tx));
        let events = runtime.sender();
        tokio.spawn(async move {
            while let Some(code) = rx.recv().await {
                tracing::info!(symbology = ?code.symbology, "code scanned");
                if events
                    .send(lockerwall::kiosk::Event::Scanned(code.text))
                    .is_err()
                {
                    break;
                }
            }
        });
        tracing::info!(port = %port, "serial scanner on");
    }
    view::bind(&ui, runtime.sender());
    tokio.spawn(runtime.run(events));

    log_first_frame(&ui, started);
    if config.fullscreen {
        ui.window().set_fullscreen(true);
    }
    // On the wall (full screen) nothing at the screen may close the kiosk and
    // leave a desktop behind it: a close request (a window manager's close,
    // Alt+F4) is refused. In the windowed demo, closing it ends the program
    // (the simulator window alone is no use).
    let locked = config.fullscreen;
    ui.window().on_close_requested(move || {
        if locked {
            tracing::warn!("a request to close the kiosk window was refused (full-screen kiosk)");
            return slint::CloseRequestResponse::KeepWindowShown;
        }
        let _ = slint::quit_event_loop();
        slint::CloseRequestResponse::HideWindow
    });
    // Fed from the UI loop: a frozen screen stops feeding it, and systemd
    // kills the kiosk and starts it again (lockerwall.service, WatchdogSec=).
    let _watchdog = lockerwall::service::watchdog_every().map(|every| {
        let timer = slint::Timer::default();
        timer.start(
            slint::TimerMode::Repeated,
            every,
            lockerwall::service::alive,
        );
        timer
    });
    tokio.spawn(quit_on_sigterm());
    ui.show()?;
    let _ready_elsewhere = ready_without_winit(started);
    slint::run_event_loop_until_quit()?;
    // A door in flight is settled at the next start, as after any restart.
    tokio.shutdown_timeout(Duration::from_secs(5));
    Ok(())
}

/// The kiosk's sink, switching the camera on scanning screens when one is set.
#[cfg(feature = "camera")]
pub(crate) fn with_camera(
    sink: Box<dyn lockerwall::runtime::UiSink>,
    viewfinder: Box<dyn lockerwall::runtime::UiSink>,
    config: &Config,
    events: tokio::sync::mpsc::UnboundedSender<lockerwall::kiosk::Event>,
) -> Box<dyn lockerwall::runtime::UiSink> {
    use lockerwall::scan::camera_control;
    match config.scan.camera {
        Some(index) => {
            tracing::info!(index, "camera on scanning screens");
            Box::new(camera_control::SwitchingSink {
                inner: sink,
                switch: camera_control::start(index, events, viewfinder),
            })
        }
        None => sink,
    }
}

#[cfg(not(feature = "camera"))]
pub(crate) fn with_camera(
    sink: Box<dyn lockerwall::runtime::UiSink>,
    _viewfinder: Box<dyn lockerwall::runtime::UiSink>,
    config: &Config,
    _events: tokio::sync::mpsc::UnboundedSender<lockerwall::kiosk::Event>,
) -> Box<dyn lockerwall::runtime::UiSink> {
    if config.scan.camera.is_some() {
        tracing::warn!("[scan] camera is set, but this build has no camera support (build with --features camera)");
    }
    sink
}

/// `systemctl stop` (SIGTERM): leave the UI loop and end the program cleanly.
pub(crate) async fn quit_on_sigterm() {
    use tokio::signal::unix::{signal, SignalKind};
    let Ok(mut term) = signal(SignalKind::terminate()) else {
        return;
    };
    term.recv().await;
    tracing::info!("SIGTERM: stopping");
    lockerwall::service::stopping();
    let _ = slint::invoke_from_event_loop(|| {
        let _ = slint::quit_event_loop();
    });
}

/// Log "ready in N ms" once the first frame has been drawn: winit's first redraw,
/// then the next turn of the event loop (the frame is on screen by then).
/// Also ask for the keyboard focus then, so a keyboard-wedge scanner types into
/// the kiosk. On X11 a window manager grants it (winit asks through
/// `_NET_ACTIVE_WINDOW`); an X server with no window manager gives the keyboard
/// to no window, so a kiosk on X11 runs one (see the README).
pub(crate) fn log_first_frame(ui: &AppWindow, started: Instant) {
    use slint::winit_030::{winit::event::WindowEvent, EventResult, WinitWindowAccessor};
    let mut logged = false;
    let weak = ui.as_weak();
    ui.window().on_winit_window_event(move |_, event| {
        if !logged && matches!(event, WindowEvent::RedrawRequested) {
            logged = true;
            let weak = weak.clone();
            let _ = slint::invoke_from_event_loop(move || {
                // The wall-clock time too, so a script can measure from before exec.
                let unix_us = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_micros())
                    .unwrap_or(0);
                let ready = format!("ready in {} ms", started.elapsed().as_millis());
                tracing::info!("{ready} (first frame at unix_us {unix_us})");
                lockerwall::service::ready(&ready);
                if let Some(ui) = weak.upgrade() {
                    ui.window().with_winit_window(|w| w.focus_window());
                }
            });
        }
        EventResult::Propagate
    });
}

/// On a backend other than winit (linuxkms on a board with no display
/// server), no winit redraw will say the first frame is up: the loop's
/// first turn draws it, so "ready" is said at the turn after (systemd
/// waits for READY=1 on every backend).
pub(crate) fn ready_without_winit(started: Instant) -> Option<slint::Timer> {
    if lockerwall::service::backend_is_winit(
        std::env::var("SLINT_BACKEND").ok().as_deref(),
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
    ) {
        return None;
    }
    let timer = slint::Timer::default();
    timer.start(slint::TimerMode::SingleShot, Duration::ZERO, move || {
        let _ = slint::invoke_from_event_loop(move || {
            let ready = format!("ready in {} ms", started.elapsed().as_millis());
            tracing::info!("{ready} (first frame, not on winit)");
            lockerwall::service::ready(&ready);
        });
    });
    Some(timer)
}

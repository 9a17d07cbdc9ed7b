//! The baseline for the kiosk's start-up and memory figures: a bare Slint
//! window of the kiosk's size on the same backend and renderer, which logs the
//! moment its first frame is drawn the way the kiosk does (winit's first
//! redraw, then the next turn of the event loop).
//! `scripts/bench-process.sh` runs it beside the kiosk.

use slint::winit_030::{winit::event::WindowEvent, EventResult, WinitWindowAccessor};
use std::time::{SystemTime, UNIX_EPOCH};

slint::slint! {
    export component Bare inherits Window {
        width: 1280px;
        height: 800px;
        background: #f4f1ea;
        Rectangle { x: 40px; y: 40px; width: 400px; height: 120px; background: #1f4e5f; border-radius: 12px; }
    }
}

fn main() -> Result<(), slint::PlatformError> {
    let ui = Bare::new()?;
    let mut logged = false;
    ui.window().on_winit_window_event(move |_, event| {
        if !logged && matches!(event, WindowEvent::RedrawRequested) {
            logged = true;
            let _ = slint::invoke_from_event_loop(|| {
                let us = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .unwrap()
                    .as_micros();
                println!("first frame at unix_us {us}");
            });
        }
        EventResult::Propagate
    });
    ui.run()
}

//! The demo's simulator window: the simulated wall and the resident's phone.
//! It stands in for the physical world, so it talks to the simulated wall directly.

use crate::domain::Locker;
use crate::notify::PhoneNotice as Notice;
use crate::ui::{PhoneNotice, SimLocker, Simulator, SimulatorWindow};
use lockerwall_hal::sim::SimWall;
use slint::{ComponentHandle, ModelRc, Timer, TimerMode, VecModel};
use std::rc::Rc;
use std::time::Duration;

/// How often the wall picture follows the simulated doors.
const REFRESH: Duration = Duration::from_millis(100);

/// The open simulator window and the timer that keeps it current.
pub struct SimView {
    pub window: SimulatorWindow,
    _timer: Timer,
}

/// Draw the package room's door as a tall door in its own column beside the
/// wall (the database gives it no place on the wall).
pub fn place_room(lockers: &mut [Locker], door: crate::domain::LockerId) {
    let wall = lockers.iter().filter(|l| l.id != door);
    let column = wall.clone().map(|l| l.column + 1).max().unwrap_or(0);
    let rows = wall.map(|l| l.row + l.height).max().unwrap_or(1);
    for l in lockers.iter_mut().filter(|l| l.id == door) {
        l.column = column;
        l.row = 0;
        l.height = rows;
        // Anyone can reach a room's door handle; "low" would only confuse.
        l.accessible = false;
    }
}

/// Open the simulator window for this wall.
pub fn show(wall: SimWall, lockers: Vec<Locker>) -> Result<SimView, slint::PlatformError> {
    let window = SimulatorWindow::new()?;
    let g = window.global::<Simulator>();
    let columns = lockers.iter().map(|l| l.column + 1).max().unwrap_or(1);
    let rows = lockers.iter().map(|l| l.row + l.height).max().unwrap_or(1);
    g.set_columns(columns as i32);
    g.set_rows(rows as i32);
    // The screen is drawn in the column whose first locker starts lowest.
    if let Some((col, top)) = (0..columns)
        .map(|c| {
            (
                c,
                lockers
                    .iter()
                    .filter(|l| l.column == c)
                    .map(|l| l.row)
                    .min()
                    .unwrap_or(0),
            )
        })
        .max_by_key(|(_, top)| *top)
        .filter(|(_, top)| *top > 0)
    {
        g.set_screen_column(col as i32);
        g.set_screen_rows(top as i32);
    }
    let model = Rc::new(VecModel::from(cells(&wall, &lockers)));
    g.set_lockers(ModelRc::from(model.clone()));

    let by_label: Vec<(String, lockerwall_hal::Channel)> = lockers
        .iter()
        .map(|l| (l.label.clone(), l.channel))
        .collect();
    let w = wall.clone();
    g.on_toggle_door(move |label| {
        if let Some((_, ch)) = by_label.iter().find(|(l, _)| l.as_str() == label.as_str()) {
            match w.door(*ch) {
                // A person at an open door puts a package in or takes one out, then closes it.
                Some(d) if d.open => {
                    if d.has_sensor {
                        w.set_occupied(*ch, !d.occupied);
                    }
                    w.close(*ch);
                }
                Some(_) => w.force_open(*ch),
                None => {}
            }
        }
    });

    let timer = Timer::default();
    timer.start(TimerMode::Repeated, REFRESH, move || {
        let now = cells(&wall, &lockers);
        use slint::Model;
        let changed = now.len() != model.row_count()
            || now
                .iter()
                .enumerate()
                .any(|(i, c)| model.row_data(i).as_ref() != Some(c));
        if changed {
            model.set_vec(now);
        }
    });
    window.show()?;
    Ok(SimView {
        window,
        _timer: timer,
    })
}

fn cells(wall: &SimWall, lockers: &[Locker]) -> Vec<SimLocker> {
    lockers
        .iter()
        .map(|l| {
            let d = wall.door(l.channel).unwrap_or_default();
            SimLocker {
                label: l.label.as_str().into(),
                size: l.size.code().into(),
                column: l.column as i32,
                row: l.row as i32,
                height: l.height as i32,
                open: d.open,
                fault: d.fault.is_some(),
                occupied: d.occupied,
                accessible: l.accessible,
            }
        })
        .collect()
}

/// A QR code as a Slint image, 4 pixels a module.
fn qr_image(m: &crate::notify::qr::QrModules) -> slint::Image {
    let (side, grey) = m.pixels(4);
    let mut buf = slint::SharedPixelBuffer::<slint::Rgb8Pixel>::new(side as u32, side as u32);
    for (px, g) in buf.make_mut_slice().iter_mut().zip(grey) {
        *px = slint::Rgb8Pixel { r: g, g, b: g };
    }
    slint::Image::from_rgb8(buf)
}

/// Show the resident notices in the phone panel.
pub fn apply_notices(window: &SimulatorWindow, list: &[Notice]) {
    let items: Vec<PhoneNotice> = list
        .iter()
        .map(|n| PhoneNotice {
            resident: n.resident.as_str().into(),
            unit: n.unit.as_str().into(),
            subject: n.subject.as_str().into(),
            body: n.body.as_str().into(),
            waiting: n.waiting,
            has_qr: n.qr.is_some(),
            token: n.token.clone().unwrap_or_default().into(),
            qr: n.qr.as_ref().map(qr_image).unwrap_or_default(),
        })
        .collect();
    window
        .global::<Simulator>()
        .set_notices(ModelRc::new(VecModel::from(items)));
}

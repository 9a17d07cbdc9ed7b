//! Charts drawn on the server as SVG: no scripts, readable on any screen.

use super::html::esc;
use crate::read::DayRow;
use crate::wire::Snapshot;
use std::fmt::Write;

/// A round number at or above `n` for an axis's top.
fn nice_top(n: i64) -> i64 {
    let n = n.max(1);
    let step = 10i64.pow(((n as f64).log10().floor() as u32).saturating_sub(0));
    let step = if step >= 10 { step / 2 } else { step.max(1) };
    (n + step - 1) / step * step
}

/// Daily deliveries as bars, oldest on the left.
pub fn daily_bars(days: &[DayRow]) -> String {
    let (w, h, left, bottom, top) = (900.0, 230.0, 40.0, 24.0, 10.0);
    let max = nice_top(days.iter().map(|d| d.deliveries).max().unwrap_or(0));
    let plot_h = h - bottom - top;
    let slot = (w - left) / days.len().max(1) as f64;
    let mut s = format!(
        r#"<svg class="wide" viewBox="0 0 {w} {h}" role="img" aria-label="Deliveries per day, last {} days" font-size="11" font-family="system-ui, sans-serif">"#,
        days.len()
    );
    for i in 0..=4 {
        let v = max * i / 4;
        let y = top + plot_h - plot_h * v as f64 / max as f64;
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{w}" y1="{y:.1}" y2="{y:.1}" stroke="#e3e7ec"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#5b6573">{v}</text>"##,
            left - 4.0,
            y + 4.0
        );
    }
    for (i, d) in days.iter().enumerate() {
        let bh = plot_h * d.deliveries as f64 / max as f64;
        let x = left + i as f64 * slot;
        let weekend = matches!(
            chrono::Datelike::weekday(&d.day),
            chrono::Weekday::Sat | chrono::Weekday::Sun
        );
        let _ = write!(
            s,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{}: {} deliveries</title></rect>"#,
            x + slot * 0.1,
            top + plot_h - bh,
            slot * 0.8,
            bh,
            if weekend { "#8fb0e3" } else { "#1f5fbf" },
            d.day.format("%a %-d %b"),
            d.deliveries
        );
        // Month starts are labelled; the first day too, unless a month starts soon after.
        if chrono::Datelike::day(&d.day) == 1 || (i == 0 && chrono::Datelike::day(&d.day) < 22) {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" fill="#5b6573">{}</text>"##,
                x,
                h - 6.0,
                d.day.format("%-d %b")
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Deliveries by weekday and hour: darker is busier.
pub fn heat_map(heat: &[[i64; 24]; 7]) -> String {
    let (cell, left, top) = (30.0, 40.0, 18.0);
    let max = heat.iter().flatten().copied().max().unwrap_or(0).max(1);
    let w = left + cell * 24.0;
    let h = top + cell * 7.0;
    let mut s = format!(
        r#"<svg class="wide" viewBox="0 0 {w} {h}" role="img" aria-label="Deliveries by weekday and hour" font-size="11" font-family="system-ui, sans-serif">"#
    );
    for hour in (0..24).step_by(3) {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="12" fill="#5b6573">{hour:02}h</text>"##,
            left + hour as f64 * cell + 2.0
        );
    }
    for (d, name) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .enumerate()
    {
        let y = top + d as f64 * cell;
        let _ = write!(
            s,
            r##"<text x="0" y="{:.1}" fill="#5b6573">{name}</text>"##,
            y + cell * 0.65
        );
        for (hour, &v) in heat[d].iter().enumerate() {
            let t = v as f64 / max as f64;
            // White to the accent blue: lightness alone carries the value.
            let light = 97.0 - 62.0 * t;
            let _ = write!(
                s,
                r#"<rect x="{:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="hsl(216 72% {light:.0}%)"><title>{name} {hour:02}:00: {v}</title></rect>"#,
                left + hour as f64 * cell,
                cell - 2.0,
                cell - 2.0
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Lockers of each size: how many hold a package, of how many in service.
pub fn size_bars(snapshot: &Snapshot) -> String {
    let (w, row, left) = (420.0, 30.0, 36.0);
    let h = row * snapshot.sizes.len().max(1) as f64 + 4.0;
    let mut s = format!(
        r#"<svg viewBox="0 0 {w} {h}" role="img" aria-label="Occupancy by locker size" font-size="12" font-family="system-ui, sans-serif">"#
    );
    let bar_w = w - left - 110.0;
    for (i, size) in snapshot.sizes.iter().enumerate() {
        let y = i as f64 * row + 4.0;
        let share = if size.in_service > 0 {
            size.occupied as f64 / size.in_service as f64
        } else {
            0.0
        };
        let _ = write!(
            s,
            r##"<text x="0" y="{:.1}" fill="#1c2430">{}</text><rect x="{left}" y="{y:.1}" width="{bar_w:.1}" height="20" fill="#e3e7ec" rx="3"/><rect x="{left}" y="{y:.1}" width="{:.1}" height="20" fill="{}" rx="3"/><text x="{:.1}" y="{:.1}" fill="#1c2430">{} of {} ({:.0}%)</text>"##,
            y + 15.0,
            esc(&size.size),
            bar_w * share.min(1.0),
            if share >= 0.9 { "#b3261e" } else { "#1f5fbf" },
            left + bar_w + 8.0,
            y + 15.0,
            size.occupied,
            size.in_service,
            share * 100.0
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(nice_top(0), 1);
        assert_eq!(nice_top(7), 7);
        assert_eq!(nice_top(37), 40);
        assert_eq!(nice_top(312), 350);
    }
}

//! Charts drawn on the server as SVG: no scripts, readable on any screen.

use crate::read::DayRow;
use crate::wire::Snapshot;
use maud::{html, Markup};

/// A round number at or above `n` for an axis's top.
fn nice_top(n: i64) -> i64 {
    let n = n.max(1);
    let step = 10i64.pow(((n as f64).log10().floor() as u32).saturating_sub(0));
    let step = if step >= 10 { step / 2 } else { step.max(1) };
    (n + step - 1) / step * step
}

/// A coordinate with one decimal.
fn f1(x: f64) -> String {
    format!("{x:.1}")
}

const MUTED: &str = "#5b6573";
const INK: &str = "#1c2430";
const GRID: &str = "#e3e7ec";

/// Daily deliveries as bars, oldest on the left.
pub fn daily_bars(days: &[DayRow]) -> Markup {
    let (w, h, left, bottom, top) = (900.0, 230.0, 40.0, 24.0, 10.0);
    let max = nice_top(days.iter().map(|d| d.deliveries).max().unwrap_or(0));
    let plot_h = h - bottom - top;
    let slot = (w - left) / days.len().max(1) as f64;
    let label = format!("Deliveries per day, last {} days", days.len());
    html! {
        svg.wide viewBox={ "0 0 " (w) " " (h) } role="img" aria-label=(label) font-size="11" font-family="system-ui, sans-serif" {
            @for i in 0..=4 {
                @let v = max * i / 4;
                @let y = top + plot_h - plot_h * v as f64 / max as f64;
                line x1=(left) x2=(w) y1=(f1(y)) y2=(f1(y)) stroke=(GRID) {}
                text x=(f1(left - 4.0)) y=(f1(y + 4.0)) text-anchor="end" fill=(MUTED) { (v) }
            }
            @for (i, d) in days.iter().enumerate() {
                @let bh = plot_h * d.deliveries as f64 / max as f64;
                @let x = left + i as f64 * slot;
                @let weekend = matches!(
                    chrono::Datelike::weekday(&d.day),
                    chrono::Weekday::Sat | chrono::Weekday::Sun
                );
                rect x=(f1(x + slot * 0.1)) y=(f1(top + plot_h - bh)) width=(f1(slot * 0.8)) height=(f1(bh))
                    fill=(if weekend { "#8fb0e3" } else { "#1f5fbf" }) {
                    title { (d.day.format("%a %-d %b")) ": " (d.deliveries) " deliveries" }
                }
                // Month starts are labelled; the first day too, unless a month starts soon after.
                @if chrono::Datelike::day(&d.day) == 1 || (i == 0 && chrono::Datelike::day(&d.day) < 22) {
                    text x=(f1(x)) y=(f1(h - 6.0)) fill=(MUTED) { (d.day.format("%-d %b")) }
                }
            }
        }
    }
}

/// Deliveries by weekday and hour: darker is busier.
pub fn heat_map(heat: &[[i64; 24]; 7]) -> Markup {
    let (cell, left, top) = (30.0, 40.0, 18.0);
    let max = heat.iter().flatten().copied().max().unwrap_or(0).max(1);
    let w = left + cell * 24.0;
    let h = top + cell * 7.0;
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    html! {
        svg.wide viewBox={ "0 0 " (w) " " (h) } role="img" aria-label="Deliveries by weekday and hour" font-size="11" font-family="system-ui, sans-serif" {
            @for hour in (0..24).step_by(3) {
                text x=(f1(left + hour as f64 * cell + 2.0)) y="12" fill=(MUTED) { (format!("{hour:02}h")) }
            }
            @for (d, name) in days.iter().enumerate() {
                @let y = top + d as f64 * cell;
                text x="0" y=(f1(y + cell * 0.65)) fill=(MUTED) { (name) }
                @for (hour, &v) in heat[d].iter().enumerate() {
                    // White to the accent blue: lightness alone carries the value.
                    @let light = 97.0 - 62.0 * v as f64 / max as f64;
                    rect x=(f1(left + hour as f64 * cell)) y=(f1(y)) width=(f1(cell - 2.0)) height=(f1(cell - 2.0))
                        fill=(format!("hsl(216 72% {light:.0}%)")) {
                        title { (name) " " (format!("{hour:02}")) ":00: " (v) }
                    }
                }
            }
        }
    }
}

/// Lockers of each size: how many hold a package, of how many in service.
pub fn size_bars(snapshot: &Snapshot) -> Markup {
    let (w, row, left) = (420.0, 30.0, 36.0);
    let h = row * snapshot.sizes.len().max(1) as f64 + 4.0;
    let bar_w = w - left - 110.0;
    html! {
        svg viewBox={ "0 0 " (w) " " (h) } role="img" aria-label="Occupancy by locker size" font-size="12" font-family="system-ui, sans-serif" {
            @for (i, size) in snapshot.sizes.iter().enumerate() {
                @let y = i as f64 * row + 4.0;
                @let share = if size.in_service > 0 { size.occupied as f64 / size.in_service as f64 } else { 0.0 };
                text x="0" y=(f1(y + 15.0)) fill=(INK) { (size.size) }
                rect x=(left) y=(f1(y)) width=(f1(bar_w)) height="20" fill=(GRID) rx="3" {}
                rect x=(left) y=(f1(y)) width=(f1(bar_w * share.min(1.0))) height="20"
                    fill=(if share >= 0.9 { "#b3261e" } else { "#1f5fbf" }) rx="3" {}
                text x=(f1(left + bar_w + 8.0)) y=(f1(y + 15.0)) fill=(INK) {
                    (size.occupied) " of " (size.in_service) " (" (format!("{:.0}", share * 100.0)) "%)"
                }
            }
        }
    }
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

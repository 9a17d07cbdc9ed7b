//! The report: what the wall and the staff did, day by day.

use super::*;

/// The report page's callbacks.
pub(super) fn bind(g: &StaffReport<'_>, events: &Events) {
    g.on_days_chosen(with(events, |d: i32| {
        StaffEvent::ReportDays(d.max(1) as u32)
    }));
}

/// Show the report page.
pub(super) fn show(g: &StaffReport<'_>, page: &StaffPage, lang: &str) {
    let StaffPage::Report { days, report } = page else {
        return;
    };
    g.set_days(*days as i32);
    g.set_ready(report.is_some());
    if let Some(r) = report {
        g.set_deliveries(r.deliveries() as i32);
        g.set_picked_up(r.picked_up as i32);
        g.set_expired(r.expired as i32);
        g.set_dwell_median(duration(r.dwell_median_ms, lang).into());
        g.set_dwell_p90(duration(r.dwell_p90_ms, lang).into());
        g.set_peak_hour(
            r.peak_hour()
                .map_or("–".into(), |h| format!("{h:02}:00"))
                .into(),
        );
        let per_day: Vec<BarItem> = r
            .per_day
            .iter()
            .map(|(d, n)| BarItem {
                label: d.short().into(),
                value: *n as i32,
            })
            .collect();
        g.set_per_day_max(per_day.iter().map(|b| b.value).max().unwrap_or(1).max(1));
        g.set_per_day(model(per_day));
        let carriers: Vec<BarItem> = r
            .per_carrier
            .iter()
            .map(|(c, n)| BarItem {
                label: c.as_str().into(),
                value: *n as i32,
            })
            .collect();
        g.set_per_carrier(model(carriers));
        let hours: Vec<i32> = r.deliveries_by_hour.iter().map(|n| *n as i32).collect();
        g.set_hours_max(hours.iter().copied().max().unwrap_or(1).max(1));
        g.set_hours(model(hours));
        let occupancy: Vec<OccupancyRow> = Size::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| r.capacity[*i] > 0)
            .map(|(i, s)| OccupancyRow {
                size: s.code().into(),
                capacity: r.capacity[i] as i32,
                days: model(r.occupancy.iter().map(|(_, n)| n[i] as i32).collect()),
            })
            .collect();
        g.set_occupancy(model(occupancy));
    }
}

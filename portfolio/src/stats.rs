//! Dwell times in logarithmic buckets: a few dozen rows a day per property
//! instead of one per package, with percentiles within about 5%.

/// Buckets per doubling of the wait.
const PER_DOUBLING: f64 = 8.0;
/// The last bucket (about 59 days); longer waits are counted in it.
pub const LAST_BUCKET: i16 = 130;

/// The bucket a wait of `minutes` falls in.
pub fn bucket(minutes: i64) -> i16 {
    let b = (PER_DOUBLING * (1.0 + minutes.max(0) as f64).log2()).round();
    (b as i16).min(LAST_BUCKET)
}

/// The wait (minutes) a bucket stands for: its centre.
pub fn minutes(bucket: i16) -> f64 {
    (2f64.powf(bucket as f64 / PER_DOUBLING) - 1.0).max(0.0)
}

/// The `p`-th percentile (0..=1) of a histogram of `(bucket, count)`, in minutes.
pub fn percentile(histogram: &[(i16, i64)], p: f64) -> Option<f64> {
    let mut h: Vec<(i16, i64)> = histogram.iter().copied().filter(|(_, n)| *n > 0).collect();
    h.sort();
    let total: i64 = h.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    // The smallest value with at least p of the counts at or below it.
    let rank = ((p * total as f64).ceil() as i64).clamp(1, total);
    let mut seen = 0;
    for (b, n) in h {
        seen += n;
        if seen >= rank {
            return Some(minutes(b));
        }
    }
    None
}

/// A wait in words: "45 min", "5.5 h", "3.2 days".
pub fn wait_words(minutes: f64) -> String {
    if minutes < 90.0 {
        format!("{:.0} min", minutes)
    } else if minutes < 48.0 * 60.0 {
        format!("{:.1} h", minutes / 60.0)
    } else {
        format!("{:.1} days", minutes / 1440.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_keep_a_wait_within_five_percent() {
        for m in [10i64, 45, 90, 300, 1440, 4000, 20000] {
            let back = minutes(bucket(m));
            assert!((back - m as f64).abs() / m as f64 <= 0.05, "{m} -> {back}");
        }
        assert_eq!(bucket(0), 0);
        assert_eq!(bucket(-5), 0);
        assert_eq!(bucket(10_000_000), LAST_BUCKET);
    }

    #[test]
    fn percentiles_come_from_the_counts() {
        // 50 packages at about an hour, 40 at about a day, 10 at about four days.
        let h = vec![(bucket(60), 50), (bucket(1440), 40), (bucket(5760), 10)];
        let median = percentile(&h, 0.5).unwrap();
        let p90 = percentile(&h, 0.9).unwrap();
        assert!((median - 60.0).abs() < 3.0, "{median}");
        assert!((p90 - 1440.0).abs() < 60.0, "{p90}");
        assert!((percentile(&h, 0.95).unwrap() - 5760.0).abs() < 250.0);
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn waits_read_naturally() {
        assert_eq!(wait_words(45.0), "45 min");
        assert_eq!(wait_words(330.0), "5.5 h");
        assert_eq!(wait_words(4608.0), "3.2 days");
    }
}

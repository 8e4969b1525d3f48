//! How the GUI writes durations. One place, so that pointing the GUI at a shared duration module
//! later is a one-file change.

/// Seconds as `1h 02m`, `3m 05s` or `42s`.
pub fn human_seconds(secs: f64) -> String {
    let s = secs.max(0.0).round() as u64;
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m {:02}s", s / 60, s % 60),
        _ => format!("{}h {:02}m", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn human_seconds_reads_naturally() {
        assert_eq!(super::human_seconds(42.4), "42s");
        assert_eq!(super::human_seconds(185.0), "3m 05s");
        assert_eq!(super::human_seconds(3720.0), "1h 02m");
    }
}

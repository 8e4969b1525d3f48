//! Durations as people type and read them, shared by `ocpctl` and the desktop app.
//!
//! * [`parse`]: `26h`, `90m`, `1h30m`, `1h 30m`, `2d12h`, `45s`, `250ms`, `1w` (humantime's
//!   units), and a bare number of seconds (`90`), which scripts already pass;
//! * [`compact`]: the two largest units, the second zero-padded, for a table cell or a progress
//!   line: `42s`, `3m 05s`, `1h 02m`, `3d 04h`.

use std::time::Duration;

/// Why a text is not a duration. Its text names the input and gives examples.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid duration {text:?}: {reason}; e.g. 26h, 90m, 1h30m, 2d, 45s or 90 (seconds)")]
pub struct ParseError {
    text: String,
    reason: String,
}

/// Parses a duration as people type it (see the module's documentation). Negative durations are
/// refused: every duration here is a length of time to wait or to look back.
pub fn parse(text: &str) -> Result<Duration, ParseError> {
    let trimmed = text.trim();
    let fail = |reason: String| ParseError {
        text: text.to_owned(),
        reason,
    };
    if trimmed.starts_with('-') {
        return Err(fail("a duration cannot be negative".into()));
    }
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return trimmed
            .parse::<u64>()
            .map(Duration::from_secs)
            .map_err(|_| fail("number too large".into()));
    }
    humantime::parse_duration(trimmed).map_err(|e| fail(e.to_string()))
}

/// The two largest units, the second zero-padded: `42s`, `3m 05s`, `1h 02m`, `3d 04h`. Rounded
/// to the second.
pub fn compact(d: Duration) -> String {
    let secs = d.as_secs() + u64::from(d.subsec_millis() >= 500);
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m {:02}s", secs / 60, secs % 60),
        3600..86_400 => format!("{}h {:02}m", secs / 3600, secs % 3600 / 60),
        _ => format!("{}d {:02}h", secs / 86_400, secs % 86_400 / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse("26h"), Ok(secs(26 * 3600)));
        assert_eq!(parse("15m"), Ok(secs(900)));
        assert_eq!(parse("1h30m"), Ok(secs(5400)));
        assert_eq!(parse("1h 30m"), Ok(secs(5400)));
        assert_eq!(parse("2d12h"), Ok(secs(216_000)));
        assert_eq!(parse("1w"), Ok(secs(7 * 86_400)));
        assert_eq!(parse("45s"), Ok(secs(45)));
        assert_eq!(parse("10min"), Ok(secs(600)));
        assert_eq!(parse("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse(" 6h "), Ok(secs(6 * 3600)));
    }

    #[test]
    fn a_bare_number_is_seconds() {
        assert_eq!(parse("90"), Ok(secs(90)));
        assert_eq!(parse("0"), Ok(Duration::ZERO));
        assert!(parse("99999999999999999999999").is_err());
    }

    #[test]
    fn refuses_with_the_input_and_examples() {
        for bad in ["", "h", "5 parsecs", "1x", "-1h", "-90", "soon"] {
            let e = parse(bad).expect_err(bad).to_string();
            assert!(e.contains(&format!("{bad:?}")), "{e}");
            assert!(e.contains("e.g. 26h"), "{e}");
        }
        assert!(parse("-1h").unwrap_err().to_string().contains("negative"));
    }

    #[test]
    fn compact_shows_two_units() {
        assert_eq!(compact(Duration::ZERO), "0s");
        assert_eq!(compact(secs(42)), "42s");
        assert_eq!(compact(Duration::from_millis(42_400)), "42s");
        assert_eq!(compact(Duration::from_millis(59_600)), "1m 00s");
        assert_eq!(compact(secs(185)), "3m 05s");
        assert_eq!(compact(secs(23 * 60 + 8)), "23m 08s");
        assert_eq!(compact(secs(3720)), "1h 02m");
        assert_eq!(compact(secs(14 * 3600)), "14h 00m");
        assert_eq!(compact(secs(3 * 86_400 + 4 * 3600 + 5)), "3d 04h");
    }

    #[test]
    fn what_compact_prints_parses_back_to_the_value_it_rounds_to() {
        for n in [0, 42, 185, 3720, 14 * 3600, 3 * 86_400 + 4 * 3600] {
            assert_eq!(parse(&compact(secs(n))), Ok(secs(n)), "{n}");
        }
    }
}

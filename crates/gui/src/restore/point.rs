//! The wizard's point in time: typed, picked on the recoverable-time strip, set by date and
//! hour/minute/second, or by a preset. Whole seconds in the display zone; a point outside the
//! recoverable windows is refused with the nearest recoverable times on either side.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Timelike, Utc};

use crate::model::{Timeline, TimelineRange};
use crate::ui::format::Format;

const SECOND_MS: i64 = 1000;
const HOUR_MS: i64 = 3_600_000;

/// The date and hour/minute/second fields, as typed; the text field is the wizard's `time`.
#[derive(Clone, Debug, PartialEq)]
pub struct PointFields {
    pub date: jiff::civil::Date,
    pub hour: String,
    pub minute: String,
    pub second: String,
}

impl Default for PointFields {
    fn default() -> Self {
        PointFields {
            date: jiff::civil::date(2024, 1, 1),
            hour: "00".into(),
            minute: "00".into(),
            second: "00".into(),
        }
    }
}

impl PointFields {
    /// The fields showing `t` (already in the display zone).
    pub fn of(t: &DateTime<FixedOffset>) -> Self {
        PointFields {
            date: jiff::civil::Date::new(t.year() as i16, t.month() as i8, t.day() as i8)
                .unwrap_or_default(),
            hour: format!("{:02}", t.hour()),
            minute: format!("{:02}", t.minute()),
            second: format!("{:02}", t.second()),
        }
    }

    /// The instant the fields name in `zone`, if each is a number in range.
    pub fn instant(&self, zone: FixedOffset) -> Option<DateTime<FixedOffset>> {
        let n = |s: &str, max: u32| s.trim().parse::<u32>().ok().filter(|v| *v <= max);
        let d = self.date;
        let date = NaiveDate::from_ymd_opt(d.year().into(), d.month() as u32, d.day() as u32)?;
        let time = date.and_hms_opt(
            n(&self.hour, 23)?,
            n(&self.minute, 59)?,
            n(&self.second, 59)?,
        )?;
        zone.from_local_datetime(&time).single()
    }
}

/// The offset the wizard's date and time fields are in: the display zone's, now.
pub fn zone(fmt: &Format) -> FixedOffset {
    fmt.offset_at(Utc::now())
}

/// `ms` (since the epoch) as every time is shown.
pub fn shown_ms(fmt: &Format, ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| fmt.instant(t))
        .unwrap_or_default()
}

/// The text of the time field for `ms`: what [`Format::parse_time`] reads back.
pub fn field_ms(fmt: &Format, ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| fmt.time_field(t))
        .unwrap_or_default()
}

/// A whole second inside `r` near `ms` (which `r` holds): `ms` rounded down, or up when that
/// falls before the window's start.
fn second_inside(r: &TimelineRange, ms: i64) -> i64 {
    let down = ms.div_euclid(SECOND_MS) * SECOND_MS;
    if down >= r.start_ms {
        down
    } else {
        (down + SECOND_MS).min(r.end_ms)
    }
}

/// The whole second a pick at `ms` stands for: inside the window holding `ms`, if any.
pub fn picked_second(timeline: &Timeline, ms: i64) -> i64 {
    match timeline.recoverable_at(ms) {
        Some(r) => second_inside(r, ms),
        None => ms.div_euclid(SECOND_MS) * SECOND_MS,
    }
}

/// The latest recoverable whole second.
pub fn latest(timeline: &Timeline) -> Option<i64> {
    let r = timeline.recoverable.iter().max_by_key(|r| r.end_ms)?;
    Some(second_inside(r, r.end_ms))
}

/// An hour before OCP's time when the timeline was read (OCP's clock, not this machine's).
pub fn hour_ago(timeline: &Timeline) -> Option<i64> {
    let now = timeline.read_at.as_ref()?.to_utc().timestamp_millis();
    Some((now - HOUR_MS).div_euclid(SECOND_MS) * SECOND_MS)
}

/// The recoverable whole seconds nearest to `ms`, before and after it (for a point outside
/// every window).
pub fn nearest(timeline: &Timeline, ms: i64) -> (Option<i64>, Option<i64>) {
    let before = timeline
        .recoverable
        .iter()
        .filter(|r| r.end_ms < ms)
        .max_by_key(|r| r.end_ms)
        .map(|r| second_inside(r, r.end_ms));
    let after = timeline
        .recoverable
        .iter()
        .filter(|r| r.start_ms > ms)
        .min_by_key(|r| r.start_ms)
        .map(|r| second_inside(r, r.start_ms));
    (before, after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::ui::format::TimeZone as Zone;
    use ocp_api::time::OcpDateTime;

    fn t(s: &str) -> OcpDateTime {
        OcpDateTime::parse(s).unwrap()
    }

    const FMT: Format = Format {
        lang: Lang::En,
        zone: Zone::Ocp,
        ocp_offset: FixedOffset::east_opt(8 * 3600),
    };

    fn timeline() -> Timeline {
        Timeline {
            recoverable: vec![
                TimelineRange::new(
                    t("2024-08-03T10:00:00.250+08:00"),
                    t("2024-08-03T12:00:00.750+08:00"),
                ),
                TimelineRange::new(
                    t("2024-08-04T06:30:00.500+08:00"),
                    t("2024-08-09T16:00:00.900+08:00"),
                ),
            ],
            read_at: Some(t("2024-08-09T16:00:01.000+08:00")),
            ..Default::default()
        }
    }

    fn ms(s: &str) -> i64 {
        t(s).to_utc().timestamp_millis()
    }

    #[test]
    fn picks_and_presets_are_whole_seconds_inside_the_windows() {
        let tl = timeline();
        let shown = |ms| shown_ms(&FMT, ms);
        assert_eq!(shown(latest(&tl).unwrap()), "2024-08-09 16:00:00 +08:00");
        assert_eq!(shown(hour_ago(&tl).unwrap()), "2024-08-09 15:00:01 +08:00");
        // A pick in the first tenth of a window's first second rounds up into it.
        let first = picked_second(&tl, ms("2024-08-03T10:00:00.300+08:00"));
        assert_eq!(shown(first), "2024-08-03 10:00:01 +08:00");
        assert!(tl.recoverable_at(first).is_some());
        assert_eq!(
            FMT.parse_time(&field_ms(&FMT, first))
                .unwrap()
                .to_utc()
                .timestamp_millis(),
            first
        );
    }

    #[test]
    fn a_point_in_the_gap_has_a_nearest_time_on_each_side() {
        let tl = timeline();
        let (before, after) = nearest(&tl, ms("2024-08-03T20:00:00+08:00"));
        assert_eq!(
            shown_ms(&FMT, before.unwrap()),
            "2024-08-03 12:00:00 +08:00"
        );
        assert_eq!(shown_ms(&FMT, after.unwrap()), "2024-08-04 06:30:01 +08:00");
        assert!(tl.recoverable_at(before.unwrap()).is_some());
        assert!(tl.recoverable_at(after.unwrap()).is_some());
        assert_eq!(nearest(&tl, ms("2024-08-01T00:00:00+08:00")).0, None);
    }

    #[test]
    fn the_date_and_time_fields_name_an_instant_in_the_zone() {
        let zone = FixedOffset::east_opt(8 * 3600).unwrap();
        let a = *t("2024-08-03T11:00:05+08:00").as_datetime();
        let fields = PointFields::of(&a);
        assert_eq!((fields.hour.as_str(), fields.second.as_str()), ("11", "05"));
        assert_eq!(fields.instant(zone), Some(a));
        let bad = PointFields {
            minute: "61".into(),
            ..fields
        };
        assert_eq!(bad.instant(zone), None);
    }
}

//! Lenient OCP timestamps that remember both their offset and their exact text.
//!
//! OCP is inconsistent about `date-time` strings: `2024-08-09T16:06:02.743+08:00`,
//! `2021-09-16T17:25:02.993+0800` (offset without colon, which RFC 3339 and chrono's RFC 3339
//! parser reject), `2024-08-09T08:02:57.715753Z`, nanoseconds
//! `2024-08-02T16:01:41.862678516+08:00`, and no fraction at all `1970-01-01T08:00:00+08:00`.
//! [`OcpDateTime`] accepts all of them, keeps the server's offset (DBAs read times in the
//! cluster's zone) and keeps the original text so that re-serialising is byte-exact.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A timestamp as OCP sends it: an instant, the offset it was written in, and its original text.
///
/// Accepted syntax (lenient superset of RFC 3339):
/// `YYYY-MM-DD` (`T` | `t` | space) `HH:MM:SS` [`.` 1–9 digits]
/// (`Z` | `z` | `±HH:MM` | `±HHMM` | `±HH`).
///
/// # Equality, ordering and hashing
///
/// `Eq`, `Ord` and `Hash` look at the **instant only**, like chrono's `DateTime`:
/// `2024-08-09T16:06:02+08:00 == 2024-08-09T08:06:02Z`, and sorting a mixed-offset list sorts it
/// chronologically. This keeps `Eq` consistent with `Ord` (both see exactly the same information)
/// without inventing a tie-break on text that would make "same moment" values unequal. Compare
/// [`original`](Self::original) or [`offset`](Self::offset) when the spelling matters. Note that a
/// `BTreeSet`/`HashSet` therefore keeps only one of several spellings of the same instant.
#[derive(Clone)]
pub struct OcpDateTime {
    datetime: DateTime<FixedOffset>,
    text: String,
}

impl OcpDateTime {
    /// Parses an OCP timestamp; same as [`FromStr`].
    pub fn parse(text: &str) -> Result<Self, ParseOcpDateTimeError> {
        Self::parse_owned(text.to_owned())
    }

    fn parse_owned(text: String) -> Result<Self, ParseOcpDateTimeError> {
        match parse_datetime(&text) {
            Ok(datetime) => Ok(Self { datetime, text }),
            Err(reason) => Err(ParseOcpDateTimeError::new(&text, reason)),
        }
    }

    /// The instant in its original offset.
    pub fn as_datetime(&self) -> &DateTime<FixedOffset> {
        &self.datetime
    }

    /// The instant in UTC.
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.datetime.to_utc()
    }

    /// The offset the timestamp was written in (the server's zone, usually).
    pub fn offset(&self) -> FixedOffset {
        *self.datetime.offset()
    }

    /// The exact text this value was parsed from (or generated for it).
    pub fn original(&self) -> &str {
        &self.text
    }

    /// Human-readable form in its own offset: `YYYY-MM-DD HH:MM:SS +08:00`.
    pub fn format_local(&self) -> String {
        self.datetime.format("%Y-%m-%d %H:%M:%S %:z").to_string()
    }
}

/// RFC 3339 text in the value's own offset (`Z` for UTC), with millisecond precision unless the
/// sub-millisecond digits are non-zero; OCP's Java side parses all of these.
fn format_rfc3339(datetime: &DateTime<FixedOffset>) -> String {
    let nanos = datetime.timestamp_subsec_nanos() % 1_000_000_000;
    let precision = if nanos.is_multiple_of(1_000_000) {
        SecondsFormat::Millis
    } else if nanos.is_multiple_of(1_000) {
        SecondsFormat::Micros
    } else {
        SecondsFormat::Nanos
    };
    datetime.to_rfc3339_opts(precision, true)
}

impl From<DateTime<FixedOffset>> for OcpDateTime {
    fn from(datetime: DateTime<FixedOffset>) -> Self {
        Self {
            text: format_rfc3339(&datetime),
            datetime,
        }
    }
}

impl From<DateTime<Utc>> for OcpDateTime {
    fn from(datetime: DateTime<Utc>) -> Self {
        Self::from(datetime.fixed_offset())
    }
}

impl From<OcpDateTime> for DateTime<FixedOffset> {
    fn from(value: OcpDateTime) -> Self {
        value.datetime
    }
}

impl From<OcpDateTime> for DateTime<Utc> {
    fn from(value: OcpDateTime) -> Self {
        value.to_utc()
    }
}

impl FromStr for OcpDateTime {
    type Err = ParseOcpDateTimeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for OcpDateTime {
    type Error = ParseOcpDateTimeError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl TryFrom<String> for OcpDateTime {
    type Error = ParseOcpDateTimeError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse_owned(s)
    }
}

impl TryFrom<&String> for OcpDateTime {
    type Error = ParseOcpDateTimeError;

    fn try_from(s: &String) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

/// Writes the original text, so `to_string()` round-trips exactly.
impl fmt::Display for OcpDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for OcpDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OcpDateTime").field(&self.text).finish()
    }
}

impl PartialEq for OcpDateTime {
    fn eq(&self, other: &Self) -> bool {
        self.datetime == other.datetime
    }
}

impl Eq for OcpDateTime {}

impl PartialOrd for OcpDateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OcpDateTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.datetime.cmp(&other.datetime)
    }
}

impl Hash for OcpDateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // chrono hashes the UTC instant only, matching the instant-based `Eq` above.
        self.datetime.hash(state);
    }
}

/// Serialises as a JSON string holding the original text.
impl Serialize for OcpDateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// Deserialises from a string in any accepted form.
impl<'de> Deserialize<'de> for OcpDateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse_owned(text).map_err(serde::de::Error::custom)
    }
}

/// An unparseable timestamp; the message names the input and what was wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid OCP date-time {input:?}: {reason} (expected e.g. 2024-08-09T16:06:02.743+08:00, offset Z, +HH:MM or +HHMM)"
)]
pub struct ParseOcpDateTimeError {
    input: String,
    reason: &'static str,
}

/// Longest input echoed in an error; a hostile server could send megabytes.
const MAX_ECHOED_INPUT: usize = 64;

impl ParseOcpDateTimeError {
    fn new(input: &str, reason: &'static str) -> Self {
        let input = match input.char_indices().nth(MAX_ECHOED_INPUT) {
            Some((cut, _)) => format!("{}…", &input[..cut]),
            None => input.to_owned(),
        };
        Self { input, reason }
    }

    /// The rejected input (shortened to 64 characters).
    pub fn input(&self) -> &str {
        &self.input
    }

    /// What was wrong with it.
    pub fn reason(&self) -> &str {
        self.reason
    }
}

/// Cursor over the ASCII bytes of a timestamp.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, accept: impl Fn(u8) -> bool) -> bool {
        match self.peek() {
            Some(b) if accept(b) => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    fn digits(&mut self, count: usize) -> Option<u32> {
        let chunk = self.bytes.get(self.pos..self.pos + count)?;
        if !chunk.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.pos += count;
        Some(chunk.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
    }
}

fn parse_datetime(text: &str) -> Result<DateTime<FixedOffset>, &'static str> {
    let mut c = Cursor {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let date = (|| {
        let year = c.digits(4)?;
        c.eat(|b| b == b'-').then_some(())?;
        let month = c.digits(2)?;
        c.eat(|b| b == b'-').then_some(())?;
        Some((year, month, c.digits(2)?))
    })()
    .ok_or("expected a YYYY-MM-DD date")?;
    if !c.eat(|b| matches!(b, b'T' | b't' | b' ')) {
        return Err("expected 'T' or a space between date and time");
    }
    let time = (|| {
        let hour = c.digits(2)?;
        c.eat(|b| b == b':').then_some(())?;
        let minute = c.digits(2)?;
        c.eat(|b| b == b':').then_some(())?;
        Some((hour, minute, c.digits(2)?))
    })()
    .ok_or("expected an HH:MM:SS time")?;

    let mut nanos = 0;
    if c.eat(|b| b == b'.') {
        let start = c.pos;
        while c.eat(|b| b.is_ascii_digit()) {}
        let fraction = &text[start..c.pos];
        if fraction.is_empty() {
            return Err("expected digits after the decimal point");
        }
        if fraction.len() > 9 {
            return Err("more than 9 fractional digits");
        }
        let value: u32 = fraction.parse().map_err(|_| "invalid fraction")?;
        nanos = value * 10u32.pow(9 - fraction.len() as u32);
    }

    let offset_seconds = if c.eat(|b| matches!(b, b'Z' | b'z')) {
        0
    } else {
        let sign = match c.peek() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            None => return Err("missing UTC offset"),
            Some(_) => return Err("unexpected character where the UTC offset should start"),
        };
        c.pos += 1;
        let hours = c.digits(2).ok_or("invalid UTC offset")?;
        let minutes = if c.peek().is_none() {
            0
        } else {
            c.eat(|b| b == b':');
            c.digits(2).ok_or("invalid UTC offset")?
        };
        if minutes > 59 {
            return Err("invalid UTC offset");
        }
        sign * (hours * 3600 + minutes * 60) as i32
    };
    if c.peek().is_some() {
        return Err("unexpected characters after the UTC offset");
    }

    let offset = FixedOffset::east_opt(offset_seconds).ok_or("UTC offset out of range")?;
    let (year, month, day) = date;
    let date = NaiveDate::from_ymd_opt(year as i32, month, day).ok_or("no such date")?;
    let (hour, minute, second) = time;
    // Seconds = 60 is refused: OCP's Java side (java.time) never produces leap seconds.
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
        .filter(|_| second < 60)
        .ok_or("no such time of day")?;
    date.and_time(time)
        .and_local_timezone(offset)
        .single()
        .ok_or("date-time out of range")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Timelike};
    use std::collections::HashSet;

    fn p(s: &str) -> OcpDateTime {
        s.parse()
            .unwrap_or_else(|e| panic!("{s} should parse: {e}"))
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    const DOC_SAMPLES: [&str; 5] = [
        "2024-08-09T16:06:02.743+08:00",
        "2021-09-16T17:25:02.993+0800",
        "2024-08-09T08:02:57.715753Z",
        "2024-08-02T16:01:41.862678516+08:00",
        "1970-01-01T08:00:00+08:00",
    ];

    #[test]
    fn millis_with_colon_offset() {
        let t = p("2024-08-09T16:06:02.743+08:00");
        assert_eq!(t.to_utc(), utc("2024-08-09T08:06:02.743Z"));
        assert_eq!(t.offset(), FixedOffset::east_opt(8 * 3600).unwrap());
        assert_eq!(t.format_local(), "2024-08-09 16:06:02 +08:00");
    }

    #[test]
    fn offset_without_colon() {
        let t = p("2021-09-16T17:25:02.993+0800");
        assert_eq!(t.to_utc(), utc("2021-09-16T09:25:02.993Z"));
        assert_eq!(t.offset().local_minus_utc(), 8 * 3600);
        assert_eq!(t.format_local(), "2021-09-16 17:25:02 +08:00");
    }

    #[test]
    fn micros_utc_z() {
        let t = p("2024-08-09T08:02:57.715753Z");
        assert_eq!(t.as_datetime().nanosecond(), 715_753_000);
        assert_eq!(t.offset().local_minus_utc(), 0);
        assert_eq!(t.format_local(), "2024-08-09 08:02:57 +00:00");
    }

    #[test]
    fn nanoseconds() {
        let t = p("2024-08-02T16:01:41.862678516+08:00");
        assert_eq!(t.as_datetime().nanosecond(), 862_678_516);
        assert_eq!(t.to_utc(), utc("2024-08-02T08:01:41.862678516Z"));
    }

    #[test]
    fn epoch_without_fraction() {
        let t = p("1970-01-01T08:00:00+08:00");
        assert_eq!(t.to_utc().timestamp(), 0);
        assert_eq!(t.format_local(), "1970-01-01 08:00:00 +08:00");
    }

    #[test]
    fn lenient_variants() {
        let reference = utc("2024-08-09T08:06:02Z");
        for s in [
            "2024-08-09 16:06:02+08:00",
            "2024-08-09t16:06:02+08",
            "2024-08-09T08:06:02z",
            "2024-08-09T08:06:02.0Z",
            "2024-08-09T08:06:02.000000000+00:00",
            "2024-08-09T02:36:02-0530",
            "2024-08-09T02:36:02-05:30",
        ] {
            assert_eq!(p(s).to_utc(), reference, "{s}");
        }
        assert_eq!(
            p("2024-08-09T02:36:02-0530").format_local(),
            "2024-08-09 02:36:02 -05:30"
        );
        assert_eq!(
            p("2024-08-09T08:06:02.1Z").as_datetime().nanosecond(),
            100_000_000
        );
    }

    #[test]
    fn text_round_trips_exactly() {
        for s in DOC_SAMPLES
            .iter()
            .copied()
            .chain(["2024-08-09 16:06:02.7+0800"])
        {
            let t = p(s);
            assert_eq!(t.original(), s);
            assert_eq!(t.to_string(), s);
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{s}\""));
            assert_eq!(OcpDateTime::try_from(s).unwrap().original(), s);
            assert_eq!(OcpDateTime::try_from(s.to_owned()).unwrap().original(), s);
        }
    }

    #[test]
    fn built_from_datetime_uses_rfc3339_with_original_offset() {
        let cst = FixedOffset::east_opt(8 * 3600).unwrap();
        let base = cst.with_ymd_and_hms(2024, 8, 9, 16, 6, 2).unwrap();
        let at = |nanos| OcpDateTime::from(base.with_nanosecond(nanos).unwrap()).to_string();
        assert_eq!(at(0), "2024-08-09T16:06:02.000+08:00");
        assert_eq!(at(743_000_000), "2024-08-09T16:06:02.743+08:00");
        assert_eq!(at(715_753_000), "2024-08-09T16:06:02.715753+08:00");
        assert_eq!(at(862_678_516), "2024-08-09T16:06:02.862678516+08:00");

        let from_utc = OcpDateTime::from(Utc.with_ymd_and_hms(2024, 8, 6, 0, 0, 0).unwrap());
        assert_eq!(from_utc.to_string(), "2024-08-06T00:00:00.000Z");
        assert_eq!(p(from_utc.original()), from_utc);

        let back: DateTime<FixedOffset> = OcpDateTime::from(base).into();
        assert_eq!(back.offset(), &cst);
    }

    #[test]
    fn ordering_and_equality_across_offsets() {
        let a = p("2024-08-09T09:00:00+08:00"); // 01:00Z
        let b = p("2024-08-09T02:00:00Z"); // 02:00Z
        let c = p("2024-08-08T23:30:00-0300"); // 02:30Z
        assert!(a < b && b < c);
        let mut v = vec![c.clone(), a.clone(), b.clone()];
        v.sort();
        assert_eq!(v, [a.clone(), b.clone(), c.clone()]);
        // Calendar text order would put c first; instant order must not.
        assert!(c.original() < a.original());

        let x = p("2024-08-09T16:06:02.743+08:00");
        let y = p("2024-08-09T08:06:02.743Z");
        let z = p("2024-08-09T16:06:02.743000+0800");
        assert_eq!(x, y);
        assert_eq!(x.cmp(&z), Ordering::Equal);
        assert_ne!(x.original(), y.original());
        let set: HashSet<_> = [x, y, z].into_iter().collect();
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn errors_name_the_input_and_the_problem() {
        let cases = [
            ("", "expected a YYYY-MM-DD date"),
            ("garbage", "expected a YYYY-MM-DD date"),
            ("2024-08-09", "expected 'T' or a space"),
            ("2024-08-09T16:06", "expected an HH:MM:SS time"),
            ("2024-08-09T16:06:02", "missing UTC offset"),
            (
                "2024-08-09T16:06:02.+08:00",
                "digits after the decimal point",
            ),
            (
                "2024-08-09T16:06:02.1234567890Z",
                "more than 9 fractional digits",
            ),
            ("2024-08-09T16:06:02+8", "invalid UTC offset"),
            ("2024-08-09T16:06:02+08:0", "invalid UTC offset"),
            ("2024-08-09T16:06:02+08:60", "invalid UTC offset"),
            ("2024-08-09T16:06:02+24:00", "UTC offset out of range"),
            ("2024-08-09T16:06:02 +08:00", "unexpected character"),
            ("2024-08-09T16:06:02+08:00 ", "after the UTC offset"),
            ("2024-02-30T16:06:02Z", "no such date"),
            ("2024-08-09T24:00:00Z", "no such time of day"),
            ("2024-08-09T23:59:60Z", "no such time of day"),
        ];
        for (input, reason) in cases {
            let err = input.parse::<OcpDateTime>().unwrap_err();
            let msg = err.to_string();
            assert!(msg.contains(&format!("{input:?}")), "{msg}");
            assert!(msg.contains(reason), "{input}: {msg}");
            assert_eq!(err.input(), input);
        }
        let msg = "x"
            .repeat(100)
            .parse::<OcpDateTime>()
            .unwrap_err()
            .to_string();
        assert!(msg.contains(&format!("{}…", "x".repeat(64))), "{msg}");
    }

    #[test]
    fn serde_json_struct_round_trip() {
        #[derive(Serialize, Deserialize)]
        struct Row {
            #[serde(rename = "finishTime")]
            finish_time: OcpDateTime,
            #[serde(rename = "createTime")]
            create_time: Option<OcpDateTime>,
        }
        let json = r#"{"finishTime":"2024-08-09T08:02:57.715753Z","createTime":"2024-08-02T14:54:45.000+0800"}"#;
        let row: Row = serde_json::from_str(json).unwrap();
        assert_eq!(row.finish_time.to_utc(), utc("2024-08-09T08:02:57.715753Z"));
        assert_eq!(serde_json::to_string(&row).unwrap(), json);

        let err = serde_json::from_str::<Row>(r#"{"finishTime":"yesterday","createTime":null}"#)
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("invalid OCP date-time \"yesterday\""), "{err}");
        assert!(serde_json::from_str::<OcpDateTime>("1723190762").is_err());
    }

    #[test]
    fn usable_as_query_parameter() {
        let t = p("2024-04-15T14:29:55+08:00");
        let req = crate::tls::client()
            .get("http://127.0.0.1:8080/api/v2/x")
            .query(&[("startTime", &t)])
            .build()
            .unwrap();
        assert_eq!(
            req.url().query(),
            Some("startTime=2024-04-15T14%3A29%3A55%2B08%3A00")
        );
    }
}

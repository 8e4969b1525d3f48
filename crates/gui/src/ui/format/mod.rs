//! The one way the app shows values: times in the display zone with seconds, durations as
//! `23m 08s`, sizes in binary units with three significant digits, enum values as words; the
//! exact value goes into a tooltip ([`Format::time_tip`], [`raw_tip`], [`word_tip`]).
//!
//! The display zone is a setting ([`TimeZone`], persisted). "OCP's zone" is the offset OCP writes
//! its cluster-level times in (tenant-level answers of OceanBase 4.x come in UTC, so taking each
//! value's own offset would show two zones side by side); it is learned from the cluster list.

pub mod words;

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Offset, TimeZone as _, Utc};
use ocp_api::time::OcpDateTime;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
pub use words::Worded;

/// The zone every time is shown, exported and typed in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeZone {
    /// The offset OCP writes its times in (the server's zone).
    #[default]
    Ocp,
    /// This computer's zone.
    Local,
    Utc,
}

impl TimeZone {
    pub const ALL: [TimeZone; 3] = [TimeZone::Ocp, TimeZone::Local, TimeZone::Utc];
}

/// How values are written for one language and display zone; cheap to copy into every view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    pub lang: Lang,
    pub zone: TimeZone,
    /// OCP's offset, once known; UTC until then.
    pub ocp_offset: Option<FixedOffset>,
}

const TIME: &str = "%Y-%m-%d %H:%M:%S %:z";

impl Format {
    /// The offset times at this instant are shown in.
    pub fn offset_at(&self, at: DateTime<Utc>) -> FixedOffset {
        match self.zone {
            TimeZone::Ocp => self.ocp_offset.unwrap_or(Utc.fix()),
            TimeZone::Local => chrono::Local
                .offset_from_utc_datetime(&at.naive_utc())
                .fix(),
            TimeZone::Utc => Utc.fix(),
        }
    }

    /// An instant in the display zone: `2024-08-09 16:06:02 +08:00` (seconds, no fraction).
    pub fn instant(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.offset_at(at))
            .format(TIME)
            .to_string()
    }

    /// An OCP time in the display zone; see [`Format::instant`].
    pub fn time(&self, t: &OcpDateTime) -> String {
        self.instant(t.to_utc())
    }

    /// Tooltip of a shown time: the exact text OCP sent.
    pub fn time_tip(t: &OcpDateTime) -> String {
        t.original().to_owned()
    }

    /// What a user typed into a time field: a full timestamp with its offset (`…+08:00`, `…Z`),
    /// or `YYYY-MM-DD HH:MM[:SS]` read in the display zone (as the app shows times).
    pub fn parse_time(&self, text: &str) -> Option<OcpDateTime> {
        let text = text.trim();
        if let Ok(t) = OcpDateTime::parse(text) {
            return Some(t);
        }
        // As the app shows times.
        if let Ok(t) = DateTime::parse_from_str(text, TIME) {
            return Some(OcpDateTime::from(t));
        }
        let naive = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())?;
        let offset = match self.zone {
            TimeZone::Local => chrono::Local
                .from_local_datetime(&naive)
                .earliest()?
                .offset()
                .fix(),
            _ => self.offset_at(Utc::now()),
        };
        let at = offset.from_local_datetime(&naive).single()?;
        Some(OcpDateTime::from(at))
    }

    /// The text a time field is filled with for an instant: what [`Format::parse_time`] reads back.
    pub fn time_field(&self, at: DateTime<Utc>) -> String {
        self.instant(at)
    }

    /// A duration in seconds as its two largest units: `42s`, `23m 08s`, `1h 02m`, `3d 04h`
    /// (`23分 08秒` … in Chinese).
    pub fn duration(&self, secs: f64) -> String {
        let text = ocp_api::duration::compact(Duration::from_secs_f64(secs.max(0.0)));
        match self.lang {
            Lang::En => text,
            Lang::Zh => text
                .chars()
                .map(|c| match c {
                    'd' => "天".to_owned(),
                    'h' => "时".to_owned(),
                    'm' => "分".to_owned(),
                    's' => "秒".to_owned(),
                    c => c.to_string(),
                })
                .collect(),
        }
    }

    /// Bytes in binary units with three significant digits: `512 B`, `1.21 KiB`, `48.8 MiB`,
    /// `977 GiB`. A unit is changed before its value reaches four digits.
    pub fn size(&self, bytes: f64) -> String {
        const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        let bytes = bytes.max(0.0);
        if bytes < 1000.0 {
            let b = match self.lang {
                Lang::En => "B",
                Lang::Zh => "字节",
            };
            return format!("{bytes:.0} {b}");
        }
        let mut v = bytes;
        let mut unit = 0;
        while v >= 999.5 && unit + 1 < UNITS.len() {
            v /= 1024.0;
            unit += 1;
        }
        let digits = if v < 0.9995 {
            3
        } else if v < 9.995 {
            2
        } else if v < 99.95 {
            1
        } else {
            0
        };
        format!("{v:.digits$} {}", UNITS[unit])
    }

    /// The words of an enum value in this language; a value the spec does not document shows as
    /// sent.
    pub fn word<E: Worded>(&self, value: &E) -> String {
        word(self.lang, value)
    }
}

/// An enum value with its words, for tables that keep values of several enums in one column.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    pub schema: &'static str,
    pub wire: String,
    words: Option<(&'static str, &'static str)>,
}

impl Word {
    pub fn of<E: Worded>(value: &E) -> Self {
        Word {
            schema: E::SCHEMA,
            wire: value.wire().to_owned(),
            words: value.words(),
        }
    }

    /// The enum name and the value as sent.
    pub fn tip(&self) -> String {
        format!("{}: {}", self.schema, self.wire)
    }
}

/// A value as OCP sent it, written at draw time (so a change of zone or language shows at once).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Time(OcpDateTime),
    Seconds(f64),
    Bytes(f64),
    Word(Word),
}

impl Value {
    pub fn text(v: impl Into<String>) -> Value {
        Value::Text(v.into())
    }

    pub fn opt<T: ToString>(v: &Option<T>) -> Value {
        v.as_ref()
            .map_or(Value::Empty, |v| Value::Text(v.to_string()))
    }

    pub fn time(t: &Option<OcpDateTime>) -> Value {
        t.clone().map_or(Value::Empty, Value::Time)
    }

    pub fn seconds(s: Option<f64>) -> Value {
        s.map_or(Value::Empty, Value::Seconds)
    }

    pub fn word<E: Worded>(v: &E) -> Value {
        Value::Word(Word::of(v))
    }

    pub fn opt_word<E: Worded>(v: &Option<E>) -> Value {
        v.as_ref().map_or(Value::Empty, Value::word)
    }

    /// Order for sorting: times by instant, numbers by value, the rest as text (numbers in
    /// text, such as IDs, by value).
    pub fn sort_order(&self, other: &Value) -> std::cmp::Ordering {
        use Value::*;
        match (self, other) {
            (Time(a), Time(b)) => a.cmp(b),
            (Seconds(a), Seconds(b)) | (Bytes(a), Bytes(b)) => a.total_cmp(b),
            (Word(a), Word(b)) => a.wire.cmp(&b.wire),
            (Text(a), Text(b)) => match (a.parse::<f64>(), b.parse::<f64>()) {
                (Ok(p), Ok(q)) => p.total_cmp(&q),
                _ => a.cmp(b),
            },
            // One column holds one kind of value; a mix sorts by kind.
            _ => self.rank().cmp(&other.rank()),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Value::Empty => 0,
            Value::Text(_) => 1,
            Value::Time(_) => 2,
            Value::Seconds(_) => 3,
            Value::Bytes(_) => 4,
            Value::Word(_) => 5,
        }
    }
}

impl Format {
    /// A value as shown.
    pub fn show(&self, v: &Value) -> String {
        match v {
            Value::Empty => String::new(),
            Value::Text(t) => t.clone(),
            Value::Time(t) => self.time(t),
            Value::Seconds(s) => self.duration(*s),
            Value::Bytes(b) => self.size(*b),
            Value::Word(w) => self.word_text(w).to_owned(),
        }
    }

    /// What a shown value's tooltip says: the exact value as OCP sent it.
    pub fn tip(&self, v: &Value) -> Option<String> {
        match v {
            Value::Empty | Value::Text(_) => None,
            Value::Time(t) => Some(Self::time_tip(t)),
            Value::Seconds(s) => Some(raw_tip(*s, "s")),
            Value::Bytes(b) => Some(raw_tip(*b, "B")),
            Value::Word(w) => Some(w.tip()),
        }
    }

    /// A value in an exported file: times in the display zone, numbers raw (seconds, bytes),
    /// enum values as sent (stable for scripts, whatever the language).
    pub fn export(&self, v: &Value) -> String {
        match v {
            Value::Empty => String::new(),
            Value::Text(t) => t.clone(),
            Value::Time(t) => self.time(t),
            Value::Seconds(n) | Value::Bytes(n) => n.to_string(),
            Value::Word(w) => w.wire.clone(),
        }
    }

    pub fn word_text<'w>(&self, w: &'w Word) -> &'w str {
        match (w.words, self.lang) {
            (Some((en, _)), Lang::En) => en,
            (Some((_, zh)), Lang::Zh) => zh,
            (None, _) => &w.wire,
        }
    }

    /// A label of a value, its exact value on hover.
    pub fn label(&self, ui: &mut egui::Ui, v: &Value) -> egui::Response {
        let r = ui.label(self.show(v));
        match self.tip(v) {
            Some(tip) => r.on_hover_text(tip),
            None => r,
        }
    }
}

/// The words of an enum value in a language (for code that has the language, not a
/// [`Format`]); a value the spec does not document shows as sent.
pub fn word<E: Worded>(lang: Lang, value: &E) -> String {
    match (value.words(), lang) {
        (Some((en, _)), Lang::En) => en.to_owned(),
        (Some((_, zh)), Lang::Zh) => zh.to_owned(),
        (None, _) => value.wire().to_owned(),
    }
}

/// Tooltip of an enum value's words: the schema and the value as sent.
pub fn word_tip<E: Worded>(value: &E) -> String {
    format!("{}: {}", E::SCHEMA, value.wire())
}

/// Tooltip of a formatted number: the value as OCP sent it.
pub fn raw_tip(raw: f64, unit: &str) -> String {
    format!("{raw} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ocp_api::enums::{DataBackupTaskStatus, TenantMode};

    fn fmt(lang: Lang, zone: TimeZone) -> Format {
        Format {
            lang,
            zone,
            ocp_offset: FixedOffset::east_opt(8 * 3600),
        }
    }

    #[test]
    fn times_take_the_display_zone_with_whole_seconds() {
        let t = OcpDateTime::parse("2024-08-09T08:02:57.715753Z").unwrap();
        assert_eq!(
            fmt(Lang::En, TimeZone::Ocp).time(&t),
            "2024-08-09 16:02:57 +08:00"
        );
        assert_eq!(
            fmt(Lang::Zh, TimeZone::Utc).time(&t),
            "2024-08-09 08:02:57 +00:00"
        );
        let local = fmt(Lang::En, TimeZone::Local).time(&t);
        let expected = t.to_utc().with_timezone(&chrono::Local).format(TIME);
        assert_eq!(local, expected.to_string());
        assert_eq!(Format::time_tip(&t), "2024-08-09T08:02:57.715753Z");
        let unknown = Format {
            ocp_offset: None,
            ..fmt(Lang::En, TimeZone::Ocp)
        };
        assert_eq!(unknown.time(&t), "2024-08-09 08:02:57 +00:00");
    }

    #[test]
    fn typed_times_are_read_in_the_display_zone_and_full_offsets_still_work() {
        let f = fmt(Lang::En, TimeZone::Ocp);
        let t = f.parse_time("2024-08-09 16:00").unwrap();
        assert_eq!(t.original(), "2024-08-09T16:00:00.000+08:00");
        let u = fmt(Lang::En, TimeZone::Utc)
            .parse_time("2024-08-09 16:00:05")
            .unwrap();
        assert_eq!(u.original(), "2024-08-09T16:00:05.000Z");
        let full = f.parse_time("2024-08-09T16:00:00Z").unwrap();
        assert_eq!(full.original(), "2024-08-09T16:00:00Z");
        let shown = f.time(&full);
        assert_eq!(
            f.parse_time(&shown).unwrap(),
            full,
            "a shown time reads back"
        );
        assert!(f.parse_time("yesterday").is_none());
    }

    #[test]
    fn durations_read_naturally_in_both_languages() {
        let en = fmt(Lang::En, TimeZone::Ocp);
        assert_eq!(en.duration(42.4), "42s");
        assert_eq!(en.duration(1388.0), "23m 08s");
        assert_eq!(en.duration(3720.0), "1h 02m");
        assert_eq!(en.duration(273_600.0), "3d 04h");
        let zh = fmt(Lang::Zh, TimeZone::Ocp);
        assert_eq!(zh.duration(1388.0), "23分 08秒");
        assert_eq!(zh.duration(3720.0), "1时 02分");
    }

    #[test]
    fn sizes_have_binary_units_and_three_significant_digits() {
        let en = fmt(Lang::En, TimeZone::Ocp);
        let cases = [
            (0.0, "0 B"),
            (512.0, "512 B"),
            (1000.0, "0.977 KiB"),
            (1234.0, "1.21 KiB"),
            (51_200_000.0, "48.8 MiB"),
            (1_048_575_000.0, "0.977 GiB"),
            (1_073_741_824.0, "1.00 GiB"),
            (1.049e12, "977 GiB"),
        ];
        for (bytes, text) in cases {
            assert_eq!(en.size(bytes), text, "{bytes}");
        }
        assert_eq!(fmt(Lang::Zh, TimeZone::Ocp).size(512.0), "512 字节");
        assert_eq!(fmt(Lang::Zh, TimeZone::Ocp).size(1234.0), "1.21 KiB");
    }

    #[test]
    fn enum_values_have_words_and_unknown_values_show_as_sent() {
        let zh = fmt(Lang::Zh, TimeZone::Ocp);
        assert_eq!(zh.word(&DataBackupTaskStatus::Done), "已完成");
        assert_eq!(
            fmt(Lang::En, TimeZone::Ocp).word(&DataBackupTaskStatus::Beginning),
            "Starting"
        );
        let new = DataBackupTaskStatus::from("PAUSED_BY_DBA");
        assert_eq!(zh.word(&new), "PAUSED_BY_DBA");
        assert_eq!(word_tip(&new), "DataBackupTaskStatus: PAUSED_BY_DBA");
        assert_eq!(word_tip(&TenantMode::Mysql), "TenantMode: MYSQL");
    }
}

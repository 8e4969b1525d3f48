//! How the simulator spells the date-times of its answers: the mix OCP sends.
//!
//! OCP writes one kind of instant several ways (spec `OcpDateTime`): `+08:00` with
//! milliseconds (most rows and envelopes), `+0800` without the colon (rows from its 3.x days),
//! micro- and nanoseconds, and UTC with `Z` and microseconds (OceanBase 4.x tenant rows). A
//! simulator that only wrote `+08:00` would let every client pass that breaks on the others, so
//! each instant is spelled in a form picked from the instant itself: deterministic (the same
//! world answers the same text), spread over every form within any list, and never changing the
//! instant (a form with fewer fractional digits than the instant needs is widened).

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use ocp_api::time::OcpDateTime;

use crate::clock::cst;

/// Fractional digits of a form, and whether the offset keeps its colon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Form {
    digits: u8,
    colon: bool,
}

const fn form(digits: u8, colon: bool) -> Form {
    Form { digits, colon }
}

/// Cluster-level answers and envelopes, in the server's zone (+08:00): eight slots, so that
/// half the values take the common form and each other form comes up in any few rows.
const LOCAL: [Form; 8] = [
    form(3, true),
    form(3, true),
    form(3, true),
    form(3, true),
    form(3, false),
    form(3, false),
    form(6, true),
    form(9, true),
];

/// Tenant-level (OceanBase 4.x) answers, in UTC: microseconds or milliseconds, always `Z`.
const UTC: [Form; 2] = [form(6, true), form(3, true)];

/// A well-mixed slot from the instant (SplitMix64's finaliser), so that neighbouring times take
/// different forms.
fn slot(t: &DateTime<FixedOffset>, slots: usize) -> usize {
    let mut z = (t.timestamp_millis() as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z % slots as u64) as usize
}

/// The fewest fractional digits (3, 6 or 9) that write the instant exactly.
fn needed_digits(t: &DateTime<FixedOffset>) -> u8 {
    let nanos = t.timestamp_subsec_nanos() % 1_000_000_000;
    if nanos.is_multiple_of(1_000_000) {
        3
    } else if nanos.is_multiple_of(1_000) {
        6
    } else {
        9
    }
}

fn spell(t: DateTime<FixedOffset>, form: Form) -> OcpDateTime {
    let precision = match form.digits.max(needed_digits(&t)) {
        3 => SecondsFormat::Millis,
        6 => SecondsFormat::Micros,
        _ => SecondsFormat::Nanos,
    };
    let mut text = t.to_rfc3339_opts(precision, true);
    if !form.colon && !text.ends_with('Z') {
        // `+08:00` → `+0800`: the last colon is the offset's.
        let at = text.len() - 3;
        text.remove(at);
    }
    OcpDateTime::parse(&text).unwrap_or_else(|_| OcpDateTime::from(t))
}

/// `t` in the server's zone, in one of OCP's local spellings.
pub(crate) fn local(t: DateTime<FixedOffset>) -> OcpDateTime {
    let t = t.with_timezone(&cst());
    spell(t, LOCAL[slot(&t, LOCAL.len())])
}

/// `t` in UTC (`Z`), with micro- or milliseconds.
pub(crate) fn utc(t: DateTime<FixedOffset>) -> OcpDateTime {
    let t = t.with_timezone(&Utc).fixed_offset();
    spell(t, UTC[slot(&t, UTC.len())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn spellings_keep_the_instant() {
        let base = at("2024-08-09T16:06:02.743+08:00");
        for i in 0..200 {
            let t = base + TimeDelta::milliseconds(i * 7_919) + TimeDelta::nanoseconds(i % 3 * 500);
            for v in [local(t), utc(t)] {
                assert_eq!(*v.as_datetime(), t, "{v}");
                assert_eq!(OcpDateTime::parse(v.original()).unwrap(), v);
            }
        }
    }

    #[test]
    fn a_few_rows_meet_every_documented_form() {
        let base = at("2024-08-01T02:00:00+08:00");
        let rows: Vec<OcpDateTime> = (0..40)
            .map(|i| local(base + TimeDelta::minutes(i * 37)))
            .collect();
        let has = |f: &dyn Fn(&str) -> bool| rows.iter().any(|r| f(r.original()));
        assert!(
            has(&|s| s.ends_with("+08:00") && s.len() == 29),
            "millis +08:00"
        );
        assert!(has(&|s| s.ends_with("+0800")), "+0800");
        assert!(has(&|s| s.ends_with("+08:00") && s.len() == 32), "micros");
        assert!(has(&|s| s.ends_with("+08:00") && s.len() == 35), "nanos");
        let tenant: Vec<OcpDateTime> = (0..40)
            .map(|i| utc(base + TimeDelta::minutes(i * 37)))
            .collect();
        assert!(tenant.iter().all(|t| t.original().ends_with('Z')));
        assert!(tenant.iter().any(|t| t.original().len() == 27), "micros Z");
        assert!(tenant.iter().any(|t| t.original().len() == 24), "millis Z");
    }

    #[test]
    fn the_same_instant_is_always_spelled_the_same() {
        let t = at("2024-08-09T16:06:02.743+08:00");
        assert_eq!(local(t).original(), local(t).original());
        assert_eq!(utc(t).original(), utc(t).original());
        assert_eq!(
            local(t).original(),
            local(t.with_timezone(&Utc).fixed_offset()).original()
        );
    }

    #[test]
    fn a_form_too_short_for_the_instant_is_widened() {
        let t = at("2024-08-09T16:06:02.743512+08:00");
        let v = spell(t, form(3, false));
        assert_eq!(v.original(), "2024-08-09T16:06:02.743512+0800");
    }
}

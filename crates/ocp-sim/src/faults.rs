//! Injected misbehaviour. Decisions are drawn from the seed and a request counter, so a run with
//! the same requests misbehaves the same way.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use axum::http::{HeaderMap, HeaderValue};
use parking_lot::{Mutex, RwLock};

use crate::{Faults, RetryAfterForm, rng};

pub(crate) struct FaultState {
    faults: RwLock<Faults>,
    enabled: AtomicBool,
    window: Mutex<(Instant, u32)>,
    counter: AtomicU64,
    /// Requests planned since the last `set`, for [`Faults::requests`].
    planned: AtomicU32,
    seed: u64,
}

/// Throttling state reported in `RateLimit-*` headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RateLimit {
    pub limit: u32,
    pub remaining: u32,
    pub reset_secs: u64,
    pub exceeded: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mangle {
    Truncate,
    Malform,
}

/// What to do with one request.
#[derive(Clone, Debug, Default)]
pub(crate) struct Plan {
    pub rate_limit: Option<RateLimit>,
    pub drop: bool,
    pub latency: std::time::Duration,
    /// 500 or 503.
    pub server_error: Option<u16>,
    pub mangle: Option<Mangle>,
    /// `Retry-After` to send with a throttled answer.
    pub retry_after: Option<RetryAfterForm>,
}

impl FaultState {
    pub(crate) fn new(faults: Faults, seed: u64) -> Self {
        let enabled = faults.any();
        Self {
            faults: RwLock::new(faults),
            enabled: AtomicBool::new(enabled),
            window: Mutex::new((Instant::now(), 0)),
            counter: AtomicU64::new(0),
            planned: AtomicU32::new(0),
            seed,
        }
    }

    pub(crate) fn set(&self, faults: Faults) {
        self.enabled.store(faults.any(), Ordering::Release);
        *self.window.lock() = (Instant::now(), 0);
        *self.faults.write() = faults;
        self.planned.store(0, Ordering::Release);
    }

    pub(crate) fn plan(&self, path: &str) -> Plan {
        if !self.enabled.load(Ordering::Acquire) {
            return Plan::default();
        }
        let faults = self.faults.read().clone();
        if faults
            .path_prefix
            .as_deref()
            .is_some_and(|prefix| !path.starts_with(prefix))
        {
            return Plan::default();
        }
        if let Some(budget) = faults.requests
            && self.planned.fetch_add(1, Ordering::AcqRel) >= budget
        {
            return Plan::default();
        }
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let roll = |salt: u64| rng::unit(&[self.seed, n, salt]);
        let rate_limit = faults.throttle.map(|t| {
            let mut window = self.window.lock();
            let now = Instant::now();
            if now.duration_since(window.0) >= t.window {
                *window = (now, 0);
            }
            window.1 = window.1.saturating_add(1);
            let left = t.window.saturating_sub(now.duration_since(window.0));
            RateLimit {
                limit: t.limit,
                remaining: t.limit.saturating_sub(window.1),
                reset_secs: left.as_secs() + u64::from(left.subsec_nanos() > 0),
                exceeded: window.1 > t.limit,
            }
        });
        let server_error = (roll(2) < faults.server_error_rate).then(|| {
            faults
                .server_error_status
                .unwrap_or(if roll(3) < 0.5 { 500 } else { 503 })
        });
        let mangle = if roll(4) < faults.truncate_rate {
            Some(Mangle::Truncate)
        } else if roll(5) < faults.malformed_rate {
            Some(Mangle::Malform)
        } else {
            None
        };
        Plan {
            rate_limit,
            drop: roll(1) < faults.drop_rate,
            latency: faults.latency,
            server_error,
            mangle,
            retry_after: faults.retry_after,
        }
    }
}

/// The `RateLimit-*` headers of a throttled run, and `Retry-After` on an answer over the limit.
pub(crate) fn rate_limit_headers(plan: &Plan, headers: &mut HeaderMap) {
    let Some(rl) = plan.rate_limit else {
        return;
    };
    headers.insert("ratelimit-limit", HeaderValue::from(rl.limit));
    headers.insert("ratelimit-remaining", HeaderValue::from(rl.remaining));
    headers.insert("ratelimit-reset", HeaderValue::from(rl.reset_secs));
    if !rl.exceeded {
        return;
    }
    let value = match plan.retry_after {
        None => return,
        Some(RetryAfterForm::Seconds) => rl.reset_secs.to_string(),
        Some(RetryAfterForm::HttpDate) => retry_date(SystemTime::now(), rl.reset_secs),
    };
    if let Ok(v) = HeaderValue::from_str(&value) {
        headers.insert("retry-after", v);
    }
}

/// `now + secs` as an HTTP date, rounded up to the second (the format has no fractions, and
/// rounding down would invite a retry inside the window).
fn retry_date(now: SystemTime, secs: u64) -> String {
    let at = now + Duration::from_secs(secs);
    let since = at
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let whole = since.as_secs() + u64::from(since.subsec_nanos() > 0);
    httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + Duration::from_secs(whole))
}

/// Cuts a body short or breaks its syntax; the result never parses as JSON.
pub(crate) fn mangle(body: &[u8], how: Mangle) -> Vec<u8> {
    match how {
        Mangle::Truncate => body[..body.len() / 2].to_vec(),
        Mangle::Malform => {
            let mut out = body.to_vec();
            match out.iter().position(|b| *b == b':') {
                Some(i) => out[i] = b' ',
                None => out.extend_from_slice(b"}{"),
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Throttle;

    #[test]
    fn throttle_counts_a_fixed_window() {
        let state = FaultState::new(
            Faults {
                throttle: Some(Throttle {
                    limit: 2,
                    window: Duration::from_secs(60),
                }),
                ..Faults::default()
            },
            1,
        );
        let plans: Vec<_> = (0..3)
            .map(|_| state.plan("/").rate_limit.unwrap())
            .collect();
        assert_eq!(
            plans
                .iter()
                .map(|p| (p.remaining, p.exceeded))
                .collect::<Vec<_>>(),
            [(1, false), (0, false), (0, true)]
        );
        assert!(plans[0].reset_secs <= 60 && plans[0].reset_secs >= 59);
        state.set(Faults::default());
        assert!(state.plan("/").rate_limit.is_none());
    }

    #[test]
    fn rates_are_roughly_honoured_and_reproducible() {
        let faults = Faults {
            server_error_rate: 0.3,
            drop_rate: 0.1,
            ..Faults::default()
        };
        let a = FaultState::new(faults.clone(), 9);
        let b = FaultState::new(faults, 9);
        let errors = (0..1000)
            .filter(|_| a.plan("/").server_error.is_some())
            .count();
        assert!((200..400).contains(&errors), "{errors}");
        let (pa, pb) = (a.plan("/"), b.plan("/"));
        let _ = (pa.drop, pb.drop);
    }

    #[test]
    fn a_request_budget_ends_the_faults_and_set_renews_it() {
        let faults = Faults {
            server_error_rate: 1.0,
            server_error_status: Some(502),
            requests: Some(2),
            ..Faults::default()
        };
        let state = FaultState::new(faults.clone(), 3);
        let statuses: Vec<_> = (0..4).map(|_| state.plan("/").server_error).collect();
        assert_eq!(statuses, [Some(502), Some(502), None, None]);
        state.set(faults);
        assert_eq!(state.plan("/").server_error, Some(502));
    }

    #[test]
    fn a_path_prefix_limits_the_faults_to_matching_paths() {
        let state = FaultState::new(
            Faults {
                server_error_rate: 1.0,
                path_prefix: Some("/api/v2/ob/clusters/7/".into()),
                ..Faults::default()
            },
            3,
        );
        assert!(
            state
                .plan("/api/v2/ob/clusters/7/backup/overview")
                .server_error
                .is_some()
        );
        assert!(
            state
                .plan("/api/v2/ob/clusters/70/backup/overview")
                .server_error
                .is_none()
        );
        assert!(state.plan("/api/v2/ob/clusters").server_error.is_none());
    }

    #[test]
    fn throttled_answers_carry_retry_after_in_either_form() {
        for (form, check) in [
            (RetryAfterForm::Seconds, "60"),
            (RetryAfterForm::HttpDate, "GMT"),
        ] {
            let state = FaultState::new(
                Faults {
                    throttle: Some(Throttle {
                        limit: 0,
                        window: Duration::from_secs(60),
                    }),
                    retry_after: Some(form),
                    ..Faults::default()
                },
                1,
            );
            let mut headers = HeaderMap::new();
            rate_limit_headers(&state.plan("/"), &mut headers);
            let value = headers["retry-after"].to_str().unwrap();
            assert!(value.contains(check), "{value}");
            if form == RetryAfterForm::HttpDate {
                let at = httpdate::parse_http_date(value).unwrap();
                let wait = at.duration_since(SystemTime::now()).unwrap();
                assert!(wait > Duration::from_secs(58), "{wait:?}");
            }
        }
        let at = retry_date(SystemTime::UNIX_EPOCH + Duration::from_millis(1_500), 1);
        assert_eq!(
            httpdate::parse_http_date(&at).unwrap(),
            SystemTime::UNIX_EPOCH + Duration::from_secs(3)
        );
    }

    #[test]
    fn mangled_bodies_do_not_parse() {
        let body = br#"{"successful":true,"data":{"a":1}}"#;
        for how in [Mangle::Truncate, Mangle::Malform] {
            assert!(serde_json::from_slice::<serde_json::Value>(&mangle(body, how)).is_err());
        }
    }
}

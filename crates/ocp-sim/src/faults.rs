//! Injected misbehaviour. Decisions are drawn from the seed and a request counter, so a run with
//! the same requests misbehaves the same way.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use parking_lot::{Mutex, RwLock};

use crate::{Faults, rng};

pub(crate) struct FaultState {
    faults: RwLock<Faults>,
    enabled: AtomicBool,
    window: Mutex<(Instant, u32)>,
    counter: AtomicU64,
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
}

impl FaultState {
    pub(crate) fn new(faults: Faults, seed: u64) -> Self {
        let enabled = faults.any();
        Self {
            faults: RwLock::new(faults),
            enabled: AtomicBool::new(enabled),
            window: Mutex::new((Instant::now(), 0)),
            counter: AtomicU64::new(0),
            seed,
        }
    }

    pub(crate) fn set(&self, faults: Faults) {
        self.enabled.store(faults.any(), Ordering::Release);
        *self.window.lock() = (Instant::now(), 0);
        *self.faults.write() = faults;
    }

    pub(crate) fn plan(&self) -> Plan {
        if !self.enabled.load(Ordering::Acquire) {
            return Plan::default();
        }
        let faults = self.faults.read().clone();
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
        let server_error =
            (roll(2) < faults.server_error_rate).then(|| if roll(3) < 0.5 { 500 } else { 503 });
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
        }
    }
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
    use std::time::Duration;

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
        let plans: Vec<_> = (0..3).map(|_| state.plan().rate_limit.unwrap()).collect();
        assert_eq!(
            plans
                .iter()
                .map(|p| (p.remaining, p.exceeded))
                .collect::<Vec<_>>(),
            [(1, false), (0, false), (0, true)]
        );
        assert!(plans[0].reset_secs <= 60 && plans[0].reset_secs >= 59);
        state.set(Faults::default());
        assert!(state.plan().rate_limit.is_none());
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
            .filter(|_| a.plan().server_error.is_some())
            .count();
        assert!((200..400).contains(&errors), "{errors}");
        let (pa, pb) = (a.plan(), b.plan());
        let _ = (pa.drop, pb.drop);
    }

    #[test]
    fn mangled_bodies_do_not_parse() {
        let body = br#"{"successful":true,"data":{"a":1}}"#;
        for how in [Mangle::Truncate, Mangle::Malform] {
            assert!(serde_json::from_slice::<serde_json::Value>(&mangle(body, how)).is_err());
        }
    }
}

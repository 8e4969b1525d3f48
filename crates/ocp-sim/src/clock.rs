//! Simulated time: `start + real elapsed × speed + manual advances`.
//!
//! Everything time-dependent in the world (task phases, log checkpoints, recoverable windows) is
//! derived from stored timestamps and this clock at read time, so a test with `speed = 0` sees a
//! frozen world that moves only when it calls `advance`.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeDelta};

/// OCP runs in China Standard Time in every sample the docs show.
pub(crate) fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

#[derive(Debug)]
pub(crate) struct SimClock {
    start: DateTime<FixedOffset>,
    real_start: Instant,
    speed: f64,
    advanced_nanos: AtomicI64,
}

impl SimClock {
    pub(crate) fn new(start: DateTime<FixedOffset>, speed: f64) -> Self {
        // A negative or NaN speed would run time backwards; treat it as frozen.
        let speed = if speed.is_finite() && speed > 0.0 {
            speed
        } else {
            0.0
        };
        Self {
            start: truncate_micros(start),
            real_start: Instant::now(),
            speed,
            advanced_nanos: AtomicI64::new(0),
        }
    }

    /// Current simulated time, at microsecond precision (what OceanBase reports).
    pub(crate) fn now(&self) -> DateTime<FixedOffset> {
        let scaled = if self.speed == 0.0 {
            0
        } else {
            (self.real_start.elapsed().as_nanos() as f64 * self.speed).min(i64::MAX as f64 / 2.0)
                as i64
        };
        let total = scaled.saturating_add(self.advanced_nanos.load(Ordering::Acquire));
        truncate_micros(self.start + TimeDelta::nanoseconds(total))
    }

    pub(crate) fn advance(&self, by: Duration) {
        let nanos = i64::try_from(by.as_nanos()).unwrap_or(i64::MAX / 4);
        let _ = self
            .advanced_nanos
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |v| {
                Some(v.saturating_add(nanos))
            });
    }
}

pub(crate) fn truncate_micros(t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    let extra = t.timestamp_subsec_nanos() % 1_000;
    t - TimeDelta::nanoseconds(i64::from(extra))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn start() -> DateTime<FixedOffset> {
        cst().with_ymd_and_hms(2024, 8, 9, 16, 0, 0).unwrap()
    }

    #[test]
    fn frozen_clock_moves_only_when_advanced() {
        let clock = SimClock::new(start(), 0.0);
        assert_eq!(clock.now(), start());
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(clock.now(), start());
        clock.advance(Duration::from_secs(90));
        assert_eq!(clock.now(), start() + TimeDelta::seconds(90));
    }

    #[test]
    fn speed_scales_real_time() {
        let clock = SimClock::new(start(), 1000.0);
        std::thread::sleep(Duration::from_millis(20));
        let moved = clock.now() - start();
        assert!(moved >= TimeDelta::seconds(20), "{moved}");
    }

    #[test]
    fn nonsense_speed_is_frozen() {
        for speed in [-1.0, f64::NAN, f64::NEG_INFINITY] {
            let clock = SimClock::new(start(), speed);
            std::thread::sleep(Duration::from_millis(2));
            assert_eq!(clock.now(), start());
        }
    }
}

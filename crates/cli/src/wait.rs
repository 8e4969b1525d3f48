//! Polling for `--wait`: a fixed interval (`--poll-interval`) up to a deadline (`--timeout`).
//!
//! A poll is a read, so a failed one (a 5xx, a throttled or broken answer, no answer at all) is
//! a warning on stderr and another try after a backoff, never the end of the wait: the task goes
//! on in OCP whatever one poll saw, and a script that took exit 1 or 3 for "the backup failed"
//! would start a second one. Only the task's own end or the deadline decides the exit.
//!
//! The pause between polls comes from [`Env::pause`], so tests can move a frozen simulator's
//! clock instead of sleeping. Time waited counts both the real time elapsed and the pauses
//! taken, so the deadline holds with either.

use std::time::{Duration, Instant};

use ocp_api::enums::{SubtaskStatus, TaskStatus};
use ocp_api::types;

use ocp_api::OcpError;
use ocp_api::duration::{self, compact};

use crate::context::{Ctx, Env};
use crate::exit::CliError;

/// `--wait` and its deadline and interval, shared by the commands that start an OCP task.
/// `--timeout` defaults to the time a backup takes at most; `restore` sets its own.
#[derive(Clone, Debug, clap::Args)]
pub struct WaitArgs {
    /// Follow the OCP task to its end, with a progress line on stderr; exit non-zero if it fails
    #[arg(long)]
    pub wait: bool,
    /// With --wait: give up (exit 5) after this long; the task goes on in OCP
    #[arg(long, value_name = "DURATION", value_parser = duration::parse, default_value = "6h")]
    pub timeout: Duration,
    /// With --wait: time between two looks at the task
    #[arg(long, value_name = "DURATION", value_parser = duration::parse, default_value = "5s")]
    pub poll_interval: Duration,
}

pub struct Waiter {
    poll: Duration,
    timeout: Duration,
    started: Instant,
    paused: Duration,
}

impl Waiter {
    pub fn new(args: &WaitArgs) -> Waiter {
        Waiter {
            poll: args.poll_interval.max(Duration::from_millis(1)),
            timeout: args.timeout,
            started: Instant::now(),
            paused: Duration::ZERO,
        }
    }

    pub fn waited(&self) -> Duration {
        self.started.elapsed().max(self.paused)
    }

    /// Pauses before the next poll, or gives up when the deadline has passed.
    pub async fn next(&mut self, env: &Env, what: &str) -> Result<(), CliError> {
        if self.waited() >= self.timeout {
            return Err(self.gave_up(what, None));
        }
        env.pause(self.poll).await;
        self.paused += self.poll;
        Ok(())
    }

    /// One poll: `read` until it succeeds. A failure another try may cure ([`retryable`]) is a
    /// warning line on stderr and a retry after a backoff, up to the deadline; any other (a
    /// refused login, an unknown task) ends the wait with its own exit code. Reads inside never
    /// wait for a throttled OCP past the deadline either.
    pub async fn poll<T>(
        &mut self,
        ctx: &Ctx,
        what: &str,
        mut read: impl AsyncFnMut(&Ctx) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        let mut failures = 0u32;
        loop {
            let left = self.timeout.saturating_sub(self.waited());
            let bounded = Ctx {
                client: ctx.client.with_deadline(Instant::now() + left),
                ..ctx.clone()
            };
            let error = match read(&bounded).await {
                Ok(value) => return Ok(value),
                Err(e) if retryable(&e) => e,
                Err(e) => return Err(e),
            };
            failures += 1;
            let left = self.timeout.saturating_sub(self.waited());
            if left.is_zero() {
                return Err(self.gave_up(what, Some(&error)));
            }
            let pause = retry_pause(self.poll, failures).min(left);
            ctx.console.message(&format!(
                "warning: poll {failures} of {what} failed, retrying in {}: {}",
                compact(pause),
                one_line(&error)
            ));
            ctx.env.pause(pause).await;
            self.paused += pause;
        }
    }

    fn gave_up(&self, what: &str, last: Option<&CliError>) -> CliError {
        CliError::TimedOut(format!(
            "gave up waiting after {} (--timeout); {what} goes on in OCP{}",
            compact(self.timeout),
            last.map(|e| format!(" (the last poll failed: {})", one_line(e)))
                .unwrap_or_default()
        ))
    }
}

/// Whether a failed read may succeed when tried again: OCP in trouble (5xx), throttling (429),
/// an answer broken on the way, or no answer (connection, DNS, TLS, timeout).
pub fn retryable(e: &CliError) -> bool {
    match e {
        CliError::Ocp(OcpError::Transport { .. } | OcpError::InvalidResponse { .. }) => true,
        CliError::Ocp(OcpError::Api(api)) => api.status >= 500 || api.status == 429,
        _ => false,
    }
}

/// The poll interval, doubled per consecutive failure, at most two minutes (or the interval).
fn retry_pause(poll: Duration, failures: u32) -> Duration {
    poll.saturating_mul(1 << failures.saturating_sub(1).min(8))
        .min(Duration::from_secs(120).max(poll))
}

fn one_line(e: &CliError) -> String {
    e.to_string()
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("; ")
}

/// `task 1234 RUNNING 3/7 (Check backup ability)`.
pub fn task_summary(task: &types::TaskInstance) -> String {
    let total = task.subtasks.len();
    let done = task
        .subtasks
        .iter()
        .filter(|s| s.status == SubtaskStatus::Successful)
        .count();
    let current = task
        .subtasks
        .iter()
        .find(|s| s.status == SubtaskStatus::Running)
        .or_else(|| {
            task.subtasks
                .iter()
                .find(|s| s.status == SubtaskStatus::Failed)
        })
        .map(|s| format!(" ({})", s.name))
        .unwrap_or_default();
    if total == 0 {
        format!("task {} {}", task.id, task.status)
    } else {
        format!("task {} {} {done}/{total}{current}", task.id, task.status)
    }
}

/// Why a task failed: its first failed subtask.
pub fn task_failure(task: &types::TaskInstance) -> Option<String> {
    if task.status != TaskStatus::Failed {
        return None;
    }
    Some(
        task.subtasks
            .iter()
            .find(|s| s.status == SubtaskStatus::Failed)
            .map(|s| format!("OCP task {} failed at {}", task.id, s.name))
            .unwrap_or_else(|| format!("OCP task {} failed", task.id)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_pauses_double_and_are_capped() {
        let p = Duration::from_secs(5);
        assert_eq!(retry_pause(p, 1), p);
        assert_eq!(retry_pause(p, 2), Duration::from_secs(10));
        assert_eq!(retry_pause(p, 30), Duration::from_secs(120));
        assert_eq!(
            retry_pause(Duration::from_secs(600), 3),
            Duration::from_secs(600)
        );
    }

    #[test]
    fn only_failures_a_retry_may_cure_are_retried() {
        let transport = CliError::Ocp(OcpError::Transport {
            kind: ocp_api::TransportKind::Connect,
            message: "connection reset".into(),
        });
        let broken = CliError::Ocp(OcpError::InvalidResponse {
            status: None,
            message: "EOF".into(),
        });
        assert!(retryable(&transport) && retryable(&broken));
        assert!(!retryable(&CliError::usage("no such tenant")));
        assert!(!retryable(&CliError::failed("the backup failed")));
    }
}

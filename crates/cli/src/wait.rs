//! Polling for `--wait`: a fixed interval (`--poll-interval`) up to a deadline (`--timeout`).
//!
//! The pause between polls comes from [`Env::pause`], so tests can move a frozen simulator's
//! clock instead of sleeping. Time waited counts both the real time elapsed and the pauses
//! taken, so the deadline holds with either.

use std::time::{Duration, Instant};

use ocp_api::enums::{SubtaskStatus, TaskStatus};
use ocp_api::types;

use crate::context::Env;
use crate::duration::human;
use crate::exit::CliError;

pub const DEFAULT_POLL: Duration = Duration::from_secs(5);

pub struct Waiter {
    poll: Duration,
    timeout: Duration,
    started: Instant,
    paused: Duration,
}

impl Waiter {
    pub fn new(poll: Duration, timeout: Duration) -> Waiter {
        Waiter {
            poll: poll.max(Duration::from_millis(1)),
            timeout,
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
            return Err(CliError::TimedOut(format!(
                "gave up waiting after {} (--timeout); {what} goes on in OCP",
                human(self.timeout)
            )));
        }
        env.pause(self.poll).await;
        self.paused += self.poll;
        Ok(())
    }
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

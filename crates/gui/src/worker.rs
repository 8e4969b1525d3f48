//! The background worker: every request runs on the tokio runtime, never on the UI thread.
//! Results come back as [`Event`]s through a channel that the app drains each frame; each
//! finished request wakes the UI with `request_repaint`.
//!
//! Reads are keyed: a newer read with the same key supersedes (aborts) the older one. Writes
//! are never superseded, never retried, and the UI disables their buttons while in flight.

use std::collections::HashMap;
use std::future::Future;
use std::sync::mpsc;

use ocp_api::Client;

use crate::error::UiError;
use crate::model::{Job, Payload, Target};

/// A finished request.
pub struct Event {
    pub job: Job,
    /// Which generation of this job the result belongs to (results of superseded runs are dropped).
    pub generation: u64,
    pub result: Result<Payload, UiError>,
}

pub struct Worker {
    runtime: tokio::runtime::Handle,
    ctx: egui::Context,
    tx: mpsc::Sender<Event>,
    rx: mpsc::Receiver<Event>,
    in_flight: HashMap<Job, (u64, tokio::task::AbortHandle)>,
    generation: u64,
}

impl Worker {
    pub fn new(runtime: tokio::runtime::Handle, ctx: egui::Context) -> Self {
        let (tx, rx) = mpsc::channel();
        Worker {
            runtime,
            ctx,
            tx,
            rx,
            in_flight: HashMap::new(),
            generation: 0,
        }
    }

    pub fn runtime(&self) -> &tokio::runtime::Handle {
        &self.runtime
    }

    pub fn is_busy(&self, job: &Job) -> bool {
        self.in_flight.contains_key(job)
    }

    pub fn any_busy(&self, pred: impl Fn(&Job) -> bool) -> bool {
        self.in_flight.keys().any(pred)
    }

    /// Runs `fut` in the background. A read supersedes a running read of the same job; a
    /// write is refused while the same write is in flight (one click, one backup).
    pub fn spawn<F>(&mut self, job: Job, fut: F) -> bool
    where
        F: Future<Output = Result<Payload, UiError>> + Send + 'static,
    {
        if let Some((_, handle)) = self.in_flight.get(&job) {
            if job.is_write() {
                return false;
            }
            handle.abort();
        }
        self.generation += 1;
        let generation = self.generation;
        let (tx, ctx, key) = (self.tx.clone(), self.ctx.clone(), job.clone());
        let handle = self.runtime.spawn(async move {
            let result = fut.await;
            // The receiver is gone only when the app is closing.
            let _ = tx.send(Event {
                job: key,
                generation,
                result,
            });
            ctx.request_repaint();
        });
        self.in_flight
            .insert(job, (generation, handle.abort_handle()));
        true
    }

    /// Cancels every running read (e.g. when switching connections); writes run to the end
    /// because OCP has already accepted them.
    pub fn cancel_reads(&mut self) {
        self.in_flight.retain(|job, (_, handle)| {
            if job.is_write() {
                true
            } else {
                handle.abort();
                false
            }
        });
    }

    /// Finished events of current generations, in arrival order.
    pub fn drain(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        while let Ok(event) = self.rx.try_recv() {
            match self.in_flight.get(&event.job) {
                Some((generation, _)) if *generation == event.generation => {
                    self.in_flight.remove(&event.job);
                    out.push(event);
                }
                // A superseded run: its successor's result is the one that counts.
                _ => {}
            }
        }
        out
    }
}

/// The client for one connection plus what requests need to know about it.
#[derive(Clone, Debug)]
pub struct Api {
    pub client: Client,
}

impl Api {
    pub fn target_ids(target: Target) -> (i64, Option<i64>) {
        match target {
            Target::Cluster(c) => (c, None),
            Target::Tenant { cluster, tenant } => (cluster, Some(tenant)),
        }
    }
}

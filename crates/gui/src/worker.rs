//! The background worker: every request, and every file dialog, runs on the tokio runtime,
//! never on the UI thread. A [`Request`] pairs the [`Job`] key with a future whose typed result
//! becomes a [`Done`]; finished ones come back through a channel that the app drains each frame,
//! and each wakes the UI with `request_repaint`.
//!
//! Reads are keyed: a newer read with the same key supersedes (aborts) the older one. Writes
//! and dialogs are never superseded, never retried, and the UI disables their buttons while in
//! flight.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc;

use crate::app::Done;
use crate::model::Job;

/// A job to run: its key, and the work that ends in its typed result.
pub struct Request {
    job: Job,
    work: Pin<Box<dyn Future<Output = Done> + Send>>,
}

impl Request {
    /// `fut`'s output, wrapped by `done` into the app's result (e.g. `navigator::Done::Clusters`).
    pub fn new<T, D>(
        job: Job,
        fut: impl Future<Output = T> + Send + 'static,
        done: impl FnOnce(T) -> D + Send + 'static,
    ) -> Self
    where
        D: Into<Done>,
    {
        Request {
            job,
            work: Box::pin(async move { done(fut.await).into() }),
        }
    }
}

/// A finished request.
struct Event {
    job: Job,
    /// Which generation of this job the result belongs to (results of superseded runs are dropped).
    generation: u64,
    done: Done,
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

    /// What a running request wakes the UI with (e.g. as each part of a long read arrives).
    pub fn repaint_context(&self) -> egui::Context {
        self.ctx.clone()
    }

    pub fn is_busy(&self, job: &Job) -> bool {
        self.in_flight.contains_key(job)
    }

    pub fn any_busy(&self, pred: impl Fn(&Job) -> bool) -> bool {
        self.in_flight.keys().any(pred)
    }

    /// Runs the request in the background. A read supersedes a running read of the same job; a
    /// write is refused while the same one is in flight (one click, one backup).
    pub fn run(&mut self, request: Request) -> bool {
        let Request { job, work } = request;
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
            let done = work.await;
            // The receiver is gone only when the app is closing.
            let _ = tx.send(Event {
                job: key,
                generation,
                done,
            });
            ctx.request_repaint();
        });
        self.in_flight
            .insert(job, (generation, handle.abort_handle()));
        true
    }

    /// Cancels every running read (e.g. when switching connections); writes run to the end
    /// because OCP has already accepted them, and open dialogs stay with the user.
    pub fn cancel_reads(&mut self) {
        self.in_flight.retain(|job, (_, handle)| {
            if job.is_write() || job.is_dialog() || matches!(job, Job::Health(_)) {
                true
            } else {
                handle.abort();
                false
            }
        });
    }

    /// Results of current generations, in arrival order.
    pub fn drain(&mut self) -> Vec<Done> {
        let mut out = Vec::new();
        while let Ok(event) = self.rx.try_recv() {
            match self.in_flight.get(&event.job) {
                Some((generation, _)) if *generation == event.generation => {
                    self.in_flight.remove(&event.job);
                    out.push(event.done);
                }
                // A superseded run: its successor's result is the one that counts.
                _ => {}
            }
        }
        out
    }
}

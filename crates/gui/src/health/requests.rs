//! One OCP's health collection, run by the worker: `ocp_health::collect` with the home's
//! options, every answered cluster handed to the frame through the [`Feed`] as it arrives.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::{Done, Feed, Source};
use crate::model::Job;
use crate::worker::Request;

/// The collection options of the home: the model's defaults, with a task window of seven days
/// for the headline's weekly success rate (OCP's backup overview counts a week too), and the
/// restore drills `ocpctl restore drill` names with its default prefix.
pub fn options() -> ocp_health::Options {
    ocp_health::Options {
        task_window: Duration::from_secs(7 * 86_400),
        drill_prefix: Some(ocp_health::DEFAULT_DRILL_PREFIX.to_owned()),
        ..ocp_health::Options::default()
    }
}

pub fn collect(
    source: Source,
    client: ocp_api::Client,
    feed: Arc<Feed>,
    repaint: egui::Context,
) -> Request {
    let work = async move {
        let health = ocp_health::collect(&client, &options(), |p| match p {
            ocp_health::Progress::Listed { total } => {
                feed.total.store(total, Ordering::Relaxed);
                repaint.request_repaint();
            }
            ocp_health::Progress::Cluster { cluster, .. } => {
                feed.push(cluster.clone());
                repaint.request_repaint();
            }
        })
        .await;
        Box::new(health)
    };
    Request::new(Job::Health(source), work, move |h| {
        Done::Collected(source, h)
    })
}

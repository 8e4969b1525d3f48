//! Log backups (archive rounds): started and stopped with their strategy's schedule.

use ocp_api::enums::BackupMode;

use super::{LogBackupRec, ObjectKey, Time, World};
use crate::rng;

impl World {
    pub(crate) fn start_log(&mut self, object: ObjectKey, root: String, at: Time) {
        let round = 1 + self.logs.iter().filter(|l| l.object == object).count() as i64;
        let lag =
            40.0 + rng::unit(&[self.seed, 0x106, round as u64, object.cluster_id() as u64]) * 20.0;
        self.logs.push(LogBackupRec {
            object,
            round,
            started: at,
            stopped: None,
            root,
            lag_secs: lag,
            mode: BackupMode::PhysicalBackup,
        });
    }

    pub(crate) fn stop_log(&mut self, object: ObjectKey, at: Time) {
        for log in self
            .logs
            .iter_mut()
            .filter(|l| l.object == object && l.active_at(at))
        {
            log.stopped = Some(at);
        }
    }
}

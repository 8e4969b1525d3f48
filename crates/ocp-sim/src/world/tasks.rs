//! OCP task instances: every operation that OCP runs as a task records one, with its steps.

use ocp_api::enums::TaskType;

use super::{ObjectKey, Step, TASK_ID_BASE, TaskRec, Time, World};

impl World {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push_task(
        &mut self,
        name: String,
        definition_id: i64,
        object: ObjectKey,
        creator: (i64, String),
        task_type: TaskType,
        created: Time,
        steps: Vec<(&'static str, (Time, Time))>,
        failed_step: Option<usize>,
    ) -> i64 {
        let id = TASK_ID_BASE + self.tasks.len() as i64;
        self.tasks.push(TaskRec {
            id,
            name,
            definition_id,
            cluster_id: object.cluster_id(),
            tenant_id: object.tenant_id(),
            creator,
            task_type,
            created,
            steps: steps
                .into_iter()
                .map(|(name, (start, end))| Step { name, start, end })
                .collect(),
            failed_step,
            executor: "172.20.0.5:8080".into(),
        });
        id
    }
}

"""Smoke test of a Python client generated from the published bundle
(spec/published/en/ocp-backup.yaml) by openapi-python-client.

Run by `cargo xtask smoke` (and through Prism by `cargo xtask prism-e2e`), which generates the
client into .tools/gen/python/ocp_backup_client, puts that folder on PYTHONPATH and sets:

    OCP_BASE_URL   e.g. http://127.0.0.1:PORT
    OCP_USER       e.g. admin
    OCP_PASSWORD   the user's password

It lists clusters, creates a tenant backup strategy, triggers a tenant backup, reads the tenant's
data backup tasks and shows the new one, then creates the strategy again and shows that the OCP
error arrives as a parsed ErrorResponse (code BAK21002, traceId), and that values the spec does
not list (an error code, a task status) parse as strings. Exit 0 on success, 1 otherwise.
"""

from __future__ import annotations

import os
import sys
import time
from typing import NoReturn

import httpx
from ocp_backup_client import Client
from ocp_backup_client.api.clusters import list_clusters, list_tenants
from ocp_backup_client.api.tenant_backup import (
    backup_tenant_now,
    create_tenant_backup_strategy,
    list_tenant_data_backup_tasks,
)
from ocp_backup_client.models import (
    BackupCommonResult,
    BackupNowParam,
    BackupStrategyParam,
    ClusterPageResult,
    DataBackupTask,
    DataBackupTaskPageResult,
    DataBackupTaskStatus,
    ErrorResponse,
    TenantPageResult,
)
from ocp_backup_client.models.ocp_error_code import OcpErrorCode
from ocp_backup_client.types import Unset

TENANT_STRATEGY_EXISTS = "BAK21002"

STORAGE = {
    "configName": "smoke_nfs",
    "obBackupStorageBaseInfo": {
        "backupStorageType": "BACKUP_STORAGE_FILE",
        "storageUrl": "/obbackup/",
    },
    "alarmStoragePercentageThreshold": 80,
}


def fail(message: str) -> NoReturn:
    print(f"python smoke: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def error_text(err: ErrorResponse) -> str:
    code = err.error.code
    code_text = code.value if isinstance(code, OcpErrorCode) else str(code)
    trace = "" if isinstance(err.trace_id, Unset) else err.trace_id
    message = "" if isinstance(err.error.message, Unset) else err.error.message
    return f"OCP error {code_text}: {message} (HTTP {err.status}, traceId {trace})"


def strategy_param(cluster_id: int, tenant_id: int) -> BackupStrategyParam:
    return BackupStrategyParam.from_dict(
        {
            "backupMode": "PHYSICAL_BACKUP",
            "obBackupThresholdConfig": {
                "dataBackupTimeoutMinutes": 60,
                "logBackupDelaySeconds": 300,
                "noSuccessfulDataBackupAlarmDays": 2,
            },
            "obBackupObjectList": [
                {"clusterId": cluster_id, "tenantId": tenant_id, "backupDimension": "TENANT"}
            ],
            "obBackupScheduleConfig": {
                "dayAndDataBackupModelMap": {"2": "FULL_BACKUP", "5": "INCREMENTAL_BACKUP"},
                "startLogBackup": True,
                "backupScheduleMode": "WEEK",
                "backupScheduleTime": "02:00:00.000+08:00",
            },
            "obBackupServiceStorageConfig": STORAGE,
        }
    )


def main() -> None:
    base_url = os.environ["OCP_BASE_URL"]
    auth = httpx.BasicAuth(os.environ.get("OCP_USER", "admin"), os.environ["OCP_PASSWORD"])
    client = Client(
        base_url=base_url,
        httpx_args={"auth": auth},
        headers={"Accept-Language": "en-US"},
        timeout=httpx.Timeout(30.0),
        raise_on_unexpected_status=True,
    )
    print(f"python smoke against {base_url}")

    # 1. clusters
    clusters = list_clusters.sync(client=client, page=1, size=50)
    if not isinstance(clusters, ClusterPageResult):
        fail(f"listClusters: {clusters!r}")
    print(f"listClusters: {clusters.data.page.total_elements} cluster(s), traceId {clusters.trace_id}")
    for c in clusters.data.contents:
        print(f"  cluster {c.id} {c.name} status={c.status}")
    if not clusters.data.contents:
        fail("the simulator has no clusters")

    # 2. a tenant backup strategy, on the first tenant that has none yet
    created: tuple[int, int, str] | None = None
    for cluster in clusters.data.contents:
        tenants = list_tenants.sync(cluster.id, client=client, page=1, size=100)
        if not isinstance(tenants, TenantPageResult):
            fail(f"listTenants({cluster.id}): {tenants!r}")
        for tenant in tenants.data.contents:
            if tenant.name == "sys":
                continue  # OceanBase 4 backs up user tenants only
            answer = create_tenant_backup_strategy.sync(
                cluster.id, tenant.id, client=client, body=strategy_param(cluster.id, tenant.id)
            )
            if isinstance(answer, BackupCommonResult):
                print(
                    f"createTenantBackupStrategy: tenant {tenant.id} {tenant.name} in cluster "
                    f"{cluster.id}: {answer.data.ob_backup_task_type}, traceId {answer.trace_id}"
                )
                created = (cluster.id, tenant.id, tenant.name)
                break
            if isinstance(answer, ErrorResponse):
                print(f"  tenant {tenant.id} {tenant.name}: {error_text(answer)}; trying the next")
                continue
            fail(f"createTenantBackupStrategy: {answer!r}")
        if created:
            break
    if created is None:
        fail("no tenant accepted a backup strategy")
    cluster_id, tenant_id, tenant_name = created

    # 3. an immediate full backup (the tasks listed before it, to tell the new one)
    before = list_tenant_data_backup_tasks.sync(
        cluster_id, tenant_id, client=client, page=1, size=100
    )
    if not isinstance(before, DataBackupTaskPageResult):
        fail(f"listTenantDataBackupTasks: {before!r}")
    known = {t.task_id for t in before.data.contents}
    now = backup_tenant_now.sync(
        cluster_id,
        tenant_id,
        client=client,
        body=BackupNowParam.from_dict(
            {
                "obBackupObject": {
                    "clusterId": cluster_id,
                    "tenantId": tenant_id,
                    "backupDimension": "TENANT",
                },
                "dataBackupMode": "FULL_BACKUP",
                "backupMode": "PHYSICAL_BACKUP",
                "obBackupServiceStorageConfig": STORAGE,
            }
        ),
    )
    if not isinstance(now, BackupCommonResult):
        fail(f"backupTenantNow: {error_text(now) if isinstance(now, ErrorResponse) else now!r}")
    task_ids = [
        t
        for r in now.data.backup_object_ops_result_list
        if not isinstance(r.task_id_list, Unset)
        for t in r.task_id_list
    ]
    print(f"backupTenantNow: {now.data.ob_backup_task_type}, task IDs {task_ids}")

    # 4. the tenant's data backup tasks, with the new one (which may be listed a moment later;
    #    its taskId is the backup task's, not the OCP task instance's of taskIdList)
    shown = None
    for _ in range(20):
        tasks = list_tenant_data_backup_tasks.sync(
            cluster_id, tenant_id, client=client, page=1, size=100
        )
        if not isinstance(tasks, DataBackupTaskPageResult):
            fail(f"listTenantDataBackupTasks: {tasks!r}")
        new = [t for t in tasks.data.contents if t.task_id not in known]
        if new:
            shown = new[0]
            break
        time.sleep(0.5)
    if shown is None:
        fail(f"listTenantDataBackupTasks: no new task for tenant {tenant_id} after backupTenantNow")
    print(
        f"listTenantDataBackupTasks: {tasks.data.page.total_elements} task(s) of tenant "
        f"{tenant_name}; new task {shown.task_id}: status={shown.status} "
        f"type={shown.data_backup_task_type} start={shown.start_time}"
    )

    # 5. the same strategy again: an OCP error, parsed into ErrorResponse
    again = create_tenant_backup_strategy.sync(
        cluster_id, tenant_id, client=client, body=strategy_param(cluster_id, tenant_id)
    )
    if not isinstance(again, ErrorResponse):
        fail(f"creating the strategy twice did not fail: {again!r}")
    code = again.error.code
    if code != OcpErrorCode(TENANT_STRATEGY_EXISTS):
        fail(f"expected {TENANT_STRATEGY_EXISTS}, got {error_text(again)}")
    if isinstance(again.trace_id, Unset) or not again.trace_id:
        fail(f"the error has no traceId: {error_text(again)}")
    print(f"createTenantBackupStrategy again: {error_text(again)}")

    # 6. values a later OCP may send: the published bundle's answer enums are extensible, so an
    #    error code missing from OCP's table and an unknown task status still parse (as str)
    future = ErrorResponse.from_dict({"successful": False, "status": 409, "error": {"code": "BAK99999"}})
    if future.error.code != "BAK99999" or isinstance(future.error.code, OcpErrorCode):
        fail(f"an unknown error code did not parse as a string: {future.error.code!r}")
    row = tasks.data.contents[0].to_dict()
    row["status"] = "UPGRADING"
    odd = DataBackupTask.from_dict(row)
    if odd.status != "UPGRADING" or isinstance(odd.status, DataBackupTaskStatus):
        fail(f"an unknown task status did not parse as a string: {odd.status!r}")
    print(f"unknown values: error code {future.error.code!r}, task status {odd.status!r}")
    print("python smoke: PASS")


if __name__ == "__main__":
    main()

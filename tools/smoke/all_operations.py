"""Every one of the spec's operations, once, through the generated Python client.

Run by `cargo xtask prism-e2e` through Prism's validating proxy (`prism proxy --errors`) in front
of the simulator (`ocp-sim --seed 42`), so that every request and every response of every
operation is checked against spec/ocp-backup.yaml. Same environment as smoke.py (OCP_BASE_URL,
OCP_USER, OCP_PASSWORD, the client on PYTHONPATH). With OCP_RECORD set, every request and answer
is also written there, one JSON object a line, for `consumers.py`. The flows follow the simulator's seeded world
(the same ones tests/tests/client_ops.rs drives with the Rust client). Every call must succeed:
an OCP error, or Prism's 422/500 for a request or response that breaks the spec, fails the run.
Prints one line per operation and `N passed, M failed`; exits 1 on any failure.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from ocp_backup_client import Client
from ocp_backup_client.api.cluster_backup import (
    backup_cluster_now,
    create_cluster_backup_strategy,
    delete_cluster_backup_strategy,
    get_cluster_backup_ability,
    get_cluster_backup_info,
    get_cluster_backup_overview,
    get_cluster_backup_strategy,
    list_cluster_data_backup_tasks,
    list_cluster_log_backup_tasks,
    list_cluster_restore_tasks,
    start_cluster_backup_schedule,
    stop_cluster_backup_schedule,
    update_cluster_backup_strategy,
)
from ocp_backup_client.api.clusters import get_tenant, list_clusters, list_tenants
from ocp_backup_client.api.restore import (
    add_restore_source,
    clear_restore_source,
    preview_restore,
    restore_tenant,
)
from ocp_backup_client.api.system import get_application_info, get_application_status, get_server_time
from ocp_backup_client.api.tasks import get_task_instance, list_task_instances
from ocp_backup_client.api.tenant_backup import (
    backup_tenant_now,
    create_tenant_backup_strategy,
    delete_tenant_backup_strategy,
    get_tenant_backup_info,
    get_tenant_backup_strategy,
    list_tenant_data_backup_tasks,
    list_tenant_log_backup_tasks,
    list_tenant_restore_tasks,
    start_tenant_backup_schedule,
    stop_tenant_backup_schedule,
    update_tenant_backup_strategy,
)
from ocp_backup_client.models import (
    BackupCommonResult,
    BackupNowParam,
    BackupStrategyParam,
    ErrorResponse,
    RecoverableSectionItemType,
    RestoreTenantParam,
)
from ocp_backup_client.types import Unset

T = TypeVar("T")

STORAGE: dict[str, Any] = {
    "configName": "nfs_all_ops",
    "alarmStoragePercentageThreshold": 80,
    "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"},
}

passed: list[str] = []
failed: list[str] = []


class Failed(Exception):
    pass


def call(operation: str, fn: Callable[..., T | ErrorResponse | None], *args: Any, **kwargs: Any) -> T:
    """One operation; anything but its success model (an OCP error, a Prism violation that
    does not parse, an exception) is a failure."""
    try:
        answer = fn(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 - a parse failure is a test failure, whatever it is
        failed.append(operation)
        print(f"FAIL {operation}: {type(e).__name__}: {e}")
        raise Failed from e
    return check(operation, answer)


def call_plain(operation: str, fn: Callable[..., Any], **kwargs: Any) -> str:
    """An operation whose answer is plain text (server time, status): HTTP 200 with a body."""
    try:
        response = fn(**kwargs)
    except Exception as e:  # noqa: BLE001 - as in call()
        failed.append(operation)
        print(f"FAIL {operation}: {type(e).__name__}: {e}")
        raise Failed from e
    text = response.content.decode("utf-8").strip()
    if response.status_code != 200 or not text:
        failed.append(operation)
        print(f"FAIL {operation}: HTTP {response.status_code}: {text[:200]}")
        raise Failed
    passed.append(operation)
    print(f"ok   {operation} ({text})")
    return text


def check(operation: str, answer: T | ErrorResponse | None) -> T:
    if answer is None or isinstance(answer, ErrorResponse):
        failed.append(operation)
        what = (
            f"OCP error {answer.error.code} (HTTP {answer.status}): {answer.error.message}"
            if isinstance(answer, ErrorResponse)
            else "no parsed answer"
        )
        print(f"FAIL {operation}: {what}")
        raise Failed
    passed.append(operation)
    trace = getattr(answer, "trace_id", "")
    print(f"ok   {operation} (traceId {trace})")
    return answer


def strategy(time: str) -> BackupStrategyParam:
    return BackupStrategyParam.from_dict(
        {
            "backupMode": "PHYSICAL_BACKUP",
            "obBackupScheduleConfig": {
                "backupScheduleMode": "WEEK",
                "backupScheduleTime": time,
                "dayAndDataBackupModelMap": {"1": "FULL_BACKUP", "3": "INCREMENTAL_BACKUP", "5": "FULL_BACKUP"},
                "startLogBackup": True,
            },
            "obBackupThresholdConfig": {
                "dataBackupTimeoutMinutes": 60,
                "logBackupDelaySeconds": 300,
                "noSuccessfulDataBackupAlarmDays": 2,
            },
            "obBackupServiceStorageConfig": STORAGE,
        }
    )


def backup_now() -> BackupNowParam:
    return BackupNowParam.from_dict(
        {"backupMode": "PHYSICAL_BACKUP", "dataBackupMode": "FULL_BACKUP", "obBackupServiceStorageConfig": STORAGE}
    )


def restore(source: int, tenant: int, target: int, name: str, at: str) -> RestoreTenantParam:
    return RestoreTenantParam.from_dict(
        {
            "backupTenantStatus": "ONLINE",
            "restoreOnlineTenantRequiredParam": {
                "backupClusterId": source,
                "backupTenantId": tenant,
                "restoreClusterId": target,
                "restoreEndTime": at,
                "restoreTenantInfoParam": {
                    "name": name,
                    "primaryZone": "zone1",
                    "zones": [
                        {"name": "zone1", "replicaType": "FULL", "resourcePool": {"unitSpecName": "S1", "unitCount": 1}}
                    ],
                },
            },
        }
    )


def first_task(result: BackupCommonResult) -> int | None:
    for r in result.data.backup_object_ops_result_list:
        if not isinstance(r.task_id_list, Unset) and r.task_id_list:
            return r.task_id_list[0]
    return None


def run(c: Client) -> None:
    # the OCP application: its version, clock and status
    info = call("getApplicationInfo", get_application_info.sync, client=c)
    print(f"     OCP build {info.build_version}")
    call_plain("getServerTime", get_server_time.sync_detailed, client=c)
    call_plain("getApplicationStatus", get_application_status.sync_detailed, client=c)

    # clusters and tenants
    clusters = call("listClusters", list_clusters.sync, client=c, page=1, size=100)
    cid = {cl.name: cl.id for cl in clusters.data.contents}
    hz, bj, sz, test = cid["ob_prod_hz"], cid["ob_core_bj"], cid["ob_arch_sz"], cid["ob_test_431"]
    tenants = call("listTenants", list_tenants.sync, hz, client=c, page=1, size=100)
    tid = {t.name: t.id for t in tenants.data.contents}
    trade = tid["trade"]
    call("getTenant", get_tenant.sync, hz, trade, client=c)

    # cluster reads
    call("getClusterBackupAbility", get_cluster_backup_ability.sync, hz, client=c)
    call("getClusterBackupStrategy", get_cluster_backup_strategy.sync, bj, client=c)
    call("getClusterBackupOverview", get_cluster_backup_overview.sync, bj, client=c)
    call("listClusterDataBackupTasks", list_cluster_data_backup_tasks.sync, bj, client=c, page=1, size=100)
    call("listClusterLogBackupTasks", list_cluster_log_backup_tasks.sync, hz, client=c, page=1, size=10)
    call("listClusterRestoreTasks", list_cluster_restore_tasks.sync, bj, client=c, page=1, size=10)
    call("getClusterBackupInfo", get_cluster_backup_info.sync, hz, client=c)

    # cluster writes
    created = call(
        "createClusterBackupStrategy",
        create_cluster_backup_strategy.sync,
        test,
        client=c,
        body=strategy("02:00:00.000+08:00"),
    )
    call(
        "updateClusterBackupStrategy",
        update_cluster_backup_strategy.sync,
        test,
        client=c,
        body=strategy("03:30:00.000+08:00"),
    )
    call("stopClusterBackupSchedule", stop_cluster_backup_schedule.sync, bj, client=c)
    call("startClusterBackupSchedule", start_cluster_backup_schedule.sync, sz, client=c)
    call("backupClusterNow", backup_cluster_now.sync, sz, client=c, body=backup_now())
    call("deleteClusterBackupStrategy", delete_cluster_backup_strategy.sync, sz, client=c)

    # restore: to a point one minute before the end of trade's latest recoverable window
    info = call("getTenantBackupInfo", get_tenant_backup_info.sync, hz, trade, client=c)
    aggregation = info.data.ob_recoverable_info_aggregation
    if isinstance(aggregation, Unset) or isinstance(aggregation.latest_seven_days_aggregation, Unset):
        raise Failed("getTenantBackupInfo: no recoverable windows")
    windows = [
        i.real_recoverable_time_interval
        for i in aggregation.latest_seven_days_aggregation.ob_recoverable_section_items
        if i.ob_recoverable_section_item_type == RecoverableSectionItemType.RECOVERABLE
        and not isinstance(i.real_recoverable_time_interval, Unset)
    ]
    if not windows or isinstance(windows[-1].end_time, Unset):
        raise Failed("getTenantBackupInfo: no recoverable window")
    # The published spec types date-times as strings (OCP's offsets are not all RFC 3339);
    # Python 3.11's fromisoformat reads every form OCP sends.
    end = datetime.datetime.fromisoformat(windows[-1].end_time)
    point = (end - datetime.timedelta(minutes=1)).isoformat(timespec="milliseconds")
    call("previewRestore", preview_restore.sync, hz, client=c, body=restore(hz, trade, test, "trade_copy", point))
    source = "file:///obbackup/extra/tenant_incarnation_1/1002/data/backup_set_7_full_20240801"
    call("addRestoreSource", add_restore_source.sync, client=c, restore_cluster_id=test, restore_sources=[source])
    call("clearRestoreSource", clear_restore_source.sync, client=c, restore_cluster_id=test)
    call("restoreTenant", restore_tenant.sync, hz, client=c, body=restore(hz, trade, test, "trade_copy", point))

    # tenant backup, on the first user tenant that takes a strategy (the smoke programs may have
    # taken some already); the strategy is deleted again at the end
    owner = None
    for cl in clusters.data.contents:
        listed = call("listTenants", list_tenants.sync, cl.id, client=c, page=1, size=100)
        for t in listed.data.contents:
            if t.name == "sys":
                continue  # OceanBase 4 backs up user tenants only
            answer = create_tenant_backup_strategy.sync(cl.id, t.id, client=c, body=strategy("01:00:00.000+08:00"))
            if isinstance(answer, ErrorResponse):
                print(f"     tenant {t.name}: OCP error {answer.error.code}, trying the next")
                continue
            check("createTenantBackupStrategy", answer)
            owner = (cl.id, t.id)
            break
        if owner:
            break
    if owner is None:
        raise Failed("createTenantBackupStrategy: no tenant takes a strategy")
    owner_cluster, owner_tenant = owner
    stored = call("getTenantBackupStrategy", get_tenant_backup_strategy.sync, owner_cluster, owner_tenant, client=c)
    changed = strategy("01:00:00.000+08:00")
    changed.ob_backup_threshold_config.log_backup_delay_seconds = 600
    data = stored.data
    if data is not None and not isinstance(data, Unset):
        storage = data.ob_backup_service_storage_config
        if not isinstance(storage, Unset):
            changed.ob_backup_service_storage_config.storage_id = storage.storage_id
    call("updateTenantBackupStrategy", update_tenant_backup_strategy.sync, owner_cluster, owner_tenant, client=c, body=changed)
    call("stopTenantBackupSchedule", stop_tenant_backup_schedule.sync, owner_cluster, owner_tenant, client=c)
    call("startTenantBackupSchedule", start_tenant_backup_schedule.sync, owner_cluster, owner_tenant, client=c)
    call("backupTenantNow", backup_tenant_now.sync, owner_cluster, owner_tenant, client=c, body=backup_now())
    call("listTenantDataBackupTasks", list_tenant_data_backup_tasks.sync, owner_cluster, owner_tenant, client=c, page=1, size=10)
    call("listTenantLogBackupTasks", list_tenant_log_backup_tasks.sync, owner_cluster, owner_tenant, client=c, page=1, size=10)
    call("listTenantRestoreTasks", list_tenant_restore_tasks.sync, hz, trade, client=c, page=1, size=10)
    call("deleteTenantBackupStrategy", delete_tenant_backup_strategy.sync, owner_cluster, owner_tenant, client=c)

    # tasks
    call("listTaskInstances", list_task_instances.sync, client=c, cluster_id=hz, page=1, size=20)
    task = first_task(created)
    if task is None:
        raise Failed("createClusterBackupStrategy answered no task ID")
    call("getTaskInstance", get_task_instance.sync, task, client=c)


def recorder(path: str) -> Callable[[httpx.Response], None]:
    """An httpx response hook appending each exchange to `path` (no credentials: the
    Authorization header is not written)."""
    out = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed at exit

    def record(response: httpx.Response) -> None:
        response.read()
        request = response.request
        row = {
            "method": request.method,
            "url": str(request.url),
            "requestContentType": request.headers.get("content-type"),
            "requestBody": request.content.decode() if request.content else None,
            "status": response.status_code,
            "headers": {k: v for k, v in response.headers.items() if k.lower() != "set-cookie"},
            "body": response.text,
        }
        out.write(json.dumps(row) + "\n")
        out.flush()

    return record


def main() -> None:
    base_url = os.environ["OCP_BASE_URL"]
    auth = httpx.BasicAuth(os.environ.get("OCP_USER", "admin"), os.environ["OCP_PASSWORD"])
    httpx_args: dict[str, Any] = {"auth": auth}
    if os.environ.get("OCP_RECORD"):
        httpx_args["event_hooks"] = {"response": [recorder(os.environ["OCP_RECORD"])]}
    client = Client(base_url=base_url, httpx_args=httpx_args, timeout=httpx.Timeout(60.0))
    print(f"all operations against {base_url}")
    try:
        run(client)
    except Failed as e:
        if e.args:
            print(f"FAIL {e.args[0]}")
            failed.append(str(e.args[0]))
    print(f"operations: {len(set(passed))} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

// Smoke test of a TypeScript client: openapi-typescript types of spec/ocp-backup.yaml + openapi-fetch.
//
// Run by `cargo xtask smoke` (and through Prism by `cargo xtask prism-e2e`), which generates the
// types into .tools/gen/ts/ocp-backup.d.ts (imported as "ocp-backup-schema", see tsconfig.json),
// type-checks this file with `tsc --strict`, and runs the output with Node, setting:
//
//   OCP_BASE_URL   e.g. http://127.0.0.1:PORT
//   OCP_USER       e.g. admin
//   OCP_PASSWORD   the user's password
//
// It lists clusters, creates a tenant backup strategy, triggers a tenant backup, reads the tenant's
// data backup tasks and shows the new one, then creates the strategy again and shows that the OCP
// error arrives as a parsed error object (code BAK21002, traceId). Exit 0 on success, 1 otherwise.

import createClient from "openapi-fetch";
import type { components, paths } from "ocp-backup-schema";

type Schemas = components["schemas"];
type ErrorResponse = Schemas["ErrorResponse"];

const TENANT_STRATEGY_EXISTS: Schemas["OcpErrorCode"] = "BAK21002";

const STORAGE: Schemas["ObBackupServiceStorageConfig"] = {
  configName: "smoke_nfs",
  obBackupStorageBaseInfo: {
    backupStorageType: "BACKUP_STORAGE_FILE",
    storageUrl: "/obbackup/",
  },
  alarmStoragePercentageThreshold: 80,
};

function fail(message: string): never {
  console.error(`typescript smoke: FAIL: ${message}`);
  process.exit(1);
}

function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined) fail(`${name} is not set`);
  return value;
}

function errorText(err: ErrorResponse): string {
  return (
    `OCP error ${String(err.error.code)}: ${err.error.message ?? ""} ` +
    `(HTTP ${err.status}, traceId ${err.traceId ?? ""})`
  );
}

/** The error object if OCP answered one, for messages. */
function describe(error: ErrorResponse | undefined, response: Response): string {
  return error ? errorText(error) : `HTTP ${response.status} without a body`;
}

function strategy(clusterId: number, tenantId: number): Schemas["BackupStrategyParam"] {
  return {
    backupMode: "PHYSICAL_BACKUP",
    obBackupThresholdConfig: {
      dataBackupTimeoutMinutes: 60,
      logBackupDelaySeconds: 300,
      noSuccessfulDataBackupAlarmDays: 2,
    },
    obBackupObjectList: [{ clusterId, tenantId, backupDimension: "TENANT" }],
    obBackupScheduleConfig: {
      dayAndDataBackupModelMap: { "2": "FULL_BACKUP", "5": "INCREMENTAL_BACKUP" },
      startLogBackup: true,
      backupScheduleMode: "WEEK",
      backupScheduleTime: "02:00:00.000+08:00",
    },
    obBackupServiceStorageConfig: STORAGE,
  };
}

const baseUrl = env("OCP_BASE_URL");
const basic = Buffer.from(`${env("OCP_USER", "admin")}:${env("OCP_PASSWORD")}`).toString("base64");
const client = createClient<paths>({
  baseUrl,
  headers: { Authorization: `Basic ${basic}`, "Accept-Language": "en-US" },
});
console.log(`typescript smoke against ${baseUrl}`);

// 1. clusters
const clusters = await client.GET("/api/v2/ob/clusters", {
  params: { query: { page: 1, size: 50 } },
});
if (!clusters.data) fail(`listClusters: ${describe(clusters.error, clusters.response)}`);
console.log(
  `listClusters: ${clusters.data.data.page.totalElements} cluster(s), traceId ${clusters.data.traceId}`,
);
for (const c of clusters.data.data.contents) {
  console.log(`  cluster ${c.id} ${c.name} status=${c.status ?? "?"}`);
}

// 2. a tenant backup strategy, on the first tenant that has none yet
let created: { clusterId: number; tenantId: number; tenantName: string } | undefined;
for (const cluster of clusters.data.data.contents) {
  const tenants = await client.GET("/api/v2/ob/clusters/{clusterId}/tenants", {
    params: { path: { clusterId: cluster.id }, query: { page: 1, size: 100 } },
  });
  if (!tenants.data) fail(`listTenants(${cluster.id}): ${describe(tenants.error, tenants.response)}`);
  for (const tenant of tenants.data.data.contents) {
    if (tenant.name === "sys") continue; // OceanBase 4 backs up user tenants only
    const answer = await client.POST(
      "/api/v2/ob/clusters/{id}/tenants/{tenantId}/backup/config/backupStrategy",
      {
        params: { path: { id: cluster.id, tenantId: tenant.id } },
        body: strategy(cluster.id, tenant.id),
      },
    );
    const status = answer.response.status;
    const { data, error } = answer;
    if (data) {
      console.log(
        `createTenantBackupStrategy: tenant ${tenant.id} ${tenant.name} in cluster ${cluster.id}: ` +
          `${data.data.obBackupTaskType}, traceId ${data.traceId}`,
      );
      created = { clusterId: cluster.id, tenantId: tenant.id, tenantName: tenant.name };
      break;
    }
    if (!error) fail(`createTenantBackupStrategy: HTTP ${status} without a body`);
    console.log(`  tenant ${tenant.id} ${tenant.name}: ${errorText(error)}; trying the next`);
  }
  if (created) break;
}
if (!created) fail("no tenant accepted a backup strategy");
const { clusterId, tenantId, tenantName } = created;

// 3. an immediate full backup (the tasks listed before it, to tell the new one)
const tasksPath = "/api/v2/ob/clusters/{id}/tenants/{tenantId}/backup/task/dataBackupTasks";
const before = await client.GET(tasksPath, {
  params: { path: { id: clusterId, tenantId }, query: { page: 1, size: 100 } },
});
if (!before.data) fail(`listTenantDataBackupTasks: ${describe(before.error, before.response)}`);
const known = new Set(before.data.data.contents.map((t) => t.taskId));
const now = await client.POST("/api/v2/ob/clusters/{id}/tenants/{tenantId}/backup/backupNow", {
  params: { path: { id: clusterId, tenantId } },
  body: {
    obBackupObject: { clusterId, tenantId, backupDimension: "TENANT" },
    dataBackupMode: "FULL_BACKUP",
    backupMode: "PHYSICAL_BACKUP",
    obBackupServiceStorageConfig: STORAGE,
  },
});
if (!now.data) fail(`backupTenantNow: ${describe(now.error, now.response)}`);
const taskIds = now.data.data.backupObjectOpsResultList.flatMap((r) => r.taskIdList ?? []);
console.log(`backupTenantNow: ${now.data.data.obBackupTaskType}, task IDs [${taskIds.join(", ")}]`);

// 4. the tenant's data backup tasks, with the new one (which may be listed a moment later; its
//    taskId is the backup task's, not the OCP task instance's of taskIdList)
let shown: Schemas["DataBackupTask"] | undefined;
let total = 0;
for (let attempt = 0; attempt < 20 && !shown; attempt++) {
  const tasks = await client.GET(tasksPath, {
    params: { path: { id: clusterId, tenantId }, query: { page: 1, size: 100 } },
  });
  if (!tasks.data) fail(`listTenantDataBackupTasks: ${describe(tasks.error, tasks.response)}`);
  total = tasks.data.data.page.totalElements;
  shown = tasks.data.data.contents.find((t) => !known.has(t.taskId));
  if (!shown) await new Promise((resolve) => setTimeout(resolve, 500));
}
if (!shown) fail(`listTenantDataBackupTasks: no new task for tenant ${tenantId} after backupTenantNow`);
console.log(
  `listTenantDataBackupTasks: ${total} task(s) of tenant ${tenantName}; new task ${shown.taskId}: ` +
    `status=${shown.status} type=${shown.dataBackupTaskType ?? "?"} start=${shown.startTime ?? "?"}`,
);

// 5. the same strategy again: an OCP error, parsed into the error object
const again = await client.POST(
  "/api/v2/ob/clusters/{id}/tenants/{tenantId}/backup/config/backupStrategy",
  { params: { path: { id: clusterId, tenantId } }, body: strategy(clusterId, tenantId) },
);
const againStatus = again.response.status;
const { data: notCreated, error: ocpError } = again;
if (notCreated) fail("creating the strategy twice did not fail");
if (!ocpError) fail(`creating the strategy twice: HTTP ${againStatus} without a body`);
if (ocpError.error.code !== TENANT_STRATEGY_EXISTS) {
  fail(`expected ${TENANT_STRATEGY_EXISTS}, got ${errorText(ocpError)}`);
}
if (!ocpError.traceId) fail(`the error has no traceId: ${errorText(ocpError)}`);
console.log(`createTenantBackupStrategy again: ${errorText(ocpError)}`);
console.log("typescript smoke: PASS");

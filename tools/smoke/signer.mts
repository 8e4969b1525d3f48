// A TypeScript AK/SK signer written from the spec text alone
// (`components.securitySchemes.ocpAkSk.description` of the published bundle), checked against the
// spec's `x-signature-examples` vectors and the simulator. Node's standard library only.
//
// Run by `cargo xtask smoke` (type-checked by `tsc --strict`) with:
//
//   OCP_BUNDLE_JSON        the published bundle (spec/published/en/ocp-backup.json)
//   OCP_BASE_URL           the simulator, e.g. http://127.0.0.1:PORT
//   OCP_ACCESS_KEY_ID      an AccessKey the simulator accepts
//   OCP_ACCESS_KEY_SECRET  its secret (never printed)
//
// Checks: every vector exactly; signed requests the simulator accepts (GET with a repeated key
// and special characters, GET with `+` and an x-ocp- header, POST with a JSON body); the same GET
// signed with encodeURIComponent's encoding is refused. Prints `N passed, M failed`.

import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:http";

type Pair = [string, string];

/** Java's `URLEncoder.encode(s, "UTF-8")`: `A-Za-z0-9.-*_` kept, space → `+`, else `%XX`. */
export function javaUrlEncode(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(c)) out += c;
    else if (byte === 0x20) out += "+";
    else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** Java's `String.compareTo`: by UTF-16 code unit, which is how JavaScript compares strings. */
function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Repeated names merged (values joined with `,` in order), sorted by name. */
function merge(pairs: Pair[]): Pair[] {
  const merged = new Map<string, string[]>();
  for (const [k, v] of pairs) {
    const values = merged.get(k);
    if (values) values.push(v);
    else merged.set(k, [v]);
  }
  return [...merged.entries()]
    .map(([k, v]): Pair => [k, v.join(",")])
    .sort((x, y) => compareUtf16(x[0], y[0]));
}

function ocpHeaders(headers: Pair[]): string {
  const lowered = headers.map(([n, v]): Pair => [n.toLowerCase(), v.replace(/^[ \t]+|[ \t]+$/g, "")]);
  if (!lowered.some(([n]) => n.startsWith("x-ocp-"))) return "";
  return merge(lowered.filter(([n]) => n.startsWith("x-ocp")))
    .map(([n, v]) => `${n}:${v}`)
    .join("\n");
}

function pathAndQuery(path: string, query: Pair[], encode: (s: string) => string): string {
  if (query.length === 0) return path;
  return path + "?" + merge(query).map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&");
}

interface SignInput {
  method: string;
  host: string;
  path: string;
  date: string;
  query: Pair[];
  headers: Pair[];
  contentType?: string;
  body?: Buffer;
}

export function stringToSign(r: SignInput, encode: (s: string) => string = javaUrlEncode): string {
  const md5 = r.body && r.body.length > 0 ? createHash("md5").update(r.body).digest("hex").toUpperCase() : "";
  return [
    r.method.toUpperCase(),
    md5,
    r.contentType ?? "",
    r.date,
    r.host,
    ocpHeaders(r.headers),
    pathAndQuery(r.path, r.query, encode),
  ].join("\n");
}

export function signature(secret: string, text: string): string {
  return createHmac("sha1", Buffer.from(secret, "utf8")).update(Buffer.from(text, "utf8")).digest("base64");
}

// ---------------------------------------------------------------------------------------------

interface Vector {
  name: string;
  accessKeyId: string;
  accessKeySecret: string;
  request: {
    method: string;
    host: string;
    path: string;
    date: string;
    query?: { name: string; value: string }[];
    headers?: { name: string; value: string }[];
    contentType?: string;
    body?: string;
  };
  stringToSign: string;
  signature: string;
  authorization: string;
}

let passed = 0;
const failed: string[] = [];

function check(name: string, good: boolean, detail = ""): void {
  if (good) passed++;
  else failed.push(name);
  console.log(`${good ? "ok  " : "FAIL"} ${name}${detail ? ": " + detail : ""}`);
}

function env(name: string): string {
  const v = process.env[name];
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
}

function vectors(bundle: any): void {
  const list: Vector[] = bundle.components.securitySchemes.ocpAkSk["x-signature-examples"];
  for (const v of list) {
    const r = v.request;
    const text = stringToSign({
      method: r.method,
      host: r.host,
      path: r.path,
      date: r.date,
      query: (r.query ?? []).map((p): Pair => [p.name, p.value]),
      headers: (r.headers ?? []).map((h): Pair => [h.name, h.value]),
      contentType: r.contentType,
      body: r.body === undefined ? undefined : Buffer.from(r.body, "utf8"),
    });
    const sig = signature(v.accessKeySecret, text);
    const auth = `OCP-ACCESS-KEY-HMACSHA1 ${v.accessKeyId}:${sig}`;
    const good = text === v.stringToSign && sig === v.signature && auth === v.authorization;
    check(`vector ${v.name}`, good, good ? sig : `got ${JSON.stringify(sig)} for ${JSON.stringify(text)}`);
  }
}

function operationPath(bundle: any, id: string): string {
  for (const [path, item] of Object.entries<any>(bundle.paths)) {
    for (const op of Object.values<any>(item)) {
      if (op && op.operationId === id) return path;
    }
  }
  throw new Error(`no operation ${id}`);
}

interface Answer {
  status: number;
  body: any;
}

function send(
  base: URL,
  ak: string,
  sk: string,
  method: string,
  path: string,
  query: Pair[],
  options: { body?: unknown; headers?: Record<string, string>; encode?: (s: string) => string } = {},
): Promise<Answer> {
  // On the wire encodeURIComponent (`%20` for a space); the signature uses URLEncoder's rules.
  const wire = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  const data = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body), "utf8");
  const headers: Record<string, string> = {
    Host: base.host,
    Date: new Date().toUTCString(),
    Accept: "application/json",
    ...options.headers,
  };
  if (data) {
    headers["Content-Type"] = "application/json";
    headers["Content-Length"] = String(data.length);
  }
  const text = stringToSign(
    {
      method,
      host: headers.Host!,
      path,
      date: headers.Date!,
      query,
      headers: Object.entries(headers),
      contentType: headers["Content-Type"],
      body: data,
    },
    options.encode,
  );
  headers.Authorization = `OCP-ACCESS-KEY-HMACSHA1 ${ak}:${signature(sk, text)}`;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: base.hostname, port: base.port, method, path: path + (wire ? `?${wire}` : ""), headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, body: raw ? JSON.parse(raw) : null });
        });
      },
    );
    req.on("error", reject);
    if (data) req.write(data);
    req.end();
  });
}

function answerText(a: Answer): string {
  const e = a.body?.error;
  return e ? `HTTP ${a.status} ${e.code}: ${e.message}` : `HTTP ${a.status}`;
}

async function live(bundle: any): Promise<void> {
  const base = new URL(env("OCP_BASE_URL"));
  const ak = env("OCP_ACCESS_KEY_ID");
  const sk = env("OCP_ACCESS_KEY_SECRET");
  const call = (method: string, path: string, query: Pair[] = [], options = {}) =>
    send(base, ak, sk, method, path, query, options);
  const path = (id: string, ids: Record<string, number> = {}) =>
    operationPath(bundle, id).replace(/\{(\w+)\}/g, (_, k: string) => String(ids[k]));

  const clusters = await call("GET", path("listClusters"), [["page", "1"], ["size", "100"]]);
  check("GET listClusters", clusters.status === 200, answerText(clusters));
  if (clusters.status !== 200) return;
  const ids = new Map<string, number>(clusters.body.data.contents.map((c: any) => [c.name, c.id]));
  const hz = ids.get("ob_prod_hz")!;
  const test = ids.get("ob_test_431")!;

  const special: Pair[] = [
    ["name", "backup now ~*'!é"],
    ["status", "RUNNING"],
    ["status", "FAILED"],
    ["clusterName", "ob_prod_hz"],
    ["page", "1"],
    ["size", "5"],
  ];
  const tasks = await call("GET", path("listTaskInstances"), special);
  check("GET listTaskInstances, repeated key and ` ~*'!é` in the query", tasks.status === 200, answerText(tasks));
  const wrong = await call("GET", path("listTaskInstances"), special, { encode: encodeURIComponent });
  check("the same signed with encodeURIComponent is refused", wrong.status === 401, answerText(wrong));

  const when = await call(
    "GET",
    path("listClusterDataBackupTasks", { id: hz }),
    [["startTime", "2024-08-01T00:00:00.000+08:00"], ["page", "1"], ["size", "5"]],
    { headers: { "x-ocp-origin": "signer smoke" } },
  );
  check("GET listClusterDataBackupTasks, `+` in the query and an x-ocp- header", when.status === 200, answerText(when));

  const tenants = await call("GET", path("listTenants", { clusterId: hz }), [["page", "1"], ["size", "100"]]);
  const trade: number | undefined = tenants.body?.data?.contents?.find((t: any) => t.name === "trade")?.id;
  if (tenants.status !== 200 || trade === undefined) {
    check("GET listTenants", false, answerText(tenants));
    return;
  }
  const info = await call("GET", path("getTenantBackupInfo", { id: hz, tenantId: trade }));
  check("GET getTenantBackupInfo", info.status === 200, answerText(info));
  const items: any[] = info.body?.data?.obRecoverableInfoAggregation?.latestSevenDaysAggregation?.obRecoverableSectionItems ?? [];
  const windows = items.filter((i) => i.obRecoverableSectionItemType === "RECOVERABLE" && i.realRecoverableTimeInterval);
  const last = windows.at(-1);
  if (!last) {
    check("a recoverable window for the POST", false, "none");
    return;
  }
  // Date parses every OCP spelling (`+0800` included); the body takes an offset time.
  const point = new Date(Date.parse(last.realRecoverableTimeInterval.endTime) - 60_000).toISOString();
  const preview = await call("POST", path("previewRestore", { id: hz }), [], {
    body: {
      backupTenantStatus: "ONLINE",
      restoreOnlineTenantRequiredParam: {
        backupClusterId: hz,
        backupTenantId: trade,
        restoreClusterId: test,
        restoreEndTime: point,
        restoreTenantInfoParam: {
          name: "signer_preview_ts",
          primaryZone: "zone1",
          zones: [{ name: "zone1", replicaType: "FULL", resourcePool: { unitSpecName: "S1", unitCount: 1 } }],
        },
      },
    },
  });
  check("POST previewRestore with a JSON body", preview.status === 200, answerText(preview));
}

async function main(): Promise<void> {
  const bundle = JSON.parse(readFileSync(env("OCP_BUNDLE_JSON"), "utf8"));
  console.log("typescript signer (tools/smoke/signer.mts, from the spec text)");
  vectors(bundle);
  await live(bundle);
  console.log(`signer: ${passed} passed, ${failed.length} failed`);
  process.exit(failed.length ? 1 : 0);
}

main().catch((e: unknown) => {
  console.log(`FAIL ${String(e)}`);
  console.log(`signer: ${passed} passed, ${failed.length + 1} failed`);
  process.exit(1);
});

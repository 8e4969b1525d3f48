"""The Python AK/SK signer (`ocp_sign.py`, written from the spec text) against the spec's test
vectors and the simulator.

Run by `cargo xtask smoke` with the standard library only:

    OCP_BUNDLE_JSON        the published bundle (spec/published/en/ocp-backup.json)
    OCP_BASE_URL           the simulator, e.g. http://127.0.0.1:PORT
    OCP_ACCESS_KEY_ID      an AccessKey the simulator accepts
    OCP_ACCESS_KEY_SECRET  its secret (never printed)

1. Every `x-signature-examples` vector: the string to sign, the signature and the Authorization
   header must come out exactly.
2. Signed requests the simulator must accept (HTTP 200): GET with a repeated key and special
   characters (space, `~`, `*`, `'`, `!`, `é`) in the query, GET with an offset time (`+`) and an
   `x-ocp-` header, and POST with a JSON body.
3. The same GET signed with RFC 3986 encoding instead of URLEncoder's must be refused (401), so
   that the acceptance above means something.

Prints one line per check and `N passed, M failed`; exits 1 on any failure.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from email.utils import formatdate
from typing import Any
from urllib.parse import quote, urlsplit

import ocp_sign

passed: list[str] = []
failed: list[str] = []


def check(name: str, good: bool, detail: str = "") -> None:
    (passed if good else failed).append(name)
    print(f"{'ok  ' if good else 'FAIL'} {name}{': ' + detail if detail else ''}")


def vectors(bundle: dict[str, Any]) -> None:
    scheme = bundle["components"]["securitySchemes"]["ocpAkSk"]
    for v in scheme["x-signature-examples"]:
        r = v["request"]
        text = ocp_sign.string_to_sign(
            method=r["method"],
            host=r["host"],
            path=r["path"],
            date=r["date"],
            query=[(p["name"], p["value"]) for p in r.get("query", [])],
            headers=[(h["name"], h["value"]) for h in r.get("headers", [])],
            content_type=r.get("contentType"),
            body=r["body"].encode("utf-8") if "body" in r else None,
        )
        sig = ocp_sign.signature(v["accessKeySecret"], text)
        auth = ocp_sign.authorization(v["accessKeyId"], v["accessKeySecret"], text)
        good = text == v["stringToSign"] and sig == v["signature"] and auth == v["authorization"]
        detail = sig if good else f"got {sig!r} for {text!r}, spec has {v['signature']!r} for {v['stringToSign']!r}"
        check(f"vector {v['name']}", good, detail)


def operation_path(bundle: dict[str, Any], operation_id: str) -> tuple[str, str]:
    for path, item in bundle["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                return method.upper(), path
    raise LookupError(operation_id)


class Signed:
    """Sends requests signed with `ocp_sign`, or with a deliberately wrong encoder."""

    def __init__(self, base_url: str, ak: str, sk: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.host = urlsplit(self.base_url).netloc
        self.ak, self.sk = ak, sk

    def send(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]] | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
        encode: Any = ocp_sign.java_url_encode,
    ) -> tuple[int, Any]:
        query = query or []
        # On the wire RFC 3986 (%20 for a space, `~` literal): the server decodes before it
        # signs, so the wire encoding must not matter.
        wire = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in query)
        data = json.dumps(body).encode("utf-8") if body is not None else None
        sent = {
            "Host": self.host,
            "Date": formatdate(usegmt=True),
            "Accept": "application/json",
            **(headers or {}),
        }
        if data is not None:
            sent["Content-Type"] = "application/json"
        original = ocp_sign.java_url_encode
        ocp_sign.java_url_encode = encode  # the negative check swaps the encoder only
        try:
            text = ocp_sign.string_to_sign(
                method=method,
                host=sent["Host"],
                path=path,
                date=sent["Date"],
                query=query,
                headers=list(sent.items()),
                content_type=sent.get("Content-Type"),
                body=data,
            )
        finally:
            ocp_sign.java_url_encode = original
        sent["Authorization"] = ocp_sign.authorization(self.ak, self.sk, text)
        url = self.base_url + path + (f"?{wire}" if wire else "")
        request = urllib.request.Request(url, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")


def rfc3986(text: str) -> str:
    return quote(text, safe="-_.~")


def answer_text(status: int, body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return f"HTTP {status} {body['error'].get('code')}: {body['error'].get('message')}"
    return f"HTTP {status}"


def live(bundle: dict[str, Any], client: Signed) -> None:
    def path_of(op: str, **ids: int) -> str:
        _, path = operation_path(bundle, op)
        return path.format(**ids)

    status, clusters = client.send("GET", path_of("listClusters"), [("page", "1"), ("size", "100")])
    check("GET listClusters", status == 200, answer_text(status, clusters))
    if status != 200:
        return
    ids = {c["name"]: c["id"] for c in clusters["data"]["contents"]}
    hz, test = ids["ob_prod_hz"], ids["ob_test_431"]

    special = [
        ("name", "backup now ~*'!é"),
        ("status", "RUNNING"),
        ("status", "FAILED"),
        ("clusterName", "ob_prod_hz"),
        ("page", "1"),
        ("size", "5"),
    ]
    status, body = client.send("GET", path_of("listTaskInstances"), special)
    check("GET listTaskInstances, repeated key and ` ~*'!é` in the query", status == 200, answer_text(status, body))

    status, body = client.send("GET", path_of("listTaskInstances"), special, encode=rfc3986)
    check("the same signed with RFC 3986 encoding is refused", status == 401, answer_text(status, body))

    when = [("startTime", "2024-08-01T00:00:00.000+08:00"), ("page", "1"), ("size", "5")]
    status, body = client.send(
        "GET", path_of("listClusterDataBackupTasks", id=hz), when, headers={"x-ocp-origin": "signer smoke"}
    )
    check("GET listClusterDataBackupTasks, `+` in the query and an x-ocp- header", status == 200, answer_text(status, body))

    status, tenants = client.send("GET", path_of("listTenants", clusterId=hz), [("page", "1"), ("size", "100")])
    trade = next((t["id"] for t in tenants.get("data", {}).get("contents", []) if t["name"] == "trade"), None)
    if status != 200 or trade is None:
        check("GET listTenants", False, answer_text(status, tenants))
        return
    status, info = client.send("GET", path_of("getTenantBackupInfo", id=hz, tenantId=trade))
    check("GET getTenantBackupInfo", status == 200, answer_text(status, info))
    if status != 200:
        return
    items = info["data"]["obRecoverableInfoAggregation"]["latestSevenDaysAggregation"]["obRecoverableSectionItems"]
    windows = [i["realRecoverableTimeInterval"] for i in items
               if i.get("obRecoverableSectionItemType") == "RECOVERABLE" and i.get("realRecoverableTimeInterval")]
    if not windows:
        check("a recoverable window for the POST", False, "none")
        return
    from datetime import datetime, timedelta

    point = (datetime.fromisoformat(windows[-1]["endTime"]) - timedelta(minutes=1)).isoformat(timespec="milliseconds")
    preview = {
        "backupTenantStatus": "ONLINE",
        "restoreOnlineTenantRequiredParam": {
            "backupClusterId": hz,
            "backupTenantId": trade,
            "restoreClusterId": test,
            "restoreEndTime": point,
            "restoreTenantInfoParam": {
                "name": "signer_preview",
                "primaryZone": "zone1",
                "zones": [{"name": "zone1", "replicaType": "FULL",
                           "resourcePool": {"unitSpecName": "S1", "unitCount": 1}}],
            },
        },
    }
    status, body = client.send("POST", path_of("previewRestore", id=hz), body=preview)
    check("POST previewRestore with a JSON body", status == 200, answer_text(status, body))


def main() -> None:
    with open(os.environ["OCP_BUNDLE_JSON"], encoding="utf-8") as f:
        bundle = json.load(f)
    print("python signer (tools/smoke/ocp_sign.py, from the spec text)")
    vectors(bundle)
    client = Signed(os.environ["OCP_BASE_URL"], os.environ["OCP_ACCESS_KEY_ID"], os.environ["OCP_ACCESS_KEY_SECRET"])
    live(bundle, client)
    print(f"signer: {len(passed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

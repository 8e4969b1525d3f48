"""Two consumers the project does not otherwise use, on what the simulator answered.

Run by `cargo xtask smoke` after `all_operations.py`, which calls every operation of the spec
and records each request and answer (OCP_RECORD, one JSON object a line). Everything here reads
the published English bundle (spec/published/en/ocp-backup.yaml) only:

- openapi-core (a response validator) validates every recorded request and answer;
- pydantic models generated from the bundle by datamodel-code-generator parse every answer
  (the 200 schema of its operation, ErrorResponse otherwise).

Then the cases a real OCP sends and the simulator rarely does, each validated and parsed the
same way: an unknown value in every enum-typed field of every recorded answer, at every place
of the bundle's schemas an answer can hold an enum, `data: null` for a strategy, and date-times
with `+0800`, `Z`, micro- and nanoseconds (also counted in the live answers, where the simulator
mixes them). Environment: OCP_RECORD, OCP_BUNDLE, OCP_MODELS (the generated module's folder).
Prints counts and `N passed, M failed`; exits 1 on any failure.
"""

from __future__ import annotations

import copy
import importlib
import json
import os
import re
import sys
from collections import Counter
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import yaml
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_schema_validator import OAS30Validator
from pydantic import BaseModel, TypeAdapter

UNKNOWN = "UPGRADING_IN_A_LATER_OCP"
PREFIX = "#/components/schemas/"

passed = 0
failed: list[str] = []


def ok(what: str, fn: Any) -> Any:
    """Runs one check; an exception is a failure with its first line."""
    global passed
    try:
        result = fn()
    except Exception as e:  # noqa: BLE001 - any validator or parser error is a finding
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        failed.append(f"{what}: {type(e).__name__}: {first[:300]}")
        return None
    passed += 1
    return result


class Bundle:
    def __init__(self, path: str) -> None:
        with open(path, encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        self.api = OpenAPI.from_dict(self.doc)
        self.schemas: dict[str, Any] = self.doc["components"]["schemas"]
        self.enums = {n for n, s in self.schemas.items() if "enum" in s}
        # (method, path regex, operationId, 200 schema name); the 200 answer's media type is
        # JSON for all but the plain-text system answers (server time, status)
        self.routes: list[tuple[str, re.Pattern[str], str, str]] = []
        for path, item in self.doc["paths"].items():
            pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$")
            for method, op in item.items():
                if not isinstance(op, dict) or "responses" not in op:
                    continue
                content = op["responses"]["200"]["content"]
                media = "application/json" if "application/json" in content else next(iter(content))
                ref = content[media]["schema"]["$ref"]
                self.routes.append((method.upper(), pattern, op["operationId"], ref[len(PREFIX):]))

    def route(self, method: str, path: str) -> tuple[str, str]:
        for m, pattern, op, schema in self.routes:
            if m == method and pattern.match(path):
                return op, schema
        raise LookupError(f"no operation for {method} {path}")

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.schemas[schema["$ref"][len(PREFIX):]]
        return schema

    def open_site(self, schema: dict[str, Any]) -> str | None:
        """The enum name if `schema` is an extensible enum (`XOrUnknown: anyOf: [{$ref: X}, string]`)."""
        any_of = schema.get("anyOf")
        if isinstance(any_of, list) and any_of and "$ref" in any_of[0]:
            name = any_of[0]["$ref"][len(PREFIX):]
            if name in self.enums:
                return name
        return None

    def open_ref(self, schema: dict[str, Any]) -> str | None:
        """The enum name if `schema` refers to an extensible enum, directly or through a
        single-member `allOf` (a described property)."""
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1:
            schema = all_of[0]
        ref = schema.get("$ref", "")
        if ref.startswith(PREFIX) and ref[len(PREFIX):] in self.schemas:
            return self.open_site(self.schemas[ref[len(PREFIX):]])
        return None

    def enum_fields(self, value: Any, schema: dict[str, Any], path: str, out: list[tuple[str, str]]) -> None:
        """(JSON path, enum name) of every enum-typed value in `value`, following `schema`."""
        schema = self.resolve(schema)
        site = self.open_site(schema)
        if site is not None:
            if isinstance(value, str):
                out.append((path, site))
            return
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(key, []):
                self.enum_fields(value, sub, path, out)
        if isinstance(value, dict):
            for name, sub in schema.get("properties", {}).items():
                if name in value:
                    self.enum_fields(value[name], sub, f"{path}/{name}", out)
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):
                for name, v in value.items():
                    if name not in schema.get("properties", {}):
                        self.enum_fields(v, extra, f"{path}/{name}", out)
        elif isinstance(value, list) and isinstance(schema.get("items"), dict):
            for i, v in enumerate(value):
                self.enum_fields(v, schema["items"], f"{path}/{i}", out)


def set_at(doc: Any, path: str, value: Any) -> None:
    parts = [p for p in path.split("/") if p]
    for p in parts[:-1]:
        doc = doc[int(p)] if isinstance(doc, list) else doc[p]
    last = parts[-1]
    if isinstance(doc, list):
        doc[int(last)] = value
    else:
        doc[last] = value


class Exchange:
    """One recorded request and its answer."""

    def __init__(self, row: dict[str, Any]) -> None:
        url = urlsplit(row["url"])
        self.host_url = f"{url.scheme}://{url.netloc}"
        self.method: str = row["method"]
        self.path = url.path
        self.query = parse_qsl(url.query, keep_blank_values=True)
        self.request_type: str = row.get("requestContentType") or "application/json"
        self.request_body: bytes | None = row["requestBody"].encode() if row.get("requestBody") else None
        self.status: int = row["status"]
        self.headers: dict[str, str] = row["headers"]
        content_type = next((v for k, v in self.headers.items() if k.lower() == "content-type"), "")
        # A plain-text answer is kept as the string it is (its schema is a string schema).
        self.plain = content_type.startswith("text/plain")
        self.body: Any = row["body"] if self.plain else json.loads(row["body"])

    def request(self) -> MockRequest:
        from werkzeug.datastructures import ImmutableMultiDict

        return MockRequest(
            self.host_url,
            self.method.lower(),
            self.path,
            args=ImmutableMultiDict(self.query),  # type: ignore[arg-type]
            headers={"Authorization": "Basic c2ltOnNpbQ=="},
            data=self.request_body,
            content_type=self.request_type,
        )

    def response(self, body: Any) -> MockResponse:
        data = body.encode() if self.plain and isinstance(body, str) else json.dumps(body).encode()
        content_type = "text/plain" if self.plain else "application/json"
        return MockResponse(data, status_code=self.status, headers=self.headers, content_type=content_type)


def check_answer(bundle: Bundle, models: Any, ex: Exchange, body: Any, label: str) -> bool:
    """openapi-core validates, the generated pydantic model parses; True when both accept it."""
    before = len(failed)
    ok(f"openapi-core {label}", lambda: bundle.api.validate_response(ex.request(), ex.response(body)))
    _, schema = bundle.route(ex.method, ex.path)
    name = schema if ex.status == 200 else "ErrorResponse"
    model: type[BaseModel] = getattr(models, name)
    ok(f"pydantic {name} {label}", lambda: model.model_validate_json(json.dumps(body)))
    return len(failed) == before


def field_name(model: type[BaseModel], alias: str) -> str | None:
    for name, field in model.model_fields.items():
        if (field.alias or name) == alias:
            return name
    return None


def schema_sites(bundle: Bundle, models: Any) -> tuple[int, int, Counter[str]]:
    """Every place of the bundle's schemas that holds an extensible enum, and each `XOrUnknown`
    itself: `UNKNOWN` validates (OAS 3.0 schema validator) and parses (the generated model or
    field type). Returns (places, parsed by pydantic, enums met)."""
    root = {"components": bundle.doc["components"]}
    sites = parsed = 0
    enums: Counter[str] = Counter()

    def one(label: str, schema: dict[str, Any], value: Any, enum: str, parse: Any) -> None:
        nonlocal sites, parsed
        sites += 1
        enums[enum] += 1
        ok(f"openapi-schema-validator {label}", lambda: OAS30Validator({**root, **schema}).validate(value))
        if ok(f"pydantic {label}", parse) is not None:
            parsed += 1

    for schema_name, schema in bundle.schemas.items():
        model = getattr(models, schema_name, None)
        enum = bundle.open_site(schema)
        if enum is not None:
            one(schema_name, schema, UNKNOWN, enum, lambda: model.model_validate(UNKNOWN))
            continue
        for i, sub in enumerate(schema.get("oneOf", [])):
            enum = bundle.open_ref(sub)
            if enum is not None:
                one(f"{schema_name}.oneOf[{i}]", schema, UNKNOWN, enum, lambda: model.model_validate(UNKNOWN))
        for prop, sub in schema.get("properties", {}).items():
            extra = sub.get("additionalProperties")
            for kind, inner, value in (
                ("", sub, UNKNOWN),
                ("[]", sub.get("items") or {}, [UNKNOWN]),
                ("{}", extra if isinstance(extra, dict) else {}, {"1": UNKNOWN}),
            ):
                enum = bundle.open_ref(inner)
                if enum is None:
                    continue
                label = f"{schema_name}.{prop}{kind}"
                fname = field_name(model, prop) if isinstance(model, type) and issubclass(model, BaseModel) else None
                if fname is None:
                    failed.append(f"pydantic {label}: no generated field for it")
                    continue
                annotation = model.model_fields[fname].annotation
                one(label, sub, value, enum, lambda: TypeAdapter(annotation).validate_python(value))
    return sites, parsed, enums


DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.(\d+))?(Z|[+-]\d\d:?\d\d)$")


def spelling(text: str) -> list[str]:
    m = DATE_TIME.match(text)
    if not m:
        return []
    digits = len(m.group(2) or "")
    offset = m.group(3)
    forms = ["Z" if offset == "Z" else ("+HH:MM" if ":" in offset else "+HHMM")]
    forms.append({0: "seconds", 3: "millis", 6: "micros", 9: "nanos"}.get(digits, f"{digits} digits"))
    return forms


def date_times(value: Any, out: Counter[str]) -> None:
    if isinstance(value, dict):
        for v in value.values():
            date_times(v, out)
    elif isinstance(value, list):
        for v in value:
            date_times(v, out)
    elif isinstance(value, str):
        out.update(spelling(value))


def main() -> None:
    bundle = Bundle(os.environ["OCP_BUNDLE"])
    sys.path.insert(0, os.environ["OCP_MODELS"])
    models = importlib.import_module("ocp_backup_models")
    with open(os.environ["OCP_RECORD"], encoding="utf-8") as f:
        exchanges = [Exchange(json.loads(line)) for line in f if line.strip()]

    # 1. every recorded request and answer as it was
    operations: set[str] = set()
    for ex in exchanges:
        op, _ = bundle.route(ex.method, ex.path)
        operations.add(op)
        ok(f"openapi-core request {op}", lambda: bundle.api.validate_request(ex.request()))
        check_answer(bundle, models, ex, ex.body, f"{op} (HTTP {ex.status})")
    answers_ok = passed
    all_ops = {r[2] for r in bundle.routes}
    if operations != all_ops:
        failed.append(f"operations not recorded: {sorted(all_ops - operations)}")
    print(f"recorded: {len(exchanges)} answers of {len(operations)}/{len(all_ops)} operations, "
          f"{answers_ok} checks passed, {len(failed)} failed")

    # 2. an unknown value in every enum-typed field of every recorded answer
    fields = 0
    hit: Counter[str] = Counter()
    for ex in exchanges:
        op, schema = bundle.route(ex.method, ex.path)
        found: list[tuple[str, str]] = []
        name = schema if ex.status == 200 else "ErrorResponse"
        bundle.enum_fields(ex.body, {"$ref": PREFIX + name}, "", found)
        if not found:
            continue
        body = copy.deepcopy(ex.body)
        for path, enum in found:
            set_at(body, path, UNKNOWN)
            hit[enum] += 1
        fields += len(found)
        check_answer(bundle, models, ex, body, f"{op} with {len(found)} unknown enum values")
    print(f"unknown enum values in answers: {fields} fields, {len(hit)} enums")

    # 3. … and at every place of the bundle's schemas that an answer can hold an enum
    sites, parsed, enums = schema_sites(bundle, models)
    answer_enums = {n for n in bundle.enums if n in enums}
    print(f"unknown enum values at schema level: {sites} places, {parsed} parsed, {len(answer_enums)} enums")

    # 4. data: null for a strategy (OCP's answer for an object without one)
    strategies = [ex for ex in exchanges if bundle.route(ex.method, ex.path)[1] == "OcpBackupStrategyResult"
                  and ex.status == 200]
    if not strategies:
        failed.append("no strategy answer recorded for the data: null case")
    for ex in strategies[:1]:
        check_answer(bundle, models, ex, {**ex.body, "data": None}, "OcpBackupStrategyResult with data: null")
        print("data: null: validated and parsed")

    # 5. date-time spellings: those the simulator sent, then each documented one in an envelope
    seen: Counter[str] = Counter()
    for ex in exchanges:
        date_times(ex.body, seen)
    print("date-times answered: " + ", ".join(f"{k} {v}" for k, v in sorted(seen.items())))
    for form in ("+HH:MM", "+HHMM", "Z", "millis", "micros"):
        if not seen[form]:
            failed.append(f"the simulator sent no date-time with {form}")
    sample = next(ex for ex in exchanges if ex.status == 200)
    for text in ("2024-08-09T16:06:02.743+08:00", "2021-09-16T17:25:02.993+0800",
                 "2024-08-09T08:02:57.715753Z", "2024-08-02T16:01:41.862678516+08:00"):
        check_answer(bundle, models, sample, {**sample.body, "timestamp": text}, f"timestamp {text}")

    for f in failed[:40]:
        print(f"FAIL {f}")
    print(f"consumers: {passed} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

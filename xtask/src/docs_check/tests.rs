//! The whole comparison on small pages written for the tests, against a small spec.

use super::page::{self, Format, Lang};
use super::{Finding, Timings, check_pages, reviewed};
use crate::spec::Spec;

/// A small spec: one POST with path and query parameters, a nested body and an envelope answer.
fn spec(sample_line: usize) -> Spec {
    let text = format!(
        r##"
openapi: 3.0.3
info: {{title: t, version: "1"}}
paths:
  /api/v2/x/{{id}}/things:
    post:
      operationId: createThing
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: integer}}}}
        - {{name: dryRun, in: query, required: false, schema: {{type: boolean}}}}
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/ThingParam'}}
            examples:
              createThing_request: {{$ref: '#/components/examples/createThing_request'}}
      responses:
        '200':
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/ThingResult'}}
components:
  schemas:
    Mode: {{type: string, enum: [FAST, SLOW]}}
    ThingParam:
      type: object
      required: [mode, storage]
      properties:
        mode: {{description: m, allOf: [{{$ref: '#/components/schemas/Mode'}}]}}
        storage: {{description: s, allOf: [{{$ref: '#/components/schemas/Storage'}}]}}
        tags: {{type: array, items: {{type: string}}}}
    Storage:
      type: object
      required: [name, base, threshold]
      properties:
        name: {{type: string}}
        base: {{allOf: [{{$ref: '#/components/schemas/Base'}}]}}
        threshold: {{type: integer}}
    Base:
      type: object
      required: [url]
      properties:
        url: {{type: string}}
        key: {{allOf: [{{$ref: '#/components/schemas/Key'}}]}}
    Key:
      type: object
      required: [id, secret]
      properties:
        id: {{type: string}}
        secret: {{type: string}}
    ThingResult:
      allOf:
        - {{$ref: '#/components/schemas/Envelope'}}
        - type: object
          properties:
            data: {{allOf: [{{$ref: '#/components/schemas/Thing'}}]}}
    Envelope:
      type: object
      required: [successful]
      properties:
        successful: {{type: boolean}}
        status: {{type: integer}}
    Thing:
      type: object
      properties:
        thingId: {{type: integer}}
        delay: {{type: number}}
  examples:
    createThing_request:
      summary: x
      x-sources:
        - {{page: 4.3/en-US/t.md, lang: en-US, line: {sample_line}}}
      value: {{mode: FAST, storage: {{name: a, base: {{url: /x}}, threshold: 5}}}}
"##
    );
    Spec {
        root: yaml_serde::from_str(&text).unwrap(),
    }
}

const EN: &str = r#"|description||
|---|---|
|machine-translation||

# Create a thing

### Request path

`POST /api/v2/x/{id}/things`

**Path parameters**

| Parameter | Type | Required | Example value | Description |
|---|---|---|---|---|
| id | Integer | Yes | 1 | The id. |

### Request parameters

| Parameter | Type | Required | Example value | Description |
|---|---|---|---|---|
| mode | String | No | FAST | Valid values: FAST, SLOW, TURBO |
| storage | Object | Yes | NA | See **Data structure of storage** |
| color | String | No | red | A colour. |

**Data structure of storage**

| Parameter | Type | Required | Description |
|---|---|---|---|
| name | Long | Yes | The name. |
| base | Object | Yes | Base. |
| \|--url | String | Yes | URL. |
| \|--key | Object | No | Key. |
| \|--id | String | Yes | Key ID. |
| \|--secret | String | Yes | Secret.
| \|--threshold | Long | Yes | Listed inside base by mistake. |

### Response parameters

| Parameter | Type | Description |
|---|---|---|
| data | Object | See **Data structure of Thing** |
| successful | Boolean | Whether it worked. |

**Data structure of Thing**

| Parameter | Type | Description |
|---|---|---|
| thingId | Long | ID. |
| delay | Long | Seconds. |

## Examples

### Sample request

```json
{"mode": "FAST", "storage": {"name": "a", "base": {"url": "/x"}, "threshold": 5}}
```
"#;

/// The zh-CN twin: setext headings, no `key` rows, a sample with a comment.
const ZH: &str = r#"创建
==========

### 请求路径

`POST /api/v2/x/{id}/things`

### 请求参数

| 参数 | 类型 | 必选 | 示例值 | 描述 |
|----|----|----|----|----|
| id | Integer | 是 | 1 | ID。 |
| mode | String | 否 | FAST | 取值：FAST、SLOW、TURBO |
| storage | Object | 是 | NA | 详见 **storage 的数据结构** |
| color | String | 否 | red | 颜色。 |

**storage 的数据结构**

| 参数 | 类型 | 必选 | 说明 |
|----|----|----|----|
| name | Long | 是 | 名称。 |
| base | Object | 是 | 基本信息。 |
| \|--url | String | 是 | 地址。 |
| \|--threshold | Long | 是 | 阈值。 |

### 返回结果

| 参数 | 类型 | 说明 |
|----|----|----|
| data | Object | 详见 **Thing 的数据结构** |
| successful | Boolean | 是否成功。 |

**Thing 的数据结构**

| 参数 | 类型 | 说明 |
|----|----|----|
| thingId | Long | ID。 |
| delay | Long | 秒。 |

示例
-------

### 请求示例

```unknow
{
  "mode": "FAST", // the mode
  "storage": {"name": "a", "base": {"url": "/x"}, "threshold": 5}
}
```
"#;

/// The en-US website rendering of the same page: no pipes, `|--` marks, bullets.
const EN_PLAIN: &str = "Create a thing

Request path

POST /api/v2/x/{id}/things

Request parameters

Parameter Type Required Example value Description
id Integer Yes 1 The id.
mode String No FAST Valid values:
  • FAST: fast.
  • TURBO: turbo.
  • storage Object Yes NA See Data structure of storage.

Data structure of storage

Parameter Type Required Description
name Long Yes The name.
base Object Yes Base.
|--url String Yes URL.
|--threshold Long Yes Listed inside base by mistake.

Response parameters

Parameter Type Description
data Object See Data structure of Thing.
successful Boolean Whether it worked.

Data structure of Thing

Parameter Type Description
thingId Long ID.
delay Long Seconds.

Sample request

{
    \"mode\": \"FAST\",
    \"storage\": {\"name\": \"a\", \"base\": {\"url\": \"/x\"}, \"threshold\": 5}
}

Contact Us
";

fn run(pages: &[(&str, &str)], reviewed_list: &str) -> (Vec<Finding>, usize) {
    let parsed: Vec<_> = pages
        .iter()
        .map(|(rel, text)| page::parse(rel, text))
        .collect();
    let sample_line = parsed[0].examples.first().map_or(0, |e| e.line);
    let spec = spec(sample_line);
    let (entries, problems) = reviewed::parse(reviewed_list).unwrap();
    let outcome = check_pages(&spec, parsed, &[], &entries, &problems, &mut Timings::new());
    (outcome.findings, outcome.ops_matched)
}

fn has(findings: &[Finding], kind: &str, page: &str, field: &str) -> bool {
    findings
        .iter()
        .any(|f| f.kind == kind && f.page == page && f.field == field)
}

#[test]
fn markdown_page_against_the_spec() {
    let (f, matched) = run(&[("4.3/en-US/t.md", EN)], "");
    let p = "4.3/en-US/t.md";
    assert_eq!(matched, 1);
    assert!(has(&f, "required-mismatch", p, "body.mode"), "{f:#?}");
    assert!(has(&f, "enum-value-missing", p, "body.mode"));
    assert!(has(&f, "field-missing-in-spec", p, "body.color"));
    assert!(has(&f, "type-mismatch", p, "body.storage.name"));
    assert!(has(&f, "type-mismatch", p, "response.data.delay"));
    // `id` and `secret` follow `key` at the same level: the docs' flat listing, not a finding.
    assert!(!f.iter().any(|x| x.field.contains("key.")), "{f:#?}");
    // `threshold` is marked as a member of `base`, but the spec has it one level up.
    assert!(has(&f, "field-nesting", p, "body.storage.threshold"));
    // The other way round: spec members and parameters that no table or sample documents.
    assert!(has(&f, "field-missing-in-docs", p, "body.tags"));
    assert!(has(&f, "param-missing-in-docs", p, "query.dryRun"));
    // The sample is in the spec, with this page and line.
    assert!(!f.iter().any(|x| x.kind.starts_with("example")), "{f:#?}");
    let kinds: Vec<_> = f.iter().map(|x| x.kind).collect();
    assert_eq!(f.len(), 9, "{kinds:?}");
}

#[test]
fn twins_and_both_formats() {
    let zh = page::parse("4.3/zh-CN/t.md", ZH);
    assert_eq!((zh.lang, zh.format), (Lang::ZhCn, Format::Markdown));
    let plain = page::parse("seed/001.txt", EN_PLAIN);
    assert_eq!((plain.lang, plain.format), (Lang::EnUs, Format::PlainText));
    let (f, _) = run(
        &[
            ("4.3/en-US/t.md", EN),
            ("4.3/zh-CN/t.md", ZH),
            ("seed/001.txt", EN_PLAIN),
        ],
        "",
    );
    let (zh, plain) = ("4.3/zh-CN/t.md", "seed/001.txt");
    // The same statements are found in all three renderings.
    for p in [zh, plain] {
        assert!(has(&f, "required-mismatch", p, "body.mode"), "{p}: {f:#?}");
        assert!(has(&f, "enum-value-missing", p, "body.mode"), "{p}");
        assert!(has(&f, "field-nesting", p, "body.storage.threshold"), "{p}");
        assert!(has(&f, "type-mismatch", p, "response.data.delay"), "{p}");
    }
    // The zh-CN twin lacks `key` and its members: one finding, on the page that has them.
    let twin: Vec<_> = f.iter().filter(|x| x.kind == "twin-fields").collect();
    assert_eq!(twin.len(), 1, "{twin:#?}");
    assert_eq!(twin[0].field, "body.storage.base.key");
    assert!(twin[0].message.contains("id, secret"));
    // The zh-CN sample has a comment: tolerated, reported, and otherwise the same value.
    assert!(has(&f, "example-garbage", zh, ""));
    assert!(!f.iter().any(|x| x.kind == "twin-example"), "{f:#?}");
    // Not recorded with the zh-CN page among its sources.
    assert!(has(&f, "example-source-missing", zh, ""));
}

#[test]
fn reviewed_entries_cover_findings_and_cannot_rot() {
    let list = r#"
- kind: field-missing-in-spec
  field: body.color
  pages: [4.3/en-US/t.md]
  wrong: The table lists a colour the operation does not take.
  why: The samples never send it and the service ignores it.
- kind: type-mismatch
  field: body.storage.nothing
  pages: [4.3/en-US/t.md]
  wrong: An entry that matches no finding at all.
  why: It is here to show that a stale entry fails the run.
- kind: no-such-kind
  pages: [4.3/en-US/t.md]
  wrong: short
  why: ""
"#;
    let (f, _) = run(&[("4.3/en-US/t.md", EN)], list);
    let color = f.iter().find(|x| x.field == "body.color").unwrap();
    assert_eq!(color.reviewed.as_deref(), Some("spec/doc-findings.yaml #1"));
    let stale: Vec<_> = f
        .iter()
        .filter(|x| x.kind == "reviewed-entry-stale")
        .collect();
    assert_eq!(stale.len(), 2, "{stale:#?}"); // the page and the field of entry #2
    assert!(stale.iter().all(|s| s.message.contains("#2")));
    let invalid: Vec<_> = f
        .iter()
        .filter(|x| x.kind == "reviewed-list-invalid")
        .collect();
    assert_eq!(invalid.len(), 3, "{invalid:#?}"); // kind, wrong, why of entry #3
    // Entries for pages outside the run are not judged.
    let (f, _) = run(&[("seed/001.txt", EN_PLAIN)], list);
    assert!(!f.iter().any(|x| x.kind == "reviewed-entry-stale"));
}

#[test]
fn unknown_and_unparsable_pages_are_findings_not_panics() {
    let (f, matched) = run(
        &[
            ("4.3/en-US/t.md", EN),
            ("x/notes.txt", "nothing that looks like a doc page"),
            ("x/binary.md", "\u{0}\u{1}\u{2}"),
        ],
        "",
    );
    assert_eq!(matched, 1);
    assert!(has(&f, "unknown-format", "x/notes.txt", ""));
    assert!(has(&f, "unknown-format", "x/binary.md", ""));
    let unreadable = page::read(std::path::Path::new("/nonexistent/page.md"), "page.md");
    assert!(matches!(unreadable.kind, page::Kind::Unreadable(_)));
}

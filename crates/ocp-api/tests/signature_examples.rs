//! The spec's AK/SK test vectors (`components.securitySchemes.ocpAkSk.x-signature-examples`)
//! hold for the reference signer, so that the vectors other teams test their signers against
//! are the rules this client and the simulator apply.

use ocp_api::signing::{SigningInput, authorization_header, signature, string_to_sign};
use serde_json::Value;

fn vectors() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/ocp-backup.yaml");
    let spec: Value = yaml_serde::from_str(&std::fs::read_to_string(path).expect("spec readable"))
        .expect("spec is YAML");
    spec.pointer("/components/securitySchemes/ocpAkSk/x-signature-examples")
        .and_then(Value::as_array)
        .cloned()
        .expect("the ocpAkSk scheme has x-signature-examples")
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let text = |k: &str| {
                p[k].as_str()
                    .expect("name and value are strings")
                    .to_owned()
            };
            (text("name"), text("value"))
        })
        .collect()
}

#[test]
fn every_spec_vector_holds_for_the_reference_signer() {
    let vectors = vectors();
    assert!(vectors.len() >= 9, "the spec lost test vectors");
    for v in &vectors {
        let name = v["name"].as_str().unwrap();
        let r = &v["request"];
        let query = pairs(&r["query"]);
        let headers = pairs(&r["headers"]);
        let body = r.get("body").and_then(Value::as_str).map(str::as_bytes);
        let input = SigningInput {
            method: r["method"].as_str().unwrap(),
            content_type: r.get("contentType").and_then(Value::as_str),
            body,
            date: r["date"].as_str().unwrap(),
            host: r["host"].as_str().unwrap(),
            path: r["path"].as_str().unwrap(),
            query: &query,
            ocp_headers: &headers,
        };
        let secret = v["accessKeySecret"].as_str().unwrap();
        assert_eq!(
            string_to_sign(&input),
            v["stringToSign"].as_str().unwrap(),
            "{name}: string to sign"
        );
        assert_eq!(
            signature(secret, &input),
            v["signature"].as_str().unwrap(),
            "{name}: signature"
        );
        assert_eq!(
            authorization_header(v["accessKeyId"].as_str().unwrap(), secret, &input),
            v["authorization"].as_str().unwrap(),
            "{name}: Authorization"
        );
    }
}

#[test]
fn the_docs_vector_is_first_and_keeps_its_printed_signature() {
    let first = &vectors()[0];
    assert_eq!(first["name"], "doc-java-sample");
    assert_eq!(first["signature"], "To11kg1EsB/dPWyDnnpuUzIUoQk=");
}

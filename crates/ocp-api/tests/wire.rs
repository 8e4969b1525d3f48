//! What the client puts on the wire and how it reads OCP's answers, against a loopback server
//! that records each request and replies from a script.

use std::time::Duration;

use ocp_api::{
    ClientConfig, Credentials, OcpError, ResultExt, RetryPolicy, TransportKind, signing,
};
use serde_json::json;
use tokio::net::TcpListener;

mod support;

use support::{Reply, backup_now_body, envelope, error_envelope, reply, serve};

fn ability() -> serde_json::Value {
    envelope(
        json!({"backupAbility": "PHYSICAL_BACKUP", "backupMode": "PHYSICAL_BACKUP",
        "obDataBackupSupportAbility": {"canDoIncrementalBackup": false, "fullBackupEnabled": true,
        "hint": "full first", "incrementBackupEnabled": true}}),
    )
}

#[tokio::test]
async fn basic_auth_language_and_decoding() {
    let server = serve(vec![reply(200, ability())]).await;
    let client = ClientConfig::new(&server.url)
        .credentials(Credentials::basic("admin", "pa:ss"))
        .language("zh-CN")
        .build()
        .unwrap();
    let got = client
        .get_cluster_backup_ability()
        .id(1000005)
        .send()
        .await
        .ocp()
        .unwrap();
    assert_eq!(got.data.backup_mode.as_str(), "PHYSICAL_BACKUP");
    let seen = server.seen.lock().unwrap();
    let req = &seen[0];
    assert_eq!(
        (req.method.as_str(), req.target.as_str()),
        ("GET", "/api/v2/ob/clusters/1000005/backup/ability")
    );
    // base64("admin:pa:ss")
    assert_eq!(req.header("authorization"), Some("Basic YWRtaW46cGE6c3M="));
    assert_eq!(req.header("accept-language"), Some("zh-CN"));
    assert_eq!(req.header("api-version"), None);
}

#[tokio::test]
async fn ak_sk_signature_covers_the_json_body() {
    let server = serve(vec![reply(
        200,
        envelope(json!({"obBackupTaskType": "DATA_BACKUP_NOW",
        "backupObjectOpsResultList": [{"beSuccessful": true, "taskIdList": [3000041],
        "obBackupObjectList": [{"backupDimension": "TENANT", "clusterId": 1, "tenantId": 2}]}]})),
    )])
    .await;
    let client = ClientConfig::new(&server.url)
        .credentials(Credentials::access_key("AKID1", "SECRET1"))
        .build()
        .unwrap();
    let done = client
        .backup_tenant_now()
        .id(1)
        .tenant_id(2)
        .body(backup_now_body())
        .send()
        .await
        .ocp()
        .unwrap();
    assert_eq!(
        done.data.backup_object_ops_result_list[0].task_id_list,
        vec![3000041]
    );

    let req = server.seen.lock().unwrap()[0].clone();
    let auth = req.header("authorization").expect("signed");
    let (scheme, rest) = auth.split_once(' ').unwrap();
    assert_eq!(scheme, "OCP-ACCESS-KEY-HMACSHA1");
    let (ak, sig) = rest.split_once(':').unwrap();
    assert_eq!(ak, "AKID1");
    // Recompute from what actually arrived: the server side of the same rules.
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    let input = signing::SigningInput {
        method: &req.method,
        content_type: req.header("content-type"),
        body: Some(&req.body),
        date: req.header("date").expect("Date header sent"),
        host: req.header("host").unwrap(),
        path,
        query: &signing::parse_query(query),
        ocp_headers: &[],
    };
    assert_eq!(sig, signing::signature("SECRET1", &input));
    assert!(!format!("{client:?}").contains("SECRET1"));
}

#[tokio::test]
async fn ocp_error_envelope_becomes_a_typed_error() {
    let server = serve(vec![
        reply(
            409,
            error_envelope(
                409,
                json!("BAK21001"),
                "cluster already has a backup strategy",
            ),
        ),
        reply(
            429,
            error_envelope(429, json!(0), "Excessive number of requests."),
        ),
    ])
    .await;
    let client = ClientConfig::new(&server.url)
        .read_retry(RetryPolicy::NONE)
        .build()
        .unwrap();
    let err = client
        .delete_cluster_backup_strategy()
        .id(7)
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(err.code(), Some("BAK21001"));
    assert_eq!(err.status(), Some(409));
    assert_eq!(err.trace_id(), Some("9fcd1125284745fe"));
    let text = err.to_string();
    assert!(
        text.contains("BAK21001")
            && text.contains("9fcd1125284745fe")
            && text.contains("already has"),
        "{text}"
    );

    let err = client
        .get_cluster_backup_ability()
        .id(7)
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!((err.code(), err.status()), (Some("0"), Some(429)));
}

#[tokio::test]
async fn reads_retry_on_throttling_but_writes_never_do() {
    let throttled = || Reply {
        status: 429,
        headers: vec![
            ("RateLimit-Reset", "0".into()),
            ("RateLimit-Remaining", "0".into()),
        ],
        body: error_envelope(429, json!(0), "slow down").to_string(),
        delay: Duration::ZERO,
    };
    let server = serve(vec![throttled(), reply(200, ability())]).await;
    let client = ClientConfig::new(&server.url).build().unwrap();
    client
        .get_cluster_backup_ability()
        .id(1)
        .send()
        .await
        .ocp()
        .unwrap();
    assert_eq!(server.seen.lock().unwrap().len(), 2, "one retry after 429");

    let server = serve(vec![
        reply(503, error_envelope(503, json!("COM10000"), "busy")),
        reply(200, ability()),
    ])
    .await;
    let client = ClientConfig::new(&server.url).build().unwrap();
    let err = client
        .backup_cluster_now()
        .id(1)
        .body(backup_now_body())
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.seen.lock().unwrap().len(), 1, "a write is sent once");
}

#[tokio::test]
async fn transport_failures_say_what_went_wrong() {
    let slow = Reply {
        delay: Duration::from_secs(5),
        ..reply(200, ability())
    };
    let server = serve(vec![slow]).await;
    let client = ClientConfig::new(&server.url)
        .timeouts(Duration::from_secs(1), Duration::from_millis(300))
        .read_retry(RetryPolicy::NONE)
        .build()
        .unwrap();
    let err = client
        .get_cluster_backup_ability()
        .id(1)
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(err.transport_kind(), Some(TransportKind::Timeout), "{err}");

    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let client = ClientConfig::new(url).build().unwrap();
    let err = client
        .get_cluster_backup_ability()
        .id(1)
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(err.transport_kind(), Some(TransportKind::Connect), "{err}");
}

#[tokio::test]
async fn malformed_success_body_is_an_invalid_response() {
    let server = serve(vec![Reply {
        status: 200,
        headers: vec![],
        body: "{\"data\": {".into(),
        delay: Duration::ZERO,
    }])
    .await;
    let client = ClientConfig::new(&server.url).build().unwrap();
    let err = client
        .get_cluster_backup_ability()
        .id(1)
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert!(matches!(err, OcpError::InvalidResponse { .. }), "{err:?}");
}

#[test]
fn bad_configuration_is_refused_clearly() {
    let err = ClientConfig::new("ftp://x").build().unwrap_err();
    assert!(err.to_string().contains("ftp://x"), "{err}");
    let err = ClientConfig::new("http://127.0.0.1:1")
        .extra_ca_cert("/nonexistent/ca.pem")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("/nonexistent/ca.pem"), "{err}");
    let dir = std::env::temp_dir().join(format!("ocp-api-ca-{}", std::process::id()));
    std::fs::write(&dir, "not a certificate").unwrap();
    let err = ClientConfig::new("http://127.0.0.1:1")
        .extra_ca_cert(&dir)
        .build()
        .unwrap_err();
    std::fs::remove_file(&dir).ok();
    assert!(err.to_string().contains("certificate"), "{err}");
}

#[test]
fn client_debug_hides_the_password() {
    let client = ClientConfig::new("http://127.0.0.1:1")
        .credentials(Credentials::basic("admin", "hunter2-secret"))
        .build()
        .unwrap();
    let text = format!("{client:?}");
    assert!(
        text.contains("admin") && !text.contains("hunter2-secret"),
        "{text}"
    );
}

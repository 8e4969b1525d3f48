//! What the client puts on the wire and how it reads OCP's answers, against a loopback server
//! that records each request and replies from a script.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ocp_api::{
    ClientConfig, Credentials, OcpError, ResultExt, RetryPolicy, TransportKind, signing, types,
};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
struct Recorded {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Recorded {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
    delay: Duration,
}

fn reply(status: u16, body: serde_json::Value) -> Reply {
    Reply {
        status,
        headers: vec![],
        body: body.to_string(),
        delay: Duration::ZERO,
    }
}

struct Server {
    url: String,
    seen: Arc<Mutex<Vec<Recorded>>>,
}

/// Serves `script` in order, one reply per request, then closes.
async fn serve(script: Vec<Reply>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        let mut script = script.into_iter();
        'conns: while let Ok((mut sock, _)) = listener.accept().await {
            loop {
                let mut buf = Vec::new();
                let mut byte = [0u8; 1];
                while !buf.ends_with(b"\r\n\r\n") {
                    if sock.read(&mut byte).await.unwrap_or(0) == 0 {
                        continue 'conns;
                    }
                    buf.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&buf).to_string();
                let mut lines = head.split("\r\n");
                let mut first = lines.next().unwrap().split(' ');
                let (method, target) = (
                    first.next().unwrap().to_owned(),
                    first.next().unwrap().to_owned(),
                );
                let headers: Vec<(String, String)> = lines
                    .filter_map(|l| {
                        l.split_once(": ")
                            .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    })
                    .collect();
                let len = headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                    .map_or(0, |(_, v)| v.parse().unwrap());
                let mut body = vec![0; len];
                sock.read_exact(&mut body).await.unwrap();
                log.lock().unwrap().push(Recorded {
                    method,
                    target,
                    headers,
                    body,
                });
                let Some(r) = script.next() else { return };
                tokio::time::sleep(r.delay).await;
                let mut out = format!(
                    "HTTP/1.1 {} X\r\ncontent-type: application/json\r\n",
                    r.status
                );
                for (k, v) in &r.headers {
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                out.push_str(&format!(
                    "content-length: {}\r\n\r\n{}",
                    r.body.len(),
                    r.body
                ));
                if sock.write_all(out.as_bytes()).await.is_err() {
                    continue 'conns;
                }
            }
        }
    });
    Server { url, seen }
}

fn envelope(data: serde_json::Value) -> serde_json::Value {
    json!({"data": data, "successful": true, "timestamp": "2024-08-07T14:51:41.135+08:00", "duration": 5,
           "status": 200, "traceId": "5962f337662d4043", "server": "a83ad33525"})
}

fn error_envelope(status: u16, code: serde_json::Value, message: &str) -> serde_json::Value {
    json!({"duration": 3, "error": {"code": code, "message": message}, "server": "a83ad33525", "status": status,
           "successful": false, "timestamp": "2024-08-07T14:51:41.135+08:00", "traceId": "9fcd1125284745fe"})
}

fn ability() -> serde_json::Value {
    envelope(
        json!({"backupAbility": "PHYSICAL_BACKUP", "backupMode": "PHYSICAL_BACKUP",
        "obDataBackupSupportAbility": {"canDoIncrementalBackup": false, "fullBackupEnabled": true,
        "hint": "full first", "incrementBackupEnabled": true}}),
    )
}

fn backup_now_body() -> types::BackupNowParam {
    serde_json::from_value(json!({
        "dataBackupMode": "FULL_BACKUP",
        "backupMode": "PHYSICAL_BACKUP",
        "obBackupServiceStorageConfig": {
            "alarmStoragePercentageThreshold": 95,
            "configName": "nfs",
            "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"}
        }
    }))
    .unwrap()
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

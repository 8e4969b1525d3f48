//! A loopback server that records each request and replies from a script, and OCP's
//! envelopes, for the client's wire tests.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    pub delay: Duration,
}

pub fn reply(status: u16, body: serde_json::Value) -> Reply {
    Reply {
        status,
        headers: vec![],
        body: body.to_string(),
        delay: Duration::ZERO,
    }
}

pub struct Server {
    pub url: String,
    pub seen: Arc<Mutex<Vec<Recorded>>>,
}

/// Serves `script` in order, one reply per request, then closes.
pub async fn serve(script: Vec<Reply>) -> Server {
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
                let mut out = format!("HTTP/1.1 {} X\r\n", r.status);
                if !r
                    .headers
                    .iter()
                    .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                {
                    out.push_str("content-type: application/json\r\n");
                }
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

pub fn envelope(data: serde_json::Value) -> serde_json::Value {
    json!({"data": data, "successful": true, "timestamp": "2024-08-07T14:51:41.135+08:00", "duration": 5,
           "status": 200, "traceId": "5962f337662d4043", "server": "a83ad33525"})
}

pub fn error_envelope(status: u16, code: serde_json::Value, message: &str) -> serde_json::Value {
    json!({"duration": 3, "error": {"code": code, "message": message}, "server": "a83ad33525", "status": status,
           "successful": false, "timestamp": "2024-08-07T14:51:41.135+08:00", "traceId": "9fcd1125284745fe"})
}

/// A valid backup-now body (cluster or tenant level).
pub fn backup_now_body() -> ocp_api::types::BackupNowParam {
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

//! The secret canary: a distinct value in every secret the project handles (the HTTP Basic
//! password, the AccessKey secret, the storage access key secrets of OSS, COS and S3 — NFS has
//! none — and a secret inside a broken answer), then `ocpctl` driven through `--verbose`, JSON and
//! table output, errors, profiles and the keyring, and the client's and simulator's state
//! looked at: no canary may appear anywhere. (The GUI's half is
//! `crates/gui/tests/hardening.rs`.)

use ocp_api::ClientInfo as _;
use ocp_backup_cli::{Env, Exit};
use ocp_backup_tests::body::{storage_config, strategy_json_with};
use ocp_backup_tests::http::canned_server;
use ocp_backup_tests::ocpctl::{all_text, ocpctl, ocpctl_io, temp_dir};
use ocp_backup_tests::sim::frozen_sim_with;
use ocp_backup_tests::world::{CRM, HZ};
use ocp_sim::{SimAccessKey, SimConfig, User};
use serde_json::json;

const USER: &str = "canary_dba";
const PASSWORD: &str = "Canary-basic-pw-1f2e";
const AK: &str = "CanaryAK0001";
const SK: &str = "Canary-sk-3d4c5b6a";
const OSS: &str = "Canary-oss-7a81";
const COS: &str = "Canary-cos-92b3";
const S3: &str = "Canary-s3-c4d5";
const BROKEN: &str = "Canary-broken-e6f7";

/// `base64(user:password)`, the Basic token on the wire.
fn basic_token() -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = format!("{USER}:{PASSWORD}").into_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn canaries() -> Vec<String> {
    [PASSWORD, SK, OSS, COS, S3, BROKEN]
        .iter()
        .map(|s| s.to_string())
        .chain([basic_token()])
        .collect()
}

#[track_caller]
fn assert_clean(what: &str, text: &str) {
    for c in canaries() {
        assert!(!text.contains(&c), "{what}: canary {c} found in:\n{text}");
    }
    assert!(
        !text.to_ascii_lowercase().contains("authorization:"),
        "{what}: an Authorization header in:\n{text}"
    );
}

fn strategy(storage: serde_json::Value) -> String {
    strategy_json_with(storage_config("canary", storage)).to_string()
}

fn storages() -> Vec<(&'static str, String)> {
    let key = |extra: serde_json::Value, secret: &str| {
        let mut k = json!({"endpoint": "storage.example.com", "accessKeyId": "canary-id", "accessKeySecret": secret});
        k.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        k
    };
    vec![
        (
            "nfs",
            strategy(
                json!({"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/canary"}),
            ),
        ),
        (
            "oss",
            strategy(
                json!({"backupStorageType": "BACKUP_STORAGE_OSS", "storageUrl": "bucket/canary",
            "ossAccessKey": key(json!({}), OSS)}),
            ),
        ),
        (
            "cos",
            strategy(
                json!({"backupStorageType": "BACKUP_STORAGE_COS", "storageUrl": "bucket/canary",
            "cosAccessKey": key(json!({"appId": "1250000000"}), COS)}),
            ),
        ),
        (
            "s3",
            strategy(
                json!({"backupStorageType": "BACKUP_STORAGE_S3", "storageUrl": "bucket/canary",
            "s3AccessKey": key(json!({"region": "us-east-1"}), S3)}),
            ),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_canary_anywhere() {
    let mut config = SimConfig::for_tests();
    config.users.push(User::new(USER, PASSWORD, false));
    config.access_keys.push(SimAccessKey::new(AK, SK, false));
    let sim = frozen_sim_with(config).await;
    // What ocpctl writes (its config) apart from the test's own input files.
    let dir = temp_dir("canary");
    let inputs = temp_dir("canary-inputs");
    let url = sim.base_url().to_owned();
    let basic = || {
        Env::isolated()
            .with_var("OCP_URL", url.clone())
            .with_var("OCP_USER", USER)
            .with_var("OCP_PASSWORD", PASSWORD)
    };
    let aksk = || {
        Env::isolated()
            .with_var("OCP_URL", url.clone())
            .with_var("OCP_ACCESS_KEY_ID", AK)
            .with_var("OCP_ACCESS_KEY_SECRET", SK)
    };
    let mut printed = String::new();

    // Every storage type's strategy sent with --verbose (Basic and AK/SK), read back as JSON
    // and as a table, then deleted for the next one.
    for (i, (kind, body)) in storages().into_iter().enumerate() {
        let file = inputs.path().join(format!("{kind}.json"));
        std::fs::write(&file, &body).unwrap();
        let env = if i % 2 == 0 { basic() } else { aksk() };
        let tenant = ["--id", &HZ.to_string(), "--tenant-id", &CRM.to_string()];
        let mut create = vec!["--verbose", "api", "create-tenant-backup-strategy"];
        create.extend(tenant);
        create.extend(["--json-body", file.to_str().unwrap()]);
        let out = ocpctl(env.clone(), &create).await;
        assert_eq!(out.exit, Exit::Ok, "{kind}: {out:?}");
        printed += &out.all();
        let mut get = vec!["-v", "api", "get-tenant-backup-strategy"];
        get.extend(tenant);
        printed += &ocpctl(env.clone(), &get).await.all();
        let table = ocpctl_io(
            env.clone(),
            &[&get[..], &["-o", "table"][..]].concat(),
            "",
            true,
        )
        .await;
        assert_eq!(table.exit, Exit::Ok, "{table:?}");
        printed += &table.all();
        let mut delete = vec!["-v", "api", "delete-tenant-backup-strategy"];
        delete.extend(tenant);
        let out = ocpctl(env, &delete).await;
        assert_eq!(out.exit, Exit::Ok, "{kind}: {out:?}");
        printed += &out.all();
    }

    // Task-level commands, verbose, both identities.
    for env in [basic(), aksk()] {
        for args in [
            &["-v", "backup", "now", "--tenant", "trade"][..],
            &["-v", "backup", "status", "--max-age", "26h"][..],
            &["-v", "api", "list-clusters", "-o", "table"][..],
        ] {
            printed += &ocpctl(env.clone(), args).await.all();
        }
    }

    // Errors: a wrong password, an unknown AccessKey, credentials in a URL (flag, environment,
    // profile), a refused profile URL.
    let wrong = basic().with_var("OCP_PASSWORD", format!("{PASSWORD}-wrong"));
    let out = ocpctl(wrong, &["-v", "api", "list-clusters"]).await;
    assert_eq!(out.exit, Exit::Ocp, "{out:?}");
    printed += &out.all();
    let in_url = url.replacen("http://", &format!("http://{USER}:{PASSWORD}@"), 1);
    let out = ocpctl(basic(), &["-v", "--url", &in_url, "api", "list-clusters"]).await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
    assert!(
        out.stderr.contains("OCP_PASSWORD"),
        "names the right way: {out:?}"
    );
    printed += &out.all();
    let out = ocpctl(
        basic().with_var("OCP_URL", in_url.clone()),
        &["api", "list-clusters"],
    )
    .await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
    printed += &out.all();
    let config = dir.path().join("config.toml");
    let profile_env = || Env::isolated().with_config_path(&config);
    let out = ocpctl(
        profile_env(),
        &["config", "set", "prod", "--url", &in_url, "--user", USER],
    )
    .await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
    printed += &out.all();
    let out = ocpctl(
        profile_env(),
        &["config", "set", "prod", "--url", &url, "--user", USER],
    )
    .await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    let out = ocpctl_io(profile_env(), &["-v", "login"], PASSWORD, false).await;
    printed += &out.all();
    printed += &ocpctl(profile_env(), &["config", "show"]).await.all();
    std::fs::write(
        &config,
        format!("[profiles.bad]\nurl = \"{in_url}\"\nuser = \"{USER}\"\n"),
    )
    .unwrap();
    let out = ocpctl(profile_env(), &["--profile", "bad", "api", "list-clusters"]).await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
    printed += &out.all();
    std::fs::remove_file(&config).unwrap();

    // A broken answer carrying a secret, as an unparsable success and as a broken error.
    for (status, body) in [
        (
            200,
            r#"{"successful":true,"data":{"ossAccessKey":{"accessKeySecret":"Canary-broken-e6f7","endpoint":"#,
        ),
        (
            500,
            r#"{"successful":false,"error":{"message":"storage {\"accessKeySecret\":\"Canary-broken-e6f7\"} bad"#,
        ),
        (
            200,
            r#"{"successful":true,"data":{"s3AccessKey":{"accessKeySecret":"Canary-broken-e6f7"}},"timestamp":7}"#,
        ),
    ] {
        let server = canned_server(status, body).await;
        let env = basic().with_var("OCP_URL", server);
        let out = ocpctl(
            env,
            &[
                "-v",
                "api",
                "get-tenant-backup-strategy",
                "--id",
                "1",
                "--tenant-id",
                "2",
            ],
        )
        .await;
        assert_eq!(out.exit, Exit::Ocp, "{body}: {out:?}");
        printed += &out.all();
    }
    assert_clean("ocpctl's output", &printed);
    assert_clean("files ocpctl wrote", &all_text(dir.path()));

    // The simulator: what it logged of each request. The password, the SK and the Basic token
    // travel in headers and appear nowhere; a storage secret only in the body of the request
    // that sent it (the log is the record of what OCP received), never in what it answered.
    let log = sim.world(|w| w.request_log());
    for record in &log {
        let text = format!("{record:?}");
        for c in [PASSWORD.to_owned(), SK.to_owned(), basic_token()] {
            assert!(
                !text.contains(&c),
                "{c} in the simulator's request log: {text}"
            );
        }
        let sent_storage = record.method == "POST" && record.path.ends_with("/backupStrategy");
        if !sent_storage {
            assert_clean("the simulator's request log", &text);
        }
    }

    // The client's own state.
    let client = ocp_api::ClientConfig::new(sim.base_url())
        .credentials(ocp_api::Credentials::basic(USER, PASSWORD))
        .build()
        .unwrap();
    let signed = ocp_api::ClientConfig::new(sim.base_url())
        .credentials(ocp_api::Credentials::access_key(AK, SK));
    assert_clean(
        "Debug of the client",
        &format!("{:?} {:#?} {signed:?}", client.inner(), client.inner()),
    );
    let err = ocp_api::ClientConfig::new(in_url)
        .build()
        .map(|_| ())
        .unwrap_err();
    assert_clean("a refused URL", &format!("{err} {err:?}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_over_plain_http_to_another_host_are_warned_about_once_not_blocked() {
    let env = Env::isolated()
        .with_var("OCP_URL", "http://ocp.example.invalid:8080")
        .with_var("OCP_USER", USER)
        .with_var("OCP_PASSWORD", PASSWORD);
    let out = ocpctl(env, &["--request-timeout", "2s", "api", "list-clusters"]).await;
    let warnings = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:") && l.contains("plain http://"))
        .count();
    assert_eq!(warnings, 1, "{out:?}");
    // The request was still tried: no answer (exit 3), not refused as usage (exit 2).
    assert_eq!(out.exit, Exit::Connection, "{out:?}");
    assert_clean("the warning", &out.all());

    // TLS, or the machine itself: no warning.
    let sim = ocp_backup_tests::sim::frozen_sim().await;
    let out = ocpctl(
        ocp_backup_tests::ocpctl::admin_env(&sim),
        &["api", "list-clusters"],
    )
    .await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    assert!(!out.stderr.contains("plain http://"), "{out:?}");
}

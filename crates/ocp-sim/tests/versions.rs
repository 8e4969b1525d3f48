//! The simulator as an older OCP (`SimConfig::ocp_version`, `--ocp-version`): what it says it
//! is, and the operations it does not have, judged by the spec's `x-ocp-since`.

use ocp_api::version::{OcpVersion, supports};
use ocp_api::{ClientConfig, Credentials, Operation, ResultExt};
use ocp_sim::seeded::{PROD_HZ, TEST_431, TRADE};
use ocp_sim::{DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, SimConfig, SimHandle, Version};
use reqwest::Method;
use serde_json::Value;

const V400: Version = Version::new(4, 0, 0);
const V422: Version = Version::new(4, 2, 2);
const V430: Version = Version::new(4, 3, 0);

async fn sim(version: Version) -> SimHandle {
    ocp_sim::spawn(SimConfig {
        ocp_version: version,
        ..SimConfig::for_tests()
    })
    .await
    .expect("simulator starts")
}

fn client(sim: &SimHandle) -> ocp_api::Client {
    ClientConfig::new(sim.base_url())
        .credentials(Credentials::basic(
            DEFAULT_ADMIN_USER,
            DEFAULT_ADMIN_PASSWORD,
        ))
        .build()
        .unwrap()
}

fn http() -> reqwest::Client {
    ocp_api::tls::client_builder().build().unwrap()
}

async fn call(sim: &SimHandle, method: Method, path: &str, body: Option<Value>) -> (u16, String) {
    let mut req = http()
        .request(method, format!("{}{path}", sim.base_url()))
        .basic_auth(DEFAULT_ADMIN_USER, Some(DEFAULT_ADMIN_PASSWORD));
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.expect("an answer");
    (resp.status().as_u16(), resp.text().await.unwrap())
}

/// The operation's path with the seeded world's IDs.
fn path_of(op: Operation) -> String {
    op.path()
        .replace("{clusterId}", &PROD_HZ.id.to_string())
        .replace("{id}", &PROD_HZ.id.to_string())
        .replace("{tenantId}", &TRADE.id.to_string())
        .replace(
            "{taskInstanceId}",
            &ocp_sim::seeded::FIRST_TASK_INSTANCE_ID.to_string(),
        )
}

fn method_of(op: Operation) -> Method {
    op.method().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_info_page_answers_the_configured_version() {
    for version in [V400, V422, V430] {
        let sim = sim(version).await;
        let (status, body) = call(&sim, Method::GET, "/api/v2/info", None).await;
        assert_eq!(status, 200);
        let info: Value = serde_json::from_str(&body).unwrap();
        // Unenveloped, as the 4.2.2 reference's sample.
        assert!(info.get("data").is_none(), "{info}");
        assert_eq!(info["buildVersion"], format!("{version}-20240108"));
        assert_eq!(info["artifact"], "ocp-server");
        assert_eq!(info["springBootVersion"], "2.2.5.RELEASE");
        let read = client(&sim).server_info().await.unwrap();
        assert_eq!(read.version(), version);
        assert_eq!(read.raw(), format!("{version}-20240108"));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn default_is_4_3_0() {
    assert_eq!(SimConfig::default().ocp_version, V430);
    assert_eq!(SimConfig::for_tests().ocp_version, V430);
}

#[tokio::test(flavor = "multi_thread")]
async fn server_time_needs_no_login_and_status_does() {
    let sim = sim(V422).await;
    let resp = http()
        .get(format!("{}/api/v2/time", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    // The frozen test clock, as OCP writes it.
    assert_eq!(resp.text().await.unwrap(), "2024-08-09T16:00:00.000+08:00");
    sim.advance(std::time::Duration::from_millis(1_500));
    let (_, text) = call(&sim, Method::GET, "/api/v2/time", None).await;
    assert_eq!(text, "2024-08-09T16:00:01.500+08:00");

    let anonymous = http()
        .get(format!("{}/api/status", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
    for query in ["", "?includeUnavailableComponent=true"] {
        let (status, text) = call(&sim, Method::GET, &format!("/api/status{query}"), None).await;
        assert_eq!((status, text.as_str()), (200, "okay"));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn operations_newer_than_the_version_answer_springs_404() {
    for version in [V400, V422, V430] {
        let sim = sim(version).await;
        let known = OcpVersion::known(version);
        let mut missing = 0;
        for &op in Operation::ALL {
            let path = path_of(op);
            let body = (method_of(op) == Method::POST || method_of(op) == Method::PATCH)
                .then(|| serde_json::json!({}));
            let (status, text) = call(&sim, method_of(op), &path, body).await;
            let spring = serde_json::from_str::<Value>(&text)
                .ok()
                .filter(|v| v.get("error") == Some(&Value::from("Not Found")));
            if supports(op, &known) {
                assert!(spring.is_none(), "{version}: {} answered {text}", op.id());
                continue;
            }
            missing += 1;
            assert_eq!(status, 404, "{version}: {}", op.id());
            let spring = spring.unwrap_or_else(|| panic!("{}: {text}", op.id()));
            assert_eq!(spring["status"], 404);
            assert_eq!(spring["message"], "No message available");
            assert_eq!(spring["path"], path);
            assert!(
                spring["timestamp"]
                    .as_str()
                    .unwrap()
                    .starts_with("2024-08-09T08:00:00.000+0000")
            );
        }
        // The 16 operations the 4.3 reference adds.
        assert_eq!(missing, if version == V430 { 0 } else { 16 }, "{version}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_4_2_sim_does_nothing_for_a_tenant_backup_and_serves_the_cluster_one() {
    let sim = sim(V422).await;
    let before = sim.world(|w| w.data_backup_tasks().len());
    let backup_now = serde_json::json!({"backupMode": "PHYSICAL_BACKUP", "dataBackupMode": "FULL_BACKUP",
        "obBackupServiceStorageConfig": {"configName": "nfs_dba", "alarmStoragePercentageThreshold": 80,
            "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"}}});
    let tenant_path = format!(
        "/api/v2/ob/clusters/{}/tenants/{}/backup/backupNow",
        PROD_HZ.id, TRADE.id
    );
    let (status, _) = call(&sim, Method::POST, &tenant_path, Some(backup_now.clone())).await;
    assert_eq!(status, 404);
    assert_eq!(sim.world(|w| w.data_backup_tasks().len()), before);
    // What reached the server is in its log, answered 404.
    let logged = sim.world(|w| w.request_log());
    assert!(
        logged
            .iter()
            .any(|r| r.path == tenant_path && r.status == 404)
    );

    let cluster_path = format!("/api/v2/ob/clusters/{}/backup/backupNow", TEST_431.id);
    let (status, text) = call(&sim, Method::POST, &cluster_path, Some(backup_now)).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(sim.world(|w| w.data_backup_tasks().len()), before + 1);

    // The version-aware client refuses before sending, and reads 404s as "no such operation".
    let e = client(&sim)
        .get_tenant_backup_strategy()
        .id(PROD_HZ.id)
        .tenant_id(TRADE.id)
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert!(
        matches!(&e, ocp_api::OcpError::Unsupported(u) if u.answered_not_found),
        "{e:?}"
    );
}

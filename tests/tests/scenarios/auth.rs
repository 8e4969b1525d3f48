//! HTTP Basic, AK/SK signatures and the viewer's read-only role.

use std::time::Duration;

use ocp_api::{ClientConfig, Credentials, ResultExt, signing};
use ocp_backup_tests::body::backup_now;
use ocp_backup_tests::sim::{client_for, code, frozen_sim};
use ocp_backup_tests::world::*;
use ocp_sim::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_ADMIN_USER, DEFAULT_VIEWER_PASSWORD,
    DEFAULT_VIEWER_USER,
};
use serde_json::Value;

#[tokio::test]
async fn authentication_and_permissions() {
    let sim = frozen_sim().await;
    let before = sim.world(|w| w.data_backup_task_count());

    // The read-only user reads but cannot write.
    let viewer = client_for(
        &sim,
        Credentials::basic(DEFAULT_VIEWER_USER, DEFAULT_VIEWER_PASSWORD),
    );
    viewer
        .get_cluster_backup_overview()
        .id(HZ)
        .send()
        .await
        .ocp()
        .unwrap();
    let e = viewer
        .backup_tenant_now()
        .id(HZ)
        .tenant_id(TRADE)
        .body(backup_now("FULL_BACKUP"))
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e), (Some(403), "IAM11000".into()));
    assert_eq!(sim.world(|w| w.data_backup_task_count()), before);

    let wrong = client_for(
        &sim,
        Credentials::basic(DEFAULT_ADMIN_USER, "not-the-password"),
    );
    let e = wrong.list_clusters().send().await.ocp().unwrap_err();
    assert_eq!(code(&e), (Some(401), "IAM10004".into()));
    let anonymous = ClientConfig::new(sim.base_url()).build().unwrap();
    let e = anonymous.list_clusters().send().await.ocp().unwrap_err();
    assert_eq!(code(&e), (Some(401), "IAM10000".into()));

    // AK/SK: a signed client reads and writes; wrong secrets, tampering and old dates are refused.
    let signed = client_for(
        &sim,
        Credentials::access_key(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET),
    );
    let page = signed
        .list_tenant_data_backup_tasks()
        .id(HZ)
        .tenant_id(TRADE)
        .page(1)
        .size(5)
        .send()
        .await
        .ocp()
        .unwrap();
    assert_eq!(page.data.contents.len(), 5);
    signed
        .backup_tenant_now()
        .id(HZ)
        .tenant_id(CRM)
        .body(backup_now("FULL_BACKUP"))
        .send()
        .await
        .ocp()
        .unwrap();
    let forged = client_for(
        &sim,
        Credentials::access_key(DEFAULT_ACCESS_KEY_ID, "wrong-secret"),
    );
    let e = forged.list_clusters().send().await.ocp().unwrap_err();
    assert_eq!(code(&e), (Some(401), "IAM10000".into()));

    let key = ocp_api::AccessKey::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET);
    let http = ocp_api::tls::client();
    let url = format!(
        "{}/api/v2/ob/clusters/{HZ}/tenants/{CRM}/backup/backupNow",
        sim.base_url()
    );
    let body = serde_json::to_vec(&backup_now("FULL_BACKUP")).unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(20 * 60);
    let mut req = http
        .post(&url)
        .header("content-type", "application/json")
        .body(body.clone())
        .build()
        .unwrap();
    signing::sign_request_at(&mut req, &key, old).unwrap();
    let resp = http.execute(req).await.unwrap();
    assert_eq!(
        resp.status().as_u16(),
        401,
        "a Date 20 minutes old is outside the window"
    );
    let v: Value = resp.json().await.unwrap();
    assert_eq!(v["error"]["code"], "IAM10000");

    let mut req = http
        .post(&url)
        .header("content-type", "application/json")
        .body(body)
        .build()
        .unwrap();
    signing::sign_request(&mut req, &key).unwrap();
    *req.body_mut() = Some(br#"{"tampered":true}"#.to_vec().into());
    let resp = http.execute(req).await.unwrap();
    assert_eq!(resp.status().as_u16(), 401, "the signature covers the body");
    let log = sim.world(|w| w.request_log());
    assert!(log.iter().any(|r| r.status == 401 && r.user.is_none()));
    assert!(
        log.iter()
            .any(|r| r.user.as_deref() == Some(DEFAULT_ACCESS_KEY_ID)
                && r.method == "POST"
                && r.status == 200)
    );
}

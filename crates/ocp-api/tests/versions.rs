//! The client on OCPs of different versions, against a loopback server: the version read from
//! `/api/v2/info`, an operation the version lacks refused before anything is sent, and a 404
//! for such an operation recognised whatever its body.

mod support;

use std::time::Duration;

use ocp_api::{ClientConfig, OcpError, OcpVersion, Operation, ResultExt, RetryPolicy, Version};
use serde_json::json;
use support::{Reply, backup_now_body, envelope, error_envelope, reply, serve};

fn client(url: &str) -> ocp_api::Client {
    ClientConfig::new(url)
        .read_retry(RetryPolicy::NONE)
        .build()
        .unwrap()
}

async fn backup_tenant_now(c: &ocp_api::Client) -> Result<(), OcpError> {
    c.backup_tenant_now()
        .id(1000005)
        .tenant_id(1000012)
        .body(backup_now_body())
        .send()
        .await
        .ocp()
        .map(drop)
}

fn info(build_version: &str) -> Reply {
    // As the docs' sample: a plain object, no envelope.
    reply(
        200,
        json!({"artifact": "ocp-server", "buildVersion": build_version, "buildJavaVersion": "1.8",
               "buildTime": "2024-01-08T05:43:31.644+08:00", "name": "ocp-server",
               "springBootVersion": "2.2.5.RELEASE", "group": "com.oceanbase"}),
    )
}

#[tokio::test]
async fn server_info_reads_the_version_and_keeps_the_raw_text() {
    let server = serve(vec![
        info("4.2.2-20240108"),
        info("garbage"),
        reply(200, json!({})),
    ])
    .await;
    let c = client(&server.url);
    let v = c.server_info().await.unwrap();
    assert_eq!(v.version(), Version::new(4, 2, 2));
    assert_eq!(v.raw(), "4.2.2-20240108");
    assert_eq!(v.to_string(), "4.2.2");
    let v = c.server_info().await.unwrap();
    assert!(!v.is_recognised());
    assert_eq!(v.version(), Version::newest_documented());
    assert_eq!(v.to_string(), "garbage");
    // No buildVersion at all: unknown, treated as the newest.
    let v = c.server_info().await.unwrap();
    assert!(!v.is_recognised());
    assert_eq!(v.to_string(), "unknown");
    let seen = server.seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    assert!(
        seen.iter()
            .all(|r| r.method == "GET" && r.target == "/api/v2/info")
    );
}

#[tokio::test]
async fn an_operation_the_version_lacks_fails_before_sending() {
    let server = serve(vec![reply(
        200,
        envelope(json!({"backupAbility": "PHYSICAL_BACKUP", "backupMode": "PHYSICAL_BACKUP"})),
    )])
    .await;
    let c = client(&server.url).with_ocp_version(OcpVersion::parse("4.2.2-20240108"));
    assert_eq!(
        c.ocp_version().map(|v| v.to_string()).as_deref(),
        Some("4.2.2")
    );
    assert!(!c.supports(Operation::BackupTenantNow));
    assert!(c.supports(Operation::BackupClusterNow));

    let e = backup_tenant_now(&c).await.unwrap_err();
    let u = e.unsupported().expect("an Unsupported error");
    assert_eq!(u.operation, Operation::BackupTenantNow);
    assert_eq!(u.since, Version::new(4, 3, 0));
    assert!(!u.answered_not_found);
    assert_eq!(
        e.to_string(),
        "OCP 4.2.2 does not have the operation backupTenantNow (it first appears in OCP 4.3.0)"
    );
    assert_eq!(c.check(Operation::BackupTenantNow).unwrap_err(), *u);
    assert!(
        server.seen.lock().unwrap().is_empty(),
        "nothing reached the server"
    );

    // What the version has is sent as usual.
    c.get_cluster_backup_ability()
        .id(1000005)
        .send()
        .await
        .ocp()
        .unwrap();
    assert_eq!(server.seen.lock().unwrap().len(), 1);
}

/// The bodies an OCP without a route may answer 404 with.
fn route_missing_bodies() -> Vec<(&'static str, Reply)> {
    vec![
        (
            "OCP's envelope",
            reply(404, error_envelope(404, json!("COM10003"), "Invalid request. Cause: no handler for POST /api/v2/ob/clusters/1000005/tenants/1000012/backup/backupNow")),
        ),
        (
            "Spring's default error JSON",
            reply(404, json!({"timestamp": "2024-04-25T11:23:27.372+00:00", "status": 404, "error": "Not Found",
                              "path": "/api/v2/ob/clusters/1000005/tenants/1000012/backup/backupNow"})),
        ),
        (
            "an HTML page",
            Reply {
                status: 404,
                headers: vec![("content-type", "text/html;charset=UTF-8".to_owned())],
                body: "<html><body><h1>Whitelabel Error Page</h1><p>There was an unexpected error (type=Not Found, status=404).</p></body></html>".to_owned(),
                delay: Duration::ZERO,
            },
        ),
    ]
}

#[tokio::test]
async fn a_404_for_a_versioned_operation_is_the_same_typed_error_whatever_the_body() {
    for (what, body) in route_missing_bodies() {
        // Version not read.
        let server = serve(vec![body]).await;
        let e = backup_tenant_now(&client(&server.url)).await.unwrap_err();
        let u = e.unsupported().unwrap_or_else(|| panic!("{what}: {e:?}"));
        assert_eq!(
            (
                u.operation,
                u.since,
                u.version.clone(),
                u.answered_not_found
            ),
            (
                Operation::BackupTenantNow,
                Version::new(4, 3, 0),
                None,
                true
            ),
            "{what}"
        );
        assert!(
            e.to_string().contains("backupTenantNow") && e.to_string().contains("4.3.0"),
            "{what}: {e}"
        );
        assert_eq!(server.seen.lock().unwrap().len(), 1, "{what}: sent once");
    }
    // An OCP that says it is 4.3.1 but has no such route (it lies, or the route is off).
    let (_, body) = route_missing_bodies().remove(1);
    let server = serve(vec![body]).await;
    let c = client(&server.url).with_ocp_version(OcpVersion::parse("4.3.1"));
    let e = backup_tenant_now(&c).await.unwrap_err();
    let u = e.unsupported().expect("Unsupported");
    assert_eq!(
        u.version.as_ref().map(|v| v.to_string()).as_deref(),
        Some("4.3.1")
    );
    assert!(u.answered_not_found);
    assert!(e.to_string().contains("reporting version 4.3.1"), "{e}");
}

#[tokio::test]
async fn a_404_naming_a_missing_object_stays_ocps_error() {
    // OCP's own 404 for an object that does not exist (no strategy, no such tenant) is not a
    // missing route: it keeps OCP's code.
    let server = serve(vec![
        reply(
            404,
            error_envelope(
                404,
                json!("BAK21006"),
                "The backup strategy does not exist.",
            ),
        ),
        reply(
            404,
            error_envelope(
                404,
                json!("COM10002"),
                "No records of the tenant type found based on the tenantId=77 parameter.",
            ),
        ),
        Reply {
            status: 404,
            headers: vec![("content-type", "text/html".to_owned())],
            body: "<html>Not Found</html>".to_owned(),
            delay: Duration::ZERO,
        },
    ])
    .await;
    let c = client(&server.url);
    let e = c
        .get_tenant_backup_strategy()
        .id(1000005)
        .tenant_id(1000012)
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(
        (e.status(), e.code()),
        (Some(404), Some("BAK21006")),
        "{e:?}"
    );
    let e = backup_tenant_now(&c).await.unwrap_err();
    assert_eq!(
        (e.status(), e.code()),
        (Some(404), Some("COM10002")),
        "{e:?}"
    );
    // An operation every documented version has: a 404 is never "unsupported" (a wrong base
    // URL, a proxy), and stays an unexpected answer.
    let e = c
        .get_cluster_backup_ability()
        .id(1000005)
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert!(e.unsupported().is_none(), "{e:?}");
    assert!(matches!(e, OcpError::InvalidResponse { .. }), "{e:?}");
}

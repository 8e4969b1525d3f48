//! The `ocpctl` binary itself: process exit codes and JSON on a pipe, with the environment the
//! way a cron job passes it. (The commands' behaviour is tested in-process in
//! `tests/tests/cli.rs`.)

use std::process::{Command, Output};

use ocp_sim::{DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, SimConfig};

fn ocpctl(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocpctl"))
        .args(args)
        .env_clear()
        .env("OCP_URL", url)
        .env("OCP_USER", DEFAULT_ADMIN_USER)
        .env("OCP_PASSWORD", DEFAULT_ADMIN_PASSWORD)
        .env("OCPCTL_NO_KEYRING", "1")
        .env(
            "OCPCTL_CONFIG",
            std::env::temp_dir().join("ocpctl-binary-test-none.toml"),
        )
        .output()
        .expect("ocpctl runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_codes_of_the_process() {
    let sim = ocp_sim::spawn(SimConfig::for_tests()).await.unwrap();
    let url = sim.base_url().to_owned();

    let out = tokio::task::spawn_blocking({
        let url = url.clone();
        move || {
            ocpctl(
                &url,
                &["backup", "status", "--max-age", "26h", "--tenant", "trade"],
            )
        }
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("JSON on a pipe by default");
    assert_eq!(report["ok"], true);

    let out = tokio::task::spawn_blocking({
        let url = url.clone();
        move || {
            ocpctl(
                &url,
                &[
                    "backup",
                    "now",
                    "--tenant",
                    "crm",
                    "--cluster",
                    "ob_prod_hz",
                ],
            )
        }
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("BAK21006"));

    let out = tokio::task::spawn_blocking({
        let url = url.clone();
        move || ocpctl(&url, &["backup", "status", "--bogus"])
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = tokio::task::spawn_blocking(move || {
        ocpctl(
            &format!("http://127.0.0.1:{port}"),
            &["api", "list-clusters"],
        )
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
}

//! Frame cost and start-up, printed as figures (`cargo bench -p ocp-backup-gui`).
//!
//! * frame: median and p99 CPU time of one egui pass (app logic, layout, virtualised table)
//!   with 10,000 data-backup rows on screen while scrolling; GPU rendering is not included.
//! * start-up: from creating the app (which starts the embedded simulator and connects) to
//!   the end of its first frame, in-process without a window.

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use ocp_backup_gui::files::FixedPaths;
use ocp_backup_gui::model::{TableId, Target, TaskKind, TaskPage, TaskQuery, TaskRows};
use ocp_backup_gui::secrets::MemoryStore;
use ocp_backup_gui::state::Tab;
use ocp_backup_gui::{App, AppOptions, DemoChoice};

fn options(rt: &tokio::runtime::Runtime, demo: DemoChoice) -> AppOptions {
    AppOptions {
        runtime: rt.handle().clone(),
        demo,
        secrets: Box::new(MemoryStore::default()),
        files: Arc::new(FixedPaths {
            save: None,
            open: None,
        }),
        lang: None,
        load_settings: false,
    }
}

fn rows(n: usize) -> TaskRows {
    let tasks = (0..n)
        .map(|i| {
            serde_json::from_value(serde_json::json!({
                "taskId": 100_000 + i, "backupSetId": 50_000 + i, "clusterId": 1000001, "tenantId": 1000014,
                "tenantName": "iot_metrics", "status": if i % 97 == 0 { "FAILED" } else { "DONE" },
                "dataBackupTaskType": if i % 24 == 0 { "FULL_BACKUP" } else { "INCREMENTAL_BACKUP" },
                "startTime": "2024-08-09T07:06:16.123456Z", "finishTime": "2024-08-09T07:14:20.654321Z",
                "duration": 484, "errorMsg": if i % 97 == 0 { "OB_BACKUP_IO_PROHIBITED(-9032)" } else { "" }
            }))
            .unwrap()
        })
        .collect();
    TaskRows::Data(tasks)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let rt = tokio::runtime::Runtime::new().unwrap();

    // Start-up: app creation with the embedded simulator, connection, first frame.
    let mut startups = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let mut h = Harness::builder()
            .with_size([1280.0, 800.0])
            .build_eframe(|cc| App::new(cc, options(&rt, DemoChoice::Start)));
        h.step();
        startups.push(started.elapsed());
    }
    startups.sort();
    println!(
        "startup to first frame (embedded simulator, no window): median {:?}, max {:?}",
        percentile(&startups, 0.5),
        startups[startups.len() - 1]
    );

    // Frames with 10,000 rows.
    let sim = rt
        .block_on(ocp_sim::spawn(ocp_sim::SimConfig::for_tests()))
        .unwrap();
    let demo = DemoChoice::Use {
        base_url: sim.base_url().to_owned(),
        username: ocp_sim::DEFAULT_ADMIN_USER.into(),
        password: ocp_sim::DEFAULT_ADMIN_PASSWORD.into(),
    };
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| App::new(cc, options(&rt, demo)));
    let target = Target::Tenant {
        cluster: 1000001,
        tenant: 1000014,
    };
    let table = TableId {
        target,
        kind: TaskKind::Data,
    };
    for _ in 0..50 {
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    {
        let app = h.state_mut();
        app.view.selected = Some(target);
        app.view.tab = Tab::Tasks(TaskKind::Data);
        app.settings.auto_refresh = false;
        let query = TaskQuery {
            table,
            statuses: vec![],
            start: None,
            end: None,
            backup_set_id: None,
            page: 1,
            size: 2000,
            all_pages: true,
        };
        app.data.table(table, 2000).set_page(TaskPage {
            query,
            rows: rows(10_000),
            total_elements: 10_000,
            total_pages: 5,
        });
    }
    for _ in 0..20 {
        h.step();
    }
    assert_eq!(h.state().data.tables[&table].rows.len(), 10_000);
    let mut frames = Vec::new();
    for i in 0..300 {
        // Scroll down, then back up, so rows keep changing.
        let dy = if (i / 100) % 2 == 0 { -120.0 } else { 120.0 };
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, dy),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        h.hover_at(egui::pos2(800.0, 500.0));
        let started = Instant::now();
        h.step();
        frames.push(started.elapsed());
    }
    frames.sort();
    println!(
        "frame with 10,000 rows while scrolling: median {:?}, p99 {:?}, over {} frames",
        percentile(&frames, 0.5),
        percentile(&frames, 0.99),
        frames.len()
    );
}

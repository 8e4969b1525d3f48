//! Frame cost and start-up, printed as figures (`cargo bench -p ocp-backup-gui`).
//!
//! * frame: median and p99 CPU time of one frame (app logic, layout, virtualised table and
//!   tessellation) with 10,000 data-backup rows while scrolling; the GPU's part is not included.
//!   Beside it, in the same run, the same measure of a bare `egui_extras` table of the same
//!   10,000 rows (the texts the app shows, already written) in a window of the same size: the
//!   app's whole frame (top bar, navigator, filters, table) against the table alone.
//! * start-up: from creating the app (which starts the embedded simulator and connects) to
//!   the end of its first frame, in-process without a window.
//! * timeline: median and p99 of one pass with the recoverable-time timeline of a busy
//!   cluster (seven days, hundreds of backup points, log ranges and recoverable intervals)
//!   while the pointer moves over it (hover read-out) and the wheel zooms in and out.
//! * health home: median and p99 of one frame of the backup health home with the 4,000 rows of
//!   a generated 200 × 20 fleet while scrolling (target: under 4 ms), beside the same home
//!   with a search that matches no row (the screen without the table) as the reference.

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use ocp_backup_gui::files::FixedPaths;
use ocp_backup_gui::model::{TableId, Target, TaskKind, TaskPage, TaskQuery, TaskRows, Timeline};
use ocp_backup_gui::secrets::MemoryStore;
use ocp_backup_gui::state::{Loadable, Tab};
use ocp_backup_gui::{App, AppOptions, DemoChoice};

fn options(rt: &tokio::runtime::Runtime, demo: DemoChoice) -> AppOptions {
    options_on(rt.handle().clone(), demo)
}

fn options_on(runtime: tokio::runtime::Handle, demo: DemoChoice) -> AppOptions {
    AppOptions {
        runtime,
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

/// Seven days of a busy cluster: 24 tenants, each with a daily full and hourly incremental
/// backups in the last day, six-hourly incrementals before that, log backup in pieces with
/// short gaps and a recoverable interval per piece.
fn busy_cluster_timeline() -> Timeline {
    use chrono::{Duration as D, FixedOffset, TimeZone};
    let tz = FixedOffset::east_opt(8 * 3600).unwrap();
    let end = tz.with_ymd_and_hms(2024, 8, 9, 16, 0, 0).unwrap();
    let at = |t: chrono::DateTime<FixedOffset>| t.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string();
    let mut items = Vec::new();
    for tenant in 0..24i64 {
        let shift = D::minutes(tenant * 7);
        for hour in (0..7 * 24).rev() {
            let t = end - D::hours(hour) + shift - D::hours(1);
            let kind = if hour % 24 == 2 {
                "FULL_DATA_BACKUP"
            } else if hour < 24 || hour % 6 == 0 {
                "INCREMENTAL_DATA_BACKUP"
            } else {
                continue;
            };
            items.push(serde_json::json!({
                "obRecoverableSectionItemType": kind,
                "dataBackupRecoverableInfo": { "recoverableTime": at(t) }
            }));
        }
        // Log pieces of about nine hours with a gap of a few minutes between them.
        let mut start = end - D::days(7) + shift;
        while start < end {
            let stop = (start + D::hours(9)).min(end);
            let interval = serde_json::json!({ "startTime": at(start), "endTime": at(stop) });
            items.push(serde_json::json!({
                "obRecoverableSectionItemType": "LOG_BACKUP",
                "logRecoverableTimeInterval": interval
            }));
            items.push(serde_json::json!({
                "obRecoverableSectionItemType": "RECOVERABLE",
                "realRecoverableTimeInterval": interval
            }));
            start = stop + D::minutes(4 + tenant % 5);
        }
    }
    let items: Vec<ocp_api::types::ObRecoverableSectionItem> =
        serde_json::from_value(serde_json::Value::Array(items)).unwrap();
    Timeline::from_items(&items)
}

fn timeline_frames(h: &mut Harness<'_, App>) {
    let target = Target::Cluster(1000001);
    {
        let app = h.state_mut();
        app.view.selected = Some(target);
        app.health.shown = false;
        app.view.tab = Tab::Timeline;
    }
    // Let the simulator's own answer arrive first, then show the busy cluster instead.
    for _ in 0..100 {
        h.step();
        if !h.state().worker.any_busy(|_| true) {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let timeline = busy_cluster_timeline();
    let (points, logs, recoverable) = (
        timeline.points.len(),
        timeline.logs.len(),
        timeline.recoverable.len(),
    );
    h.state_mut().data.timelines.insert(
        target,
        Loadable {
            value: Some(timeline),
            error: None,
        },
    );
    for _ in 0..5 {
        h.step();
    }
    let rect = h
        .state()
        .timeline
        .view
        .plot_rect
        .expect("the timeline is drawn");
    let mut frames = Vec::new();
    for i in 0..400 {
        let x = rect.left() + (i as f32 * 7.3) % rect.width();
        let y = rect.top() + (i as f32 * 3.1) % rect.height();
        h.hover_at(egui::pos2(x, y));
        if i % 10 == 0 {
            // Zoom in for the first half of each 200 frames, out for the second.
            let dy = if (i / 100) % 2 == 0 { 60.0 } else { -60.0 };
            wheel(h, dy);
        }
        frames.push(frame(h));
    }
    frames.sort();
    println!(
        "frame with the timeline of a busy cluster ({points} backup points, {logs} log ranges, \
         {recoverable} recoverable intervals, seven days) while hovering and zooming: \
         median {:?}, p99 {:?}, over {} frames",
        percentile(&frames, 0.5),
        percentile(&frames, 0.99),
        frames.len()
    );
}

/// A simulator of `config` and the app connected to it as the demo connection.
fn app_on(
    rt: &tokio::runtime::Runtime,
    config: ocp_sim::SimConfig,
    size: [f32; 2],
) -> (ocp_sim::SimHandle, Harness<'static, App>) {
    let sim = rt.block_on(ocp_sim::spawn(config)).unwrap();
    let demo = DemoChoice::Use {
        base_url: sim.base_url().to_owned(),
        username: ocp_sim::DEFAULT_ADMIN_USER.into(),
        password: ocp_sim::DEFAULT_ADMIN_PASSWORD.into(),
    };
    let handle = rt.handle().clone();
    let h = Harness::builder()
        .with_size(size)
        .build_eframe(move |cc| App::new(cc, options_on(handle, demo)));
    (sim, h)
}

/// 300 frames scrolling down, then back up, so the rows keep changing; sorted.
fn scrolling(h: &mut Harness<'_, App>, pointer: egui::Pos2) -> Vec<Duration> {
    let mut frames = Vec::new();
    for i in 0..300 {
        let dy = if (i / 100) % 2 == 0 { -120.0 } else { 120.0 };
        wheel(h, dy);
        h.hover_at(pointer);
        frames.push(frame(h));
    }
    frames.sort();
    frames
}

/// A turn of the mouse wheel by `dy` points.
fn wheel<S>(h: &mut Harness<'_, S>, dy: f32) {
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, dy),
        modifiers: egui::Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
}

/// One frame as eframe's UI thread does it: the egui pass, then tessellating its shapes into
/// meshes (only the GPU upload and draw are left out).
fn frame<S>(h: &mut Harness<'_, S>) -> Duration {
    let started = Instant::now();
    h.step();
    let out = h.output();
    let meshes = h.ctx.tessellate(out.shapes.clone(), out.pixels_per_point);
    std::hint::black_box(meshes);
    started.elapsed()
}

/// The reference: the same rows in a bare `egui_extras` table (same columns and widths,
/// striped, resizable, truncating labels), scrolled the same way.
fn bare_table_frames(rows: Vec<Vec<String>>) -> Vec<Duration> {
    use egui_extras::{Column, TableBuilder};
    let widths = ocp_backup_gui::tasks::table::TaskTable::column_widths(TaskKind::Data);
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_ui_state(
            move |ui, rows: &mut Vec<Vec<String>>| {
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                let mut builder = TableBuilder::new(ui)
                    .striped(true)
                    .resizable(true)
                    .auto_shrink([false, false]);
                for (i, w) in widths.iter().enumerate() {
                    builder = if i + 1 == widths.len() {
                        builder.column(Column::remainder().at_least(*w))
                    } else {
                        builder.column(Column::initial(*w).at_least(40.0).clip(true))
                    };
                }
                builder
                    .header(22.0, |mut header| {
                        for i in 0..widths.len() {
                            header.col(|ui| {
                                let _ = ui.button(format!("Column {i}"));
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(20.0, rows.len(), |mut row| {
                            for cell in &rows[row.index()] {
                                row.col(|ui| {
                                    ui.label(cell);
                                });
                            }
                        });
                    });
            },
            rows,
        );
    for _ in 0..5 {
        h.step();
    }
    let mut frames = Vec::new();
    for i in 0..300 {
        let dy = if (i / 100) % 2 == 0 { -120.0 } else { 120.0 };
        wheel(&mut h, dy);
        h.hover_at(egui::pos2(800.0, 500.0));
        frames.push(frame(&mut h));
    }
    frames.sort();
    frames
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
    let (_sim, mut h) = app_on(&rt, ocp_sim::SimConfig::for_tests(), [1280.0, 800.0]);
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
        app.health.shown = false;
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
        app.tasks.table(table, 2000).set_page(TaskPage {
            query,
            rows: rows(10_000),
            trace_ids: Vec::new(),
            total_elements: 10_000,
            total_pages: 5,
        });
    }
    for _ in 0..20 {
        h.step();
    }
    assert_eq!(h.state().tasks.tables[&table].rows.len(), 10_000);
    let frames = scrolling(&mut h, egui::pos2(800.0, 500.0));
    let cells: Vec<Vec<String>> = {
        let app = h.state();
        let fmt = app.fmt();
        let t = &app.tasks.tables[&table];
        t.order
            .iter()
            .map(|&i| t.rows[i].cells.iter().map(|c| fmt.show(c)).collect())
            .collect()
    };
    let bare = bare_table_frames(cells);
    let (app_median, bare_median) = (percentile(&frames, 0.5), percentile(&bare, 0.5));
    println!(
        "frame with 10,000 rows while scrolling: app median {:?}, p99 {:?}; bare egui_extras \
         table median {:?}, p99 {:?}; ratio of medians {:.2} (target <= 1.5), over {} frames",
        app_median,
        percentile(&frames, 0.99),
        bare_median,
        percentile(&bare, 0.99),
        app_median.as_secs_f64() / bare_median.as_secs_f64(),
        frames.len()
    );

    timeline_frames(&mut h);
    health_frames(&rt);
}

/// Frames of the health home over a 200 × 20 fleet (4,000 tenant rows), scrolling.
fn health_frames(rt: &tokio::runtime::Runtime) {
    let fleet = ocp_sim::SimConfig {
        fleet: Some(ocp_sim::Fleet {
            clusters: 200,
            tenants: 20,
        }),
        ..ocp_sim::SimConfig::for_tests()
    };
    let (_sim, mut h) = app_on(rt, fleet, [1600.0, 900.0]);
    let started = Instant::now();
    loop {
        h.step();
        if h.state().health.table.rows.len() >= 4000 && !h.state().worker.any_busy(|_| true) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the fleet was not collected"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let collected = started.elapsed();
    for _ in 0..20 {
        h.step();
    }
    let rows = h.state().health.table.rows.len();
    let pointer = egui::pos2(1000.0, 600.0);
    let table = scrolling(&mut h, pointer);
    h.state_mut().health.table.view.search = "no row has this".into();
    for _ in 0..5 {
        h.step();
    }
    let reference = scrolling(&mut h, pointer);
    println!(
        "health home with {rows} rows (collected in {collected:?}) while scrolling: median {:?}, \
         p99 {:?}, over {} frames (target under 4 ms); reference, the same home with no row \
         shown: median {:?}, p99 {:?}",
        percentile(&table, 0.5),
        percentile(&table, 0.99),
        table.len(),
        percentile(&reference, 0.5),
        percentile(&reference, 0.99),
    );
}

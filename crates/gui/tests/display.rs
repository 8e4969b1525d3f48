//! How the app shows values (issue 18): one time zone for every time shown, typed and exported;
//! durations and sizes readable; statuses in words in both languages; badges that follow a
//! running backup by themselves; quick time ranges; a failed task's cause.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::{Env, env, has_label, idle, step_until, tenant_with_strategy};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use ocp_api::enums::{DataBackupMode, DataBackupTaskStatus};
use ocp_api::time::OcpDateTime;
use ocp_backup_gui::App;
use ocp_backup_gui::i18n::Lang;
use ocp_backup_gui::model::{Target, TaskKind};
use ocp_backup_gui::ui::format::word;

fn harness(env: &Env, save_to: Option<PathBuf>) -> Harness<'static, App> {
    common::app(env, Harness::builder().with_size([1400.0, 900.0]), save_to)
}

fn settle(h: &mut Harness<'_, App>) {
    step_until(h, "every request answered", |h| idle(h));
    h.run_steps(2);
}

/// Every text on screen (labels and values of the accessibility tree).
fn texts(h: &Harness<'_, App>) -> Vec<String> {
    h.query_all_by(|_| true)
        .flat_map(|n| {
            let node = n.accesskit_node();
            [node.label(), node.value()]
        })
        .flatten()
        .collect()
}

/// `YYYY-MM-DD HH:MM:SS ±HH:MM` at the start of `s`.
fn time_at(s: &str) -> bool {
    let pattern = b"dddd-dd-dd dd:dd:dd +dd:dd";
    let b = s.as_bytes();
    b.len() >= pattern.len()
        && pattern.iter().zip(b).all(|(p, c)| match p {
            b'd' => c.is_ascii_digit(),
            b'+' => *c == b'+' || *c == b'-',
            p => p == c,
        })
}

/// The times shown on screen, as written (`2024-08-09 16:00:00 +08:00`).
fn shown_times(h: &Harness<'_, App>) -> Vec<String> {
    let mut times = Vec::new();
    for text in texts(h) {
        for (i, _) in text.char_indices() {
            if time_at(&text[i..]) {
                times.push(text[i..i + 26].to_owned());
            }
        }
        // OCP's own spelling (`2024-08-09T16:00:00.123+08:00`) is for tooltips only.
        assert!(
            !text.contains('T') || !text.split('T').skip(1).any(|p| p.get(8..9) == Some(".")),
            "a raw OCP time on screen: {text:?}"
        );
    }
    times
}

fn assert_all_in(h: &Harness<'_, App>, offset: &str, screen: &str) {
    let times = shown_times(h);
    assert!(!times.is_empty(), "{screen}: no time on screen");
    let other: Vec<&String> = times.iter().filter(|t| !t.ends_with(offset)).collect();
    assert!(
        other.is_empty(),
        "{screen}: times not in {offset}: {other:?}"
    );
}

/// Chooses a display zone in the top bar's drop-down.
fn pick_zone(h: &mut Harness<'_, App>, zone: &str) {
    h.get_by_label("Times in").click();
    h.run_steps(2);
    h.get_by(|n| n.label().as_deref() == Some(zone) && n.role() != egui::accesskit::Role::ComboBox)
        .click();
    settle(h);
}

fn open_tenant(h: &mut Harness<'_, App>, cluster: &str, tenant: &str) {
    common::open_tenant(h, cluster, tenant);
    settle(h);
}

fn open_data_tasks(h: &mut Harness<'_, App>, target: Target) {
    h.get_by_label("Data backups").click();
    step_until(h, "data backup rows", |h| {
        h.state()
            .tasks
            .tables
            .iter()
            .any(|(id, t)| id.target == target && id.kind == TaskKind::Data && !t.rows.is_empty())
    });
    settle(h);
}

#[test]
fn the_zone_setting_changes_every_time_shown_and_the_csv() {
    let env = env();
    let file = std::env::temp_dir().join(format!("ocp-gui-zone-{}.csv", std::process::id()));
    let mut h = harness(&env, Some(file.clone()));
    let (cluster, tenant, target) = tenant_with_strategy(&env.sim);
    step_until(&mut h, "clusters", |h| has_label(h, &cluster));
    common::click_in_navigator(&mut h, &cluster);
    settle(&mut h);
    // OCP's zone: the simulator writes cluster-level times in +08:00, tenant-level in UTC.
    assert_all_in(&h, "+08:00", "cluster overview, OCP's zone");
    pick_zone(&mut h, "UTC");
    assert_all_in(&h, "+00:00", "cluster overview, UTC");
    assert_eq!(
        h.state().settings.time_zone,
        ocp_backup_gui::ui::format::TimeZone::Utc
    );

    open_tenant(&mut h, &cluster, &tenant);
    assert_all_in(&h, "+00:00", "tenant overview, UTC");
    open_data_tasks(&mut h, target);
    assert_all_in(&h, "+00:00", "data backup tasks, UTC");
    let utc_times = shown_times(&h);

    pick_zone(&mut h, "OCP zone");
    assert_all_in(&h, "+08:00", "data backup tasks, OCP's zone");
    // The same instants, eight hours on.
    let first = OcpDateTime::parse(&shown_times(&h)[0].replacen(' ', "T", 1).replace(' ', ""));
    let first_utc = OcpDateTime::parse(&utc_times[0].replacen(' ', "T", 1).replace(' ', ""));
    assert_eq!(first.unwrap(), first_utc.unwrap());

    h.get_by_label("Export CSV…").click();
    step_until(&mut h, "exported file", |_| file.exists());
    let csv = std::fs::read_to_string(&file).unwrap();
    std::fs::remove_file(&file).ok();
    let row = csv.split("\r\n").nth(1).unwrap();
    let start = row.split(',').nth(5).unwrap();
    assert!(
        time_at(start) && start.ends_with("+08:00"),
        "CSV start time in OCP's zone: {row}"
    );
}

#[test]
fn durations_and_sizes_read_as_people_write_them_in_both_languages() {
    let env = env();
    let mut h = harness(&env, None);
    let (cluster, tenant, target) = tenant_with_strategy(&env.sim);
    // The size the cluster overview shows, from what OCP answers.
    let overview = env.rt.block_on(async {
        common::client(&env)
            .get_cluster_backup_overview()
            .id(target.cluster())
            .send()
            .await
            .unwrap()
            .into_inner()
            .data
    });
    let (size, unit) = (
        overview.backup_size.expect("a backup size"),
        overview.ob_storage_volume_unit.expect("its unit"),
    );
    assert_eq!(unit.as_str(), "GB", "the simulator counts in GB");
    assert!((1024.0..10240.0).contains(&size), "{size}");
    step_until(&mut h, "clusters", |h| has_label(h, &cluster));
    common::click_in_navigator(&mut h, &cluster);
    settle(&mut h);
    let shown = format!("{:.2} TiB", size / 1024.0);
    assert!(has_label(&h, &shown), "the size as {shown}");
    assert!(!texts(&h).iter().any(|t| t == &format!("{size:.2} GB")));
    h.get_by_label(&shown).hover();
    let exact = format!("{size} GB");
    step_until(&mut h, "the exact size in the tooltip", |h| {
        has_label(h, &exact)
    });

    open_tenant(&mut h, &cluster, &tenant);
    open_data_tasks(&mut h, target);
    let durations: Vec<i64> = env.sim.world(|w| {
        w.data_backup_tasks()
            .into_iter()
            .filter(|t| t.tenant_id == target.tenant())
            .filter_map(|t| t.duration)
            .collect()
    });
    let d = *durations
        .iter()
        .find(|d| (60..3600).contains(*d))
        .expect("a backup of minutes");
    let minutes = format!("{}m {:02}s", d / 60, d % 60);
    assert!(has_label(&h, &minutes), "{d} s shows as {minutes}");
    assert!(!has_label(&h, &d.to_string()), "no bare seconds");
    h.get_by_label("简体中文").click();
    settle(&mut h);
    let zh = format!("{}分 {:02}秒", d / 60, d % 60);
    assert!(has_label(&h, &zh), "{d} s shows as {zh}");
}

#[test]
fn statuses_and_types_are_words_in_both_languages() {
    let env = env();
    let mut h = harness(&env, None);
    let (cluster, tenant, target) = tenant_with_strategy(&env.sim);
    open_tenant(&mut h, &cluster, &tenant);
    open_data_tasks(&mut h, target);
    h.get_by_label("简体中文").click();
    settle(&mut h);
    let wire: Vec<&str> = DataBackupTaskStatus::KNOWN
        .iter()
        .map(|s| s.as_str())
        .chain(DataBackupMode::KNOWN.iter().map(|m| m.as_str()))
        .collect();
    let raw: Vec<String> = texts(&h)
        .into_iter()
        .filter(|t| wire.contains(&t.as_str()))
        .collect();
    assert!(raw.is_empty(), "enum names on a Chinese screen: {raw:?}");
    assert!(has_label(&h, &word(Lang::Zh, &DataBackupTaskStatus::Done)));
    assert!(has_label(&h, &word(Lang::Zh, &DataBackupMode::FullBackup)));
    // The navigator's badges too.
    let badge_statuses: Vec<DataBackupTaskStatus> = h
        .state()
        .data
        .badges
        .values()
        .filter_map(|b| b.last_data_backup.as_ref().map(|t| t.status.clone()))
        .collect();
    assert!(!badge_statuses.is_empty());
    for s in badge_statuses {
        assert!(has_label(&h, &word(Lang::Zh, &s)), "badge {s} in Chinese");
    }
}

#[test]
fn a_running_backups_badge_turns_done_without_a_manual_refresh() {
    let env = env();
    let (cluster, tenant, target) = tenant_with_strategy(&env.sim);
    // A backup someone else started (a colleague, ocpctl): running when the app looks.
    let strategy = env.sim.world(|w| {
        w.strategies()
            .into_iter()
            .find(|s| s.tenant_id == target.tenant())
            .unwrap()
    });
    env.rt.block_on(async {
        let body = ocp_api::types::BackupNowParam {
            backup_mode: strategy.backup_mode.clone().unwrap(),
            data_backup_mode: DataBackupMode::FullBackup,
            ob_backup_object: None,
            ob_backup_service_storage_config: strategy
                .ob_backup_service_storage_config
                .clone()
                .unwrap(),
        };
        common::client(&env)
            .backup_tenant_now()
            .id(target.cluster())
            .tenant_id(target.tenant().unwrap())
            .body(body)
            .send()
            .await
            .unwrap();
    });
    let mut h = harness(&env, None);
    step_until(&mut h, "clusters", |h| has_label(h, &cluster));
    common::click_in_navigator(&mut h, &cluster);
    step_until(&mut h, "the running badge", |h| {
        h.state()
            .data
            .badges
            .get(&target)
            .is_some_and(|b| b.running())
    });
    let running = h.state().data.badges[&target]
        .last_data_backup
        .clone()
        .unwrap();
    assert!(has_label(&h, &word(Lang::En, &running.status)));
    assert!(has_label(&h, &tenant));

    // The backup ends in OCP; nobody presses F5.
    env.sim.advance(Duration::from_secs(6 * 3600));
    let end = env.sim.world(|w| {
        w.data_backup_tasks()
            .into_iter()
            .find(|t| t.task_id == running.task_id)
            .unwrap()
            .status
    });
    assert!(matches!(
        end,
        DataBackupTaskStatus::Done | DataBackupTaskStatus::Failed
    ));
    let words = word(Lang::En, &end);
    step_until(&mut h, "the badge's final status", |h| {
        h.state()
            .data
            .badges
            .get(&target)
            .and_then(|b| b.last_data_backup.as_ref())
            .is_some_and(|t| t.task_id == running.task_id && t.status == end)
    });
    assert!(has_label(&h, &words), "the badge shows {words}");
    // And then the app stops asking: no running badge, no timer.
    settle(&mut h);
    h.try_run().expect("quiet once the backup ended");
}

#[test]
fn quick_ranges_send_the_range_ending_now() {
    let env = env();
    let mut h = harness(&env, None);
    let (cluster, tenant, target) = tenant_with_strategy(&env.sim);
    open_tenant(&mut h, &cluster, &tenant);
    open_data_tasks(&mut h, target);
    let path = format!(
        "/api/v2/ob/clusters/{}/tenants/{}/backup/task/dataBackupTasks",
        target.cluster(),
        target.tenant().unwrap()
    );
    for (label, hours) in [
        ("Last 7 days", 7 * 24),
        ("Last 24 h", 24),
        ("Last 30 days", 720),
    ] {
        env.sim.world(|w| w.clear_request_log());
        h.get_by_label(label).click();
        step_until(&mut h, "the ranged query", |_| {
            env.sim
                .world(|w| w.request_log().iter().any(|r| r.path == path))
        });
        settle(&mut h);
        let query = env.sim.world(|w| {
            w.request_log()
                .into_iter()
                .find(|r| r.path == path)
                .unwrap()
                .query
                .unwrap()
        });
        let param = |name: &str| {
            let raw = query
                .split('&')
                .find_map(|p| p.strip_prefix(&format!("{name}=")))
                .unwrap_or_else(|| panic!("{name} in {query}"));
            let text = raw.replace("%2B", "+").replace("%3A", ":");
            OcpDateTime::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"))
        };
        let (start, end) = (param("startTime"), param("endTime"));
        assert_eq!(
            end.to_utc() - start.to_utc(),
            chrono::TimeDelta::hours(hours),
            "{label}: {query}"
        );
        let late = (chrono::Utc::now() - end.to_utc()).num_seconds().abs();
        assert!(late < 120, "{label} ends now: {query}");
    }
    // Typing a time makes the range custom again.
    common::replace_text(&mut h, "From", "2024-08-01 00:00");
    assert_eq!(
        h.state()
            .tasks
            .tables
            .values()
            .find(|t| t.id.target == target)
            .unwrap()
            .form
            .range,
        None
    );
}

#[test]
fn a_failed_backups_cause_shows_on_click_with_code_and_trace_id() {
    let env = env();
    let mut h = harness(&env, None);
    // A tenant's failed data backup, as the simulator recorded it.
    let (failed, cluster, tenant) = env.sim.world(|w| {
        let t = w
            .data_backup_tasks()
            .into_iter()
            .find(|t| {
                t.status == DataBackupTaskStatus::Failed
                    && t.tenant_id.is_some_and(|id| id > 0)
                    && t.error_msg.as_deref().is_some_and(|m| m.contains("(-"))
            })
            .expect("a failed tenant backup in the seeded history");
        let cluster = w.cluster(t.cluster_id).unwrap().name;
        let tenant = w.tenant(t.tenant_id.unwrap()).unwrap().name;
        (t, cluster, tenant)
    });
    let target = Target::Tenant {
        cluster: failed.cluster_id,
        tenant: failed.tenant_id.unwrap(),
    };
    open_tenant(&mut h, &cluster, &tenant);
    open_data_tasks(&mut h, target);
    common::replace_text(
        &mut h,
        "Backup set ID",
        &failed.backup_set_id.unwrap().to_string(),
    );
    h.get_by_label("Apply").click();
    step_until(&mut h, "the failed row alone", |h| {
        h.state()
            .tasks
            .tables
            .values()
            .any(|t| t.id.target == target && t.rows.len() == 1 && t.rows[0].cause.is_some())
    });
    settle(&mut h);
    let msg = failed.error_msg.clone().unwrap();
    let (code, rest) = msg.split_once(": ").unwrap();
    assert!(!has_label(&h, "Why it failed"));
    h.get_by_label(&failed.task_id.to_string()).click();
    h.run_steps(2);
    assert!(has_label(&h, "Why it failed"), "the cause opens on click");
    assert!(has_label(&h, code), "the code {code}");
    assert!(has_label(&h, rest), "the message {rest}");
    let trace = &h
        .state()
        .tasks
        .tables
        .values()
        .find(|t| t.id.target == target)
        .unwrap()
        .rows[0]
        .cause
        .clone()
        .unwrap()
        .trace_id;
    assert!(!trace.is_empty());
    assert!(has_label(&h, trace), "the traceId {trace}");
}

#[test]
fn the_first_run_fits_the_window_to_its_screen_once() {
    let env = env();
    let mut h = harness(&env, None);
    assert!(!h.state().settings.window_fitted);
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .monitor_size = Some(egui::vec2(1366.0, 768.0));
    h.step();
    let resized = |h: &Harness<'_, App>| {
        h.output().viewport_output[&egui::ViewportId::ROOT]
            .commands
            .iter()
            .find_map(|c| match c {
                egui::ViewportCommand::InnerSize(s) => Some(*s),
                _ => None,
            })
    };
    let size = resized(&h).expect("a resize to fit the 1366×768 screen");
    assert!(
        size.x <= 1366.0 * 0.9 + 0.5 && size.y <= 768.0 * 0.9 + 0.5,
        "{size:?}"
    );
    assert!(
        h.state().settings.window_fitted,
        "remembered (settings persist)"
    );
    h.step();
    assert_eq!(resized(&h), None, "once, not every frame");
}

#[test]
fn a_wide_table_scrolls_sideways_to_its_last_column() {
    let env = env();
    let mut h = common::app(&env, Harness::builder().with_size([900.0, 700.0]), None);
    let (cluster, tenant, target) = tenant_with_strategy(&env.sim);
    open_tenant(&mut h, &cluster, &tenant);
    open_data_tasks(&mut h, target);
    let header = |h: &Harness<'_, App>| {
        h.get_by(|n| {
            n.label().as_deref() == Some("Error") && n.role() == egui::accesskit::Role::Button
        })
        .rect()
    };
    assert!(
        header(&h).left() > 900.0 - 40.0,
        "the last column starts off screen: {:?}",
        header(&h)
    );
    h.get_by(|n| {
        n.label().as_deref() == Some("Error") && n.role() == egui::accesskit::Role::Button
    })
    .scroll_to_me();
    h.run_steps(3);
    let r = header(&h);
    assert!(
        r.left() >= 0.0 && r.right() <= 900.0,
        "scrolled into view: {r:?}"
    );
}

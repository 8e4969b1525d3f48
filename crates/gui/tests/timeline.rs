//! The recoverable-time timeline against an in-process simulator: what it draws is what
//! `getTenantBackupInfo` / `getClusterBackupInfo` answer; clicks pick (or refuse) a restore
//! point; the wheel zooms.

mod common;

use common::{Env, click_at, client, each_version, has_label, idle, step_until};

use egui::{Modifiers, Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use ocp_api::enums::RecoverableSectionItemType as K;
use ocp_api::types;
use ocp_backup_gui::App;
use ocp_backup_gui::model::{Target, Timeline};

fn harness(env: &Env) -> Harness<'static, App> {
    common::app(env, Harness::builder().with_size([1280.0, 800.0]), None)
}

/// The tenant with a strategy (the world's first), by names and target.
fn tenant(env: &Env) -> (String, String, Target) {
    common::tenant_with_strategy(&env.sim)
}

/// What the server answers for `target`, straight from the API.
fn server_items(env: &Env, target: Target) -> Vec<types::ObRecoverableSectionItem> {
    let aggregation = match target {
        Target::Cluster(id) => env.rt.block_on(async {
            let info = client(env).get_cluster_backup_info().id(id).send().await;
            info.unwrap()
                .into_inner()
                .data
                .ob_recoverable_info_aggregation
        }),
        Target::Tenant { cluster, tenant } => common::tenant_backup_info(env, cluster, tenant),
    };
    aggregation
        .and_then(|a| a.latest_seven_days_aggregation)
        .map(|a| a.ob_recoverable_section_items)
        .unwrap_or_default()
}

fn count(items: &[types::ObRecoverableSectionItem], pick: impl Fn(&K) -> bool) -> usize {
    items
        .iter()
        .filter(|i| pick(&i.ob_recoverable_section_item_type))
        .count()
}

fn timeline(h: &Harness<'_, App>, target: Target) -> Option<Timeline> {
    h.state()
        .data
        .timelines
        .get(&target)
        .and_then(|l| l.value.clone())
}

/// Opens the tenant's timeline and waits until it is drawn.
fn open_timeline(h: &mut Harness<'_, App>, cluster: &str, tenant: &str, target: Target) {
    step_until(h, "clusters", |h| has_label(h, cluster));
    common::click_in_navigator(h, cluster);
    step_until(h, "tenants", |h| has_label(h, tenant));
    h.get_by_label(tenant).click();
    step_until(h, "the tenant's header", |h| {
        has_label(h, &format!("Tenant {tenant} (Cluster {cluster})"))
    });
    h.get_by_label("Recoverable times").click();
    step_until(h, "the timeline", |h| {
        idle(h) && timeline(h, target).is_some() && h.state().timeline.view.plot_rect.is_some()
    });
    h.run_steps(2);
}

/// Drags horizontally from `from` by `dx` points.
fn drag(h: &mut Harness<'_, App>, from: Pos2, dx: f32) {
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    for i in 1..=10 {
        h.hover_at(from + egui::vec2(dx * i as f32 / 10.0, 0.0));
        h.step();
    }
    h.drop_at(from + egui::vec2(dx, 0.0));
    h.run_steps(3);
}

fn lane_y(h: &Harness<'_, App>) -> f32 {
    let rect = h.state().timeline.view.plot_rect.unwrap();
    rect.bottom() - 10.0
}

#[test]
fn the_timeline_shows_exactly_the_servers_windows_for_a_tenant_and_its_cluster() {
    each_version(|env| {
        let (cluster, tenant_name, target) = tenant(env);
        let mut h = harness(env);
        open_timeline(&mut h, &cluster, &tenant_name, target);
        assert!(has_label(&h, "Recoverable time timeline"));
        let from_cluster = env.lacks(ocp_api::Operation::GetTenantBackupInfo).map(|v| {
            format!("OCP {v} has no tenant-level backup info; shown: this tenant's part of the cluster's")
        });
        if let Some(reason) = from_cluster {
            assert!(has_label(&h, &reason), "{reason}");
        }

        let items = server_items(env, target);
        let shown = timeline(&h, target).unwrap();
        let recoverable = count(&items, |k| *k == K::Recoverable);
        assert!(recoverable > 0, "the seeded tenant has recoverable windows");
        assert_eq!(shown.recoverable.len(), recoverable);
        assert_eq!(
            shown.points.len(),
            count(&items, |k| matches!(
                k,
                K::FullDataBackup | K::IncrementalDataBackup
            ))
        );
        assert_eq!(shown.logs.len(), count(&items, |k| *k == K::LogBackup));
        // The same instants, not just the same number.
        let mut server: Vec<(i64, i64)> = items
            .iter()
            .filter_map(|i| i.real_recoverable_time_interval.as_ref())
            .map(|i| {
                (
                    i.start_time.to_utc().timestamp_millis(),
                    i.end_time.to_utc().timestamp_millis(),
                )
            })
            .collect();
        server.sort();
        let drawn: Vec<(i64, i64)> = shown
            .recoverable
            .iter()
            .map(|r| (r.start_ms, r.end_ms))
            .collect();
        assert_eq!(drawn, server);

        // The cluster: all tenants aggregated.
        let cluster_id = target.cluster();
        common::click_in_navigator(&mut h, &cluster);
        step_until(&mut h, "the cluster's timeline", |h| {
            idle(h) && timeline(h, Target::Cluster(cluster_id)).is_some()
        });
        let items = server_items(env, Target::Cluster(cluster_id));
        let shown = timeline(&h, Target::Cluster(cluster_id)).unwrap();
        assert_eq!(
            shown.recoverable.len(),
            count(&items, |k| *k == K::Recoverable)
        );
        assert_eq!(
            shown.points.len(),
            count(&items, |k| matches!(
                k,
                K::FullDataBackup | K::IncrementalDataBackup
            ))
        );
    });
}

#[test]
fn a_click_inside_a_recoverable_interval_picks_it_and_outside_picks_nothing() {
    each_version(|env| {
        let (cluster, tenant_name, target) = tenant(env);
        let mut h = harness(env);
        open_timeline(&mut h, &cluster, &tenant_name, target);
        let shown = timeline(&h, target).unwrap();
        let view = h.state().timeline.view.clone();
        let rect = view.plot_rect.unwrap();
        assert!(h.state().timeline.restore_point.is_none());

        // Inside: the middle of the widest recoverable interval.
        let r = shown
            .recoverable
            .iter()
            .max_by_key(|r| r.end_ms - r.start_ms)
            .unwrap()
            .clone();
        let x = view.x_of((r.start_ms + r.end_ms) / 2).unwrap();
        assert!(rect.x_range().contains(x));
        let y = lane_y(&h);
        click_at(&mut h, pos2(x, y));
        let picked = h
            .state()
            .timeline
            .restore_point
            .clone()
            .expect("a restore point inside the interval");
        let ms = picked.to_utc().timestamp_millis();
        assert!(
            r.contains(ms),
            "{picked} is inside {:?}",
            (&r.start, &r.end)
        );
        assert!(!h.state().timeline.restore_point_missed);
        assert!(has_label(&h, &picked.format_local()));

        // Outside: pan past the newest data (drag left), then an x whose neighbourhood is in no
        // recoverable interval.
        let before = h.state().timeline.view.shown;
        drag(&mut h, pos2(rect.center().x, y), -300.0);
        let view = h.state().timeline.view.clone();
        assert!(view.shown.0 > before.0, "dragging left pans to later times");
        let outside = (rect.left() as i32 + 3..rect.right() as i32 - 3)
            .map(|x| x as f32)
            .find(|&x| {
                [-2.0, 0.0, 2.0].iter().all(|d| {
                    let ms = view.ms_at(x + d).unwrap();
                    shown.recoverable_at(ms).is_none()
                })
            })
            .expect("a gap in the recoverable intervals");
        click_at(&mut h, pos2(outside, y));
        assert!(h.state().timeline.restore_point.is_none());
        assert!(h.state().timeline.restore_point_missed);
        assert!(has_label(
            &h,
            "Not recoverable: that instant is outside every recoverable interval."
        ));
    });
}

#[test]
fn the_wheel_zooms_around_the_pointer_and_reset_zoom_restores_the_seven_days() {
    each_version(|env| {
        let (cluster, tenant_name, target) = tenant(env);
        let mut h = harness(env);
        open_timeline(&mut h, &cluster, &tenant_name, target);
        let full = h.state().timeline.view.shown;
        assert!(full.1 - full.0 >= Timeline::SEVEN_DAYS_MS);
        let rect = h.state().timeline.view.plot_rect.unwrap();
        let pos = pos2(rect.center().x, lane_y(&h));
        h.hover_at(pos);
        h.step();
        for _ in 0..10 {
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, 60.0),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Unknown,
                modifiers: Modifiers::NONE,
            });
            h.step();
        }
        h.run_steps(20);
        let zoomed = h.state().timeline.view.shown;
        assert!(h.state().timeline.view.zoom.is_some());
        assert!(
            zoomed.1 - zoomed.0 < full.1 - full.0,
            "{zoomed:?} narrower than {full:?}"
        );
        assert!(
            zoomed.0 > full.0 && zoomed.1 < full.1,
            "zoomed around the pointer"
        );
        h.remove_cursor();
        h.get_by_label("Reset zoom").click();
        h.run_steps(3);
        assert_eq!(h.state().timeline.view.zoom, None);
        assert_eq!(h.state().timeline.view.shown, full);
    });
}

#[test]
fn a_click_in_the_gap_between_two_windows_picks_nothing() {
    // The simulator pauses trade's log backup for most of a day, six days ago.
    each_version(|env| {
        let target = Target::Tenant {
            cluster: 1_000_001,
            tenant: 1_000_012,
        };
        let mut h = harness(env);
        open_timeline(&mut h, "ob_prod_hz", "trade", target);
        let shown = timeline(&h, target).unwrap();
        let server = server_items(env, target);
        assert_eq!(
            shown.recoverable.len(),
            count(&server, |k| *k == K::Recoverable)
        );
        let gaps: Vec<(i64, i64)> = shown
            .recoverable
            .windows(2)
            .map(|w| (w[0].end_ms, w[1].start_ms))
            .filter(|(a, b)| b - a > 3_600_000)
            .collect();
        assert!(!gaps.is_empty(), "{:?}", shown.recoverable);
        let (a, b) = gaps[0];
        let view = h.state().timeline.view.clone();
        let y = lane_y(&h);

        let x = view.x_of((a + b) / 2).unwrap();
        click_at(&mut h, pos2(x, y));
        assert!(h.state().timeline.restore_point.is_none());
        assert!(h.state().timeline.restore_point_missed);

        // Just after the gap, inside the next window: picked.
        let x = view.x_of(b + (b - a) / 4).unwrap();
        click_at(&mut h, pos2(x, y));
        let picked = h
            .state()
            .timeline
            .restore_point
            .clone()
            .expect("a restore point");
        assert!(picked.to_utc().timestamp_millis() > b);
        assert!(!h.state().timeline.restore_point_missed);
    });
}

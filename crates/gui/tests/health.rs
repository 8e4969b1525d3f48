//! The backup health home over two connections (the demo and a saved profile), each a
//! simulator of a generated fleet whose tenants are named after their designed health: what
//! the home counts, how it sorts and filters, what its row actions open and on which OCP, and
//! what an OCP that cannot be read looks like.

mod common;

use std::time::Duration;

use common::{Env, app_with_profiles, env, fleet_sim, has_label, idle, profile, step_until};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use ocp_backup_gui::App;
use ocp_backup_gui::health::table::Column;
use ocp_backup_gui::i18n::EN;
use ocp_backup_gui::model::Target;
use ocp_backup_gui::settings::Startup;
use ocp_health::Verdict;
use ocp_sim::{Faults, SimHandle};

const OTHER: &str = "prod-b";

/// What the home must show for one simulator, read from its world: every user tenant, and
/// every cluster with a cluster-level strategy, is one object; a tenant's verdict is the one
/// its generated name was designed for; data backups are counted over the last seven days.
#[derive(Debug, Default, PartialEq, Eq)]
struct Expect {
    objects: usize,
    with_strategy: usize,
    counts: [usize; 4],
    log_delayed: usize,
    succeeded: u32,
    failed: u32,
}

impl Expect {
    fn add(&mut self, o: &Expect) {
        self.objects += o.objects;
        self.with_strategy += o.with_strategy;
        for i in 0..4 {
            self.counts[i] += o.counts[i];
        }
        self.log_delayed += o.log_delayed;
        self.succeeded += o.succeeded;
        self.failed += o.failed;
    }
}

fn expected(sim: &SimHandle) -> Expect {
    sim.world(|w| {
        let mut e = Expect::default();
        let strategies = w.strategies();
        let week_ago = w.now() - chrono::TimeDelta::days(7);
        let mut objects = Vec::new();
        for c in w.clusters() {
            let whole = strategies
                .iter()
                .any(|s| s.cluster_id == Some(c.id) && s.tenant_id.is_none());
            if whole {
                e.objects += 1;
                e.with_strategy += 1;
                e.counts[Verdict::Ok as usize] += 1;
                objects.push((c.id, 0));
            }
            for t in w.tenants(c.id).into_iter().filter(|t| t.name != "sys") {
                e.objects += 1;
                objects.push((c.id, t.id));
                let own = strategies.iter().any(|s| s.tenant_id == Some(t.id));
                e.with_strategy += usize::from(own || whole);
                let design = t.name.split_once('_').unwrap().1;
                let verdict = match design {
                    "ok" => Verdict::Ok,
                    "paused" | "nostrategy" => Verdict::Warning,
                    "failed" | "lagging" => Verdict::Critical,
                    other => panic!("a tenant of no design: {other}"),
                };
                e.counts[verdict as usize] += 1;
                e.log_delayed += usize::from(design == "lagging");
            }
        }
        for t in w.data_backup_tasks() {
            let object = (t.cluster_id, t.tenant_id.unwrap_or(0));
            let recent = t
                .start_time
                .as_ref()
                .is_some_and(|s| *s.as_datetime() >= week_ago);
            if recent && objects.contains(&object) {
                match t.status.as_str() {
                    "DONE" => e.succeeded += 1,
                    "FAILED" => e.failed += 1,
                    _ => {}
                }
            }
        }
        e
    })
}

/// The demo on a 3×5 fleet, and a saved connection to a 10×2 fleet (its tenth cluster backed
/// up as a whole). Both fleets number their clusters alike: the same IDs on two OCPs.
struct Two {
    env: Env,
    other: SimHandle,
}

fn two() -> Two {
    let mut env = env();
    env.sim = fleet_sim(&env, 3, 5);
    let other = fleet_sim(&env, 10, 2);
    Two { env, other }
}

fn harness(t: &Two, save_to: Option<std::path::PathBuf>) -> Harness<'static, App> {
    app_with_profiles(
        &t.env,
        Harness::builder().with_size([1500.0, 900.0]),
        save_to,
        vec![profile(7, OTHER, t.other.base_url())],
    )
}

fn settle(h: &mut Harness<'_, App>) {
    step_until(h, "every request answered", |h| idle(h));
    h.run_steps(2);
}

/// The home over every saved connection, settled.
fn fleet_home(h: &mut Harness<'_, App>) {
    settle(h);
    h.get_by_label(EN.health.scope_all).click();
    settle(h);
}

fn shown_rows(h: &Harness<'_, App>) -> Vec<(String, String, String, Verdict)> {
    let t = &h.state().health.table;
    t.order
        .iter()
        .map(|&i| {
            let r = &t.rows[i];
            (
                r.cell(Column::Ocp).to_owned(),
                r.cell(Column::Cluster).to_owned(),
                r.cell(Column::Tenant).to_owned(),
                r.verdict,
            )
        })
        .collect()
}

fn shown_cells(h: &Harness<'_, App>, c: Column) -> Vec<String> {
    let t = &h.state().health.table;
    t.order
        .iter()
        .map(|&i| t.rows[i].cell(c).to_owned())
        .collect()
}

fn assert_headline(h: &Harness<'_, App>, e: &Expect) {
    let t = EN.health;
    for v in Verdict::ALL {
        let label = t.verdict_count(v, e.counts[v as usize]);
        assert!(has_label(h, &label), "no {label:?}; expected {e:?}");
    }
    for text in [
        t.of_total(e.with_strategy, e.objects),
        t.success_rate(e.succeeded, e.succeeded + e.failed),
        e.log_delayed.to_string(),
        EN.rows_shown(e.objects, e.objects as i64),
    ] {
        assert!(has_label(h, &text), "no {text:?}; expected {e:?}");
    }
}

fn search(h: &mut Harness<'_, App>, text: &str) {
    common::replace_text(h, EN.health.search, text);
    h.run_steps(2);
}

#[test]
fn the_home_counts_what_both_worlds_imply_and_fills_in_as_clusters_answer() {
    let t = two();
    // The second OCP answers slowly, so its clusters arrive one wave at a time.
    t.other.set_faults(Faults {
        latency: Duration::from_millis(150),
        ..Faults::default()
    });
    let mut h = harness(&t, None);
    // The app opens on the home, over the demo connection alone.
    settle(&mut h);
    assert!(h.state().health.shown);
    assert!(has_label(&h, EN.health.title));
    let demo = expected(&t.env.sim);
    assert!(
        demo.counts[Verdict::Critical as usize] > 0 && demo.counts[Verdict::Warning as usize] > 0
    );
    assert_headline(&h, &demo);

    // Both OCPs: rows of the second one show while it is still being collected.
    h.get_by_label(EN.health.scope_all).click();
    let busy = |h: &Harness<'_, App>| {
        h.state()
            .worker
            .is_busy(&ocp_backup_gui::model::Job::Health(Startup::Profile(7)))
    };
    step_until(&mut h, "some of the second OCP's rows", |h| {
        shown_rows(h).iter().any(|r| r.0 == OTHER) && busy(h)
    });
    let progress: Vec<String> = h
        .query_all_by_label_contains(" clusters")
        .filter_map(|n| n.accesskit_node().value())
        .filter(|l| l.contains(" / "))
        .collect();
    assert_eq!(progress.len(), 1, "one progress line: {progress:?}");
    let (done, total) = progress[0]
        .trim_end_matches(" clusters")
        .split_once(" / ")
        .map(|(d, t)| (d.parse::<usize>().unwrap(), t.parse::<usize>().unwrap()))
        .unwrap();
    assert!(done < total && total >= 10, "{}", progress[0]);

    settle(&mut h);
    let mut both = expected(&t.env.sim);
    both.add(&expected(&t.other));
    assert_headline(&h, &both);
    let rows = shown_rows(&h);
    // The cluster backed up as a whole is a row of its own.
    assert!(
        rows.iter()
            .any(|r| r.0 == OTHER && r.1 == "fleet_c009" && r.2 == EN.health.whole_cluster)
    );
    // Worst first: critical, then unknown, warning, ok.
    let badness: Vec<u8> = rows.iter().map(|r| r.3.badness()).collect();
    assert!(badness.windows(2).all(|w| w[0] >= w[1]), "{rows:?}");

    // Cluster-level calls only: no request of the collection names a tenant.
    for sim in [&t.env.sim, &t.other] {
        let log = sim.world(|w| w.request_log());
        let per_tenant: Vec<_> = log
            .iter()
            .filter(|r| r.path.contains("/tenants/"))
            .collect();
        assert!(per_tenant.is_empty(), "{per_tenant:?}");
    }
}

#[test]
fn sorting_by_a_column_and_filtering_by_text_and_verdict() {
    let t = two();
    let mut h = harness(&t, None);
    fleet_home(&mut h);
    let all = shown_rows(&h);

    h.get_by_label(EN.health.col_tenant).click();
    h.run_steps(2);
    let names: Vec<String> = shown_rows(&h).into_iter().map(|r| r.2).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
    h.get_by_label(&format!("{} ^", EN.health.col_tenant))
        .click();
    h.run_steps(2);
    let names: Vec<String> = shown_rows(&h).into_iter().map(|r| r.2).collect();
    sorted.reverse();
    assert_eq!(names, sorted);

    // Age: numeric, not by text ("10m" after "1h" would be wrong).
    h.get_by_label(EN.health.col_age).click();
    h.run_steps(2);
    let ages: Vec<i64> = shown_cells(&h, Column::Age)
        .iter()
        .filter(|a| !a.is_empty())
        .map(|a| parse_short(a))
        .collect();
    assert!(ages.len() > 10, "{ages:?}");
    assert!(ages.windows(2).all(|w| w[0] <= w[1]), "{ages:?}");

    // Critical only.
    for v in [Verdict::Ok, Verdict::Warning, Verdict::Unknown] {
        let n = all.iter().filter(|r| r.3 == v).count();
        h.get_by_label(&EN.health.verdict_count(v, n)).click();
        h.run_steps(2);
    }
    let critical = shown_rows(&h);
    assert_eq!(
        critical.len(),
        all.iter().filter(|r| r.3 == Verdict::Critical).count()
    );
    assert!(critical.iter().all(|r| r.3 == Verdict::Critical));

    // Every word must match: the failed tenants of the second OCP.
    search(&mut h, "prod-b failed");
    let found = shown_rows(&h);
    let want: Vec<_> = all
        .iter()
        .filter(|r| r.0 == OTHER && r.2.ends_with("_failed"))
        .cloned()
        .collect();
    assert!(!want.is_empty());
    assert_eq!(found.len(), want.len(), "{found:?}");
    assert!(found.iter().all(|r| want.contains(r)));
    assert!(has_label(&h, &EN.rows_shown(want.len(), all.len() as i64)));
}

/// `3d 4h`, `2h 5m`, `4m 2s`, `42s` in seconds.
fn parse_short(text: &str) -> i64 {
    text.split_whitespace()
        .map(|part| {
            let (n, unit) = part.split_at(part.len() - 1);
            let n: i64 = n.parse().unwrap();
            n * match unit {
                "d" => 86_400,
                "h" => 3600,
                "m" => 60,
                _ => 1,
            }
        })
        .sum()
}

/// Picks an item of the one row's menu.
fn row_action(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(EN.health.more).click();
    h.run_steps(2);
    h.get_by_label(label).click();
}

/// The only row left after searching `words`.
fn only_row(h: &mut Harness<'_, App>, words: &str) -> ocp_backup_gui::health::RowRef {
    search(h, words);
    let t = &h.state().health.table;
    assert_eq!(t.order.len(), 1, "{words}: {:?}", shown_rows(h));
    t.rows[t.order[0]].row_ref().unwrap()
}

fn tenant_target(sim: &SimHandle, cluster: &str, tenant: &str) -> Target {
    sim.world(|w| {
        let c = w.cluster_by_name(cluster).unwrap();
        let t = w.tenant_by_name(c.id, tenant).unwrap();
        Target::Tenant {
            cluster: c.id,
            tenant: t.id,
        }
    })
}

fn paths(sim: &SimHandle) -> Vec<String> {
    sim.world(|w| w.request_log().into_iter().map(|r| r.path).collect())
}

#[test]
fn row_actions_open_the_right_dialog_for_the_right_object_on_its_ocp() {
    let t = two();
    let mut h = harness(&t, None);
    fleet_home(&mut h);

    // Both OCPs have fleet_c001/t01_nostrategy, with the same IDs: the second one's is meant.
    let target = tenant_target(&t.other, "fleet_c001", "t01_nostrategy");
    assert_eq!(
        target,
        tenant_target(&t.env.sim, "fleet_c001", "t01_nostrategy")
    );
    let row = only_row(&mut h, "prod-b fleet_c001 t01_nostrategy");
    assert_eq!((row.source, row.target), (Startup::Profile(7), target));
    t.env.sim.world(|w| w.clear_request_log());
    t.other.world(|w| w.clear_request_log());
    row_action(&mut h, EN.health.create_strategy);
    settle(&mut h);
    assert!(!h.state().health.shown);
    assert_eq!(h.state().conn.as_ref().unwrap().label, OTHER);
    assert_eq!(h.state().view.selected, Some(target));
    assert_eq!(h.state().view.tab, ocp_backup_gui::state::Tab::Strategy);
    assert!(has_label(&h, EN.no_strategy_yet));
    let Target::Tenant { cluster, tenant } = target else {
        unreachable!()
    };
    let strategy_path =
        format!("/api/v2/ob/clusters/{cluster}/tenants/{tenant}/backup/config/backupStrategy");
    assert!(
        paths(&t.other).contains(&strategy_path),
        "{:?}",
        paths(&t.other)
    );
    assert!(!paths(&t.env.sim).iter().any(|p| p.contains("/tenants/")));

    // Back to the home; back up a tenant of the demo: the app connects back to it.
    h.get_by_label(EN.health.top_button).click();
    settle(&mut h);
    let target = tenant_target(&t.env.sim, "fleet_c002", "t00_ok");
    let row = only_row(&mut h, "demo fleet_c002 t00_ok");
    assert_eq!((row.source, row.target), (Startup::Demo, target));
    row_action(&mut h, EN.backup_now);
    settle(&mut h);
    assert!(h.state().is_demo());
    let dialog = h
        .state()
        .overview
        .backup_now
        .as_ref()
        .expect("the backup dialog");
    assert_eq!(dialog.target, target);
    assert!(has_label(&h, EN.backup_now_title));
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(h.state().overview.backup_now.is_none(), "the dialog closed");

    // Restore… opens the wizard with that tenant as its source.
    h.get_by_label(EN.health.top_button).click();
    settle(&mut h);
    let target = tenant_target(&t.other, "fleet_c003", "t01_ok");
    let row = only_row(&mut h, "prod-b fleet_c003 t01_ok");
    assert_eq!((row.source, row.target), (Startup::Profile(7), target));
    row_action(&mut h, EN.restore);
    settle(&mut h);
    assert_eq!(h.state().conn.as_ref().unwrap().label, OTHER);
    let wizard = h
        .state()
        .restore
        .wizard
        .as_ref()
        .expect("the restore wizard");
    assert_eq!(wizard.source, target);
    h.key_press(egui::Key::Escape);
    settle(&mut h);

    // Open selects the object in the navigator, its cluster unfolded.
    h.get_by_label(EN.health.top_button).click();
    settle(&mut h);
    let target = tenant_target(&t.other, "fleet_c005", "t00_ok");
    only_row(&mut h, "prod-b fleet_c005 t00_ok");
    h.get_by_label(EN.health.open).click();
    settle(&mut h);
    assert_eq!(h.state().view.selected, Some(target));
    assert!(has_label(&h, &EN.tenant_title("t00_ok", "fleet_c005")));
    // In the navigator: its cluster unfolded, the tenant listed under it.
    assert!(h.state().navigator.expanded.contains(&target.cluster()));
    assert!(has_label(&h, "t00_ok"));
}

#[test]
fn an_unreachable_ocp_and_a_failing_cluster_are_unknown_and_the_rest_stay_correct() {
    let t = two();
    // Nothing listens on the discard port.
    let down = profile(8, "down", "http://127.0.0.1:9");
    t.env.sim.set_faults(Faults {
        server_error_rate: 1.0,
        server_error_status: Some(500),
        path_prefix: Some(format!(
            "/api/v2/ob/clusters/{}/",
            ocp_sim::fleet_cluster_id(1)
        )),
        ..Faults::default()
    });
    let mut h = app_with_profiles(
        &t.env,
        Harness::builder().with_size([1500.0, 900.0]),
        None,
        vec![profile(7, OTHER, t.other.base_url()), down],
    );
    fleet_home(&mut h);
    let rows = shown_rows(&h);
    let table = &h.state().health.table;
    // The OCP that could not be reached: one unknown row naming the error.
    let down_rows: Vec<_> = table
        .rows
        .iter()
        .filter(|r| r.cell(Column::Ocp) == "down")
        .collect();
    assert_eq!(down_rows.len(), 1);
    let d = down_rows[0];
    assert_eq!(d.verdict, Verdict::Unknown);
    assert!(d.target.is_none());
    assert!(!d.cell(Column::LastFailure).is_empty());
    assert!(has_label(&h, d.cell(Column::LastFailure)));
    // The failing cluster of the demo: its tenants unknown, with OCP's code and traceId.
    let failing: Vec<_> = table
        .rows
        .iter()
        .filter(|r| r.source == Startup::Demo && r.cell(Column::Cluster) == "fleet_c001")
        .collect();
    // Its tenants are listed by the call that failed: the cluster stands for them.
    assert!(!failing.is_empty());
    for r in &failing {
        assert_eq!(r.verdict, Verdict::Unknown, "{r:?}");
        let hover = r.failure.as_deref().unwrap();
        assert!(
            hover.contains("traceId: ") && hover.contains("HTTP 500"),
            "{hover}"
        );
    }
    // The rest: as their worlds say, less the failing cluster's tenants.
    let mut rest = expected(&t.other);
    rest.add(&expected(&t.env.sim));
    let failing_tenants: Vec<String> = t.env.sim.world(|w| {
        w.tenants(ocp_sim::fleet_cluster_id(1))
            .into_iter()
            .map(|t| t.name)
            .filter(|n| n != "sys")
            .collect()
    });
    let designed = |suffixes: &[&str]| {
        failing_tenants
            .iter()
            .filter(|n| suffixes.iter().any(|s| n.ends_with(s)))
            .count()
    };
    let unknown = 1 + failing.len();
    assert_eq!(rows.len(), rest.objects - failing_tenants.len() + unknown);
    let counted = |v: Verdict| rows.iter().filter(|r| r.3 == v).count();
    assert_eq!(counted(Verdict::Unknown), unknown);
    assert_eq!(
        counted(Verdict::Critical),
        rest.counts[Verdict::Critical as usize] - designed(&["_failed", "_lagging"])
    );
    assert_eq!(
        counted(Verdict::Warning),
        rest.counts[Verdict::Warning as usize] - designed(&["_paused", "_nostrategy"])
    );
    assert_eq!(
        counted(Verdict::Ok),
        rest.counts[Verdict::Ok as usize] - designed(&["_ok"])
    );
    assert!(has_label(
        &h,
        &EN.health.verdict_count(Verdict::Unknown, unknown)
    ));
}

#[test]
fn the_shown_rows_export_as_csv() {
    let t = two();
    let dir = std::env::temp_dir().join(format!("ocp-health-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("health.csv");
    let mut h = harness(&t, Some(path.clone()));
    fleet_home(&mut h);
    search(&mut h, "lagging");
    let shown = shown_rows(&h);
    h.get_by_label(EN.export_csv).click();
    step_until(&mut h, "the file", |_| path.exists());
    settle(&mut h);
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), shown.len() + 1, "{text}");
    assert!(lines[0].starts_with("OCP,Cluster,Tenant,Health,Strategy,Last full"));
    for (line, row) in lines[1..].iter().zip(&shown) {
        assert!(
            line.starts_with(&format!("{},{},{},", row.0, row.1, row.2)),
            "{line}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

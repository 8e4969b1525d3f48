//! The recoverable-time timeline of the selected cluster (all tenants aggregated) or tenant:
//! data backup points, log backup ranges and recoverable intervals over the last seven days of
//! the data. Wheel zooms around the pointer, drag pans; a click inside a recoverable interval
//! picks the restore point. Drawing is arithmetic per item (no allocation), culled to the view.

use chrono::{DateTime, FixedOffset};
use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Sense, Stroke, pos2, vec2};

use super::{Action, State, TimelineView};
use crate::app;
use crate::model::{Target, Timeline, TimelineRange};
use crate::ui::Shared;
use crate::ui::errors;
use crate::ui::format::Format;

const FULL_COLOR: Color32 = Color32::from_rgb(40, 140, 70);
const INCREMENTAL_COLOR: Color32 = Color32::from_rgb(50, 110, 190);
const LOG_COLOR: Color32 = Color32::from_rgb(210, 140, 40);
const RECOVERABLE_COLOR: Color32 = Color32::from_rgb(30, 160, 150);
const PICK_COLOR: Color32 = Color32::from_rgb(200, 50, 50);

const LABEL_WIDTH: f32 = 120.0;
const LANE_HEIGHT: f32 = 36.0;
const AXIS_HEIGHT: f32 = 22.0;
const MIN_SPAN_MS: i64 = 60_000;
const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// Tick steps, smallest first; the first leaving this many points between ticks wins.
const TICK_STEPS: [i64; 7] = [
    HOUR_MS,
    3 * HOUR_MS,
    6 * HOUR_MS,
    12 * HOUR_MS,
    DAY_MS,
    2 * DAY_MS,
    7 * DAY_MS,
];
const MIN_TICK_SPACING: f32 = 70.0;

/// Zoom and pan are the view's own state; a pick is an action.
#[must_use]
pub fn show(
    ui: &mut egui::Ui,
    s: Shared<'_>,
    state: &mut State,
    target: Target,
) -> Vec<app::Action> {
    let tr = s.tr;
    let mut actions = Vec::new();
    if let Some(v) = target
        .tenant()
        .and(s.lacks(ocp_api::Operation::GetTenantBackupInfo))
    {
        ui.weak(tr.versions.tenant_info_from_cluster(v));
    }
    let Some(loaded) = s.data.timelines.get(&target) else {
        loading(ui, tr);
        return actions;
    };
    if let Some(e) = &loaded.error {
        errors::inline(ui, tr, e);
    }
    let Some(timeline) = &loaded.value else {
        if loaded.error.is_none() {
            loading(ui, tr);
        }
        return actions;
    };
    let view = &mut state.view;
    if view.target != Some(target) {
        *view = TimelineView {
            target: Some(target),
            ..Default::default()
        };
    }
    ui.horizontal(|ui| {
        ui.label(tr.timeline_counts(
            timeline.recoverable.len(),
            timeline.points.len(),
            timeline.logs.len(),
        ));
        if ui
            .add_enabled(view.zoom.is_some(), egui::Button::new(tr.reset_zoom))
            .clicked()
        {
            view.zoom = None;
        }
    });
    ui.label(RichText::new(tr.timeline_hint).weak());
    ui.add_space(4.0);
    if timeline.is_empty() {
        view.plot_rect = None;
        ui.label(tr.no_backups_seven_days);
        return actions;
    }
    let picked = state
        .restore_point
        .as_ref()
        .map(|t| t.to_utc().timestamp_millis());
    if let Some(ms) = strip(ui, tr, &s.fmt, timeline, &mut state.view, picked) {
        actions.push(Action::PickRestorePoint(ms).into());
    }
    ui.add_space(6.0);
    match (&state.restore_point, state.restore_point_missed) {
        (Some(at), _) => {
            ui.horizontal(|ui| {
                ui.label(RichText::new(tr.picked_restore_point).strong());
                ui.colored_label(PICK_COLOR, s.fmt.time(at))
                    .on_hover_text(Format::time_tip(at));
            });
        }
        (None, true) => {
            ui.colored_label(ui.visuals().warn_fg_color, tr.not_recoverable);
        }
        (None, false) => {
            ui.label(tr.no_restore_point);
        }
    }
    actions
}

fn loading(ui: &mut egui::Ui, tr: &crate::i18n::Tr) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(tr.loading);
    });
}

/// The recoverable-time strip: data backup points, log backup ranges and recoverable
/// intervals, with `picked` marked. Used by the timeline tab and the restore wizard, each with
/// its own zoom (`view`). Returns the instant clicked (ms since the epoch), if any.
pub fn strip(
    ui: &mut egui::Ui,
    tr: &crate::i18n::Tr,
    fmt: &Format,
    timeline: &Timeline,
    view: &mut TimelineView,
    picked: Option<i64>,
) -> Option<i64> {
    let mut clicked = None;
    let height = 3.0 * LANE_HEIGHT + AXIS_HEIGHT;
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click_and_drag());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::Image, true, tr.timeline_label)
    });
    let plot = Rect::from_min_max(
        pos2(rect.left() + LABEL_WIDTH, rect.top()),
        pos2(rect.right() - 8.0, rect.bottom() - AXIS_HEIGHT),
    );
    let width = plot.width().max(1.0);
    let (mut a, mut b) = view.zoom.unwrap_or(timeline.span);

    // A click picks with the range the user saw.
    if response.clicked()
        && let Some(pos) = response.interact_pointer_pos()
        && plot.contains(pos)
    {
        clicked = Some(ms_at(a, b, plot, pos.x));
    }
    // Wheel (or pinch) zooms around the pointer; drag pans.
    if let Some(pos) = response.hover_pos().filter(|p| plot.contains(*p)) {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = zoom as f64 * (scroll as f64 * 0.003).exp();
        if (factor - 1.0).abs() > 1e-6 {
            let max_span = (timeline.span.1 - timeline.span.0).max(MIN_SPAN_MS) * 4;
            let span = (((b - a) as f64 / factor) as i64).clamp(MIN_SPAN_MS, max_span);
            let frac = ((pos.x - plot.left()) / width) as f64;
            let at = ms_at(a, b, plot, pos.x);
            a = at - (frac * span as f64) as i64;
            b = a + span;
            view.zoom = Some((a, b));
        }
    }
    if response.dragged() {
        let dx = response.drag_delta().x;
        if dx != 0.0 {
            let shift = (-(dx as f64) / width as f64 * (b - a) as f64) as i64;
            a += shift;
            b += shift;
            view.zoom = Some((a, b));
        }
    }
    view.plot_rect = Some(plot);
    view.shown = (a, b);

    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    let text_color = visuals.text_color();
    let grid = visuals.widgets.noninteractive.bg_stroke;
    let font = FontId::proportional(12.0);
    painter.rect_filled(plot, 2.0, visuals.extreme_bg_color);
    let lane = |i: usize| {
        Rect::from_min_size(
            pos2(plot.left(), plot.top() + i as f32 * LANE_HEIGHT),
            vec2(plot.width(), LANE_HEIGHT),
        )
    };
    let labels = [
        tr.lane_data_points,
        tr.lane_log_backups,
        tr.lane_recoverable,
    ];
    for (i, label) in labels.into_iter().enumerate() {
        let r = lane(i);
        painter.text(
            pos2(rect.left() + 4.0, r.center().y),
            Align2::LEFT_CENTER,
            label,
            font.clone(),
            text_color,
        );
        if i > 0 {
            painter.hline(plot.x_range(), r.top(), grid);
        }
    }

    // Day (or finer) ticks in the display zone (its offset at the end of the view).
    let offset = DateTime::from_timestamp_millis(b).map_or_else(
        || FixedOffset::east_opt(0).expect("UTC"),
        |t| fmt.offset_at(t),
    );
    let off_ms = offset.local_minus_utc() as i64 * 1000;
    let step = TICK_STEPS
        .into_iter()
        .find(|s| *s as f64 / (b - a) as f64 * width as f64 >= MIN_TICK_SPACING as f64)
        .unwrap_or(7 * DAY_MS);
    let mut tick = (a + off_ms).div_euclid(step) * step - off_ms;
    if tick < a {
        tick += step;
    }
    while tick <= b {
        let x = x_of(a, b, plot, tick);
        painter.vline(x, plot.y_range(), grid);
        let local = local_time(tick, offset);
        let format = if (tick + off_ms).rem_euclid(DAY_MS) == 0 {
            "%m-%d"
        } else {
            "%H:%M"
        };
        painter.text(
            pos2(x, plot.bottom() + 3.0),
            Align2::CENTER_TOP,
            local
                .map(|t| t.format(format).to_string())
                .unwrap_or_default(),
            font.clone(),
            text_color,
        );
        tick += step;
    }

    // Lanes: recoverable intervals, log ranges, then data points on top.
    let range_rect = |r: &TimelineRange, lane: Rect| {
        let x0 = x_of(a, b, plot, r.start_ms).max(plot.left());
        let x1 = x_of(a, b, plot, r.end_ms).min(plot.right()).max(x0 + 1.0);
        Rect::from_x_y_ranges(x0..=x1, lane.top() + 8.0..=lane.bottom() - 8.0)
    };
    for (ranges, i, color) in [
        (&timeline.logs, 1, LOG_COLOR),
        (&timeline.recoverable, 2, RECOVERABLE_COLOR),
    ] {
        let l = lane(i);
        for r in ranges.iter().filter(|r| r.end_ms >= a && r.start_ms <= b) {
            painter.rect_filled(range_rect(r, l), 2.0, color);
        }
    }
    let data_lane = lane(0);
    let y = data_lane.center().y;
    // Incremental points as thin ticks, full points as dots drawn over them.
    for full in [false, true] {
        for p in timeline
            .points
            .iter()
            .filter(|p| p.full == full && p.ms >= a && p.ms <= b)
        {
            let x = x_of(a, b, plot, p.ms);
            if full {
                painter.circle_filled(pos2(x, y), 5.0, FULL_COLOR);
            } else {
                painter.rect_filled(
                    Rect::from_center_size(pos2(x, y), vec2(2.0, 14.0)),
                    0.0,
                    INCREMENTAL_COLOR,
                );
            }
        }
    }
    if let Some(ms) = picked.filter(|ms| (a..=b).contains(ms)) {
        painter.vline(
            x_of(a, b, plot, ms),
            plot.y_range(),
            Stroke::new(2.0, PICK_COLOR),
        );
    }

    // Hover: the instant under the pointer and the item there.
    if let Some(pos) = response.hover_pos().filter(|p| plot.contains(*p)) {
        painter.vline(pos.x, plot.y_range(), Stroke::new(1.0, text_color));
        let ms = ms_at(a, b, plot, pos.x);
        let item = hover_item(tr, fmt, timeline, a, b, plot, pos);
        let pointer = DateTime::from_timestamp_millis(ms)
            .map(|t| fmt.instant(t))
            .unwrap_or_default();
        response.on_hover_ui_at_pointer(|ui| {
            ui.label(format!("{} {pointer}", tr.pointer_at));
            if let Some(item) = item {
                ui.label(item);
            }
        });
    }
    clicked
}

fn hover_item(
    tr: &crate::i18n::Tr,
    fmt: &Format,
    timeline: &Timeline,
    a: i64,
    b: i64,
    plot: Rect,
    pos: Pos2,
) -> Option<String> {
    let ms = ms_at(a, b, plot, pos.x);
    let lane = ((pos.y - plot.top()) / LANE_HEIGHT) as usize;
    let range = |r: &TimelineRange, what: &str| {
        format!("{what}: {} → {}", fmt.time(&r.start), fmt.time(&r.end))
    };
    match lane {
        0 => timeline
            .points
            .iter()
            .map(|p| ((x_of(a, b, plot, p.ms) - pos.x).abs(), p))
            .filter(|(d, _)| *d <= 6.0)
            .min_by(|x, y| x.0.total_cmp(&y.0))
            .map(|(_, p)| {
                let kind = if p.full {
                    tr.point_full
                } else {
                    tr.point_incremental
                };
                format!("{kind}: {}", fmt.time(&p.at))
            }),
        1 => timeline
            .logs
            .iter()
            .find(|r| r.contains(ms))
            .map(|r| range(r, tr.log_range)),
        2 => timeline
            .recoverable_at(ms)
            .map(|r| range(r, tr.recoverable_range)),
        _ => None,
    }
}

fn x_of(a: i64, b: i64, plot: Rect, ms: i64) -> f32 {
    plot.left() + ((ms - a) as f64 / (b - a).max(1) as f64) as f32 * plot.width()
}

fn ms_at(a: i64, b: i64, plot: Rect, x: f32) -> i64 {
    a + (((x - plot.left()) / plot.width().max(1.0)) as f64 * (b - a) as f64).round() as i64
}

fn local_time(ms: i64, offset: FixedOffset) -> Option<DateTime<FixedOffset>> {
    DateTime::from_timestamp_millis(ms).map(|t| t.with_timezone(&offset))
}

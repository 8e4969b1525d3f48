//! Every UI string in English and 简体中文. One struct, two values: a string missing in either
//! language is a compile error, not a blank label.

use serde::{Deserialize, Serialize};

use crate::ui::format::TimeZone;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub fn tr(self) -> &'static Tr {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }

    /// `Accept-Language` for OCP, which localises its messages.
    pub fn http_tag(self) -> &'static str {
        match self {
            Lang::En => "en-US",
            Lang::Zh => "zh-CN",
        }
    }

    /// Picks the English or Chinese text of a spec description.
    pub fn pick(self, text: ocp_api::docs::Bilingual) -> &'static str {
        match self {
            Lang::En => text.en,
            Lang::Zh if text.zh.is_empty() => text.en,
            Lang::Zh => text.zh,
        }
    }
}

/// The plain labels of one language, as fields; texts with values in them are the functions of
/// `impl Tr` below, which match on `lang`.
pub struct Tr {
    pub lang: Lang,
    /// The backup health home's texts.
    pub health: &'static crate::health::texts::HealthTr,
    pub app_title: &'static str,
    pub demo_suffix: &'static str,
    pub language: &'static str,
    pub time_zone: &'static str,
    pub zone_ocp: &'static str,
    pub zone_local: &'static str,
    pub zone_utc: &'static str,
    pub theme: &'static str,
    pub theme_system: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    pub refresh: &'static str,
    pub connection: &'static str,
    pub connections: &'static str,
    pub connected_to: &'static str,
    pub not_connected: &'static str,
    pub demo_connection: &'static str,
    // Navigator
    pub clusters: &'static str,
    pub filter: &'static str,
    pub no_clusters: &'static str,
    pub loading: &'static str,
    pub tenants_of: &'static str,
    pub badge_no_strategy: &'static str,
    pub badge_paused: &'static str,
    pub badge_scheduled: &'static str,
    pub never: &'static str,
    pub log_delay: &'static str,
    pub log_backup_delay: &'static str,
    pub weekdays: [&'static str; 7],
    pub last_backup: &'static str,
    // Tabs
    pub tab_overview: &'static str,
    pub tab_data_tasks: &'static str,
    pub tab_log_tasks: &'static str,
    pub tab_restore_tasks: &'static str,
    pub tab_task_instance: &'static str,
    pub select_something: &'static str,
    // Overview
    pub cluster: &'static str,
    pub tenant: &'static str,
    pub ob_version: &'static str,
    pub cluster_type: &'static str,
    pub status: &'static str,
    pub backup_ability: &'static str,
    pub backup_mode: &'static str,
    pub full_backup: &'static str,
    pub incremental_backup: &'static str,
    pub enabled: &'static str,
    pub disabled: &'static str,
    pub hint: &'static str,
    pub strategy: &'static str,
    pub no_strategy: &'static str,
    pub schedule: &'static str,
    pub schedule_status: &'static str,
    pub schedule_days: &'static str,
    pub schedule_time: &'static str,
    pub log_backup: &'static str,
    pub storage: &'static str,
    pub last_data_backup: &'static str,
    pub latest_log_checkpoint: &'static str,
    pub backup_size: &'static str,
    pub seconds: &'static str,
    // Backup now
    pub backup_now: &'static str,
    pub backup_now_title: &'static str,
    pub backup_now_explain: &'static str,
    pub backup_type: &'static str,
    pub start_backup: &'static str,
    pub cancel: &'static str,
    pub close: &'static str,
    pub incremental_needs_full: &'static str,
    pub in_flight: &'static str,
    pub needs_strategy: &'static str,
    // Tasks
    pub task_id: &'static str,
    pub backup_set: &'static str,
    pub backup_set_id_filter: &'static str,
    pub start_time: &'static str,
    pub finish_time: &'static str,
    pub end_time: &'static str,
    pub duration: &'static str,
    pub error: &'static str,
    pub created: &'static str,
    pub checkpoint: &'static str,
    pub delay: &'static str,
    pub uri: &'static str,
    pub restore_cluster: &'static str,
    pub restore_tenant: &'static str,
    pub source_tenant: &'static str,
    pub restore_point: &'static str,
    pub progress: &'static str,
    pub status_filter: &'static str,
    pub status_filter_cluster_note: &'static str,
    pub time_from: &'static str,
    pub time_to: &'static str,
    pub time_format_hint: &'static str,
    pub range_24h: &'static str,
    pub range_7d: &'static str,
    pub range_30d: &'static str,
    pub range_custom: &'static str,
    pub cause_title: &'static str,
    pub cause_code: &'static str,
    pub cause_message: &'static str,
    pub cause_trace_id: &'static str,
    pub cause_none: &'static str,
    pub cause_hint: &'static str,
    pub apply: &'static str,
    pub clear: &'static str,
    pub page_size: &'static str,
    pub previous: &'static str,
    pub fetch_all: &'static str,
    pub auto_refresh: &'static str,
    pub export_csv: &'static str,
    pub no_rows: &'static str,
    pub invalid_time: &'static str,
    pub invalid_number: &'static str,
    // Task instance
    pub task_instance: &'static str,
    pub open_task_instance: &'static str,
    pub name: &'static str,
    pub run_time: &'static str,
    pub followed_tasks: &'static str,
    // Connections
    pub profile_name: &'static str,
    pub base_url: &'static str,
    pub auth_method: &'static str,
    pub auth_basic: &'static str,
    pub auth_aksk: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub access_key_id: &'static str,
    pub access_key_secret: &'static str,
    pub show_secret: &'static str,
    pub ca_certificate: &'static str,
    pub pick_file: &'static str,
    pub timeout_seconds: &'static str,
    pub accept_invalid_certs: &'static str,
    pub accept_invalid_certs_warning: &'static str,
    pub test_connection: &'static str,
    pub save: &'static str,
    pub connect: &'static str,
    pub delete: &'static str,
    pub new_profile: &'static str,
    pub secret_in_keyring: &'static str,
    pub secret_this_run: &'static str,
    pub secret_needed: &'static str,
    pub required: &'static str,
    pub invalid_url: &'static str,
    pub url_user_info: &'static str,
    pub plain_http_warning: &'static str,
    pub secrets_file_private: &'static str,
    // Errors
    pub errors: &'static str,
    pub error_code: &'static str,
    pub trace_id: &'static str,
    pub copy: &'static str,
    pub dismiss: &'static str,
    pub err_dns: &'static str,
    pub err_tls: &'static str,
    pub err_connect: &'static str,
    pub err_timeout: &'static str,
    pub err_unauthorized: &'static str,
    pub err_forbidden: &'static str,
    pub err_protocol: &'static str,
    pub err_invalid: &'static str,
    pub err_ocp: &'static str,
    // Strategy editor
    pub tab_strategy: &'static str,
    pub physical_backup: &'static str,
    pub logical_backup: &'static str,
    pub config_name: &'static str,
    pub storage_type: &'static str,
    pub storage_url: &'static str,
    pub endpoint: &'static str,
    pub app_id: &'static str,
    pub region: &'static str,
    pub alarm_threshold: &'static str,
    pub schedule_cycle: &'static str,
    pub weekly: &'static str,
    pub monthly: &'static str,
    pub day_none: &'static str,
    pub calendar_hint: &'static str,
    pub time_of_day: &'static str,
    pub utc_offset: &'static str,
    pub start_log_backup: &'static str,
    pub clean_enabled: &'static str,
    pub retention_days: &'static str,
    pub thresholds: &'static str,
    pub timeout_minutes: &'static str,
    pub no_success_days: &'static str,
    pub log_delay_seconds: &'static str,
    pub secondary_backup: &'static str,
    pub create_strategy: &'static str,
    pub review_changes: &'static str,
    pub delete_strategy: &'static str,
    pub pause_schedule: &'static str,
    pub resume_schedule: &'static str,
    pub discard_edits: &'static str,
    pub no_strategy_yet: &'static str,
    pub review_title: &'static str,
    pub field: &'static str,
    pub old_value: &'static str,
    pub new_value: &'static str,
    pub send_changes: &'static str,
    pub nothing_changed: &'static str,
    pub secret_changed: &'static str,
    pub confirm_delete_title: &'static str,
    pub confirm_pause_title: &'static str,
    pub confirm_resume_title: &'static str,
    pub confirm_delete: &'static str,
    pub confirm_pause: &'static str,
    pub confirm_resume: &'static str,
    pub strategy_saved: &'static str,
    pub strategy_deleted: &'static str,
    pub schedule_paused: &'static str,
    pub schedule_resumed: &'static str,
    pub err_config_name: &'static str,
    pub err_percent: &'static str,
    pub err_need_full_day: &'static str,
    pub err_time_of_day: &'static str,
    pub err_utc_offset: &'static str,
    pub err_positive: &'static str,
    pub err_unknown_choice: &'static str,
    pub err_storage_protocol: &'static str,
    pub err_secondary_cluster_only: &'static str,
    pub secondary_enable: &'static str,
    pub secondary_data: &'static str,
    pub secondary_log: &'static str,
    pub secondary_period: &'static str,
    pub once_a_day: &'static str,
    pub once_an_hour: &'static str,
    pub secondary_storage: &'static str,
    pub export_json: &'static str,
    pub import_json: &'static str,
    pub include_secrets: &'static str,
    pub include_secrets_hint: &'static str,
    pub export_invalid: &'static str,
    pub review_create_title: &'static str,
    pub send_create: &'static str,
    // Recoverable-time timeline
    pub tab_timeline: &'static str,
    pub timeline_label: &'static str,
    pub lane_data_points: &'static str,
    pub lane_log_backups: &'static str,
    pub lane_recoverable: &'static str,
    pub point_full: &'static str,
    pub point_incremental: &'static str,
    pub log_range: &'static str,
    pub recoverable_range: &'static str,
    pub reset_zoom: &'static str,
    pub timeline_hint: &'static str,
    pub pointer_at: &'static str,
    pub picked_restore_point: &'static str,
    pub not_recoverable: &'static str,
    pub no_restore_point: &'static str,
    pub no_backups_seven_days: &'static str,
    pub restore: &'static str,
    pub restore_title: &'static str,
    pub restore_step: &'static str,
    pub restore_step_names_0: &'static str,
    pub restore_step_names_1: &'static str,
    pub restore_step_names_2: &'static str,
    pub restore_step_names_3: &'static str,
    pub restore_step_names_4: &'static str,
    pub restore_source: &'static str,
    pub restore_time: &'static str,
    pub restore_time_hint: &'static str,
    pub restore_time_invalid: &'static str,
    pub restore_time_outside: &'static str,
    pub restore_no_intervals: &'static str,
    pub recoverable_intervals: &'static str,
    pub restore_target_cluster: &'static str,
    pub restore_choose_cluster: &'static str,
    pub restore_tenant_name: &'static str,
    pub restore_name_exists: &'static str,
    pub restore_name_invalid: &'static str,
    pub restore_zones: &'static str,
    pub restore_zone: &'static str,
    pub replica_type: &'static str,
    pub unit_spec: &'static str,
    pub unit_count: &'static str,
    pub unit_count_invalid: &'static str,
    pub unit_spec_empty: &'static str,
    pub primary_zone: &'static str,
    pub primary_zone_invalid: &'static str,
    pub restore_no_zones: &'static str,
    pub restore_preview_items: &'static str,
    pub backup_type_col: &'static str,
    pub backup_id_col: &'static str,
    pub backup_path_col: &'static str,
    pub restore_summary: &'static str,
    pub restore_confirm_button: &'static str,
    pub back: &'static str,
    pub next_step: &'static str,
    pub next: &'static str,
    pub restore_finished: &'static str,
    // Restore wizard: offline source, restore sources
    pub restore_source_kind: &'static str,
    pub restore_source_online: &'static str,
    pub restore_source_online_none: &'static str,
    pub restore_source_offline: &'static str,
    pub restore_offline_tag: &'static str,
    pub restore_backup_cluster_name: &'static str,
    pub restore_backup_tenant_name: &'static str,
    pub restore_ob_cluster_id: &'static str,
    pub restore_ob_tenant_id: &'static str,
    pub restore_not_an_id: &'static str,
    pub restore_offline_storage: &'static str,
    pub restore_offline_incomplete: &'static str,
    pub restore_offline_time_hint: &'static str,
    pub restore_storage: &'static str,
    pub restore_sources_title: &'static str,
    pub restore_sources_hint: &'static str,
    pub restore_sources_paths: &'static str,
    pub restore_sources_add: &'static str,
    pub restore_sources_clear: &'static str,
    pub restore_sources_clear_confirm: &'static str,
    pub restore_sources_keep: &'static str,
    pub restore_sources_added: &'static str,
    pub restore_sources_added_ok: &'static str,
    pub restore_sources_cleared: &'static str,
    /// The restore wizard's point in time and objects, restoring again, a restore's details.
    pub restore_texts: &'static crate::restore::texts::RestoreTexts,
    /// What an older OCP lacks, and what stands in for it.
    pub versions: &'static VersionTexts,
}

/// English nouns: `one` for exactly one, `many` otherwise ("1 task", "0 tasks", "3 tasks").
fn plural<'a>(n: impl Into<i64>, one: &'a str, many: &'a str) -> &'a str {
    if n.into() == 1 { one } else { many }
}

/// Task IDs as a reader writes them: `101, 102` / `101、102`.
fn id_list(ids: &[i64], separator: &str) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

/// Texts with values in them. Each is one function with named arguments; each language places
/// them where its grammar wants (`Day 15` / `15日`), and English counts take their plural.
impl Tr {
    /// The name of a display time zone.
    pub fn time_zone_name(&self, zone: TimeZone) -> &'static str {
        match zone {
            TimeZone::Ocp => self.zone_ocp,
            TimeZone::Local => self.zone_local,
            TimeZone::Utc => self.zone_utc,
        }
    }

    /// The header of a selected cluster.
    pub fn cluster_title(&self, cluster: &str) -> String {
        match self.lang {
            Lang::En => format!("Cluster {cluster}"),
            Lang::Zh => format!("集群 {cluster}"),
        }
    }

    /// The header of a selected tenant.
    pub fn tenant_title(&self, tenant: &str, cluster: &str) -> String {
        match self.lang {
            Lang::En => format!("Tenant {tenant} (Cluster {cluster})"),
            Lang::Zh => format!("租户 {tenant} (集群 {cluster})"),
        }
    }

    /// A day of a monthly schedule (`day`: 1–31).
    pub fn month_day(&self, day: &str) -> String {
        match self.lang {
            Lang::En => format!("Day {day}"),
            Lang::Zh => format!("{day}日"),
        }
    }

    pub fn page_of(&self, page: i64, pages: i64) -> String {
        match self.lang {
            Lang::En => format!("Page {page} / {pages}"),
            Lang::Zh => format!("第 {page} / {pages} 页"),
        }
    }

    /// Rows in the table out of all the server has.
    pub fn rows_shown(&self, shown: usize, total: i64) -> String {
        match self.lang {
            Lang::En => format!("{shown} {} of {total}", plural(shown as i64, "row", "rows")),
            Lang::Zh => format!("{shown} 条，共 {total} 条"),
        }
    }

    pub fn subtasks_done(&self, done: usize, total: usize) -> String {
        match self.lang {
            Lang::En => {
                let noun = plural(total as i64, "subtask", "subtasks");
                format!("{done} / {total} {noun}")
            }
            Lang::Zh => format!("{done} / {total} 子任务"),
        }
    }

    pub fn backup_started(&self, tasks: &[i64]) -> String {
        match self.lang {
            Lang::En => format!(
                "Backup started; following {} {}",
                plural(tasks.len() as i64, "task", "tasks"),
                id_list(tasks, ", ")
            ),
            Lang::Zh => format!("备份已发起，正在跟踪任务 {}", id_list(tasks, "、")),
        }
    }

    pub fn restore_started(&self, tasks: &[i64]) -> String {
        match self.lang {
            Lang::En => format!(
                "Restore started; {} {}",
                plural(tasks.len() as i64, "task", "tasks"),
                id_list(tasks, ", ")
            ),
            Lang::Zh => format!("恢复已开始；任务 {}", id_list(tasks, "、")),
        }
    }

    pub fn exported(&self, path: &std::path::Path) -> String {
        let path = path.display();
        match self.lang {
            Lang::En => format!("Exported {path}"),
            Lang::Zh => format!("已导出 {path}"),
        }
    }

    pub fn connection_ok(&self, clusters: usize) -> String {
        match self.lang {
            Lang::En => format!("Connection works; clusters visible: {clusters}"),
            Lang::Zh => format!("连接正常；可见集群数：{clusters}"),
        }
    }

    pub fn keyring_delete_failed(&self, error: &str) -> String {
        match self.lang {
            Lang::En => format!(
                "Could not remove the secret from the system keyring; remove the entry by hand: {error}"
            ),
            Lang::Zh => format!("无法从系统密钥环中删除密钥，请手动删除该条目：{error}"),
        }
    }

    pub fn keyring_save_failed(&self, error: &str) -> String {
        match self.lang {
            Lang::En => format!(
                "Could not store the secret in the system keyring; it is kept for this run only: {error}"
            ),
            Lang::Zh => format!("无法将密钥保存到系统密钥环，仅在本次运行中保留：{error}"),
        }
    }

    /// Above a followed task whose last refresh failed.
    pub fn poll_failed_following(&self, error: &str) -> String {
        match self.lang {
            Lang::En => format!("A refresh of a followed task failed; still following: {error}"),
            Lang::Zh => format!("刷新跟踪中的任务失败，仍在继续跟踪：{error}"),
        }
    }

    /// The notice of the same, naming the task.
    pub fn poll_failed_task(&self, task: i64, error: &str) -> String {
        match self.lang {
            Lang::En => {
                format!("A refresh of followed task #{task} failed; still following: {error}")
            }
            Lang::Zh => format!("刷新跟踪中的任务 #{task} 失败，仍在继续跟踪：{error}"),
        }
    }

    pub fn delete_stops(&self, target: &str) -> String {
        match self.lang {
            Lang::En => format!(
                "Scheduled data backups and log backup of {target} stop. Backups already taken stay in storage."
            ),
            Lang::Zh => {
                format!("{target} 的定时数据备份和日志备份将停止。已完成的备份仍保留在存储中。")
            }
        }
    }

    pub fn pause_stops(&self, target: &str) -> String {
        match self.lang {
            Lang::En => format!(
                "Scheduled data backups and log backup of {target} stop until the schedule is resumed."
            ),
            Lang::Zh => format!("{target} 的定时数据备份和日志备份将停止，直到恢复调度。"),
        }
    }

    pub fn resume_explain(&self, target: &str) -> String {
        match self.lang {
            Lang::En => format!(
                "Scheduled data backups of {target} start again at their next time; runs missed while paused are skipped."
            ),
            Lang::Zh => format!(
                "{target} 的定时数据备份将在下一个时间点重新开始；暂停期间错过的备份不会补做。"
            ),
        }
    }

    pub fn imported_note(&self, file: &str) -> String {
        match self.lang {
            Lang::En => {
                format!("Imported {file}. Nothing was sent: check the form, then review and send.")
            }
            Lang::Zh => format!("已导入 {file}。尚未发送任何请求：请检查表单，再审阅并发送。"),
        }
    }

    pub fn import_failed(&self, error: &str) -> String {
        match self.lang {
            Lang::En => format!("The file is not a backup strategy: {error}"),
            Lang::Zh => format!("该文件不是备份策略：{error}"),
        }
    }

    pub fn timeline_counts(&self, recoverable: usize, points: usize, logs: usize) -> String {
        match self.lang {
            Lang::En => format!(
                "{recoverable} {}, {points} {}, {logs} {}",
                plural(
                    recoverable as i64,
                    "recoverable interval",
                    "recoverable intervals"
                ),
                plural(points as i64, "data backup point", "data backup points"),
                plural(logs as i64, "log backup range", "log backup ranges"),
            ),
            Lang::Zh => {
                format!("{recoverable} 个可恢复区间，{points} 个数据备份点，{logs} 个日志备份区间")
            }
        }
    }

    pub fn restore_sources_clear_ask(&self, cluster: &str) -> String {
        match self.lang {
            Lang::En => format!(
                "Remove every restore source added by hand to cluster {cluster}? Restores into it will no longer read them."
            ),
            Lang::Zh => format!(
                "要删除为集群 {cluster} 手动添加的所有恢复源吗？恢复到该集群时将不再读取它们。"
            ),
        }
    }

    pub fn restore_sources_invalid(&self, path: &str) -> String {
        match self.lang {
            Lang::En => format!("Not a path with protocol (e.g. file:///obbackup/…): {path}"),
            Lang::Zh => format!("不是带协议前缀的路径（例如 file:///obbackup/…）：{path}"),
        }
    }
}

pub static EN: Tr = Tr {
    health: &crate::health::texts::EN,
    lang: Lang::En,
    app_title: "OCP Backup",
    demo_suffix: "DEMO — embedded simulator",
    language: "Language",
    time_zone: "Times in",
    zone_ocp: "OCP zone",
    zone_local: "This computer",
    zone_utc: "UTC",
    theme: "Theme",
    theme_system: "System",
    theme_light: "Light",
    theme_dark: "Dark",
    refresh: "Refresh",
    connection: "Connection",
    connections: "Connections",
    connected_to: "Connected to",
    not_connected: "Not connected",
    demo_connection: "Demo (embedded simulator)",
    clusters: "Clusters",
    filter: "Filter by name",
    no_clusters: "No clusters",
    loading: "Loading…",
    tenants_of: "Tenants",
    badge_no_strategy: "no strategy",
    badge_paused: "paused",
    badge_scheduled: "scheduled",
    never: "never",
    log_delay: "log delay",
    log_backup_delay: "Log backup delay",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    last_backup: "last backup",
    tab_overview: "Overview",
    tab_data_tasks: "Data backups",
    tab_log_tasks: "Log backups",
    tab_restore_tasks: "Restores",
    tab_task_instance: "OCP tasks",
    select_something: "Select a cluster or a tenant in the navigator.",
    cluster: "Cluster",
    tenant: "Tenant",
    ob_version: "OceanBase version",
    cluster_type: "Cluster type",
    status: "Status",
    backup_ability: "Backup ability",
    backup_mode: "Backup mode",
    full_backup: "Full",
    incremental_backup: "Incremental",
    enabled: "enabled",
    disabled: "disabled",
    hint: "Hint",
    strategy: "Backup strategy",
    no_strategy: "No backup strategy",
    schedule: "Schedule",
    schedule_status: "Schedule status",
    schedule_days: "Backup days",
    schedule_time: "Backup time",
    log_backup: "Log backup",
    storage: "Storage",
    last_data_backup: "Last data backup",
    latest_log_checkpoint: "Latest log checkpoint",
    backup_size: "Backup size",
    seconds: "s",
    backup_now: "Back up now…",
    backup_now_title: "Back up now",
    backup_now_explain: "Starts one data backup now, to the storage of the current strategy.",
    backup_type: "Backup type",
    start_backup: "Start backup",
    cancel: "Cancel",
    close: "Close",
    incremental_needs_full: "Incremental backup is not possible yet",
    in_flight: "Sending…",
    needs_strategy: "A backup needs a backup strategy (its storage is used).",
    task_id: "Task ID",
    backup_set: "Backup set",
    backup_set_id_filter: "Backup set ID",
    start_time: "Start",
    finish_time: "Finish",
    end_time: "End",
    duration: "Duration (s)",
    error: "Error",
    created: "Created",
    checkpoint: "Checkpoint",
    delay: "Delay (s)",
    uri: "URI",
    restore_cluster: "Target cluster",
    restore_tenant: "New tenant",
    source_tenant: "Source tenant",
    restore_point: "Restore point",
    progress: "Progress",
    status_filter: "Status",
    status_filter_cluster_note: "OCP offers no status filter for cluster-wide lists.",
    time_from: "From",
    time_to: "To",
    time_format_hint: "e.g. 2024-08-09 16:00",
    range_24h: "Last 24 h",
    range_7d: "Last 7 days",
    range_30d: "Last 30 days",
    range_custom: "Custom",
    cause_title: "Why it failed",
    cause_code: "Code",
    cause_message: "Message",
    cause_trace_id: "traceId",
    cause_none: "OCP gave no cause for this task.",
    cause_hint: "Click a failed row to see why it failed.",
    apply: "Apply",
    clear: "Clear",
    page_size: "Page size",
    previous: "< Previous",
    next: "Next >",
    fetch_all: "Fetch all pages",
    auto_refresh: "Auto-refresh while running",
    export_csv: "Export CSV…",
    no_rows: "No tasks match.",
    invalid_time: "Not a time: write 2024-08-09 16:00 (in the zone times are shown in) or give the offset, e.g. 2024-08-09T16:00:00+08:00",
    invalid_number: "Not a whole number",
    task_instance: "OCP task",
    open_task_instance: "Open task",
    name: "Name",
    run_time: "Run time (s)",
    followed_tasks: "Followed tasks",
    profile_name: "Profile name",
    base_url: "Base URL",
    auth_method: "Authentication",
    auth_basic: "User and password",
    auth_aksk: "AccessKey (AK/SK)",
    username: "User",
    password: "Password",
    access_key_id: "AccessKey ID",
    access_key_secret: "AccessKey secret",
    show_secret: "Show",
    ca_certificate: "Extra CA certificate (PEM)",
    pick_file: "Choose…",
    timeout_seconds: "Timeout (s)",
    accept_invalid_certs: "Accept invalid certificates (dangerous)",
    accept_invalid_certs_warning: "Anyone on the network path can read your credentials. Use only with a throw-away test OCP.",
    test_connection: "Test connection",
    save: "Save",
    connect: "Connect",
    delete: "Delete",
    new_profile: "New profile",
    secret_in_keyring: "The secret is kept in the system keyring.",
    secret_this_run: "No system keyring: the secret is kept for this run only.",
    secret_needed: "Enter the password or secret to connect.",
    required: "Required",
    invalid_url: "Expected http:// or https:// followed by a host",
    url_user_info: "No user name or password in the URL: enter them in the fields below (the secret goes to the keyring)",
    plain_http_warning: "This connection is plain http:// to another machine: the password or signed requests and OCP's answers travel unencrypted. Use https:// if this OCP offers it.",
    secrets_file_private: "On: the file holds the storage secrets and is written readable by you only (mode 0600 on Unix).",
    errors: "Errors",
    error_code: "Code",
    trace_id: "Trace ID",
    copy: "Copy",
    dismiss: "Dismiss",
    err_dns: "The host name could not be resolved (DNS).",
    err_tls: "The TLS handshake failed (certificate or CA).",
    err_connect: "Nothing accepted the connection.",
    err_timeout: "The server did not answer in time.",
    err_unauthorized: "OCP refused the credentials (401).",
    err_forbidden: "The user may not do this (403).",
    err_protocol: "The answer was not what the API describes.",
    err_invalid: "The request was not sent.",
    err_ocp: "OCP refused the request.",
    tab_strategy: "Strategy editor",
    physical_backup: "Physical",
    logical_backup: "Logical",
    config_name: "Storage config name",
    storage_type: "Storage type",
    storage_url: "Storage path",
    endpoint: "Endpoint",
    app_id: "AppId",
    region: "Region",
    alarm_threshold: "Storage alarm threshold (%)",
    schedule_cycle: "Cycle",
    weekly: "Weekly",
    monthly: "Monthly",
    day_none: "none",
    calendar_hint: "Click a day to cycle none → full → incremental.",
    time_of_day: "Start time (HH:MM)",
    utc_offset: "UTC offset",
    start_log_backup: "Log backup",
    clean_enabled: "Clean up expired backups",
    retention_days: "Keep backups (days)",
    thresholds: "Alert thresholds",
    timeout_minutes: "Backup timeout (minutes)",
    no_success_days: "Days without a successful backup",
    log_delay_seconds: "Log backup delay (seconds)",
    secondary_backup: "Secondary backup",
    create_strategy: "Create strategy",
    review_changes: "Review changes…",
    delete_strategy: "Delete strategy…",
    pause_schedule: "Pause schedule…",
    resume_schedule: "Resume schedule…",
    discard_edits: "Discard edits",
    no_strategy_yet: "No strategy yet: fill in the form and create one.",
    review_title: "Changes to send",
    field: "Field",
    old_value: "Now",
    new_value: "New",
    send_changes: "Send changes",
    nothing_changed: "Nothing changed; nothing was sent.",
    secret_changed: "(changed)",
    confirm_delete_title: "Delete the backup strategy?",
    confirm_pause_title: "Pause the backup schedule?",
    confirm_resume_title: "Resume the backup schedule?",
    confirm_delete: "Delete",
    confirm_pause: "Pause",
    confirm_resume: "Resume",
    strategy_saved: "Strategy saved.",
    strategy_deleted: "Strategy deleted.",
    schedule_paused: "Schedule paused.",
    schedule_resumed: "Schedule resumed.",
    err_config_name: "2–32 letters, digits or _, starting with a letter and ending with a letter or digit",
    err_percent: "a whole number from 0 to 100",
    err_need_full_day: "the cycle needs at least one full backup day",
    err_time_of_day: "a time such as 02:00 (HH:MM, 24-hour)",
    err_utc_offset: "an offset such as +08:00 or -05:30",
    err_positive: "a whole number of at least 1",
    err_unknown_choice: "not a value this app knows: pick one",
    err_storage_protocol: "the path without a protocol (OCP adds file://, oss://… itself)",
    err_secondary_cluster_only: "secondary backup exists for cluster strategies only",
    secondary_enable: "Copy backups to a second storage",
    secondary_data: "Copy data backups",
    secondary_log: "Copy log backups",
    secondary_period: "Log copy period",
    once_a_day: "Once a day",
    once_an_hour: "Once an hour",
    secondary_storage: "Secondary storage",
    export_json: "Export JSON…",
    import_json: "Import JSON…",
    include_secrets: "Include storage secrets in the export",
    include_secrets_hint: "Off: the file carries empty secrets and can be shared; importing it asks for them again.",
    export_invalid: "Fix the marked fields before exporting.",
    review_create_title: "Strategy to create",
    send_create: "Create",
    tab_timeline: "Recoverable times",
    timeline_label: "Recoverable time timeline",
    lane_data_points: "Data backups",
    lane_log_backups: "Log backups",
    lane_recoverable: "Recoverable",
    point_full: "Full data backup",
    point_incremental: "Incremental data backup",
    log_range: "Log backup",
    recoverable_range: "Recoverable interval",
    reset_zoom: "Reset zoom",
    timeline_hint: "Wheel: zoom · drag: pan · click inside a recoverable interval to pick the restore point.",
    pointer_at: "Pointer:",
    picked_restore_point: "Restore point:",
    not_recoverable: "Not recoverable: that instant is outside every recoverable interval.",
    no_restore_point: "No restore point picked.",
    no_backups_seven_days: "No backups in the last seven days.",
    restore: "Restore…",
    restore_title: "Restore a tenant",
    restore_step: "Step",
    restore_step_names_0: "Source",
    restore_step_names_1: "Point in time",
    restore_step_names_2: "Target",
    restore_step_names_3: "Preview",
    restore_step_names_4: "Confirm",
    restore_source: "Source tenant",
    restore_time: "Restore to",
    restore_time_hint: "A time in the zone times are shown in (e.g. 2024-04-06 10:00:00), or with its offset (2024-04-06T10:00:00+08:00); it must lie in a recoverable interval.",
    restore_time_invalid: "Not a valid time (expected e.g. 2024-04-06 10:00:00 or 2024-04-06T10:00:00+08:00)",
    restore_time_outside: "Outside every recoverable interval",
    restore_no_intervals: "No recoverable interval in the last seven days",
    recoverable_intervals: "Recoverable intervals",
    restore_target_cluster: "Target cluster",
    restore_choose_cluster: "Choose a cluster",
    restore_tenant_name: "New tenant name",
    restore_name_exists: "A tenant with this name exists in the target cluster",
    restore_name_invalid: "2–64 letters, digits or _, starting with a letter",
    restore_zones: "Zones",
    restore_zone: "Zone",
    replica_type: "Replica type",
    unit_spec: "Unit spec",
    unit_count: "Unit count",
    unit_count_invalid: "Unit count must be 1–100",
    unit_spec_empty: "Unit spec must not be empty",
    primary_zone: "Primary zone",
    primary_zone_invalid: "Primary zone must name the tenant's zones",
    restore_no_zones: "The target cluster's zones are not known yet",
    restore_preview_items: "Backup sets and log pieces to read",
    backup_type_col: "Type",
    backup_id_col: "ID",
    backup_path_col: "Path",
    restore_summary: "Check before restoring",
    restore_confirm_button: "Restore",
    back: "Back",
    next_step: "Next",
    restore_finished: "Restore finished; tenants reloaded",
    restore_source_kind: "Restore from",
    restore_source_online: "The tenant selected in the navigator",
    restore_source_online_none: "Select a tenant in the navigator to restore it from OCP's records.",
    restore_source_offline: "Backup files of a tenant OCP no longer manages",
    restore_offline_tag: "backup files only",
    restore_backup_cluster_name: "Source cluster name",
    restore_backup_tenant_name: "Source tenant name",
    restore_ob_cluster_id: "OB cluster ID (optional)",
    restore_ob_tenant_id: "OB tenant ID (optional)",
    restore_not_an_id: "A positive whole number, or nothing",
    restore_offline_storage: "Where the backup files are",
    restore_offline_incomplete: "The offline source is incomplete",
    restore_offline_time_hint: "An OCP time, e.g. 2024-04-06T10:00:00+08:00. The recoverable times of backup files are not known here: OCP checks the time when previewing.",
    restore_storage: "Backup storage",
    restore_sources_title: "Restore sources added by hand",
    restore_sources_hint: "If the preview misses backup sets or log pieces, add their paths for the target cluster, one per line, with protocol.",
    restore_sources_paths: "Backup paths",
    restore_sources_add: "Add sources",
    restore_sources_clear: "Clear added sources…",
    restore_sources_clear_confirm: "Clear sources",
    restore_sources_keep: "Keep them",
    restore_sources_added: "Added while this wizard is open:",
    restore_sources_added_ok: "Restore sources added",
    restore_sources_cleared: "Restore sources cleared",
    restore_texts: &crate::restore::texts::EN,
    versions: &VERSIONS_EN,
};

pub static ZH: Tr = Tr {
    health: &crate::health::texts::ZH,
    lang: Lang::Zh,
    app_title: "OCP 备份",
    demo_suffix: "演示模式 — 内置模拟器",
    language: "语言",
    time_zone: "时间显示",
    zone_ocp: "OCP 时区",
    zone_local: "本机时区",
    zone_utc: "UTC",
    theme: "主题",
    theme_system: "跟随系统",
    theme_light: "浅色",
    theme_dark: "深色",
    refresh: "刷新",
    connection: "连接",
    connections: "连接管理",
    connected_to: "已连接到",
    not_connected: "未连接",
    demo_connection: "演示（内置模拟器）",
    clusters: "集群",
    filter: "按名称筛选",
    no_clusters: "没有集群",
    loading: "加载中…",
    tenants_of: "租户",
    badge_no_strategy: "无策略",
    badge_paused: "已暂停",
    badge_scheduled: "调度中",
    never: "从未",
    log_delay: "日志延迟",
    log_backup_delay: "日志备份延迟",
    weekdays: ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
    last_backup: "最近备份",
    tab_overview: "概览",
    tab_data_tasks: "数据备份",
    tab_log_tasks: "日志备份",
    tab_restore_tasks: "恢复",
    tab_task_instance: "OCP 任务",
    select_something: "请在左侧导航中选择一个集群或租户。",
    cluster: "集群",
    tenant: "租户",
    ob_version: "OceanBase 版本",
    cluster_type: "集群类型",
    status: "状态",
    backup_ability: "备份能力",
    backup_mode: "备份方式",
    full_backup: "全量",
    incremental_backup: "增量",
    enabled: "已开启",
    disabled: "未开启",
    hint: "提示",
    strategy: "备份策略",
    no_strategy: "没有备份策略",
    schedule: "调度",
    schedule_status: "调度状态",
    schedule_days: "备份日",
    schedule_time: "备份时间",
    log_backup: "日志备份",
    storage: "存储",
    last_data_backup: "最近数据备份",
    latest_log_checkpoint: "最新日志位点",
    backup_size: "备份大小",
    seconds: "秒",
    backup_now: "立即备份…",
    backup_now_title: "立即备份",
    backup_now_explain: "立即发起一次数据备份，备份到当前策略的存储中。",
    backup_type: "备份类型",
    start_backup: "开始备份",
    cancel: "取消",
    close: "关闭",
    incremental_needs_full: "暂时不能进行增量备份",
    in_flight: "提交中…",
    needs_strategy: "备份需要备份策略（使用其存储配置）。",
    task_id: "任务 ID",
    backup_set: "备份集",
    backup_set_id_filter: "备份集 ID",
    start_time: "开始",
    finish_time: "结束",
    end_time: "截止",
    duration: "耗时（秒）",
    error: "错误",
    created: "创建",
    checkpoint: "位点",
    delay: "延迟（秒）",
    uri: "路径",
    restore_cluster: "目标集群",
    restore_tenant: "新租户",
    source_tenant: "源租户",
    restore_point: "恢复时间点",
    progress: "进度",
    status_filter: "状态",
    status_filter_cluster_note: "OCP 的集群级列表不支持按状态筛选。",
    time_from: "从",
    time_to: "到",
    time_format_hint: "例如 2024-08-09 16:00",
    range_24h: "最近 24 小时",
    range_7d: "最近 7 天",
    range_30d: "最近 30 天",
    range_custom: "自定义",
    cause_title: "失败原因",
    cause_code: "错误码",
    cause_message: "信息",
    cause_trace_id: "traceId",
    cause_none: "OCP 未返回该任务的失败原因。",
    cause_hint: "点击失败的行查看失败原因。",
    apply: "应用",
    clear: "清除",
    page_size: "每页条数",
    previous: "< 上一页",
    next: "下一页 >",
    fetch_all: "获取全部页",
    auto_refresh: "运行中自动刷新",
    export_csv: "导出 CSV…",
    no_rows: "没有符合条件的任务。",
    invalid_time: "不是有效时间：请写 2024-08-09 16:00（按当前显示时区）或带上时区偏移，例如 2024-08-09T16:00:00+08:00",
    invalid_number: "需要整数",
    task_instance: "OCP 任务",
    open_task_instance: "打开任务",
    name: "名称",
    run_time: "运行时长（秒）",
    followed_tasks: "跟踪中的任务",
    profile_name: "配置名称",
    base_url: "服务地址",
    auth_method: "认证方式",
    auth_basic: "用户名和密码",
    auth_aksk: "AccessKey（AK/SK）",
    username: "用户名",
    password: "密码",
    access_key_id: "AccessKey ID",
    access_key_secret: "AccessKey Secret",
    show_secret: "显示",
    ca_certificate: "额外的 CA 证书（PEM）",
    pick_file: "选择…",
    timeout_seconds: "超时（秒）",
    accept_invalid_certs: "接受无效证书（危险）",
    accept_invalid_certs_warning: "网络路径上的任何人都能读取你的凭据。只用于可丢弃的测试 OCP。",
    test_connection: "测试连接",
    save: "保存",
    connect: "连接",
    delete: "删除",
    new_profile: "新建配置",
    secret_in_keyring: "密钥保存在系统密钥环中。",
    secret_this_run: "没有系统密钥环：密钥只在本次运行中保留。",
    secret_needed: "请输入密码或密钥后再连接。",
    required: "必填",
    invalid_url: "需要以 http:// 或 https:// 开头并带主机名",
    url_user_info: "URL 中不能包含用户名或密码：请在下方字段中填写（密钥保存在密钥环中）",
    plain_http_warning: "此连接以明文 http:// 连接到另一台机器：密码或签名请求以及 OCP 的应答均未加密传输。如该 OCP 支持，请使用 https://。",
    secrets_file_private: "勾选：文件包含存储密钥，写入后仅本人可读（Unix 上权限为 0600）。",
    errors: "错误",
    error_code: "错误码",
    trace_id: "Trace ID",
    copy: "复制",
    dismiss: "关闭",
    err_dns: "无法解析主机名（DNS）。",
    err_tls: "TLS 握手失败（证书或 CA）。",
    err_connect: "无法建立连接。",
    err_timeout: "服务器未在规定时间内应答。",
    err_unauthorized: "OCP 拒绝了凭据（401）。",
    err_forbidden: "该用户无权执行此操作（403）。",
    err_protocol: "应答与 API 描述不符。",
    err_invalid: "请求未发送。",
    err_ocp: "OCP 拒绝了该请求。",
    tab_strategy: "策略编辑",
    physical_backup: "物理备份",
    logical_backup: "逻辑备份",
    config_name: "存储配置名称",
    storage_type: "存储类型",
    storage_url: "存储路径",
    endpoint: "Endpoint",
    app_id: "AppId",
    region: "地域（Region）",
    alarm_threshold: "存储告警阈值（%）",
    schedule_cycle: "周期",
    weekly: "按周",
    monthly: "按月",
    day_none: "不备份",
    calendar_hint: "点击日期切换：不备份 → 全量 → 增量。",
    time_of_day: "开始时间（HH:MM）",
    utc_offset: "UTC 偏移",
    start_log_backup: "日志备份",
    clean_enabled: "自动清理过期备份",
    retention_days: "备份保留天数",
    thresholds: "告警阈值",
    timeout_minutes: "备份超时（分钟）",
    no_success_days: "无成功备份的天数",
    log_delay_seconds: "日志备份延迟（秒）",
    secondary_backup: "二次备份",
    create_strategy: "创建策略",
    review_changes: "查看变更…",
    delete_strategy: "删除策略…",
    pause_schedule: "暂停调度…",
    resume_schedule: "恢复调度…",
    discard_edits: "放弃修改",
    no_strategy_yet: "还没有备份策略：填写表单后创建。",
    review_title: "将要发送的变更",
    field: "字段",
    old_value: "当前",
    new_value: "修改后",
    send_changes: "发送变更",
    nothing_changed: "没有变更，未发送任何请求。",
    secret_changed: "（已修改）",
    confirm_delete_title: "删除备份策略？",
    confirm_pause_title: "暂停备份调度？",
    confirm_resume_title: "恢复备份调度？",
    confirm_delete: "删除",
    confirm_pause: "暂停",
    confirm_resume: "恢复",
    strategy_saved: "策略已保存。",
    strategy_deleted: "策略已删除。",
    schedule_paused: "调度已暂停。",
    schedule_resumed: "调度已恢复。",
    err_config_name: "2–32 个字母、数字或下划线，以字母开头，以字母或数字结尾",
    err_percent: "需要 0 到 100 之间的整数",
    err_need_full_day: "周期中至少需要一个全量备份日",
    err_time_of_day: "需要形如 02:00 的时间（24 小时制）",
    err_utc_offset: "需要形如 +08:00 或 -05:30 的偏移",
    err_positive: "需要不小于 1 的整数",
    err_unknown_choice: "本应用不认识该取值，请重新选择",
    err_storage_protocol: "请填写不带协议前缀的路径（OCP 会自行加上 file://、oss:// 等）",
    err_secondary_cluster_only: "二次备份仅适用于集群级策略",
    secondary_enable: "将备份复制到第二个存储",
    secondary_data: "复制数据备份",
    secondary_log: "复制日志备份",
    secondary_period: "日志复制周期",
    once_a_day: "每天一次",
    once_an_hour: "每小时一次",
    secondary_storage: "二次备份存储",
    export_json: "导出 JSON…",
    import_json: "导入 JSON…",
    include_secrets: "导出时包含存储密钥",
    include_secrets_hint: "不勾选：文件中的密钥为空，可放心分享；导入时需重新填写。",
    export_invalid: "请先修正标出的字段再导出。",
    review_create_title: "将要创建的策略",
    send_create: "创建",
    tab_timeline: "可恢复时间",
    timeline_label: "可恢复时间轴",
    lane_data_points: "数据备份",
    lane_log_backups: "日志备份",
    lane_recoverable: "可恢复",
    point_full: "全量数据备份",
    point_incremental: "增量数据备份",
    log_range: "日志备份区间",
    recoverable_range: "可恢复区间",
    reset_zoom: "重置缩放",
    timeline_hint: "滚轮缩放 · 拖动平移 · 在可恢复区间内单击选择恢复时间点。",
    pointer_at: "指针：",
    picked_restore_point: "恢复时间点：",
    not_recoverable: "不可恢复：该时间点不在任何可恢复区间内。",
    no_restore_point: "尚未选择恢复时间点。",
    no_backups_seven_days: "最近七天没有备份。",
    restore: "恢复…",
    restore_title: "恢复租户",
    restore_step: "步骤",
    restore_step_names_0: "源租户",
    restore_step_names_1: "恢复时间点",
    restore_step_names_2: "目标",
    restore_step_names_3: "预览",
    restore_step_names_4: "确认",
    restore_source: "源租户",
    restore_time: "恢复到",
    restore_time_hint: "按当前显示时区填写（如 2024-04-06 10:00:00），或带时区偏移（2024-04-06T10:00:00+08:00）；必须位于可恢复区间内。",
    restore_time_invalid: "时间格式无效（例如 2024-04-06 10:00:00 或 2024-04-06T10:00:00+08:00）",
    restore_time_outside: "不在任何可恢复区间内",
    restore_no_intervals: "最近七天没有可恢复区间",
    recoverable_intervals: "可恢复区间",
    restore_target_cluster: "目标集群",
    restore_choose_cluster: "选择集群",
    restore_tenant_name: "新租户名",
    restore_name_exists: "目标集群中已有同名租户",
    restore_name_invalid: "2–64 个字母、数字或下划线，以字母开头",
    restore_zones: "Zone",
    restore_zone: "Zone",
    replica_type: "副本类型",
    unit_spec: "单元规格",
    unit_count: "单元数量",
    unit_count_invalid: "单元数量须为 1–100",
    unit_spec_empty: "单元规格不能为空",
    primary_zone: "主 Zone",
    primary_zone_invalid: "主 Zone 必须是租户的 Zone",
    restore_no_zones: "尚不知道目标集群的 Zone",
    restore_preview_items: "将读取的备份集和日志片段",
    backup_type_col: "类型",
    backup_id_col: "ID",
    backup_path_col: "路径",
    restore_summary: "恢复前请确认",
    restore_confirm_button: "恢复",
    back: "上一步",
    next_step: "下一步",
    restore_finished: "恢复已结束；租户已刷新",
    restore_source_kind: "恢复来源",
    restore_source_online: "导航栏中选中的租户",
    restore_source_online_none: "在导航栏中选择租户，即可按 OCP 的记录恢复。",
    restore_source_offline: "OCP 已不再管理的租户的备份文件",
    restore_offline_tag: "仅备份文件",
    restore_backup_cluster_name: "源集群名",
    restore_backup_tenant_name: "源租户名",
    restore_ob_cluster_id: "OB 集群 ID（可选）",
    restore_ob_tenant_id: "OB 租户 ID（可选）",
    restore_not_an_id: "须为正整数，或留空",
    restore_offline_storage: "备份文件所在位置",
    restore_offline_incomplete: "离线恢复源信息不完整",
    restore_offline_time_hint: "OCP 时间，如 2024-04-06T10:00:00+08:00。此处无法得知备份文件的可恢复时间：OCP 会在预览时检查该时间。",
    restore_storage: "备份存储",
    restore_sources_title: "手动添加的恢复源",
    restore_sources_hint: "如果预览缺少备份集或日志片段，可为目标集群添加其路径，每行一个，带协议前缀。",
    restore_sources_paths: "备份路径",
    restore_sources_add: "添加恢复源",
    restore_sources_clear: "清除已添加的恢复源…",
    restore_sources_clear_confirm: "清除恢复源",
    restore_sources_keep: "保留",
    restore_sources_added: "本向导中已添加：",
    restore_sources_added_ok: "恢复源已添加",
    restore_sources_cleared: "恢复源已清除",
    restore_texts: &crate::restore::texts::ZH,
    versions: &VERSIONS_ZH,
};

// ---- The connected OCP's version: what it lacks and what stands in for it ------------------

/// Texts about the connected OCP's version. `v` is the version as shown (`4.2.2`).
pub struct VersionTexts {
    pub lang: Lang,
    /// The top bar while the version is being read.
    pub unread: &'static str,
    pub open_cluster_strategy: &'static str,
    pub open_cluster: &'static str,
}

pub static VERSIONS_EN: VersionTexts = VersionTexts {
    lang: Lang::En,
    unread: "OCP version not read",
    open_cluster_strategy: "Open the cluster's strategy",
    open_cluster: "Open the cluster",
};

pub static VERSIONS_ZH: VersionTexts = VersionTexts {
    lang: Lang::Zh,
    unread: "未读取 OCP 版本",
    open_cluster_strategy: "打开集群的备份策略",
    open_cluster: "打开集群",
};

impl VersionTexts {
    /// The top bar: `OCP 4.2.2` (the same in both languages).
    pub fn top_bar(&self, v: &ocp_api::OcpVersion) -> String {
        format!("OCP {v}")
    }

    /// The top bar's hover text for a version that is not a version number.
    pub fn unrecognised(&self, raw: &str) -> String {
        match self.lang {
            Lang::En => format!(
                "OCP reports its version as \"{raw}\", which is not a version number: everything is offered, as on the newest OCP"
            ),
            Lang::Zh => format!("OCP 报告的版本为“{raw}”，不是版本号：按最新版本提供全部功能"),
        }
    }

    pub fn demo_as(&self, v: &str) -> String {
        match self.lang {
            Lang::En => format!("Demo as OCP {v}"),
            Lang::Zh => format!("演示（OCP {v}）"),
        }
    }

    pub fn no_tenant_strategy(&self, v: &ocp_api::OcpVersion) -> String {
        match self.lang {
            Lang::En => format!(
                "OCP {v} has no tenant-level backup strategy; the cluster's strategy covers this tenant"
            ),
            Lang::Zh => format!("OCP {v} 没有租户级备份策略；集群的备份策略覆盖此租户"),
        }
    }

    pub fn no_tenant_backup_now(&self, v: &ocp_api::OcpVersion) -> String {
        match self.lang {
            Lang::En => format!(
                "OCP {v} has no tenant-level backup now; back up the cluster, which covers this tenant"
            ),
            Lang::Zh => format!("OCP {v} 没有租户级立即备份；请备份集群（覆盖此租户）"),
        }
    }

    /// Above a tenant's tasks, listed from the cluster's tasks.
    pub fn tenant_tasks_from_cluster(&self, v: &ocp_api::OcpVersion) -> String {
        match self.lang {
            Lang::En => format!(
                "OCP {v} has no tenant-level task lists; shown: this tenant's tasks from the cluster's list"
            ),
            Lang::Zh => format!("OCP {v} 没有租户级任务列表；此处为集群任务列表中本租户的任务"),
        }
    }

    /// Above a tenant's timeline, taken from the cluster's backup info.
    pub fn tenant_info_from_cluster(&self, v: &ocp_api::OcpVersion) -> String {
        match self.lang {
            Lang::En => format!(
                "OCP {v} has no tenant-level backup info; shown: this tenant's part of the cluster's"
            ),
            Lang::Zh => format!("OCP {v} 没有租户级备份信息；此处为集群备份信息中本租户的部分"),
        }
    }

    pub fn no_schedule_pause(&self, v: &ocp_api::OcpVersion) -> String {
        match self.lang {
            Lang::En => format!(
                "OCP {v} cannot pause or resume a backup schedule; switch the schedule off or on in the strategy instead"
            ),
            Lang::Zh => format!("OCP {v} 不支持暂停或恢复备份调度；请在备份策略中关闭或开启调度"),
        }
    }

    pub fn no_restore_preview(&self, v: &ocp_api::OcpVersion) -> String {
        match self.lang {
            Lang::En => format!(
                "OCP {v} has no restore preview: the step is skipped; the time was checked against the recoverable windows of the cluster's backup info"
            ),
            Lang::Zh => format!(
                "OCP {v} 不支持恢复预览：已跳过该步骤；恢复时间已按集群备份信息中的可恢复区间检查"
            ),
        }
    }

    pub fn no_restore_sources(&self, v: &ocp_api::OcpVersion) -> String {
        match self.lang {
            Lang::En => format!(
                "OCP {v} cannot add restore sources by hand; a restore reads the backups OCP lists"
            ),
            Lang::Zh => format!("OCP {v} 不支持手动添加恢复源；恢复只读取 OCP 已登记的备份"),
        }
    }

    pub fn strategy_fields_hidden(&self, v: &ocp_api::OcpVersion) -> String {
        match self.lang {
            Lang::En => format!("Fields OCP {v} does not have are not shown and not sent"),
            Lang::Zh => format!("OCP {v} 没有的字段不显示，也不发送"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{EN, ZH};

    #[test]
    fn a_day_of_the_month_reads_in_each_languages_order() {
        assert_eq!(EN.month_day("15"), "Day 15");
        assert_eq!(ZH.month_day("15"), "15日");
    }

    #[test]
    fn english_counts_take_their_plural() {
        assert_eq!(EN.rows_shown(1, 1), "1 row of 1");
        assert_eq!(EN.rows_shown(20, 53), "20 rows of 53");
        assert_eq!(
            EN.timeline_counts(1, 0, 2),
            "1 recoverable interval, 0 data backup points, 2 log backup ranges"
        );
        assert_eq!(EN.subtasks_done(1, 1), "1 / 1 subtask");
        assert_eq!(EN.subtasks_done(2, 5), "2 / 5 subtasks");
    }

    #[test]
    fn task_ids_read_as_numbers_not_debug_output() {
        assert_eq!(
            EN.backup_started(&[101]),
            "Backup started; following task 101"
        );
        assert_eq!(
            EN.restore_started(&[101, 102]),
            "Restore started; tasks 101, 102"
        );
        assert_eq!(
            ZH.backup_started(&[101, 102]),
            "备份已发起，正在跟踪任务 101、102"
        );
    }

    #[test]
    fn chinese_pages_and_rows_read_as_chinese() {
        assert_eq!(ZH.page_of(2, 7), "第 2 / 7 页");
        assert_eq!(ZH.rows_shown(20, 53), "20 条，共 53 条");
    }
}

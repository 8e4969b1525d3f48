//! The home's texts in English and 简体中文, kept together (a nested part of [`crate::i18n::Tr`]):
//! plain labels as fields, texts with values as functions that match on the language.

use ocp_health::{ErrorInfo, Failure, Finding, Verdict};

use crate::i18n::Lang;

pub struct HealthTr {
    pub lang: Lang,
    pub title: &'static str,
    pub top_button: &'static str,
    pub scope_current: &'static str,
    pub scope_all: &'static str,
    pub refresh: &'static str,
    pub auto_refresh: &'static str,
    pub search: &'static str,
    pub search_hint: &'static str,
    pub with_strategy: &'static str,
    pub weekly_success: &'static str,
    pub with_log_delay: &'static str,
    pub col_ocp: &'static str,
    pub col_cluster: &'static str,
    pub col_tenant: &'static str,
    pub col_verdict: &'static str,
    pub col_strategy: &'static str,
    pub col_last_full: &'static str,
    pub col_last_backup: &'static str,
    pub col_age: &'static str,
    pub col_log_delay: &'static str,
    pub col_rpo: &'static str,
    pub col_next: &'static str,
    pub col_failure: &'static str,
    /// The newest restore drill (`ocpctl restore drill`) and its result.
    pub col_drill: &'static str,
    pub drill_verified: &'static str,
    pub drill_failed: &'static str,
    pub col_actions: &'static str,
    pub open: &'static str,
    pub more: &'static str,
    pub create_strategy: &'static str,
    pub verdicts: [&'static str; 4],
    pub strategy_none: &'static str,
    pub strategy_cluster: &'static str,
    pub strategy_tenant: &'static str,
    pub running: &'static str,
    pub paused: &'static str,
    pub whole_cluster: &'static str,
    pub no_rows: &'static str,
    pub nothing_yet: &'static str,
    pub no_secret: &'static str,
    pub full: &'static str,
    pub incremental: &'static str,
}

impl HealthTr {
    pub fn verdict(&self, v: Verdict) -> &'static str {
        self.verdicts[v as usize]
    }

    /// `37 / 120 clusters`
    pub fn clusters_progress(&self, done: usize, total: usize) -> String {
        match self.lang {
            Lang::En if total == 1 => format!("{done} / {total} cluster"),
            Lang::En => format!("{done} / {total} clusters"),
            Lang::Zh => format!("{done} / {total} 个集群"),
        }
    }

    /// A verdict filter toggle with its count: `Critical (12)`.
    pub fn verdict_count(&self, v: Verdict, n: usize) -> String {
        match self.lang {
            Lang::En => format!("{} ({n})", self.verdict(v)),
            Lang::Zh => format!("{}（{n}）", self.verdict(v)),
        }
    }

    /// `37 / 50`: objects with a strategy of all objects.
    pub fn of_total(&self, n: usize, total: usize) -> String {
        format!("{n} / {total}")
    }

    /// Success rate of finished data backups, e.g. `96.2 %` (`succeeded of finished`).
    pub fn success_rate(&self, succeeded: u32, finished: u32) -> String {
        if finished == 0 {
            return "—".into();
        }
        let rate = f64::from(succeeded) * 100.0 / f64::from(finished);
        match self.lang {
            Lang::En => format!("{rate:.1} % ({succeeded} of {finished})"),
            Lang::Zh => format!("{rate:.1}%（{finished} 次中 {succeeded} 次成功）"),
        }
    }

    /// The error of an OCP or cluster that could not be read: message, code and traceId.
    pub fn error_details(&self, e: &ErrorInfo) -> String {
        let mut out = e.message.clone();
        if let Some(code) = &e.code {
            out += &match self.lang {
                Lang::En => format!("\ncode: {code}"),
                Lang::Zh => format!("\n错误码：{code}"),
            };
        }
        if let Some(status) = e.http_status {
            out += &format!("\nHTTP {status}");
        }
        if let Some(trace) = &e.trace_id {
            out += &format!("\ntraceId: {trace}");
        }
        out
    }

    /// A failed data backup: task, error code, message and traceId.
    pub fn failure_details(&self, f: &Failure) -> String {
        let mut out = match self.lang {
            Lang::En => format!("task {}", f.task_id),
            Lang::Zh => format!("任务 {}", f.task_id),
        };
        if let Some(code) = &f.code {
            out += &match self.lang {
                Lang::En => format!("\ncode: {code}"),
                Lang::Zh => format!("\n错误码：{code}"),
            };
        }
        if !f.message.is_empty() {
            out += &format!("\n{}", f.message);
        }
        if let Some(trace) = &f.trace_id {
            out += &format!("\ntraceId: {trace}");
        }
        out
    }

    /// One reason for a verdict, in this language.
    pub fn finding(&self, f: &Finding) -> String {
        use ocp_health::verdict::short_duration as d;
        let zh = self.lang == Lang::Zh;
        match f {
            Finding::CollectFailed(e) if zh => format!("无法读取该集群：{}", e.message),
            Finding::Standby if zh => "备集群：备份在其主集群上进行".into(),
            Finding::NoStrategy if zh => "没有备份策略：未备份".into(),
            Finding::Paused if zh => "定时备份已暂停".into(),
            Finding::LogStopped if zh => "日志备份已停止".into(),
            Finding::RunningTooLong {
                running_for,
                timeout,
                ..
            } if zh => format!(
                "数据备份已运行 {}，超过超时阈值 {}",
                d(*running_for),
                d(*timeout)
            ),
            Finding::LastBackupFailed(fail) if zh => {
                format!(
                    "最近一次数据备份（任务 {}）失败：{}",
                    fail.task_id, fail.message
                )
            }
            Finding::NoSuccessfulBackup {
                last: Some(_),
                threshold,
                ..
            } if zh => format!("超过 {} 没有成功的数据备份", d(*threshold)),
            Finding::NoSuccessfulBackup { lookback, .. } if zh => {
                format!("最近 {} 内没有成功的数据备份", d(*lookback))
            }
            Finding::LogDelay { delay, threshold } if zh => {
                format!("日志备份落后 {}，超过阈值 {}", d(*delay), d(*threshold))
            }
            // English is the model's own wording.
            f => f.to_string(),
        }
    }
}

pub static EN: HealthTr = HealthTr {
    lang: Lang::En,
    title: "Backup health",
    top_button: "Backup health",
    scope_current: "This connection",
    scope_all: "All saved connections",
    refresh: "Refresh health",
    auto_refresh: "Auto-refresh every (minutes, 0 = off)",
    search: "Search",
    search_hint: "OCP, cluster, tenant or error",
    with_strategy: "Objects with a strategy",
    weekly_success: "Data backup success, last 7 days",
    with_log_delay: "Objects with log backup delay",
    col_ocp: "OCP",
    col_cluster: "Cluster",
    col_tenant: "Tenant",
    col_verdict: "Health",
    col_strategy: "Strategy",
    col_last_full: "Last full",
    col_last_backup: "Last backup",
    col_age: "Age",
    col_log_delay: "Log delay",
    col_rpo: "RPO",
    col_next: "Next scheduled",
    col_failure: "Last failure",
    col_drill: "Last restore drill",
    drill_verified: "verified",
    drill_failed: "failed",
    col_actions: "Actions",
    open: "Open",
    more: "More…",
    create_strategy: "Create strategy…",
    verdicts: ["OK", "Warning", "Critical", "Unknown"],
    strategy_none: "none",
    strategy_cluster: "cluster",
    strategy_tenant: "tenant",
    running: "running",
    paused: "paused",
    whole_cluster: "(whole cluster)",
    no_rows: "No row matches the search and the verdicts chosen.",
    nothing_yet: "Nothing collected yet.",
    no_secret: "No saved secret for this connection: connect to it once to enter it.",
    full: "full",
    incremental: "incremental",
};

pub static ZH: HealthTr = HealthTr {
    lang: Lang::Zh,
    title: "备份健康",
    top_button: "备份健康",
    scope_current: "当前连接",
    scope_all: "所有已保存的连接",
    refresh: "刷新健康状态",
    auto_refresh: "自动刷新间隔（分钟，0 = 关闭）",
    search: "搜索",
    search_hint: "OCP、集群、租户或错误",
    with_strategy: "已配置策略的对象",
    weekly_success: "最近 7 天数据备份成功率",
    with_log_delay: "日志备份延迟的对象",
    col_ocp: "OCP",
    col_cluster: "集群",
    col_tenant: "租户",
    col_verdict: "健康",
    col_strategy: "策略",
    col_last_full: "最近全量",
    col_last_backup: "最近备份",
    col_age: "距今",
    col_log_delay: "日志延迟",
    col_rpo: "RPO",
    col_next: "下次调度",
    col_failure: "最近失败",
    col_drill: "最近恢复演练",
    drill_verified: "已验证",
    drill_failed: "失败",
    col_actions: "操作",
    open: "打开",
    more: "更多…",
    create_strategy: "创建策略…",
    verdicts: ["正常", "警告", "严重", "未知"],
    strategy_none: "无",
    strategy_cluster: "集群级",
    strategy_tenant: "租户级",
    running: "运行中",
    paused: "已暂停",
    whole_cluster: "（整个集群）",
    no_rows: "没有符合搜索条件和所选健康状态的行。",
    nothing_yet: "尚未采集。",
    no_secret: "此连接没有保存的密钥：请先连接一次并输入。",
    full: "全量",
    incremental: "增量",
};

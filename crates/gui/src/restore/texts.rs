//! Texts of the restore wizard's point in time, what to restore, restoring again and a restore's
//! details, in both languages (`Tr::restore_texts`). Plain labels are fields; texts with values
//! are functions that match on the language.

use super::objects::ObjectProblem;
use crate::i18n::Lang;

pub struct RestoreTexts {
    pub lang: Lang,
    pub step_objects: &'static str,
    // Point in time
    pub strip_label: &'static str,
    pub strip_hint: &'static str,
    pub date: &'static str,
    pub hour: &'static str,
    pub minute: &'static str,
    pub second: &'static str,
    pub latest: &'static str,
    pub hour_ago: &'static str,
    pub hour_ago_hint: &'static str,
    pub nearest: &'static str,
    // What to restore
    pub kind_tenant: &'static str,
    pub kind_databases: &'static str,
    pub kind_tables: &'static str,
    pub database: &'static str,
    pub table: &'static str,
    pub new_name: &'static str,
    pub add_row: &'static str,
    pub remove_row: &'static str,
    pub paste: &'static str,
    pub paste_hint_tables: &'static str,
    pub paste_hint_databases: &'static str,
    pub paste_add: &'static str,
    pub tables_note: &'static str,
    pub objects_invalid: &'static str,
    pub objects_unsupported: &'static str,
    pub method: &'static str,
    pub method_full: &'static str,
    pub method_quick: &'static str,
    pub quick_unknown: &'static str,
    pub whole_tenant: &'static str,
    pub restores: &'static str,
    // Restore again, details
    pub again: &'static str,
    pub phases: &'static str,
    pub view_cause: &'static str,
    pub cause_phase: &'static str,
    pub objects_restored: &'static str,
    pub no_task: &'static str,
    pub open_details_hint: &'static str,
}

impl RestoreTexts {
    /// The nearest recoverable time before a refused point.
    pub fn nearest_before(&self, time: &str) -> String {
        match self.lang {
            Lang::En => format!("← {time}"),
            Lang::Zh => format!("← {time}"),
        }
    }

    /// The nearest recoverable time after a refused point.
    pub fn nearest_after(&self, time: &str) -> String {
        match self.lang {
            Lang::En => format!("{time} →"),
            Lang::Zh => format!("{time} →"),
        }
    }

    /// A pasted line that is not `db [new]` / `db.table [new]`.
    pub fn paste_bad(&self, line: &str, tables: bool) -> String {
        match (self.lang, tables) {
            (Lang::En, true) => format!("Not a table line (db.table [new name]): {line}"),
            (Lang::En, false) => format!("Not a database line (db [new name]): {line}"),
            (Lang::Zh, true) => format!("不是表的写法（库.表 [新名称]）：{line}"),
            (Lang::Zh, false) => format!("不是库的写法（库 [新名称]）：{line}"),
        }
    }

    /// What is wrong with the list of databases or tables.
    pub fn problem(&self, p: &ObjectProblem) -> String {
        use ObjectProblem as P;
        let max = ocp_api::rules::MAX_RESTORE_OBJECTS;
        match (self.lang, p) {
            (Lang::En, P::NoObjects) => "Add at least one database or table.".into(),
            (Lang::En, P::TooMany(n)) => {
                format!("At most {max} databases or tables per restore ({n} listed).")
            }
            (Lang::En, P::BadDatabase(r)) => {
                format!("Row {r}: the database name must be 1–128 characters, without '.' or '`'.")
            }
            (Lang::En, P::BadTable(r)) => {
                format!("Row {r}: the table name must be 1–128 characters, without '.' or '`'.")
            }
            (Lang::En, P::BadNewName(r)) => format!("Row {r}: the new name is not a valid name."),
            (Lang::En, P::Duplicate(r, first)) => format!("Row {r} repeats row {first}."),
            (Lang::En, P::SameTarget(r, first)) => {
                format!("Row {r} would be restored under the same name as row {first}.")
            }
            (Lang::Zh, P::NoObjects) => "请至少添加一个库或表。".into(),
            (Lang::Zh, P::TooMany(n)) => format!("每次恢复最多 {max} 个库或表（当前 {n} 个）。"),
            (Lang::Zh, P::BadDatabase(r)) => {
                format!("第 {r} 行：库名须为 1–128 个字符，不含 '.' 或 '`'。")
            }
            (Lang::Zh, P::BadTable(r)) => {
                format!("第 {r} 行：表名须为 1–128 个字符，不含 '.' 或 '`'。")
            }
            (Lang::Zh, P::BadNewName(r)) => format!("第 {r} 行：新名称无效。"),
            (Lang::Zh, P::Duplicate(r, first)) => format!("第 {r} 行与第 {first} 行重复。"),
            (Lang::Zh, P::SameTarget(r, first)) => {
                format!("第 {r} 行恢复后的名称与第 {first} 行相同。")
            }
        }
    }

    /// How many objects are listed.
    pub fn object_count(&self, n: usize) -> String {
        let max = ocp_api::rules::MAX_RESTORE_OBJECTS;
        match self.lang {
            Lang::En => format!("{n} / {max}"),
            Lang::Zh => format!("{n} / {max}"),
        }
    }

    /// Why quick restore is not offered: the source's OBServer is older than 4.3.3.
    pub fn quick_too_old(&self, version: &str) -> String {
        match self.lang {
            Lang::En => format!(
                "Quick restore needs OBServer 4.3.3 or later; the source cluster runs {version}."
            ),
            Lang::Zh => format!("快速恢复要求 OBServer 4.3.3 及以上；源集群为 {version}。"),
        }
    }

    /// The wizard was filled from a restore task.
    pub fn again_of(&self, task: i64, tenant: &str) -> String {
        match self.lang {
            Lang::En => format!(
                "Filled from restore #{task} (tenant {tenant}); every field can be changed, and the new tenant needs a new name."
            ),
            Lang::Zh => format!(
                "已按恢复任务 #{task}（租户 {tenant}）填写；各项均可修改，新租户须使用新名称。"
            ),
        }
    }

    pub fn details_title(&self, task: i64) -> String {
        match self.lang {
            Lang::En => format!("Restore #{task}"),
            Lang::Zh => format!("恢复任务 #{task}"),
        }
    }

    /// The OCP task a restore's phases come from.
    pub fn ocp_task(&self, id: i64, name: &str) -> String {
        match self.lang {
            Lang::En => format!("OCP task #{id}: {name}"),
            Lang::Zh => format!("OCP 任务 #{id}：{name}"),
        }
    }
}

pub static EN: RestoreTexts = RestoreTexts {
    lang: Lang::En,
    step_objects: "What to restore",
    strip_label: "Recoverable times of the source",
    strip_hint: "Click the strip to pick the point; wheel zooms, drag pans. Or type it, or set the date and time.",
    date: "Date",
    hour: "Hour",
    minute: "Minute",
    second: "Second",
    latest: "Latest recoverable",
    hour_ago: "1 hour ago",
    hour_ago_hint: "An hour before OCP's time when the recoverable times were read",
    nearest: "Nearest recoverable times:",
    kind_tenant: "Whole tenant",
    kind_databases: "Databases",
    kind_tables: "Tables",
    database: "Database",
    table: "Table",
    new_name: "New name (optional)",
    add_row: "Add row",
    remove_row: "Remove",
    paste: "Paste lines",
    paste_hint_tables: "db.table [new name], one per line",
    paste_hint_databases: "db [new name], one per line",
    paste_add: "Add lines",
    tables_note: "A table is named with its database. OCP restores the listed objects into the new tenant named on the Target step.",
    objects_invalid: "The list of databases or tables has problems",
    objects_unsupported: "This OCP restores whole tenants only (databases and tables need OCP 4.3).",
    method: "Restore method",
    method_full: "Full restore",
    method_quick: "Quick restore (logs only: the tenant is read-only, without major compaction or data backup)",
    quick_unknown: "Quick restore needs OBServer 4.3.3 or later; the source's version is not known.",
    whole_tenant: "The whole tenant",
    restores: "Restores",
    again: "Restore again…",
    phases: "Phases",
    view_cause: "View cause",
    cause_phase: "Failed phase",
    objects_restored: "Restored objects",
    no_task: "OCP lists no task for this restore.",
    open_details_hint: "Click a row for its details.",
};

pub static ZH: RestoreTexts = RestoreTexts {
    lang: Lang::Zh,
    step_objects: "恢复对象",
    strip_label: "源租户的可恢复时间",
    strip_hint: "单击时间条选择恢复时间点；滚轮缩放，拖动平移。也可直接输入，或设置日期和时间。",
    date: "日期",
    hour: "时",
    minute: "分",
    second: "秒",
    latest: "最近可恢复时间",
    hour_ago: "1 小时前",
    hour_ago_hint: "读取可恢复时间时 OCP 时钟的一小时前",
    nearest: "最近的可恢复时间：",
    kind_tenant: "整个租户",
    kind_databases: "库",
    kind_tables: "表",
    database: "库名",
    table: "表名",
    new_name: "新名称（可选）",
    add_row: "添加一行",
    remove_row: "删除",
    paste: "粘贴多行",
    paste_hint_tables: "库.表 [新名称]，每行一个",
    paste_hint_databases: "库 [新名称]，每行一个",
    paste_add: "添加这些行",
    tables_note: "表须带库名。OCP 把所列对象恢复到“目标”一步中命名的新租户。",
    objects_invalid: "库表列表有问题",
    objects_unsupported: "此 OCP 只能恢复整个租户（恢复库和表需要 OCP 4.3）。",
    method: "恢复方式",
    method_full: "全量恢复",
    method_quick: "快速恢复（只恢复日志：租户只读，不支持合并和数据备份）",
    quick_unknown: "快速恢复要求 OBServer 4.3.3 及以上；源集群版本未知。",
    whole_tenant: "整个租户",
    restores: "恢复内容",
    again: "再次恢复…",
    phases: "阶段",
    view_cause: "查看原因",
    cause_phase: "失败阶段",
    objects_restored: "恢复对象",
    no_task: "OCP 中没有该恢复的任务。",
    open_details_hint: "单击一行查看详情。",
};

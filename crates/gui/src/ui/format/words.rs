//! Words for every value of every status, type and mode enum of the spec, in both languages.
//!
//! One `match` per enum, with no catch-all arm but `Other`: a value the generator adds is a
//! compile error here until it has words. A value OCP sends that the spec does not document
//! (`Other`) has none; [`super::Format::word`] then shows it as sent. `OcpErrorCode` is not here:
//! an error code is shown as a code beside OCP's own (localised) message.

use ocp_api::enums;

/// An enum the UI can put into words.
pub trait Worded {
    /// The schema's name in the spec, for tooltips and the test that walks the spec.
    const SCHEMA: &'static str;
    /// The value as OCP sent it.
    fn wire(&self) -> &str;
    /// `(English, 简体中文)`, or `None` for a value the spec does not document.
    fn words(&self) -> Option<(&'static str, &'static str)>;
}

macro_rules! words {
    ($($ty:ident { $($var:ident => $en:literal, $zh:literal;)* })*) => {
        $(
            impl Worded for enums::$ty {
                const SCHEMA: &'static str = stringify!($ty);
                fn wire(&self) -> &str {
                    self.as_str()
                }
                fn words(&self) -> Option<(&'static str, &'static str)> {
                    match self {
                        $(enums::$ty::$var => Some(($en, $zh)),)*
                        enums::$ty::Other(_) => None,
                    }
                }
            }
        )*

        /// The words of a wire value of the named schema: `None` if the schema has no words
        /// here, `Some(None)` if the value has none.
        pub fn by_schema(schema: &str, wire: &str) -> Option<Option<(&'static str, &'static str)>> {
            match schema {
                $(stringify!($ty) => Some(enums::$ty::from(wire).words()),)*
                _ => None,
            }
        }
    };
}

words! {
    BackupAbility {
        LogicalBackup => "Logical", "逻辑备份";
        PhysicalBackup => "Physical", "物理备份";
        LogicalAndPhysical => "Logical and physical", "逻辑和物理备份";
    }
    BackupDimension {
        Cluster => "Cluster", "集群";
        Tenant => "Tenant", "租户";
    }
    BackupMode {
        LogicalBackup => "Logical", "逻辑备份";
        PhysicalBackup => "Physical", "物理备份";
    }
    BackupNodeType {
        Zone => "Zone", "Zone";
        Region => "Region", "地域";
        Idc => "IDC", "机房";
    }
    BackupRetainMode {
        ReserveAll => "Keep all", "全部保留";
    }
    BackupScheduleMode {
        Week => "Weekly", "按周";
        Month => "Monthly", "按月";
    }
    BackupScheduleStatus {
        None => "No schedule", "未调度";
        Normal => "Normal", "正常";
        Paused => "Paused", "已暂停";
        Waiting => "Waiting", "等待中";
        Abnormal => "Abnormal", "异常";
    }
    BackupServiceType {
        BackupRestoreService => "Backup and restore service", "备份恢复服务";
        ObCluster => "OceanBase cluster", "OceanBase 集群";
        Others => "Others", "其他";
    }
    BackupStorageType {
        BackupStorageFile => "File (NFS)", "文件（NFS）";
        BackupStorageOss => "Alibaba Cloud OSS", "阿里云 OSS";
        BackupStorageCos => "Tencent COS", "腾讯云 COS";
        BackupStorageS3 => "Amazon S3", "Amazon S3";
    }
    BackupStrategyType {
        Backup => "Backup", "备份";
        SecondaryBackup => "Secondary backup", "二次备份";
    }
    BackupTaskType {
        CreateBackupStrategy => "Create backup strategy", "创建备份策略";
        UpdateBackupStrategy => "Update backup strategy", "修改备份策略";
        DeleteBackupStrategy => "Delete backup strategy", "删除备份策略";
        DataBackupNow => "Back up now", "立即备份";
        StartBackupSchedule => "Start backup schedule", "启动备份调度";
        StopBackupSchedule => "Stop backup schedule", "暂停备份调度";
        Restore => "Restore", "恢复";
    }
    BackupTenantStatus {
        Online => "Online", "在线";
        Offline => "Offline", "离线";
    }
    ClusterStatus {
        Running => "Running", "运行中";
        Creating => "Creating", "创建中";
        Deleting => "Deleting", "删除中";
        Starting => "Starting", "启动中";
        Restarting => "Restarting", "重启中";
        Stopping => "Stopping", "停止中";
        Stopped => "Stopped", "已停止";
        Takingover => "Taking over", "接管中";
        Movingout => "Moving out", "移出中";
        Switchover => "Switching over", "主备切换中";
        Failover => "Failing over", "故障切换中";
        Operating => "Operating", "运维中";
    }
    ClusterSyncStatus {
        Valid => "Valid", "有效";
        Disabled => "Disabled", "已禁用";
        Synchronizing => "Synchronizing", "同步中";
    }
    ClusterType {
        Primary => "Primary", "主集群";
        Standby => "Standby", "备集群";
    }
    CustomBackupRangeType {
        Data => "Data", "数据";
        Log => "Log", "日志";
    }
    DataBackupMode {
        FullBackup => "Full", "全量";
        IncrementalBackup => "Incremental", "增量";
    }
    DataBackupTaskStatus {
        Beginning => "Starting", "开始";
        Initializing => "Initializing", "初始化中";
        Doing => "Running", "执行中";
        Done => "Done", "已完成";
        Failed => "Failed", "失败";
        Canceling => "Canceling", "取消中";
        Canceled => "Canceled", "已取消";
        Overdue => "Overdue", "已过期";
        Unknown => "Unknown", "未知";
    }
    LogBackupTaskStatus {
        Starting => "Starting", "启动中";
        Inprogress => "In progress", "进行中";
        Beginning => "Beginning", "开始";
        Running => "Running", "运行中";
        Stopping => "Stopping", "停止中";
        Stopped => "Stopped", "已停止";
        Failed => "Failed", "失败";
        Interrupted => "Interrupted", "已中断";
        Unknown => "Unknown", "未知";
    }
    LogSecondaryBackupPeriod {
        OnceADay => "Once a day", "每天一次";
        OnceAnHour => "Once an hour", "每小时一次";
    }
    ObClusterBackupStatus {
        HasBackupStrategy => "Has a backup strategy", "已配置备份策略";
        NoBackupStrategy => "No backup strategy", "未配置备份策略";
    }
    QueryTimeScopeType {
        LatestSevenDays => "Last 7 days", "最近 7 天";
    }
    RecoverableSectionItemType {
        FullDataBackup => "Full data backup", "全量数据备份";
        IncrementalDataBackup => "Incremental data backup", "增量数据备份";
        LogBackup => "Log backup", "日志备份";
        Recoverable => "Recoverable", "可恢复";
    }
    ReplicaType {
        Full => "Full", "全功能型";
        Logonly => "Log-only", "日志型";
        Readonly => "Read-only", "只读型";
    }
    RestoreMethod {
        Full => "Full restore", "全量恢复";
        Quick => "Quick restore", "快速恢复";
    }
    RestoreObjectKind {
        Tenant => "Tenant", "租户";
        Database => "Database", "数据库";
        Table => "Table", "表";
    }
    RestorePreviewBackupType {
        BackupSet => "Backup set", "备份集";
        BackupPiece => "Log piece", "日志片段";
    }
    RestoreTaskStatus {
        RestoreCreateTenant => "Creating tenant", "创建租户";
        RestoreSysReplica => "Restoring system replicas", "恢复系统副本";
        RestoreUpgradePre => "Preparing upgrade", "升级准备";
        RestoreUpgradePost => "Finishing upgrade", "升级收尾";
        RestoreModifySchema => "Modifying schema", "修改 Schema";
        RestoreCreateUserPartitions => "Creating user partitions", "创建用户分区";
        RestoreUserReplica => "Restoring user replicas", "恢复用户副本";
        RestoreRebuildIndex => "Rebuilding indexes", "重建索引";
        RestorePostCheck => "Checking after restore", "恢复后检查";
        RestorePre => "Preparing restore", "恢复准备";
        RestoreCreateInitLs => "Creating initial log streams", "创建初始日志流";
        RestoreWaitLs => "Waiting for log streams", "等待日志流";
        PostCheck => "Post check", "后置检查";
        Upgrade => "Upgrading", "升级中";
        WaitTenantRestoreFinish => "Waiting for tenant restore", "等待租户恢复完成";
        RestoreSuccess => "Succeeded", "恢复成功";
        RestoreFail => "Failed", "恢复失败";
    }
    RestoreTriggerType {
        Normal => "Normal", "普通";
    }
    RootServerRole {
        Leader => "Leader", "主";
        Follower => "Follower", "从";
    }
    StorageVolumeUnit {
        B => "B", "B";
        Kb => "KB", "KB";
        Mb => "MB", "MB";
        Gb => "GB", "GB";
        Tb => "TB", "TB";
        Pb => "PB", "PB";
    }
    SubtaskStatus {
        Pending => "Pending", "待执行";
        Ready => "Ready", "就绪";
        Running => "Running", "执行中";
        Canceling => "Canceling", "取消中";
        Failed => "Failed", "失败";
        Successful => "Successful", "成功";
    }
    TaskOperation {
        Execute => "Execute", "执行";
        Retry => "Retry", "重试";
        Rollback => "Roll back", "回滚";
        Skip => "Skip", "跳过";
        Cancel => "Cancel", "取消";
        ExecuteLowercase => "Execute", "执行";
        RetryLowercase => "Retry", "重试";
        RollbackLowercase => "Roll back", "回滚";
    }
    TaskStatus {
        Running => "Running", "执行中";
        Failed => "Failed", "失败";
        Successful => "Successful", "成功";
    }
    TaskType {
        Manual => "Manual", "手动";
        SysOnece => "System, once", "系统单次";
        Scheduled => "Scheduled", "定时";
        SysScheduled => "System, scheduled", "系统定时";
    }
    TenantMode {
        Mysql => "MySQL", "MySQL";
        Oracle => "Oracle", "Oracle";
        OracleCapitalized => "Oracle", "Oracle";
    }
    TenantRole {
        Primary => "Primary", "主租户";
        Standby => "Standby", "备租户";
        Clone => "Clone", "克隆租户";
        Restore => "Restoring", "恢复中";
        Unknown => "Unknown", "未知";
    }
    TenantStatus {
        Normal => "Normal", "正常";
        Creating => "Creating", "创建中";
        Modifying => "Modifying", "变更中";
        Deleting => "Deleting", "删除中";
    }
}

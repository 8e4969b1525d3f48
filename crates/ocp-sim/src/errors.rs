//! OCP's error answers: codes and message templates of the OCP error table (en-US and zh-CN),
//! and the HTTP status each refusal uses.

use axum::http::StatusCode;
use ocp_api::enums::OcpErrorCode;
use ocp_api::types;

/// Language of messages and status texts, from `Accept-Language`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// `zh-CN`, `zh`, `zh-Hans;q=0.9,…` select Chinese; anything else English.
    pub fn from_header(value: Option<&str>) -> Lang {
        match value {
            Some(v) if v.trim_start().to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    pub fn pick(self, en: &'static str, zh: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// A placeholder value; some are words that need translating themselves.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Text(String),
    Word { en: &'static str, zh: &'static str },
}

impl Arg {
    fn render(&self, lang: Lang) -> &str {
        match self {
            Arg::Text(s) => s,
            Arg::Word { en, zh } => lang.pick(en, zh),
        }
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Text(v.to_string())
    }
}

pub const CLUSTER: Arg = Arg::Word {
    en: "cluster",
    zh: "集群",
};
pub const TENANT: Arg = Arg::Word {
    en: "tenant",
    zh: "租户",
};
pub const TASK: Arg = Arg::Word {
    en: "task",
    zh: "任务",
};
pub const BACKUP: Arg = Arg::Word {
    en: "backup",
    zh: "备份",
};

/// Code carried in `error.code`: an OCP string code, or the number OCP's throttling answer uses.
#[derive(Clone, Debug, PartialEq)]
pub enum Code {
    Ocp(OcpErrorCode),
    Number(i64),
}

/// Why a request was refused; rendered into OCP's error envelope by the server.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiFailure {
    pub status: StatusCode,
    pub code: Code,
    pub args: Vec<Arg>,
    pub debug: Option<String>,
    pub sub_errors: Vec<types::ApiSubError>,
    /// Sent as `traceId: ""`, like OCP's throttling answer.
    pub empty_trace_id: bool,
}

impl ApiFailure {
    pub fn new(status: StatusCode, code: OcpErrorCode, args: Vec<Arg>) -> Self {
        debug_assert!(
            code.is_known(),
            "{code} is not in the spec's OcpErrorCode enum"
        );
        Self {
            status,
            code: Code::Ocp(code),
            args,
            debug: None,
            sub_errors: Vec::new(),
            empty_trace_id: false,
        }
    }

    pub fn with_debug(mut self, debug: impl Into<String>) -> Self {
        self.debug = Some(debug.into());
        self
    }

    /// COM10001 naming `field`, with the reason as a validation sub-error.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::invalid_value(field, reason, None)
    }

    pub fn invalid_value(
        field: impl Into<String>,
        reason: impl Into<String>,
        rejected: Option<serde_json::Value>,
    ) -> Self {
        let field = field.into();
        let reason = reason.into();
        let mut failure = Self::new(
            StatusCode::BAD_REQUEST,
            OcpErrorCode::Com10001,
            vec![Arg::Text(field.clone())],
        )
        .with_debug(format!("{field}: {reason}"));
        failure.sub_errors.push(types::ApiSubError {
            field: Some(field),
            message: Some(reason),
            rejected_value: rejected,
            ..Default::default()
        });
        failure
    }

    /// COM10002: no `kind` found for `param` (e.g. `id=42`), HTTP 404.
    pub fn not_found(kind: Arg, param: impl Into<String>) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            OcpErrorCode::Com10002,
            vec![kind, Arg::Text(param.into())],
        )
    }

    pub fn unauthenticated(code: OcpErrorCode, args: Vec<Arg>, why: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, args).with_debug(why)
    }

    pub fn forbidden() -> Self {
        Self::new(StatusCode::FORBIDDEN, OcpErrorCode::Iam11000, vec![])
    }

    pub fn throttled() -> Self {
        Self {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: Code::Number(0),
            args: vec![],
            debug: None,
            sub_errors: vec![],
            empty_trace_id: true,
        }
    }

    /// An injected server fault (500 or 503).
    pub fn server_fault(status: StatusCode) -> Self {
        Self::new(
            status,
            OcpErrorCode::Com10999,
            vec![
                Arg::from("simulated fault"),
                Arg::from(format!("HTTP {} injected by ocp-sim", status.as_u16())),
            ],
        )
    }

    #[cfg(test)]
    pub fn code_text(&self) -> String {
        match &self.code {
            Code::Ocp(c) => c.as_str().to_owned(),
            Code::Number(n) => n.to_string(),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let template = match &self.code {
            Code::Ocp(code) => template(code, lang),
            Code::Number(_) => lang.pick(
                "Excessive number of requests. You have exceeded the request limit for the current throttling window.",
                "请求次数过多，你已经超过当前流控窗口内的请求上限",
            ),
        };
        fill(template, &self.args, lang)
    }

    pub fn api_error(&self, lang: Lang) -> types::ApiError {
        types::ApiError {
            code: match &self.code {
                Code::Ocp(c) => types::ApiErrorCode::OcpErrorCode(c.clone()),
                Code::Number(n) => types::ApiErrorCode::Int64(*n),
            },
            debug_message: self.debug.clone(),
            message: Some(self.message(lang)),
            stack_trace: vec![],
            sub_errors: self.sub_errors.clone(),
            target: None,
        }
    }
}

fn fill(template: &str, args: &[Arg], lang: Lang) -> String {
    let mut out = template.to_owned();
    for (i, arg) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), arg.render(lang));
    }
    out
}

/// Message templates, verbatim from the OCP error table (en-US / zh-CN).
fn template(code: &OcpErrorCode, lang: Lang) -> &'static str {
    let (en, zh) = match code.as_str() {
        "COM10001" => (
            "The input parameter {0} is empty or invalid. Please check and try again.",
            "传入的参数为空或者不合法：{0}，请检查后重试",
        ),
        "COM10002" => (
            "No records of the {0} type found based on the {1} parameter. Please check and try again.",
            "没有找到指定{0}类型的记录，参数：{1}，请检查后重试",
        ),
        "COM10003" => ("Invalid request. Cause:{0}", "错误的请求, 错误原因: {0}"),
        "COM10008" => ("The method is not supported.", "不支持的方法"),
        "COM10010" => (
            "The specified start time and end time are invalid. Modify the setting and try again.",
            "传入的起止时间不正确，请修改后重试",
        ),
        "COM10011" => (
            "The {0} field cannot be used for sorting.",
            "不支持的排序字段{0}",
        ),
        "COM10999" => (
            "An unknown error has occurred. Cause: {0}. Error message: {1}. Contact the administrator.",
            "发生一个未知的错误，错误原因：{0}，错误信息：{1}，请联系管理员",
        ),
        "IAM10000" => (
            "The current user has not logged on or a logon error has occurred. Please log on and try again.",
            "当前用户没有登录或登录出错了，请登陆后重试",
        ),
        "IAM10004" => (
            "Incorrect username or password. Please try again. You can try for {0} more times.",
            "用户名或者密码错误，请重试。您还剩余{0}次机会",
        ),
        "IAM11000" => (
            "You are not authorized to perform the corresponding operation. Contact the administrator.",
            "没有权限进行对应操作，请联系管理员",
        ),
        "BAK10002" => ("The request parameter {0} is invalid.", "请求参数{0}非法！"),
        "BAK10004" => (
            "Invalid configuration name format. The configuration name must start with a letter. It must be 2 to 32 characters in length, and can contain uppercase letters, lowercase letters, digits, and underscores (_).",
            "输入的配置名格式不正确，需要以英文字母开头，可包括大小写字母、数字和下划线，长度在2与32之间。",
        ),
        "BAK21001" => (
            "Cluster {0} (ID = {1}) already has a backup policy. Delete or directly update the existing policy.",
            "集群{0}(id:{1})已经存在备份策略，请删除原策略或者直接更新原策略！",
        ),
        "BAK21002" => (
            "The {2} tenant (ID = {3}) in Cluster {0} (ID = {1}) already has a backup policy. Delete the original policy or directly update the original policy.",
            "集群{0}(id:{1})中租户{2}(id:{3})已经存在备份策略，请删除原策略或者直接更新原策略！",
        ),
        "BAK21006" => (
            "The backup object {0} has no backup policy.",
            "备份对象{0}无备份策略！",
        ),
        "BAK21008" => (
            "The backup object {0} does not support the {1} backup mode.",
            "备份对象{0}不支持备份方式{1}",
        ),
        "BAK21016" => (
            "The backup strategy has not changed!",
            "备份策略未发生任何变更！",
        ),
        "BAK29018" => (
            "The URI in the backup configuration {0} is empty.",
            "备份配置{0}中的URI为空",
        ),
        "BAK29019" => (
            "The endpoint in the backup configuration {0} is empty.",
            "备份配置{0}中的endpoint为空",
        ),
        "BAK29020" => (
            "The accessKeyId in the backup configuration {0} is empty.",
            "备份配置{0}中的accessKeyId为空",
        ),
        "BAK29021" => (
            "The secretAccessKey in the backup configuration {0} is empty.",
            "备份配置{0}中的secretAccessKey为空",
        ),
        "BAK30002" => (
            "The OceanBase Database version {0} does not support tenant backup.",
            "OceanBase 版本：{0} 不支持租户备份！",
        ),
        "BAK30004" => (
            "Logical backup does not support tenant backup.",
            "逻辑备份不支持租户备份！",
        ),
        "BAK31001" => (
            "Failed to start data backup. Error message: {0}.",
            "启动数据备份失败，错误信息：{0}",
        ),
        "BAK31005" => (
            "The baseline backup task for the cluster or tenant already exists.",
            "集群或者租户的基线备份任务已经存在",
        ),
        "BAK40002" => (
            "Cluster {0} may have undergone primary/standby switchover. Backup is not supported for standby cluster {1}. Back up primary cluster {2} to the new backup directory.",
            "集群{0}可能发生过主备库切换，暂不支持备库{1}备份。请将当前主库{2}备份到新的备份目录！",
        ),
        "BAK41004" => (
            "Failed to access backup file or directory {1} on host {0}.",
            "访问主机{0}上的备份文件或目录{1}失败！",
        ),
        "BAK42001" => ("Restore task failed.", "恢复任务失败！"),
        "BAK42002" => (
            "Failed to create the resource unit {0} during tenant restoration: {1}.",
            "在恢复租户过程中，创建ResourceUnit:{0}失败,{1}",
        ),
        "BAK42004" => (
            "The {0} tenant is being restored. Please check.",
            "提交的新租户{0}已经在恢复中,请检查！",
        ),
        "BAK42005" => (
            "The name {0} of the tenant to be restored already exists in target Cluster {1}. Modify the tenant name.",
            "恢复租户名{0}已经在恢复目标集群{1}中存在，请修改租户名!",
        ),
        "OBE11003" => (
            "The specified cluster with the ID of {0} and of the [{1}] type does not support this operation.",
            "指定的集群id={0}，当前类型:[{1}]不支持此操作",
        ),
        "OBE21000" => (
            "Invalid tenant name format. The tenant name must start with a letter. It must be 2 to 64 characters in length, and can contain uppercase letters, lowercase letters, digits, and underscores (_).",
            "传入的租户名格式不正确，需要以英文字母开头，可包括大小写字母、数字和下划线，长度在2与64之间",
        ),
        _ => ("An unknown error has occurred.", "发生一个未知的错误"),
    };
    lang.pick(en, zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_placeholders_in_both_languages() {
        let f = ApiFailure::new(
            StatusCode::CONFLICT,
            OcpErrorCode::Bak21002,
            vec![
                "ob_prod_hz".into(),
                1000001.into(),
                "trade".into(),
                1000012.into(),
            ],
        );
        assert_eq!(
            f.message(Lang::En),
            "The trade tenant (ID = 1000012) in Cluster ob_prod_hz (ID = 1000001) already has a backup policy. \
             Delete the original policy or directly update the original policy."
        );
        assert_eq!(
            f.message(Lang::Zh),
            "集群ob_prod_hz(id:1000001)中租户trade(id:1000012)已经存在备份策略，请删除原策略或者直接更新原策略！"
        );
    }

    #[test]
    fn localised_words_and_field_names() {
        let f = ApiFailure::not_found(CLUSTER, "id=7");
        assert_eq!(f.status, StatusCode::NOT_FOUND);
        assert!(
            f.message(Lang::En)
                .contains("No records of the cluster type found based on the id=7 parameter")
        );
        assert!(
            f.message(Lang::Zh)
                .contains("没有找到指定集群类型的记录，参数：id=7")
        );
        let bad = ApiFailure::invalid(
            "obBackupServiceStorageConfig.alarmStoragePercentageThreshold",
            "must be 0–100",
        );
        assert!(
            bad.message(Lang::En)
                .contains("obBackupServiceStorageConfig.alarmStoragePercentageThreshold")
        );
        assert_eq!(bad.code_text(), "COM10001");
    }

    #[test]
    fn throttled_uses_numeric_code_and_doc_text() {
        let f = ApiFailure::throttled();
        assert_eq!(f.code_text(), "0");
        assert!(
            f.message(Lang::En)
                .starts_with("Excessive number of requests")
        );
        let api = f.api_error(Lang::Zh);
        assert_eq!(api.code, types::ApiErrorCode::Int64(0));
    }

    #[test]
    fn accept_language() {
        assert_eq!(Lang::from_header(Some("zh-CN")), Lang::Zh);
        assert_eq!(Lang::from_header(Some("zh-CN,zh;q=0.9,en;q=0.8")), Lang::Zh);
        assert_eq!(Lang::from_header(Some("en-US")), Lang::En);
        assert_eq!(Lang::from_header(None), Lang::En);
    }
}

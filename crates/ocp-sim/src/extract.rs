//! Extractors that answer bad input with OCP's error envelope (never axum's plain-text
//! rejections): path IDs, query parameters and JSON bodies, each failure naming the field.

use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use chrono::{DateTime, FixedOffset};

type TimeRange = (Option<DateTime<FixedOffset>>, Option<DateTime<FixedOffset>>);
use ocp_api::enums::OcpErrorCode;
use ocp_api::time::OcpDateTime;
use ocp_api::types;
use serde::de::DeserializeOwned;

use crate::envelope::Ctx;
use crate::errors::ApiFailure;
use crate::validate::OpenEnum;

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Ctx>().cloned().ok_or_else(|| {
            ApiFailure::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                OcpErrorCode::Com10999,
                vec!["no request context".into(), "".into()],
            )
        })
    }
}

/// Path parameters as text; converted per field so errors can name it.
pub(crate) struct PathIds(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for PathIds {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiFailure::invalid("path", e.body_text()))?;
        Ok(PathIds(
            raw.iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        ))
    }
}

impl PathIds {
    /// The route's parameter `name`, an integer; `field` is the spec's name for messages.
    pub(crate) fn int(&self, name: &str, field: &str) -> Result<i64, ApiFailure> {
        let text = self
            .0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        parse_int(field, text)
    }
}

fn parse_int(field: &str, text: &str) -> Result<i64, ApiFailure> {
    text.trim().parse::<i64>().map_err(|_| {
        ApiFailure::invalid_value(
            field,
            format!("{text:?} is not an integer (int64)"),
            Some(text.to_owned().into()),
        )
    })
}

/// Query parameters, decoded the way a servlet container does.
pub(crate) struct Query(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Query {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Query(ocp_api::signing::parse_query(
            parts.uri.query().unwrap_or(""),
        )))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Paging {
    pub page: i64,
    pub size: i64,
}

impl Paging {
    /// The rows of this page, converted, and the page information.
    pub(crate) fn apply<T, U>(
        &self,
        rows: &[T],
        convert: impl FnMut(&T) -> U,
    ) -> (Vec<U>, types::PageInfo) {
        let total = rows.len() as i64;
        let skip = (self.page - 1).saturating_mul(self.size);
        let contents: Vec<U> = if skip >= total {
            Vec::new()
        } else {
            rows[skip as usize..]
                .iter()
                .take(self.size as usize)
                .map(convert)
                .collect()
        };
        let total_pages = if total == 0 {
            0
        } else {
            (total + self.size - 1) / self.size
        };
        let info = types::PageInfo {
            number: self.page.min(i64::from(i32::MAX)) as i32,
            size: self.size as i32,
            total_elements: total,
            total_pages: total_pages.min(i64::from(i32::MAX)) as i32,
        };
        (contents, info)
    }
}

impl Query {
    pub(crate) fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Query(pairs)
    }

    pub(crate) fn into_pairs(self) -> Vec<(String, String)> {
        self.0
    }

    /// First value of `name`; an empty value counts as absent, as in Spring.
    pub(crate) fn first(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, repeated and comma-separated forms alike.
    pub(crate) fn list(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// Every value of `name` as sent (values may contain commas).
    pub(crate) fn raw_list(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub(crate) fn opt_i64(&self, name: &str) -> Result<Option<i64>, ApiFailure> {
        self.first(name).map(|v| parse_int(name, v)).transpose()
    }

    pub(crate) fn opt_bool(&self, name: &str) -> Result<Option<bool>, ApiFailure> {
        self.first(name)
            .map(|v| match v.to_ascii_lowercase().as_str() {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(ApiFailure::invalid_value(
                    name,
                    "expected true or false",
                    Some(v.to_owned().into()),
                )),
            })
            .transpose()
    }

    pub(crate) fn opt_time(&self, name: &str) -> Result<Option<DateTime<FixedOffset>>, ApiFailure> {
        let Some(text) = self.first(name) else {
            return Ok(None);
        };
        // An unencoded `+` of an offset arrives as a space.
        let parsed = OcpDateTime::parse(text).or_else(|e| match text.contains(' ') {
            true => OcpDateTime::parse(&text.replace(' ', "+")),
            false => Err(e),
        });
        match parsed {
            Ok(t) => Ok(Some(*t.as_datetime())),
            Err(e) => Err(ApiFailure::invalid_value(
                name,
                e.to_string(),
                Some(text.to_owned().into()),
            )),
        }
    }

    /// `startTime`/`endTime`; COM10010 when the start is after the end.
    pub(crate) fn time_range(&self) -> Result<TimeRange, ApiFailure> {
        let start = self.opt_time("startTime")?;
        let end = self.opt_time("endTime")?;
        if let (Some(s), Some(e)) = (start, end)
            && s > e
        {
            return Err(
                ApiFailure::new(StatusCode::BAD_REQUEST, OcpErrorCode::Com10010, vec![])
                    .with_debug(format!(
                        "startTime {} is after endTime {}",
                        s.to_rfc3339(),
                        e.to_rfc3339()
                    )),
            );
        }
        Ok((start, end))
    }

    /// `page` (from 1) and `size` (1–2000); `required` for the operations whose spec says so.
    pub(crate) fn paging(&self, required: bool) -> Result<Paging, ApiFailure> {
        let page = match self.opt_i64("page")? {
            Some(p) => p,
            None if required => return Err(ApiFailure::invalid("page", "required")),
            None => 1,
        };
        let size = match self.opt_i64("size")? {
            Some(s) => s,
            None if required => return Err(ApiFailure::invalid("size", "required")),
            None => 10,
        };
        if page < 1 || page > i64::from(i32::MAX) {
            return Err(ApiFailure::invalid_value(
                "page",
                "pages are numbered from 1",
                Some(page.into()),
            ));
        }
        let sizes = ocp_api::rules::PAGE_SIZE;
        if !sizes.contains(size) {
            return Err(ApiFailure::invalid_value(
                "size",
                format!("must be between {} and {}", sizes.min, sizes.max),
                Some(size.into()),
            ));
        }
        Ok(Paging { page, size })
    }

    pub(crate) fn enums<E: OpenEnum>(&self, name: &str) -> Result<Vec<E>, ApiFailure> {
        self.list(name)
            .into_iter()
            .map(|v| {
                let e = E::from(v);
                crate::validate::known(name, &e).map(|_| e)
            })
            .collect()
    }

    /// `sort=field,direction` restricted to `fields`; returns (field, descending).
    pub(crate) fn sort<'a>(
        &self,
        fields: &[&'a str],
    ) -> Result<Option<(&'a str, bool)>, ApiFailure> {
        let Some(text) = self.first("sort") else {
            return Ok(None);
        };
        let mut parts = text.split(',').map(str::trim);
        let field = parts.next().unwrap_or("");
        let Some(known) = fields.iter().find(|f| **f == field) else {
            return Err(ApiFailure::new(
                StatusCode::BAD_REQUEST,
                OcpErrorCode::Com10011,
                vec![field.into()],
            )
            .with_debug(format!("sortable fields: {}", fields.join(", "))));
        };
        let descending = match parts.next().map(str::to_ascii_lowercase).as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(other) => {
                return Err(ApiFailure::invalid_value(
                    "sort",
                    "direction must be asc or desc",
                    Some(other.to_owned().into()),
                ));
            }
        };
        Ok(Some((known, descending)))
    }
}

/// A JSON body deserialised into a generated type; errors name the JSON path of the field.
pub(crate) struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + serde::Serialize> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiFailure;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if let Some(ct) = content_type.as_deref() {
            let essence = ct
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if essence != "application/json" && !essence.ends_with("+json") {
                return Err(ApiFailure::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    OcpErrorCode::Com10003,
                    vec![
                        format!("Content-Type {ct} is not supported; send application/json").into(),
                    ],
                ));
            }
        }
        let fields = req.extensions().get::<Ctx>().map(|c| c.sim.fields.clone());
        let bytes = axum::body::to_bytes(req.into_body(), usize::MAX)
            .await
            .map_err(|e| ApiFailure::invalid("body", e.to_string()))?;
        let body: T = parse_json(&bytes)?;
        match fields.filter(crate::versions::Fields::restricts) {
            Some(fields) => fields.request(body).map(JsonBody),
            None => Ok(JsonBody(body)),
        }
    }
}

pub(crate) fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiFailure> {
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        None => {
            return Err(ApiFailure::invalid(
                "body",
                "a JSON request body is required",
            ));
        }
        // serde would read a struct from an array too; every body of the spec is an object.
        Some(b'{') => {}
        Some(_) => return Err(ApiFailure::invalid("body", "expected a JSON object")),
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.inner().to_string();
        let mut field = if path == "." || path.is_empty() {
            String::new()
        } else {
            path
        };
        // serde reports a missing field at its parent; name the field itself.
        if let Some(missing) = inner
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        {
            field = if field.is_empty() {
                missing.to_owned()
            } else {
                format!("{field}.{missing}")
            };
        }
        if field.is_empty() {
            field = "body".to_owned();
        }
        ApiFailure::invalid(field, inner)
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Query {
        Query(ocp_api::signing::parse_query(s))
    }

    #[test]
    fn paging_rules() {
        assert_eq!(q("").paging(false).unwrap(), Paging { page: 1, size: 10 });
        assert_eq!(
            q("page=3&size=2000").paging(true).unwrap(),
            Paging {
                page: 3,
                size: 2000
            }
        );
        for bad in [
            "page=0&size=5",
            "page=1&size=2001",
            "page=1&size=0",
            "page=x&size=5",
            "size=5",
        ] {
            let e = q(bad).paging(true).unwrap_err();
            assert_eq!(e.code_text(), "COM10001", "{bad}");
        }
        let e = q("page=1&size=2001").paging(true).unwrap_err();
        assert!(e.message(crate::Lang::En).contains("size"));
    }

    #[test]
    fn page_slicing() {
        let rows: Vec<i32> = (0..25).collect();
        let p = Paging { page: 3, size: 10 };
        let (got, info) = p.apply(&rows, |r| *r);
        assert_eq!(got, (20..25).collect::<Vec<_>>());
        assert_eq!(
            (
                info.total_elements,
                info.total_pages,
                info.number,
                info.size
            ),
            (25, 3, 3, 10)
        );
        let (got, _) = Paging { page: 9, size: 10 }.apply(&rows, |r| *r);
        assert!(got.is_empty());
        let (_, info) = Paging { page: 1, size: 10 }.apply(&Vec::<i32>::new(), |r| *r);
        assert_eq!(info.total_pages, 0);
    }

    #[test]
    fn times_enums_and_sort() {
        let query = q("startTime=2024-08-09T16:00:00+08:00&endTime=2024-08-09T17:00:00%2B08:00");
        let (s, e) = query.time_range().unwrap();
        assert_eq!(s.unwrap().to_rfc3339(), "2024-08-09T16:00:00+08:00");
        assert!(e.is_some());
        let e = q("startTime=2024-08-10T00:00:00Z&endTime=2024-08-09T00:00:00Z")
            .time_range()
            .unwrap_err();
        assert_eq!(e.code_text(), "COM10010");
        let e = q("startTime=yesterday").time_range().unwrap_err();
        assert!(e.message(crate::Lang::En).contains("startTime"));
        let statuses: Vec<ocp_api::enums::DataBackupTaskStatus> =
            q("status=DONE&status=FAILED,DOING")
                .enums("status")
                .unwrap();
        assert_eq!(statuses.len(), 3);
        let e = q("status=DONE&status=EXPLODED")
            .enums::<ocp_api::enums::DataBackupTaskStatus>("status")
            .unwrap_err();
        assert!(e.debug.unwrap().contains("EXPLODED"));
        assert_eq!(
            q("sort=name,desc").sort(&["id", "name"]).unwrap(),
            Some(("name", true))
        );
        assert_eq!(
            q("sort=bogus").sort(&["id"]).unwrap_err().code_text(),
            "COM10011"
        );
    }

    #[test]
    fn json_errors_name_the_field() {
        let e = parse_json::<types::BackupNowParam>(
            br#"{"backupMode":"PHYSICAL_BACKUP","dataBackupMode":"FULL_BACKUP"}"#,
        )
        .unwrap_err();
        assert!(
            e.message(crate::Lang::En)
                .contains("obBackupServiceStorageConfig"),
            "{:?}",
            e
        );
        let e = parse_json::<types::BackupNowParam>(
            br#"{"backupMode":"PHYSICAL_BACKUP","dataBackupMode":"FULL_BACKUP","obBackupServiceStorageConfig":
                {"configName":"a1","alarmStoragePercentageThreshold":"eighty","obBackupStorageBaseInfo":{"backupStorageType":"BACKUP_STORAGE_FILE","storageUrl":"/x"}}}"#,
        )
        .unwrap_err();
        assert!(
            e.message(crate::Lang::En)
                .contains("obBackupServiceStorageConfig.alarmStoragePercentageThreshold"),
            "{}",
            e.message(crate::Lang::En)
        );
        let e = parse_json::<types::BackupNowParam>(b"{not json").unwrap_err();
        assert_eq!(e.code_text(), "COM10001");
        let e = parse_json::<types::BackupNowParam>(b"").unwrap_err();
        assert!(e.message(crate::Lang::En).contains("body"));
        let deep = "[".repeat(10_000);
        assert!(parse_json::<types::BackupNowParam>(deep.as_bytes()).is_err());
    }
}

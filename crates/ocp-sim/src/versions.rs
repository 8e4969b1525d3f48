//! Behaving as a given OCP version (`SimConfig::ocp_version`): which operations exist, which
//! fields answers carry and which fields requests must carry. All of it comes from the spec's
//! `x-ocp-since` / `x-ocp-until`, through the table `cargo xtask generate` writes
//! (`ocp_api::capabilities`); nothing here lists operations or fields by hand.
//!
//! Fields are judged by the schema they belong to. The generated types are named after their
//! schemas, and serde hands a serializer each struct's name with its fields, so writing a body
//! through [`Fields::to_value`] knows, for every JSON object, which schema it is.

use std::cell::RefCell;

use axum::http::Method;
use ocp_api::Operation;
use ocp_api::capabilities::{FIELDS, FieldVersions};
use ocp_api::version::{OcpVersion, Version};
use serde::Serialize;
use serde::ser::{self, Impossible};
use serde_json::value::Serializer as Plain;
use serde_json::{Map, Value};

/// Properties that some OCP versions require and others do not, as `[since, until)` ranges of
/// the versions that require them.
///
/// The interface the spec's table should fill: the spec does not mark version-dependent
/// `required` yet (4.2.2's create-strategy pages mark `backupScheduleEnabled` required; the 4.3
/// schema does not), so the table the generator writes has no such list and this one is empty.
/// When the generator writes one (e.g. `capabilities::REQUIRED_FIELDS` from
/// `x-ocp-required-since` / `x-ocp-required-until`), it replaces this constant.
pub(crate) const REQUIRED_BY_VERSION: &[FieldVersions] = &[];

fn within(version: Version, f: &FieldVersions) -> bool {
    f.since.is_none_or(|s| version >= s) && f.until.is_none_or(|u| version < u)
}

/// What an OCP of one version has of the spec's fields.
#[derive(Clone, Debug)]
pub(crate) struct Fields {
    pub version: Version,
    /// Properties not in every version (`capabilities::FIELDS`).
    pub present: &'static [FieldVersions],
    /// Properties required in some versions only.
    pub required: &'static [FieldVersions],
}

impl Fields {
    pub(crate) fn of(version: Version) -> Fields {
        Fields {
            version,
            present: FIELDS,
            required: REQUIRED_BY_VERSION,
        }
    }

    fn has(&self, schema: &str, property: &str) -> bool {
        self.present
            .iter()
            .find(|f| f.schema == schema && f.property == property)
            .is_none_or(|f| within(self.version, f))
    }

    fn required_of<'a>(&'a self, schema: &'a str) -> impl Iterator<Item = &'static str> + 'a {
        self.required
            .iter()
            .filter(move |f| f.schema == schema && within(self.version, f))
            .map(|f| f.property)
    }

    /// False when bodies need no change for this version (then they are written as they are).
    pub(crate) fn restricts(&self) -> bool {
        self.present.iter().any(|f| !within(self.version, f))
            || self.required.iter().any(|f| within(self.version, f))
    }

    /// `value` as JSON without the fields this version lacks, and the paths (`a.b[0].c`) of
    /// the fields this version requires that `value` lacks.
    pub(crate) fn to_value<T: Serialize + ?Sized>(
        &self,
        value: &T,
    ) -> Result<(Value, Vec<String>), serde_json::Error> {
        let missing = RefCell::new(Vec::new());
        let json = value.serialize(Ser {
            fields: self,
            path: String::new(),
            missing: &missing,
        })?;
        Ok((json, missing.into_inner()))
    }
}

impl Fields {
    /// A request body as an OCP of this version reads it: a field it requires and the body
    /// lacks is refused (400 `COM10001` naming the field); fields newer than the version are
    /// dropped, as Spring's JSON reader ignores properties a class does not have.
    pub(crate) fn request<T: Serialize + serde::de::DeserializeOwned>(
        &self,
        body: T,
    ) -> Result<T, crate::errors::ApiFailure> {
        let internal =
            |e: serde_json::Error| crate::errors::ApiFailure::invalid("body", e.to_string());
        let (value, missing) = self.to_value(&body).map_err(internal)?;
        if let Some(field) = missing.into_iter().next() {
            return Err(crate::errors::ApiFailure::invalid(
                field,
                format!("required by OCP {}", self.version),
            ));
        }
        serde_json::from_value(value).map_err(internal)
    }
}

/// The operation a request is for, by the spec's method and path template.
pub(crate) fn operation_of(method: &Method, path: &str) -> Option<Operation> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    Operation::ALL.iter().copied().find(|op| {
        op.method() == method.as_str() && {
            let template: Vec<&str> = op.path().split('/').collect();
            template.len() == segments.len()
                && template.iter().zip(&segments).all(|(t, s)| {
                    (t.starts_with('{') && t.ends_with('}') && !s.is_empty()) || t == s
                })
        }
    })
}

/// Whether an OCP of `version` has the operation of the request (`None`: not the spec's).
pub(crate) fn unsupported_operation(
    version: Version,
    method: &Method,
    path: &str,
) -> Option<Operation> {
    let op = operation_of(method, path)?;
    (!ocp_api::version::supports(op, &OcpVersion::known(version))).then_some(op)
}

/// The body Spring Boot 2.2 (the `springBootVersion` of the docs' info sample) sends for a
/// path no controller serves: what an older OCP answers for an operation it does not have.
pub(crate) fn spring_not_found(path: &str, now: chrono::DateTime<chrono::FixedOffset>) -> Value {
    serde_json::json!({
        "timestamp": now.to_utc().format("%Y-%m-%dT%H:%M:%S%.3f+0000").to_string(),
        "status": 404,
        "error": "Not Found",
        "message": "No message available",
        "path": path,
    })
}

struct Ser<'a> {
    fields: &'a Fields,
    path: String,
    missing: &'a RefCell<Vec<String>>,
}

impl<'a> Ser<'a> {
    fn child(&self, step: impl std::fmt::Display, key: bool) -> Ser<'a> {
        let path = match (self.path.is_empty(), key) {
            (true, _) => step.to_string(),
            (false, true) => format!("{}.{step}", self.path),
            (false, false) => format!("{}[{step}]", self.path),
        };
        Ser {
            fields: self.fields,
            path,
            missing: self.missing,
        }
    }
}

macro_rules! plain {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        fn $method(self, v: $ty) -> Result<Value, serde_json::Error> {
            ser::Serializer::$method(Plain, v)
        }
    )*};
}

impl<'a> ser::Serializer for Ser<'a> {
    type Ok = Value;
    type Error = serde_json::Error;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Impossible<Value, serde_json::Error>;
    type SerializeMap = MapSer<'a>;
    type SerializeStruct = StructSer<'a>;
    type SerializeStructVariant = Impossible<Value, serde_json::Error>;

    plain!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
    );

    fn serialize_none(self) -> Result<Value, serde_json::Error> {
        Ok(Value::Null)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Value, serde_json::Error> {
        v.serialize(self)
    }

    fn serialize_unit(self) -> Result<Value, serde_json::Error> {
        Ok(Value::Null)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Value, serde_json::Error> {
        Ok(Value::Null)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Value, serde_json::Error> {
        Ok(Value::String(variant.to_owned()))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Value, serde_json::Error> {
        v.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<Value, serde_json::Error> {
        let inner = v.serialize(self.child(variant, true))?;
        Ok(Value::Object(Map::from_iter([(variant.to_owned(), inner)])))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a>, serde_json::Error> {
        Ok(Seq {
            ser: self,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, serde_json::Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Seq<'a>, serde_json::Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, serde_json::Error> {
        Err(ser::Error::custom(format!(
            "{name}::{variant}: the spec's types have no tuple variants"
        )))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<MapSer<'a>, serde_json::Error> {
        Ok(MapSer {
            ser: self,
            map: Map::new(),
            key: None,
        })
    }

    fn serialize_struct(
        self,
        name: &'static str,
        _: usize,
    ) -> Result<StructSer<'a>, serde_json::Error> {
        Ok(StructSer {
            ser: self,
            schema: name,
            map: Map::new(),
        })
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, serde_json::Error> {
        Err(ser::Error::custom(format!(
            "{name}::{variant}: the spec's types have no struct variants"
        )))
    }
}

struct Seq<'a> {
    ser: Ser<'a>,
    items: Vec<Value>,
}

impl Seq<'_> {
    fn push<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), serde_json::Error> {
        let i = self.items.len();
        self.items.push(v.serialize(self.ser.child(i, false))?);
        Ok(())
    }
}

/// Sequences, tuples and tuple structs are all JSON arrays.
macro_rules! seq_like {
    ($($trait:ident::$method:ident),* $(,)?) => {$(
        impl ser::$trait for Seq<'_> {
            type Ok = Value;
            type Error = serde_json::Error;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Self::Error> {
                self.push(v)
            }
            fn end(self) -> Result<Value, Self::Error> {
                Ok(Value::Array(self.items))
            }
        }
    )*};
}

seq_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
);

/// Maps of the spec (e.g. `dayAndDataBackupModelMap`) have string keys.
struct MapSer<'a> {
    ser: Ser<'a>,
    map: Map<String, Value>,
    key: Option<String>,
}

impl ser::SerializeMap for MapSer<'_> {
    type Ok = Value;
    type Error = serde_json::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Self::Error> {
        self.key = Some(match key.serialize(Plain)? {
            Value::String(s) => s,
            other => other.to_string(),
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Self::Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| <serde_json::Error as ser::Error>::custom("a map value without key"))?;
        let value = v.serialize(self.ser.child(&key, true))?;
        self.map.insert(key, value);
        Ok(())
    }
    fn end(self) -> Result<Value, Self::Error> {
        Ok(Value::Object(self.map))
    }
}

/// A generated type: named after its schema, so its fields are judged by that schema.
struct StructSer<'a> {
    ser: Ser<'a>,
    schema: &'static str,
    map: Map<String, Value>,
}

impl ser::SerializeStruct for StructSer<'_> {
    type Ok = Value;
    type Error = serde_json::Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Self::Error> {
        if self.ser.fields.has(self.schema, key) {
            let value = v.serialize(self.ser.child(key, true))?;
            self.map.insert(key.to_owned(), value);
        }
        Ok(())
    }
    fn end(self) -> Result<Value, Self::Error> {
        let absent: Vec<String> = self
            .ser
            .fields
            .required_of(self.schema)
            .filter(|p| self.map.get(*p).is_none_or(Value::is_null))
            .map(|p| self.ser.child(p, true).path)
            .collect();
        self.ser.missing.borrow_mut().extend(absent);
        Ok(Value::Object(self.map))
    }
}

#[cfg(test)]
mod tests {
    use ocp_api::types;

    use super::*;

    const V422: Version = Version::new(4, 2, 2);
    const V430: Version = Version::new(4, 3, 0);

    /// A table as the generator would write it once the spec marks these properties.
    const PRESENT: &[FieldVersions] = &[FieldVersions {
        schema: "RestoreTenantInfoParam",
        property: "restoreObj",
        since: Some(V430),
        until: None,
    }];
    const REQUIRED: &[FieldVersions] = &[FieldVersions {
        schema: "ObBackupScheduleConfig",
        property: "backupScheduleEnabled",
        since: None,
        until: Some(V430),
    }];

    fn fields(version: Version) -> Fields {
        Fields {
            version,
            present: PRESENT,
            required: REQUIRED,
        }
    }

    fn restore_info() -> types::RestoreTenantInfoParam {
        serde_json::from_value(serde_json::json!({
            "name": "t1", "restoreObj": "TABLE",
            "tableRestoreObjects": [{"sourceDatabase": "db", "sourceTable": "t"}],
            "zones": [{"name": "zone1", "replicaType": "FULL",
                "resourcePool": {"unitSpecName": "S1", "unitCount": 1}}]
        }))
        .unwrap()
    }

    #[test]
    fn a_field_newer_than_the_version_is_left_out_everywhere_else_kept() {
        let info = restore_info();
        let (old, missing) = fields(V422).to_value(&info).unwrap();
        assert!(missing.is_empty());
        assert!(old.get("restoreObj").is_none(), "{old}");
        // Nothing else changes: the same JSON as serde_json writes, less that field.
        let mut plain = serde_json::to_value(&info).unwrap();
        plain.as_object_mut().unwrap().remove("restoreObj");
        assert_eq!(old, plain);
        let (new, _) = fields(V430).to_value(&info).unwrap();
        assert_eq!(new, serde_json::to_value(&info).unwrap());
        assert!(fields(V422).restricts());
        assert!(!fields(V430).restricts());
    }

    #[test]
    fn a_field_the_version_requires_is_reported_by_its_path() {
        let mut schedule: types::ObBackupScheduleConfig =
            serde_json::from_value(serde_json::json!({
                "backupScheduleMode": "WEEK", "backupScheduleTime": "02:00:00.000+08:00",
                "dayAndDataBackupModelMap": {"1": "FULL_BACKUP"}, "startLogBackup": true
            }))
            .unwrap();
        #[derive(Serialize)]
        struct Wrapper<'a> {
            #[serde(rename = "obBackupScheduleConfig")]
            schedule: &'a types::ObBackupScheduleConfig,
        }
        let (_, missing) = fields(V422)
            .to_value(&Wrapper {
                schedule: &schedule,
            })
            .unwrap();
        assert_eq!(missing, ["obBackupScheduleConfig.backupScheduleEnabled"]);
        assert!(fields(V430).to_value(&schedule).unwrap().1.is_empty());
        schedule.backup_schedule_enabled = Some(false);
        assert!(fields(V422).to_value(&schedule).unwrap().1.is_empty());
    }

    #[test]
    fn requests_map_to_the_specs_operations() {
        let op = |m: Method, p: &str| operation_of(&m, p);
        assert_eq!(
            op(
                Method::POST,
                "/api/v2/ob/clusters/1000001/tenants/1000012/backup/backupNow"
            ),
            Some(Operation::BackupTenantNow)
        );
        assert_eq!(
            op(Method::POST, "/api/v2/ob/clusters/1000001/backup/backupNow"),
            Some(Operation::BackupClusterNow)
        );
        assert_eq!(
            op(
                Method::GET,
                "/api/v2/ob/clusters/1/backup/config/backupStrategy"
            ),
            Some(Operation::GetClusterBackupStrategy)
        );
        assert_eq!(op(Method::GET, "/api/v2/ob/clusters//tenants"), None);
        assert_eq!(op(Method::GET, "/api/v2/nothing"), None);
        assert_eq!(
            unsupported_operation(
                V422,
                &Method::POST,
                "/api/v2/ob/clusters/1/backup/restore/preview"
            ),
            Some(Operation::PreviewRestore)
        );
        assert_eq!(
            unsupported_operation(
                V430,
                &Method::POST,
                "/api/v2/ob/clusters/1/backup/restore/preview"
            ),
            None
        );
    }
}

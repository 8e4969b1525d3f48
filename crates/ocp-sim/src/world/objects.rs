//! The databases and tables tenants hold, and what a database- or table-level restore takes
//! from its source (`restoreObj`, `tableRestoreObjects`).

use ocp_api::enums::RestoreObjectKind;
use ocp_api::types;

use super::{DatabaseRec, TenantRec, World};
use crate::errors::ApiFailure;

/// What a restore recovers.
pub(crate) enum Take<'a> {
    Tenant,
    Databases(&'a [types::TableRestoreObject]),
    Tables(&'a [types::TableRestoreObject]),
}

impl<'a> Take<'a> {
    pub(crate) fn of(info: &'a types::RestoreTenantInfoParam) -> Take<'a> {
        match info.restore_obj {
            Some(RestoreObjectKind::Database) => Take::Databases(&info.table_restore_objects),
            Some(RestoreObjectKind::Table) => Take::Tables(&info.table_restore_objects),
            _ => Take::Tenant,
        }
    }

    /// The restore task list's `restoreObjectType`.
    pub(crate) fn object_type(&self) -> &'static str {
        match self {
            Take::Tenant => "TENANT",
            Take::Databases(_) => "DATABASE",
            Take::Tables(_) => "TABLE",
        }
    }

    pub(crate) fn objects(&self) -> &'a [types::TableRestoreObject] {
        match self {
            Take::Tenant => &[],
            Take::Databases(o) | Take::Tables(o) => o,
        }
    }
}

fn name(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Every listed database and table exists in `source` (the list's form was checked by
/// `ocp_api::rules::check_restore_objects`).
pub(crate) fn check_objects_exist(
    field: &str,
    source: &TenantRec,
    take: &Take<'_>,
) -> Result<(), ApiFailure> {
    for (i, o) in take.objects().iter().enumerate() {
        let db_name = name(&o.source_database).unwrap_or_default();
        let Some(db) = source.databases.iter().find(|d| d.name == db_name) else {
            return Err(ApiFailure::invalid_value(
                format!("{field}[{i}].sourceDatabase"),
                format!("tenant {} has no database {db_name}", source.name),
                Some(db_name.to_owned().into()),
            ));
        };
        if let Take::Tables(_) = take {
            let table = name(&o.source_table).unwrap_or_default();
            if !db.tables.iter().any(|t| t == table) {
                return Err(ApiFailure::invalid_value(
                    format!("{field}[{i}].sourceTable"),
                    format!(
                        "database {db_name} of tenant {} has no table {table}",
                        source.name
                    ),
                    Some(table.to_owned().into()),
                ));
            }
        }
    }
    Ok(())
}

/// What the restored tenant holds: all of the source, or only the listed objects under their
/// new names.
pub(crate) fn restored_databases(source: &[DatabaseRec], take: &Take<'_>) -> Vec<DatabaseRec> {
    let mut out: Vec<DatabaseRec> = Vec::new();
    let mut put = |db: String, tables: Vec<String>| match out.iter_mut().find(|d| d.name == db) {
        Some(d) => d.tables.extend(tables),
        None => out.push(DatabaseRec { name: db, tables }),
    };
    match take {
        Take::Tenant => return source.to_vec(),
        Take::Databases(objects) => {
            for o in *objects {
                let from = name(&o.source_database).unwrap_or_default();
                let tables = source
                    .iter()
                    .find(|d| d.name == from)
                    .map(|d| d.tables.clone())
                    .unwrap_or_default();
                put(name(&o.target_database).unwrap_or(from).to_owned(), tables);
            }
        }
        Take::Tables(objects) => {
            for o in *objects {
                let db = name(&o.target_database).or(name(&o.source_database));
                let table = name(&o.target_table).or(name(&o.source_table));
                put(
                    db.unwrap_or_default().to_owned(),
                    vec![table.unwrap_or_default().to_owned()],
                );
            }
        }
    }
    out
}

impl World {
    /// The databases of a tenant with their tables, e.g. to check what a restore recovered.
    pub fn tenant_databases(&self, tenant_id: i64) -> Vec<(String, Vec<String>)> {
        self.tenant_rec(tenant_id)
            .map(|t| {
                t.databases
                    .iter()
                    .map(|d| (d.name.clone(), d.tables.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

//! Where backups live, as typed: the storage type and the fields it needs (FILE: a path; OSS:
//! endpoint and AccessKey; COS: plus AppId; S3: plus region). Shared by the strategy editor's
//! storages and the restore wizard's offline source, so both check the same rules.

use ocp_api::enums::BackupStorageType;
use ocp_api::types;

use crate::i18n::Tr;

/// The fields of a storage configuration (the location's and the strategy's own).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StorageField {
    ConfigName,
    StorageType,
    StorageUrl,
    Endpoint,
    AccessKeyId,
    AccessKeySecret,
    AppId,
    Region,
    AlarmThreshold,
}

/// The storage types this app offers, in the order it shows them.
pub const STORAGE_TYPES: [BackupStorageType; 4] = [
    BackupStorageType::BackupStorageFile,
    BackupStorageType::BackupStorageOss,
    BackupStorageType::BackupStorageCos,
    BackupStorageType::BackupStorageS3,
];

/// The label of a storage type in the current language (unknown ones as OCP spells them).
pub fn storage_type_name(tr: &Tr, kind: &BackupStorageType) -> String {
    crate::ui::format::word(tr.lang, kind)
}

/// `obBackupStorageBaseInfo` as typed.
#[derive(Clone, PartialEq)]
pub struct StorageLocation {
    pub storage_type: BackupStorageType,
    pub storage_url: String,
    pub endpoint: String,
    pub access_key_id: String,
    pub access_key_secret: String,
    pub app_id: String,
    pub region: String,
}

impl Default for StorageLocation {
    fn default() -> Self {
        StorageLocation {
            storage_type: BackupStorageType::BackupStorageFile,
            storage_url: String::new(),
            endpoint: String::new(),
            access_key_id: String::new(),
            access_key_secret: String::new(),
            app_id: String::new(),
            region: String::new(),
        }
    }
}

/// The secret never reaches logs: Debug says only whether one is set.
impl std::fmt::Debug for StorageLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secret = if self.access_key_secret.is_empty() {
            ""
        } else {
            "<redacted>"
        };
        f.debug_struct("StorageLocation")
            .field("storage_type", &self.storage_type)
            .field("storage_url", &self.storage_url)
            .field("endpoint", &self.endpoint)
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &secret)
            .field("app_id", &self.app_id)
            .field("region", &self.region)
            .finish()
    }
}

impl StorageLocation {
    pub fn from_info(base: &types::ObBackupStorageBaseInfo) -> Self {
        let mut f = StorageLocation {
            storage_type: base.backup_storage_type.clone(),
            storage_url: base.storage_url.clone(),
            ..StorageLocation::default()
        };
        let keys = match (
            &base.oss_access_key,
            &base.cos_access_key,
            &base.s3_access_key,
        ) {
            (Some(k), _, _) => Some((&k.endpoint, &k.access_key_id, &k.access_key_secret)),
            (_, Some(k), _) => {
                f.app_id = k.app_id.clone();
                Some((&k.endpoint, &k.access_key_id, &k.access_key_secret))
            }
            (_, _, Some(k)) => {
                f.region = k.region.clone();
                Some((&k.endpoint, &k.access_key_id, &k.access_key_secret))
            }
            _ => None,
        };
        if let Some((endpoint, id, secret)) = keys {
            f.endpoint = endpoint.clone();
            f.access_key_id = id.clone();
            f.access_key_secret = secret.clone();
        }
        f
    }

    pub fn needs_keys(&self) -> bool {
        ocp_api::rules::storage_needs_access_key(&self.storage_type)
    }

    /// Whether `other` names the same service and key, so a masked secret still fits it.
    pub fn same_keys(&self, other: &StorageLocation) -> bool {
        self.storage_type == other.storage_type
            && self.endpoint.trim() == other.endpoint.trim()
            && self.access_key_id.trim() == other.access_key_id.trim()
    }

    /// OCP's rules for a storage location: a known type, the fields that type needs, and a
    /// path without a protocol (OCP adds `file://`, `oss://`… itself).
    pub fn check(&self, tr: &Tr) -> Vec<(StorageField, &'static str)> {
        let mut errors = Vec::new();
        if let BackupStorageType::Other(_) = self.storage_type {
            errors.push((StorageField::StorageType, tr.err_unknown_choice));
        }
        let keys = self.needs_keys();
        let required = [
            (StorageField::StorageUrl, &self.storage_url, true),
            (StorageField::Endpoint, &self.endpoint, keys),
            (StorageField::AccessKeyId, &self.access_key_id, keys),
            (StorageField::AccessKeySecret, &self.access_key_secret, keys),
            (
                StorageField::AppId,
                &self.app_id,
                self.storage_type == BackupStorageType::BackupStorageCos,
            ),
            (
                StorageField::Region,
                &self.region,
                self.storage_type == BackupStorageType::BackupStorageS3,
            ),
        ];
        for (field, value, needed) in required {
            if needed && value.trim().is_empty() {
                errors.push((field, tr.required));
            }
        }
        if self.storage_url.contains("://") {
            errors.push((StorageField::StorageUrl, tr.err_storage_protocol));
        }
        errors
    }

    /// The request's `obBackupStorageBaseInfo`: only the key object of the chosen type.
    pub fn to_info(
        &self,
        custom_backup_range_list: Vec<types::CustomBackupRange>,
    ) -> types::ObBackupStorageBaseInfo {
        let t = |s: &String| s.trim().to_owned();
        let is = |kind: BackupStorageType| self.storage_type == kind;
        types::ObBackupStorageBaseInfo {
            backup_storage_type: self.storage_type.clone(),
            storage_url: t(&self.storage_url),
            oss_access_key: is(BackupStorageType::BackupStorageOss).then(|| types::OssAccessKey {
                endpoint: t(&self.endpoint),
                access_key_id: t(&self.access_key_id),
                access_key_secret: self.access_key_secret.clone(),
            }),
            cos_access_key: is(BackupStorageType::BackupStorageCos).then(|| types::CosAccessKey {
                endpoint: t(&self.endpoint),
                access_key_id: t(&self.access_key_id),
                access_key_secret: self.access_key_secret.clone(),
                app_id: t(&self.app_id),
            }),
            s3_access_key: is(BackupStorageType::BackupStorageS3).then(|| types::S3AccessKey {
                endpoint: t(&self.endpoint),
                access_key_id: t(&self.access_key_id),
                access_key_secret: self.access_key_secret.clone(),
                region: t(&self.region),
            }),
            custom_backup_range_list,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn required_fields_follow_the_type_and_paths_carry_no_protocol() {
        let tr = Lang::En.tr();
        let mut l = StorageLocation {
            storage_type: BackupStorageType::BackupStorageCos,
            ..StorageLocation::default()
        };
        let fields: Vec<_> = l.check(tr).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                StorageField::StorageUrl,
                StorageField::Endpoint,
                StorageField::AccessKeyId,
                StorageField::AccessKeySecret,
                StorageField::AppId
            ]
        );
        l.storage_type = BackupStorageType::BackupStorageFile;
        l.storage_url = "file:///obbackup".into();
        assert_eq!(
            l.check(tr),
            [(StorageField::StorageUrl, tr.err_storage_protocol)]
        );
        l.storage_url = "/obbackup".into();
        assert!(l.check(tr).is_empty());
        let info = l.to_info(vec![]);
        assert!(info.oss_access_key.is_none() && info.cos_access_key.is_none());
    }

    #[test]
    fn debug_hides_the_secret() {
        let l = StorageLocation {
            access_key_secret: "hunter2-secret".into(),
            ..StorageLocation::default()
        };
        assert!(!format!("{l:?}").contains("hunter2"));
    }
}

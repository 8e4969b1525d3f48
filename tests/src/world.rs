//! Short names for the IDs of the simulator's seeded world ([`ocp_sim::seeded`], where the names,
//! versions and zones are), as the tests put them into paths and bodies.

use ocp_sim::seeded;

/// ob_prod_hz: OceanBase 4, three zones; tenants trade, billing, iot_metrics, crm.
pub const HZ: i64 = seeded::PROD_HZ.id;
/// ob_core_bj: OceanBase 3 (whole-cluster backups only), primary of BJ_DR.
pub const BJ: i64 = seeded::CORE_BJ.id;
/// ob_core_bj_dr: the standby of BJ.
pub const BJ_DR: i64 = seeded::CORE_BJ_DR.id;
/// ob_arch_sz.
pub const SZ: i64 = seeded::ARCH_SZ.id;
/// ob_test_431: no backup strategy; restores go here.
pub const TEST: i64 = seeded::TEST_431.id;

pub const TRADE: i64 = seeded::TRADE.id;
pub const BILLING: i64 = seeded::BILLING.id;
pub const IOT: i64 = seeded::IOT_METRICS.id;
/// crm: no backup strategy yet.
pub const CRM: i64 = seeded::CRM.id;
/// erp, a tenant of BJ (OceanBase 3).
pub const ERP: i64 = seeded::ERP.id;
/// dev_app, a tenant of TEST.
pub const DEV_APP: i64 = seeded::DEV_APP.id;

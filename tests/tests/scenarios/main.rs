//! Whole DBA flows against the simulator, OCP's refusals, its error envelope, authentication,
//! fault injection, paging and filters: one test binary, a module per theme.

mod auth;
mod dba_flow;
mod envelope;
mod faults;
mod lifecycle;
mod paging;
mod refusals;

//! `ocpctl version`: this program's version and the connected OCP's.

use serde_json::json;

use crate::context::Ctx;
use crate::exit::CliError;
use crate::output::Format;

/// Prints both versions; `ctx` has read the OCP's ([`Ctx::with_server_version`]). On a
/// terminal: `ocpctl 0.1.0` and `OCP 4.2.2 (buildVersion 4.2.2-20240108) at URL`.
pub fn version(ctx: &Ctx) -> Result<(), CliError> {
    let ocp = ctx.ocp_version();
    if ctx.console.format() == Format::Table {
        let ocp_line = match ocp {
            Some(v) if v.raw() != v.to_string() => {
                format!("OCP {v} (buildVersion {}) at {}", v.raw(), ctx.base_url)
            }
            Some(v) => format!("OCP {v} at {}", ctx.base_url),
            None => format!("OCP at {}: version not known", ctx.base_url),
        };
        ctx.console
            .print_text(&format!("ocpctl {}\n{ocp_line}", env!("CARGO_PKG_VERSION")));
        return Ok(());
    }
    ctx.console.print(&json!({
        "ocpctl": env!("CARGO_PKG_VERSION"),
        // `4.2.2` as capabilities are judged; the raw `buildVersion` beside it, as OCP sent it.
        "ocp": ocp.map(|v| v.to_string()),
        "ocpBuildVersion": ocp.map(|v| v.raw().to_owned()),
        "ocpVersionRecognised": ocp.map(|v| v.is_recognised()),
        "url": ctx.base_url,
    }));
    Ok(())
}

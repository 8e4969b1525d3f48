//! `ocpctl`: see the library crate and `ocpctl --help`.

fn main() -> std::process::ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    ocp_backup_cli::run_blocking(
        args,
        ocp_backup_cli::Env::process(),
        ocp_backup_cli::Io::process(),
    )
    .into()
}

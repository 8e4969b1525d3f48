//! `ocpctl api <operation>`: every operation of the spec as a subcommand, its parameters as
//! flags and `--json-body FILE` for its body. The command tree and the code that sends each
//! request are generated (`generated_cli.rs`, progenitor's CLI generator, from
//! `cargo xtask generate`); this module names the commands, prints the answers and maps errors
//! to exit codes.

use std::fmt::Debug;
use std::time::Instant;

use clap::{ArgMatches, Command, FromArgMatches};
use heck::ToSnakeCase;
use ocp_api::{OcpError, ResponseValue, types};
use serde::Serialize;
use serde_json::Value;

use crate::context::{Ctx, build_url};
use crate::exit::CliError;
use crate::generated_cli::schemars::JsonSchema;
use crate::generated_cli::{Cli, CliCommand, CliConfig, ROUTES, Route};

/// The subcommand name of an operation: `list-tenant-data-backup-tasks`.
pub fn command_name(cmd: CliCommand) -> String {
    cmd.operation_id().replace('_', "-")
}

/// The spec's route of a generated command (progenitor names operations in snake case).
fn route_of(cmd: CliCommand) -> Option<&'static Route> {
    ROUTES
        .iter()
        .find(|r| r.operation_id.to_snake_case() == cmd.operation_id())
}

/// `ocpctl api <operation> …`: the matches of the generated tree, read by the generated code.
#[derive(Debug, Clone)]
pub struct ApiCommand {
    matches: ArgMatches,
}

impl clap::Args for ApiCommand {
    fn augment_args(cmd: Command) -> Command {
        operations(cmd)
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        operations(cmd)
    }
}

impl FromArgMatches for ApiCommand {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        Ok(ApiCommand {
            matches: matches.clone(),
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.matches = matches.clone();
        Ok(())
    }
}

impl ApiCommand {
    /// Runs the operation named on the command line.
    pub async fn run(&self, ctx: &Ctx) -> Result<(), CliError> {
        match self.matches.subcommand() {
            Some((name, sub)) => run(ctx, name, sub).await,
            None => Err(CliError::usage(
                "api: name an operation (ocpctl api --help)",
            )),
        }
    }
}

/// `cmd` (the `api` command) with one subcommand per operation.
fn operations(cmd: Command) -> Command {
    let mut api = cmd
        .about("Any operation of the OCP backup & restore API (one subcommand per operation of the spec)")
        .long_about(
            "Any operation of the OCP backup & restore API: one subcommand per operation of \
             spec/ocp-backup.yaml, its path and query parameters as flags, its body from \
             --json-body FILE (scalar body fields also as flags, which override the file). \
             --json-body-template prints an example body from OCP's docs to start from.",
        )
        .subcommand_required(true)
        .arg_required_else_help(true);
    for cmd in CliCommand::iter() {
        let mut sub = Cli::<ApiOutput>::get_command(cmd).name(command_name(cmd));
        let id = route_of(cmd).map_or("", |r| r.operation_id);
        if let Some((summary, description)) = ocp_api::docs::operation(id) {
            sub = sub.about(summary.en).long_about(format!(
                "{}\n\n{}\n\n{}\n\n{}\n\nOperation {id}.",
                summary.en, description.en, summary.zh, description.zh
            ));
        }
        if sub
            .get_arguments()
            .any(|a| a.get_id() == "json-body-template")
        {
            sub = sub.mut_arg("json-body-template", |a| {
                a.exclusive(true)
                    .help("Print an example body (from OCP's docs) to start a --json-body file from, and exit")
            });
        }
        api = api.subcommand(sub);
    }
    api
}

/// Prints what the generated code receives.
struct ApiOutput {
    ctx: Ctx,
    started: Instant,
}

impl CliConfig for ApiOutput {
    fn success_item<T>(&self, value: &ResponseValue<T>)
    where
        T: JsonSchema + Serialize + Debug,
    {
        let body = serde_json::to_value(&**value).unwrap_or(Value::Null);
        if self.ctx.verbose {
            let trace = body.get("traceId").and_then(Value::as_str);
            self.ctx
                .trace_answer(Some(value.status().as_u16()), trace, self.started);
        }
        self.ctx.console.print(&body);
    }

    fn success_no_item(&self, value: &ResponseValue<()>) {
        if self.ctx.verbose {
            self.ctx
                .trace_answer(Some(value.status().as_u16()), None, self.started);
        }
    }

    fn error<T>(&self, value: &ocp_api::Error<T>)
    where
        T: JsonSchema + Serialize + Debug,
    {
        if self.ctx.verbose {
            let trace = match value {
                ocp_api::Error::ErrorResponse(rv) => serde_json::to_value(&**rv)
                    .ok()
                    .and_then(|v| v.get("traceId")?.as_str().map(str::to_owned)),
                _ => None,
            };
            self.ctx.trace_answer(
                value.status().map(|s| s.as_u16()),
                trace.as_deref(),
                self.started,
            );
        }
    }

    fn list_start<T>(&self)
    where
        T: JsonSchema + Serialize + Debug,
    {
    }

    fn list_item<T>(&self, _value: &T)
    where
        T: JsonSchema + Serialize + Debug,
    {
    }

    fn list_end_success<T>(&self)
    where
        T: JsonSchema + Serialize + Debug,
    {
    }

    fn list_end_error<T>(&self, _value: &ocp_api::Error<T>)
    where
        T: JsonSchema + Serialize + Debug,
    {
    }
}

fn raw_values(m: &ArgMatches, flag: &str) -> Vec<String> {
    m.get_raw(flag)
        .map(|vals| {
            vals.map(|v| v.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
}

/// The URL the generated code will request, for `--verbose`.
fn url_of(ctx: &Ctx, r: &Route, m: &ArgMatches) -> String {
    let path: Vec<(&str, String)> = r
        .path_params
        .iter()
        .filter_map(|(wire, flag)| Some((*wire, raw_values(m, flag).into_iter().next()?)))
        .collect();
    let query: Vec<(&str, String)> = r
        .query_params
        .iter()
        .flat_map(|(wire, flag)| raw_values(m, flag).into_iter().map(move |v| (*wire, v)))
        .collect();
    build_url(&ctx.base_url, r.path, &path, &query)
}

/// Runs `ocpctl api <name>`.
async fn run(ctx: &Ctx, name: &str, m: &ArgMatches) -> Result<(), CliError> {
    let cmd = CliCommand::iter()
        .find(|c| command_name(*c) == name)
        .ok_or_else(|| CliError::usage(format!("unknown operation {name}")))?;
    let r = route_of(cmd)
        .ok_or_else(|| CliError::usage(format!("no route for {}", cmd.operation_id())))?;
    if m.try_get_one::<bool>("json-body-template")
        .ok()
        .flatten()
        .copied()
        .unwrap_or(false)
    {
        ctx.console.print_text(r.body_example.unwrap_or("{}"));
        return Ok(());
    }
    let url = url_of(ctx, r, m);
    if ctx.verbose {
        let body = m
            .try_get_one::<std::path::PathBuf>("json-body")
            .ok()
            .flatten()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|text| serde_json::from_str::<Value>(&text).ok());
        ctx.trace_request(r.method, &url, body);
    }
    let cli = Cli::new(
        ctx.client.clone(),
        ApiOutput {
            ctx: ctx.clone(),
            started: Instant::now(),
        },
    );
    match cli.execute(cmd, m).await {
        Ok(()) => Ok(()),
        Err(e) => match e.downcast::<ocp_api::Error<types::ErrorResponse>>() {
            Ok(e) => Err(CliError::Ocp(OcpError::from(e))),
            // Reading or parsing the --json-body file.
            Err(other) => Err(CliError::usage(format!("{other:#}"))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_kebab_case() {
        assert_eq!(
            command_name(CliCommand::ListTenantDataBackupTasks),
            "list-tenant-data-backup-tasks"
        );
        assert_eq!("getTaskInstance".to_snake_case(), "get_task_instance");
    }

    #[test]
    fn every_operation_is_a_subcommand_with_its_route_flags() {
        let api = operations(Command::new("api"));
        let ops: Vec<_> = CliCommand::iter().collect();
        assert_eq!(ops.len(), 33);
        assert_eq!(crate::generated_cli::ROUTES.len(), 33);
        for op in ops {
            let r = route_of(op).expect("a route per operation");
            let sub = api
                .find_subcommand(command_name(op))
                .expect("a subcommand per operation");
            assert!(sub.get_about().is_some(), "{}: no help", r.operation_id);
            for (_, flag) in r.path_params.iter().chain(r.query_params) {
                assert!(
                    sub.get_arguments().any(|a| a.get_id() == *flag),
                    "{}: no --{flag}",
                    op.operation_id()
                );
            }
            assert_eq!(
                r.body,
                sub.get_arguments().any(|a| a.get_id() == "json-body"),
                "{}",
                op.operation_id()
            );
        }
    }
}

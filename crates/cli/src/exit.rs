//! Exit codes a script can act on, and the one error type every command ends in.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | done |
//! | 1 | OCP answered with an error (its code and traceId are on stderr) or an answer the spec does not allow |
//! | 2 | usage: a bad flag, an unknown name, missing configuration or credentials |
//! | 3 | no answer: connection refused, DNS, TLS, timeout |
//! | 4 | the work ran and failed: a backup or restore task failed, or `backup status` found stale backups |
//! | 5 | `--wait` gave up: the task is still running in OCP |

use std::fmt;

use ocp_api::OcpError;

/// The process exit code of `ocpctl`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Ocp = 1,
    Usage = 2,
    Connection = 3,
    Failed = 4,
    TimedOut = 5,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit.code())
    }
}

/// Why a command did not succeed.
#[derive(Debug)]
pub enum CliError {
    /// Bad arguments, names that do not resolve, missing configuration or credentials.
    Usage(String),
    /// What the client reported: an OCP error answer, a transport failure, a bad answer.
    Ocp(OcpError),
    /// The work ran and failed (a failed task, stale backups).
    Failed(String),
    /// `--wait` ran out of time; the task goes on in OCP.
    TimedOut(String),
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }

    pub fn failed(message: impl Into<String>) -> Self {
        CliError::Failed(message.into())
    }

    pub fn exit(&self) -> Exit {
        match self {
            CliError::Usage(_) => Exit::Usage,
            CliError::Failed(_) => Exit::Failed,
            CliError::TimedOut(_) => Exit::TimedOut,
            CliError::Ocp(e) => match e {
                OcpError::Api(_) | OcpError::InvalidResponse { .. } => Exit::Ocp,
                OcpError::Transport { .. } => Exit::Connection,
                OcpError::InvalidRequest(_) => Exit::Usage,
                OcpError::Unsupported(_) => Exit::Usage,
            },
        }
    }

    /// The OCP error code, when OCP answered with one.
    pub fn ocp_code(&self) -> Option<&str> {
        match self {
            CliError::Ocp(e) => e.code(),
            _ => None,
        }
    }
}

impl From<OcpError> for CliError {
    fn from(e: OcpError) -> Self {
        CliError::Ocp(e)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) | CliError::Failed(m) | CliError::TimedOut(m) => f.write_str(m),
            CliError::Ocp(OcpError::Api(api)) => {
                // The code and the traceId each on a line of their own as well, for grep.
                write!(
                    f,
                    "OCP error {}: {} (HTTP {}{})\n  code: {}\n  traceId: {}",
                    api.code.as_deref().unwrap_or("?"),
                    api.message,
                    api.status,
                    api.retry_note(),
                    api.code.as_deref().unwrap_or("-"),
                    api.trace_id
                        .as_deref()
                        .filter(|t| !t.is_empty())
                        .unwrap_or("-"),
                )
            }
            CliError::Ocp(e @ OcpError::Transport { .. }) => {
                write!(f, "no answer from OCP: {e}")
            }
            CliError::Ocp(e) => write!(f, "{e}"),
        }
    }
}

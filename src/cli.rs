//! Command line: parses arguments, runs the scan, renders, and maps the outcome to exit
//! codes (0 clean, 1 a finding fails under `--fail-on`, 2 broken input or invocation).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "irready",
    version,
    about = "WAF-REL-060 Incident Response & Runbook Readiness, checked as code"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print the evaluated Terraform configuration (resources with their values) as JSON:
    /// what irready's checks see.
    Inspect {
        /// Directory to scan.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Terraform variable files, applied to every root module.
        #[arg(long = "var-file")]
        var_files: Vec<PathBuf>,
    },
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Inspect { path, var_files } => crate::scan::inspect(&path, &var_files),
    }
}

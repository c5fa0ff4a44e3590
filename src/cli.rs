//! Command line: parses arguments, runs the scan, renders, and maps the outcome to exit
//! codes (0 clean, 1 a finding fails under `--fail-on`, 2 broken input or invocation —
//! 2 wins over 1, so CI never turns green on a broken input).

use crate::controls::{self, Selection};
use crate::finding::{Finding, Severity, Status};
use crate::report::{self, ConsoleOptions, Format, ReportInput};
use crate::scan::{self, CheckOptions};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// `println!` that ignores a closed stdout (`irready controls list | head`): a reader that
/// went away is not an error, and `println!` panics on it.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

#[derive(Parser, Debug)]
#[command(
    name = "irready",
    version,
    about = "WAF-REL-060 Incident Response & Runbook Readiness, checked as code",
    long_about = "irready evaluates Terraform the way Terraform does and checks that every alert \
reaches on-call, resolves, and carries a runbook link and a severity (WAF++ WAF-REL-060). It runs \
WAF++ control YAML files unmodified, with WAF-REL-060 built in.\n\nExit codes: 0 nothing failed \
under --fail-on; 1 at least one finding fails; 2 broken input or invocation."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check Terraform against the controls and print the findings.
    Check(Box<CheckArgs>),
    /// Incident metrics: MTTD, MTTA, MTTR (n, mean, median, p90), incident counts,
    /// review compliance and action items, against the severity definitions' targets.
    Metrics(MetricsArgs),
    /// The WAF-REL-060 maturity level (1-5) with every criterion of levels 2-5 met, not
    /// met or unknown, its evidence, and what to do for each unmet one.
    Maturity(MaturityArgs),
    /// The HTML dashboard (findings, metrics with charts, maturity, regulatory mapping)
    /// in one self-contained file, or any of `check`'s report formats.
    Report(ReportArgs),
    /// The audit evidence bundle: reports, copies of the evidence documents, the
    /// regulatory mapping and a manifest with SHA-256 of every file (a folder, or a
    /// `.zip`), byte-identical for the same input and --as-of.
    Evidence(EvidenceArgs),
    /// The control catalog: list, show, validate.
    Controls {
        #[command(subcommand)]
        command: ControlsCommand,
    },
    /// Write a starting point for incident response as code: irready.yml, severity
    /// definitions, on-call, a runbook, a post-incident review template, a calendar.
    /// Existing files are kept.
    Init {
        /// Directory to write into.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Parse every Terraform file under the paths and report syntax errors only (no
    /// evaluation, no checks): a fast syntax gate, and the benchmark's parse-only floor.
    Parse {
        /// Directories to scan.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
    },
    /// Print the evaluated Terraform configuration (resources with their values) as JSON:
    /// what irready's checks see.
    Inspect {
        /// Directory to scan.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Terraform variable files, applied to every root module.
        #[arg(long = "var-file", value_name = "FILE")]
        var_files: Vec<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
enum ControlsCommand {
    /// List the controls and their checks.
    List(CatalogArgs),
    /// Show one control with its checks and regulatory mapping.
    Show {
        /// Control id, e.g. WAF-REL-060.
        id: String,
        #[command(flatten)]
        catalog: CatalogArgs,
    },
    /// Validate control YAML files; errors name file:line:col.
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Args, Debug, Clone, Default)]
struct CatalogArgs {
    /// Add the WAF++ control YAML files of this directory (a control with a built-in id
    /// replaces the built-in one).
    #[arg(long = "controls-dir", value_name = "DIR")]
    controls_dirs: Vec<PathBuf>,
    /// Leave out the built-in WAF-REL-060 control.
    #[arg(long)]
    no_builtin: bool,
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Directories to scan.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    catalog: CatalogArgs,
    /// Only these controls (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    controls: Option<Vec<String>>,
    /// Only checks whose id matches one of these globs (`waf-rel-060.tf.*`).
    #[arg(long, value_delimiter = ',', value_name = "PATTERN,...")]
    checks: Vec<String>,
    /// Leave out checks whose id matches one of these globs (also from the environment,
    /// e.g. `IRREADY_SKIP_CHECKS='waf-rel-060.ir.*'` for Terraform-only CI jobs).
    #[arg(
        long = "skip-checks",
        value_delimiter = ',',
        value_name = "PATTERN,...",
        env = "IRREADY_SKIP_CHECKS"
    )]
    skip_checks: Vec<String>,
    /// Only checks of at least this severity.
    #[arg(long, value_enum)]
    severity: Option<SeverityArg>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Console)]
    format: FormatArg,
    /// Write the report to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// What makes the exit code 1: FAIL findings (`fail`), or FAIL and SKIP (`skip`, `any`).
    #[arg(long = "fail-on", value_enum, default_value_t = FailOn::Fail)]
    fail_on: FailOn,
    /// The day taken as today for deadlines and windows (YYYY-MM-DD); default: today.
    #[arg(long = "as-of", value_name = "DATE", value_parser = parse_date)]
    as_of: Option<jiff::civil::Date>,
    /// Terraform variable files, applied to every root module after its own tfvars.
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<PathBuf>,
    /// The Terraform workspace (`terraform.workspace`); unknown when not given.
    #[arg(long, value_name = "NAME")]
    workspace: Option<String>,
    /// Report the findings recorded in this baseline file as WAIVED (`baseline: ...`), so
    /// that only new findings fail.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record this run's FAIL and SKIP findings in a baseline file (the run still reports
    /// and exits as usual).
    #[arg(long = "write-baseline", value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Print only failing findings and the summary line.
    #[arg(short, long)]
    quiet: bool,
    /// Also print PASS findings, and evaluation warnings on stderr.
    #[arg(short, long)]
    verbose: bool,
    /// Never colour the output (NO_COLOR is honoured too).
    #[arg(long)]
    no_color: bool,
}

#[derive(Args, Debug)]
struct MetricsArgs {
    /// Directory holding irready.yml and the incident-response documents.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = MetricsFormat::Table)]
    format: MetricsFormat,
    /// Only incidents of this service (case-insensitive).
    #[arg(long, value_name = "NAME")]
    service: Option<String>,
    /// Only incidents of this severity level, e.g. SEV2 (case-insensitive).
    #[arg(long, value_name = "LEVEL")]
    severity: Option<String>,
    /// First resolution date counted (YYYY-MM-DD); default: --as-of minus one year.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    since: Option<jiff::civil::Date>,
    /// Last resolution date counted (YYYY-MM-DD); default: --as-of.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    until: Option<jiff::civil::Date>,
    /// The day taken as today for deadlines, due dates and the window (YYYY-MM-DD);
    /// default: today.
    #[arg(long = "as-of", value_name = "DATE", value_parser = parse_date)]
    as_of: Option<jiff::civil::Date>,
    /// Write the metrics to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum MetricsFormat {
    /// Plain-text tables for a person.
    #[value(alias = "console")]
    Table,
    /// The SPEC §6 JSON.
    Json,
    /// OpenMetrics 1.0 text (Prometheus scraping with OpenMetrics negotiation).
    #[value(name = "openmetrics")]
    OpenMetrics,
    /// The Prometheus text format 0.0.4 (node exporter textfile collector, Pushgateway):
    /// the same samples without OpenMetrics' info type, UNIT lines and EOF marker.
    Prometheus,
}

#[derive(Args, Debug)]
struct MaturityArgs {
    /// Directory to assess.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = MaturityFormat::Table)]
    format: MaturityFormat,
    /// Write the output to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The day taken as today for deadlines and the 12-month window (YYYY-MM-DD).
    #[arg(long = "as-of", value_name = "DATE", value_parser = parse_date)]
    as_of: Option<jiff::civil::Date>,
    /// Terraform variable files, applied to every root module after its own tfvars.
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<PathBuf>,
    /// The Terraform workspace (`terraform.workspace`); unknown when not given.
    #[arg(long, value_name = "NAME")]
    workspace: Option<String>,
}

#[derive(Args, Debug)]
struct ReportArgs {
    /// Directory to report on.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Output format: the dashboard, or one of `check`'s formats.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    format: ReportFormat,
    /// Write the report to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The day taken as today for deadlines, staleness and the 12-month window.
    #[arg(long = "as-of", value_name = "DATE", value_parser = parse_date)]
    as_of: Option<jiff::civil::Date>,
    /// Terraform variable files, applied to every root module after its own tfvars.
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<PathBuf>,
    /// The Terraform workspace (`terraform.workspace`); unknown when not given.
    #[arg(long, value_name = "NAME")]
    workspace: Option<String>,
}

#[derive(Args, Debug)]
struct EvidenceArgs {
    /// Directory to assess.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Where to write the bundle: a directory, or a file ending in `.zip`.
    #[arg(long, value_name = "DIR_OR_ZIP")]
    out: PathBuf,
    /// The day taken as today for deadlines, staleness and the 12-month window.
    #[arg(long = "as-of", value_name = "DATE", value_parser = parse_date)]
    as_of: Option<jiff::civil::Date>,
    /// Terraform variable files, applied to every root module after its own tfvars.
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<PathBuf>,
    /// The Terraform workspace (`terraform.workspace`); unknown when not given.
    #[arg(long, value_name = "NAME")]
    workspace: Option<String>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum ReportFormat {
    Html,
    Json,
    Sarif,
    Junit,
    Markdown,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum MaturityFormat {
    Table,
    Json,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum FormatArg {
    Console,
    Json,
    Sarif,
    Junit,
    Markdown,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum FailOn {
    Fail,
    Skip,
    Any,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum SeverityArg {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Low => Severity::Low,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::High => Severity::High,
            SeverityArg::Critical => Severity::Critical,
        }
    }
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse::<jiff::civil::Date>()
        .map_err(|e| format!("expected a date as YYYY-MM-DD: {e}"))
}

/// Parsing can nest deeply and the evaluator recurses: give worker threads room.
const WORKER_STACK_BYTES: usize = 16 * 1024 * 1024;

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
    // Fails only if a pool already exists (tests calling main twice): keep that one.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK_BYTES)
        .build_global();
    match cli.command {
        Command::Check(args) => run_check(*args),
        Command::Metrics(args) => run_metrics(args),
        Command::Maturity(args) => run_maturity(args),
        Command::Report(args) => run_report(args),
        Command::Evidence(args) => run_evidence(args),
        Command::Controls { command } => run_controls(command),
        Command::Inspect { path, var_files } => scan::inspect(&path, &var_files),
        Command::Parse { paths } => scan::parse_only(&paths),
        Command::Init { dir } => run_init(&dir),
    }
}

fn run_check(args: CheckArgs) -> i32 {
    let selection = match Selection::new(
        args.controls.clone(),
        &args.checks,
        &args.skip_checks,
        args.severity.map(Severity::from),
    ) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("irready: {e}");
            return 2;
        }
    };
    let options = CheckOptions {
        paths: args.paths.clone(),
        var_files: args.var_files.clone(),
        workspace: args.workspace.clone(),
        controls_dirs: args.catalog.controls_dirs.clone(),
        no_builtin: args.catalog.no_builtin,
        selection,
        settings: Default::default(),
        as_of: args.as_of,
        baseline: args.baseline.clone(),
        write_baseline: args.write_baseline.clone(),
        // stderr only: stdout may be a report piped elsewhere while a person watches.
        progress: std::io::stderr().is_terminal() && !args.quiet,
    };
    let outcome = scan::check(&options);
    for note in &outcome.notes {
        eprintln!("irready: note: {note}");
    }
    for d in &outcome.diagnostics {
        eprintln!("{d}");
    }
    if args.verbose {
        for w in &outcome.warnings {
            eprintln!("warning: {w}");
        }
    }
    let format = match args.format {
        FormatArg::Console => Format::Console,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Junit => Format::Junit,
        FormatArg::Markdown => Format::Markdown,
    };
    let scanned: Vec<String> = args
        .paths
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let input = ReportInput {
        findings: &outcome.findings,
        controls: &outcome.controls,
        controls_loaded: outcome.controls_loaded,
        scanned_paths: &scanned,
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    let color = format == Format::Console
        && args.out.is_none()
        && !args.no_color
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal();
    let console = ConsoleOptions {
        color,
        verbose: args.verbose,
        quiet: args.quiet,
    };
    if let Err(code) = write_output(args.out.as_deref(), |w| {
        report::write(format, &input, &console, w)
    }) {
        return code;
    }
    exit_code(
        &outcome.findings,
        !outcome.diagnostics.is_empty(),
        args.fail_on,
    )
}

/// `irready metrics`: loads the documents, computes, renders. A broken document is printed
/// on stderr and makes the exit code 2, but the metrics are still computed from what
/// loaded, so one bad file does not hide the figures.
fn run_metrics(args: MetricsArgs) -> i32 {
    if !args.path.is_dir() {
        eprintln!(
            "irready: {}: no such directory (expected the folder holding the incident-response documents)",
            args.path.display()
        );
        return 2;
    }
    let options = crate::metrics::MetricsOptions {
        as_of: args
            .as_of
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date()),
        since: args.since,
        until: args.until,
        service: args.service.clone(),
        severity: args.severity.clone(),
    };
    let (documents, diagnostics) = crate::ir::documents::load(&args.path);
    for d in &diagnostics {
        eprintln!("{d}");
    }
    let metrics = match crate::metrics::compute(&documents, &options) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("irready: {e}");
            return 2;
        }
    };
    let text = match args.format {
        MetricsFormat::Table => crate::metrics::table::render(&metrics),
        MetricsFormat::Json => match crate::metrics::json::render(&metrics) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("irready: cannot write the metrics as JSON: {e}");
                return 2;
            }
        },
        MetricsFormat::OpenMetrics => crate::metrics::openmetrics::render(&metrics),
        MetricsFormat::Prometheus => crate::metrics::openmetrics::render_prometheus(&metrics),
    };
    if let Err(code) = write_output(args.out.as_deref(), |w| w.write_all(text.as_bytes())) {
        return code;
    }
    if diagnostics.is_empty() { 0 } else { 2 }
}

/// `irready report`: assesses PATH (findings, metrics, maturity) and writes the dashboard
/// or a findings report. Exit 0, or 2 on broken input (reported from what loaded).
fn run_report(args: ReportArgs) -> i32 {
    let a = match assess_path(
        &args.path,
        &args.var_files,
        args.workspace.as_deref(),
        args.as_of,
    ) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let scanned = vec![args.path.to_string_lossy().replace('\\', "/")];
    let input = ReportInput {
        findings: &a.outcome.findings,
        controls: &a.outcome.controls,
        controls_loaded: a.outcome.controls_loaded,
        scanned_paths: &scanned,
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    let format = match args.format {
        ReportFormat::Html => None,
        ReportFormat::Json => Some(Format::Json),
        ReportFormat::Sarif => Some(Format::Sarif),
        ReportFormat::Junit => Some(Format::Junit),
        ReportFormat::Markdown => Some(Format::Markdown),
    };
    let written = match format {
        Some(format) => write_output(args.out.as_deref(), |w| {
            report::write(format, &input, &ConsoleOptions::default(), w)
        }),
        None => {
            let metrics = a.metrics_json();
            let maturity = a.maturity_json();
            let as_of = a.as_of.to_string();
            let html = report::html::render(&report::html::Dashboard {
                report: input,
                metrics: metrics.as_ref(),
                maturity: Some(&maturity),
                as_of: &as_of,
            });
            write_output(args.out.as_deref(), |w| w.write_all(html.as_bytes()))
        }
    };
    if let Err(code) = written {
        return code;
    }
    assessed_exit(&a)
}

/// `irready evidence`: assesses PATH and writes the bundle. Exit 0, or 2 on broken input
/// (the bundle is still written, with the ERROR findings in its reports) or when the
/// bundle cannot be written.
fn run_evidence(args: EvidenceArgs) -> i32 {
    let a = match assess_path(
        &args.path,
        &args.var_files,
        args.workspace.as_deref(),
        args.as_of,
    ) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let shown = args.path.to_string_lossy().replace('\\', "/");
    let bundle = crate::evidence::build(&a, &args.path, &shown);
    let is_zip = args
        .out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    let written = if is_zip {
        crate::evidence::zip(&bundle).and_then(|bytes| std::fs::write(&args.out, bytes))
    } else if args.out.exists() && !args.out.is_dir() {
        Err(std::io::Error::other("exists and is not a directory"))
    } else {
        crate::evidence::write_dir(&bundle, &args.out)
    };
    if let Err(e) = written {
        eprintln!("irready: cannot write {}: {e}", args.out.display());
        return 2;
    }
    eprintln!(
        "irready: wrote {} files to {} (manifest.json lists their SHA-256)",
        bundle.len(),
        args.out.display()
    );
    assessed_exit(&a)
}

/// `irready maturity`: runs every check on PATH, then computes the level from the
/// findings, the documents and the alert actions. Exit 0, or 2 on broken input (the level
/// is still assessed from what loaded); a low level is not an error.
fn run_maturity(args: MaturityArgs) -> i32 {
    let a = match assess_path(
        &args.path,
        &args.var_files,
        args.workspace.as_deref(),
        args.as_of,
    ) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let written = write_output(args.out.as_deref(), |w| match args.format {
        MaturityFormat::Table => crate::maturity::render::write_table(&a.maturity, w),
        MaturityFormat::Json => crate::maturity::render::write_json(&a.maturity, w),
    });
    if let Err(code) = written {
        return code;
    }
    assessed_exit(&a)
}

/// The assessment behind `report`, `evidence` and `maturity` (check + metrics +
/// maturity of one PATH), with its notes and diagnostics printed on stderr. `Err(2)` when
/// PATH does not exist: a level or a bundle of an absent repository would only mislead.
fn assess_path(
    path: &Path,
    var_files: &[PathBuf],
    workspace: Option<&str>,
    as_of: Option<jiff::civil::Date>,
) -> Result<crate::assessment::Assessment, i32> {
    if !path.exists() {
        let shown = path.to_string_lossy().replace('\\', "/");
        eprintln!(
            "{}",
            crate::diagnostic::Diagnostic::file(shown, "no such file or directory")
        );
        return Err(2);
    }
    let options = CheckOptions {
        var_files: var_files.to_vec(),
        workspace: workspace.map(str::to_string),
        as_of,
        ..Default::default()
    };
    let a = crate::assessment::assess(path, &options);
    for note in &a.outcome.notes {
        eprintln!("irready: note: {note}");
    }
    for d in &a.outcome.diagnostics {
        eprintln!("{d}");
    }
    Ok(a)
}

/// 0, or 2 when the assessment met broken input.
fn assessed_exit(a: &crate::assessment::Assessment) -> i32 {
    if a.outcome.diagnostics.is_empty() {
        0
    } else {
        2
    }
}

/// Writes a report to `--out` or stdout. A closed pipe (`irready check | head`) is not an
/// error worth a message; a file that cannot be written is (exit 2).
fn write_output(
    out: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), i32> {
    match out {
        Some(path) => {
            let result = std::fs::File::create(path).and_then(|mut f| {
                write(&mut f)?;
                f.flush()
            });
            result.map_err(|e| {
                eprintln!("irready: cannot write {}: {e}", path.display());
                2
            })
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            let _ = write(&mut stdout).and_then(|()| stdout.flush());
            Ok(())
        }
    }
}

fn run_init(dir: &Path) -> i32 {
    match crate::init::init(dir) {
        Ok(files) => {
            let mut out = std::io::stdout().lock();
            for (rel, outcome) in files {
                let what = match outcome {
                    crate::init::Outcome::Written => "wrote",
                    crate::init::Outcome::Kept => "kept (exists)",
                };
                let _ = writeln!(out, "{what}  {}", dir.join(rel).display());
            }
            let _ = writeln!(
                out,
                "next: replace the example names, then `irready check {}`",
                dir.display()
            );
            0
        }
        Err(e) => {
            eprintln!("irready: {e}");
            2
        }
    }
}

fn exit_code(findings: &[Finding], broken: bool, fail_on: FailOn) -> i32 {
    if broken || findings.iter().any(|f| f.status == Status::Error) {
        return 2;
    }
    let fails = |s: Status| match fail_on {
        FailOn::Fail => s == Status::Fail,
        FailOn::Skip | FailOn::Any => s == Status::Fail || s == Status::Skip,
    };
    if findings.iter().any(|f| fails(f.status)) {
        1
    } else {
        0
    }
}

fn run_controls(command: ControlsCommand) -> i32 {
    match command {
        ControlsCommand::Validate { files } => {
            let mut broken = false;
            for f in &files {
                let display = f.to_string_lossy().replace('\\', "/");
                match controls::load_file(f, display.clone().into()) {
                    Ok(c) => say!("{display}: ok ({} with {} checks)", c.id, c.checks.len()),
                    Err(diags) => {
                        broken = true;
                        for d in diags {
                            eprintln!("{d}");
                        }
                    }
                }
            }
            if broken { 2 } else { 0 }
        }
        ControlsCommand::List(catalog) => {
            let (catalog, code) = match load_catalog_args(&catalog) {
                Ok(c) => (c, 0),
                Err(c) => return c,
            };
            for c in &catalog.controls {
                say!("{}  {}  [{} / {}]", c.id, c.title, c.pillar, c.severity);
                for k in &c.checks {
                    say!("  {}  {}", k.id, k.title);
                }
            }
            code
        }
        ControlsCommand::Show { id, catalog } => {
            let catalog = match load_catalog_args(&catalog) {
                Ok(c) => c,
                Err(c) => return c,
            };
            let Some(control) = catalog
                .controls
                .iter()
                .find(|c| c.id.eq_ignore_ascii_case(&id))
            else {
                eprintln!("irready: no control {id:?}; `irready controls list` shows them");
                return 2;
            };
            let s = control.summary();
            say!("{}  {}", s.id, s.title);
            say!(
                "pillar: {}  severity: {}  category: {}",
                s.pillar,
                s.severity,
                s.category
            );
            say!("\n{}", s.description.trim());
            say!("\nChecks:");
            for k in &s.checks {
                say!("  {} [{}] {}", k.id, k.severity, k.title);
            }
            if !s.regulatory_mapping.is_empty() {
                say!("\nRegulatory mapping:");
                for m in &s.regulatory_mapping {
                    say!("  {}: {}", m.framework, m.controls.join("; "));
                }
            }
            0
        }
    }
}

fn load_catalog_args(args: &CatalogArgs) -> Result<controls::Catalog, i32> {
    let options = CheckOptions {
        controls_dirs: args.controls_dirs.clone(),
        no_builtin: args.no_builtin,
        ..Default::default()
    };
    let mut outcome = scan::ScanOutcome::default();
    let catalog = scan::load_catalog(&options, &mut outcome);
    for n in &outcome.notes {
        eprintln!("irready: note: {n}");
    }
    for d in &outcome.diagnostics {
        eprintln!("{d}");
    }
    if outcome.diagnostics.is_empty() {
        Ok(catalog)
    } else {
        Err(2)
    }
}

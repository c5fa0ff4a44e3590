//! Reports: turn the findings of a run into what people and machines read.
//!
//! Reporters see only [`Finding`]s and the [`ControlSummary`]s of the controls that were
//! run — never HCL, YAML or documents — so that every format tells the same story and a
//! new format is one new file here plus one [`Format`] variant. Every reporter is a pure
//! function of its input: same findings, same bytes (no clock, no environment).

mod console;
pub mod html;
mod json;
mod junit;
mod markdown;
mod sarif;

use crate::finding::{CheckSummary, ControlSummary, Finding, Status};

/// Everything a reporter may use: the findings and what is known of the run.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    /// Already sorted with [`crate::finding::sort_findings`], ERROR findings for broken
    /// files included.
    pub findings: &'a [Finding],
    /// The controls that were run, in the order the run had them.
    pub controls: &'a [ControlSummary],
    /// How many controls were loaded before `--controls`/`--severity` filtering.
    pub controls_loaded: usize,
    /// The PATH arguments as given on the command line.
    pub scanned_paths: &'a [String],
    /// irready's version, for the machine formats' tool metadata.
    pub tool_version: &'a str,
}

/// An output format of `irready check`, one module each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Human-readable, grouped by control and check, with a summary table.
    Console,
    /// The wafpass-result.json contract (schema_version 1.1), extended with locations.
    Json,
    /// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML for CI test reports: one test case per check × resource.
    Junit,
    /// GitHub-flavoured Markdown for a pull-request comment.
    Markdown,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: &'static [Format] = &[
        Format::Console,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Markdown,
    ];

    /// The name used on the command line (`--format json`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Console => "console",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
        }
    }

    /// The format with this command-line name, if there is one (case-insensitive).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.as_str().eq_ignore_ascii_case(name))
    }
}

/// How the console report looks; the CLI decides from the terminal, `NO_COLOR`,
/// `--no-color`, `-v` and `-q`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConsoleOptions {
    /// Emit ANSI colours. When false the output holds no escape code at all.
    pub color: bool,
    /// Show PASS findings too.
    pub verbose: bool,
    /// Only the failing findings (FAIL, ERROR), one line each, and the one-line summary.
    pub quiet: bool,
}

/// Renders the run in `format`. `console` is used only by [`Format::Console`]. The text
/// ends with a newline.
pub fn render(format: Format, input: &ReportInput, console: &ConsoleOptions) -> String {
    match format {
        Format::Console => console::render(input, console),
        Format::Json => json::render(input),
        Format::Sarif => sarif::render(input),
        Format::Junit => junit::render(input),
        Format::Markdown => markdown::render(input),
    }
}

/// Writes the run in `format` to `w`. JSON is streamed; the other formats are small
/// enough to be rendered first.
pub fn write(
    format: Format,
    input: &ReportInput,
    console: &ConsoleOptions,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write(input, w),
        other => w.write_all(render(other, input, console).as_bytes()),
    }
}

/// How many findings have each status; the summaries of every format are built from it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct StatusCounts {
    pub pass: usize,
    pub fail: usize,
    pub skip: usize,
    pub error: usize,
    pub waived: usize,
}

impl StatusCounts {
    /// Counts the statuses of `findings`.
    pub fn of<'f>(findings: impl IntoIterator<Item = &'f Finding>) -> StatusCounts {
        let mut counts = StatusCounts::default();
        for finding in findings {
            counts.add(finding.status);
        }
        counts
    }

    /// Counts one more finding of `status`.
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Pass => self.pass += 1,
            Status::Fail => self.fail += 1,
            Status::Skip => self.skip += 1,
            Status::Error => self.error += 1,
            Status::Waived => self.waived += 1,
        }
    }

    /// All findings counted.
    pub fn total(&self) -> usize {
        self.pass + self.fail + self.skip + self.error + self.waived
    }

    /// The count of one status, for tables that list the statuses in a fixed order.
    pub fn get(&self, status: Status) -> usize {
        match status {
            Status::Pass => self.pass,
            Status::Fail => self.fail,
            Status::Skip => self.skip,
            Status::Error => self.error,
            Status::Waived => self.waived,
        }
    }
}

/// The statuses in the order every summary lists them: what needs action first.
pub(crate) const STATUS_ORDER: [Status; 5] = [
    Status::Fail,
    Status::Error,
    Status::Skip,
    Status::Waived,
    Status::Pass,
];

/// One check as the reports group it: its identity and the findings it produced.
#[derive(Debug)]
pub(crate) struct CheckGroup<'a> {
    pub control_id: &'a str,
    pub check_id: &'a str,
    pub title: &'a str,
    /// The check's declared severity, or the findings' when the check is not declared.
    pub severity: String,
    /// The check's catalog entry, when one of the run controls declares it.
    pub summary: Option<&'a CheckSummary>,
    pub findings: Vec<&'a Finding>,
}

/// One control and its checks, in report order.
#[derive(Debug)]
pub(crate) struct ControlGroup<'a> {
    pub control_id: &'a str,
    pub title: &'a str,
    pub pillar: &'a str,
    pub severity: &'a str,
    pub checks: Vec<CheckGroup<'a>>,
}

/// Groups the findings by control, then by check. Controls and checks come in the order
/// the run declared them (every declared check appears, even with no finding); findings
/// of a control or check that no run control declares (an ERROR for a broken file, say)
/// follow in the order they first appear. Within a check the findings keep their
/// (sorted) input order.
pub(crate) fn group<'a>(input: &ReportInput<'a>) -> Vec<ControlGroup<'a>> {
    let mut groups: Vec<ControlGroup<'a>> = input
        .controls
        .iter()
        .map(|control| ControlGroup {
            control_id: &control.id,
            title: &control.title,
            pillar: &control.pillar,
            severity: &control.severity,
            checks: control
                .checks
                .iter()
                .map(|check| CheckGroup {
                    control_id: &control.id,
                    check_id: &check.id,
                    title: &check.title,
                    severity: check.severity.clone(),
                    summary: Some(check),
                    findings: Vec::new(),
                })
                .collect(),
        })
        .collect();
    for finding in input.findings {
        let control_index = match groups
            .iter()
            .position(|g| g.control_id == finding.control_id)
        {
            Some(i) => i,
            None => {
                groups.push(ControlGroup {
                    control_id: &finding.control_id,
                    title: "",
                    pillar: &finding.pillar,
                    severity: "",
                    checks: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let checks = &mut groups[control_index].checks;
        let check_index = match checks.iter().position(|c| c.check_id == finding.check_id) {
            Some(i) => i,
            None => {
                checks.push(CheckGroup {
                    control_id: &finding.control_id,
                    check_id: &finding.check_id,
                    title: &finding.check_title,
                    severity: finding.severity.as_str().to_string(),
                    summary: None,
                    findings: Vec::new(),
                });
                checks.len() - 1
            }
        };
        checks[check_index].findings.push(finding);
    }
    groups
}

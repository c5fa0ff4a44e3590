//! The scan pipeline: discover → load (Terraform, controls) → evaluate → check → findings.
//!
//! Nothing here renders: `check` returns findings (ERROR findings included for every
//! broken input) and the diagnostics; the CLI picks the format and the exit code.

use crate::checks::CheckSettings;
use crate::controls::{self, Catalog, Selection};
use crate::diagnostic::Diagnostic;
use crate::discover::normalize;
use crate::finding::{ControlSummary, Finding, Severity, Status, sort_findings};
use crate::terraform::module::{LoadOptions, evaluate_tree, for_each_root};
use crate::terraform::{Configuration, EvalBody, Value};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `irready check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub var_files: Vec<PathBuf>,
    /// `terraform.workspace`, when given.
    pub workspace: Option<String>,
    pub controls_dirs: Vec<PathBuf>,
    pub no_builtin: bool,
    pub selection: Selection,
    pub settings: CheckSettings,
    /// "Today" for deadlines, staleness and windows; `None` is the real date.
    pub as_of: Option<jiff::civil::Date>,
    /// `--baseline`: findings recorded there are reported WAIVED (src/baseline.rs).
    pub baseline: Option<PathBuf>,
    /// `--write-baseline`: where to record this run's failing findings.
    pub write_baseline: Option<PathBuf>,
    /// Show a progress line on stderr when the scan takes more than a second
    /// (src/progress.rs); the CLI sets it when stderr is a terminal and not `--quiet`.
    pub progress: bool,
}

/// The result of a scan.
#[derive(Debug, Default)]
pub struct ScanOutcome {
    /// Sorted; includes one ERROR finding per diagnostic.
    pub findings: Vec<Finding>,
    /// Broken input (exit 2).
    pub diagnostics: Vec<Diagnostic>,
    /// Things to tell the user on stderr that are not errors (a control replaced).
    pub notes: Vec<String>,
    /// Where evaluation met expressions Terraform would reject (shown with `-v`).
    pub warnings: Vec<Diagnostic>,
    /// The controls that were run.
    pub controls: Vec<ControlSummary>,
    pub controls_loaded: usize,
    /// Alert actions that run automation (Lambda, SSM Automation...), from every root
    /// module: the evidence of maturity level 4 (`irready maturity`).
    pub automation: crate::maturity::automation::AutomationScan,
    /// The incident-response documents of each PATH, in PATH order (missing PATHs
    /// skipped): `irready report`, `evidence` and `maturity` reuse them instead of
    /// reading them again.
    pub documents: Vec<crate::ir::documents::Documents>,
}

/// The check id of the ERROR finding that stands for a broken input file.
pub const INPUT_ERROR_CHECK: &str = "irready.input-error";

/// Loads the catalog: the built-in control unless `no_builtin`, plus `--controls-dir`s.
pub fn load_catalog(options: &CheckOptions, outcome: &mut ScanOutcome) -> Catalog {
    let mut catalog = if options.no_builtin {
        Catalog::default()
    } else {
        controls::builtin()
    };
    for dir in &options.controls_dirs {
        if !dir.is_dir() {
            outcome.diagnostics.push(Diagnostic::file(
                dir.to_string_lossy().replace('\\', "/"),
                "--controls-dir: not a directory",
            ));
            continue;
        }
        let (loaded, diags) = controls::load_dir(dir, Path::new("."));
        outcome.diagnostics.extend(diags);
        let report = catalog.merge(loaded);
        outcome.notes.extend(report.notes);
        outcome.diagnostics.extend(report.diagnostics);
    }
    outcome.controls_loaded = catalog.controls.len();
    catalog
}

/// `irready check`: every finding for the given paths.
pub fn check(options: &CheckOptions) -> ScanOutcome {
    let mut outcome = ScanOutcome::default();
    let progress = if options.progress {
        crate::progress::Progress::on_stderr()
    } else {
        crate::progress::Progress::disabled()
    };
    let catalog = load_catalog(options, &mut outcome);
    let paths: Vec<PathBuf> = if options.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        options.paths.clone()
    };
    let load = LoadOptions {
        var_files: options.var_files.clone(),
        workspace: options.workspace.clone(),
    };
    let several = paths.len() > 1;
    let as_of = options
        .as_of
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    // Checks that need no Terraform (manual ones) report once per scan, whatever the
    // number of paths and root modules.
    let mut manual = controls::run(&catalog, &[], &options.settings, &options.selection);
    let mut waiver_sets = Vec::new();
    for path in &paths {
        if !path.exists() {
            outcome.diagnostics.push(Diagnostic::file(
                path.to_string_lossy().replace('\\', "/"),
                "no such file or directory",
            ));
            continue;
        }
        let (documents, mut doc_diags) = crate::ir::documents::load(path);
        let settings = settings_for(path, &documents, &options.settings);
        let found = crate::discover::discover(path);
        // Each root's configuration is checked as soon as it is evaluated, then dropped;
        // what the document checks need of it (alerts, on-call) is kept.
        let (per_root, mut diags) = for_each_root(path, &found, &load, |config| {
            progress.root_checked(&root_path(path, &config.root));
            let mut findings =
                controls::run_configuration(&catalog, &config, &settings, &options.selection);
            let inline = crate::waivers::apply_inline(&config, &mut findings, as_of);
            let alerts = crate::ir::alert::alerts_of(&config);
            let mut oncall = crate::ir::oncall_terraform::pagerduty_services(&config);
            oncall.extend(crate::ir::oncall_terraform::opsgenie_services(&config));
            let automation = crate::maturity::automation::automation_actions(&config);
            (
                findings,
                config.warnings,
                alerts,
                oncall,
                inline,
                automation,
            )
        });
        diags.append(&mut doc_diags);
        let mut findings = Vec::new();
        let mut alerts = Vec::new();
        let mut terraform_oncall = Vec::new();
        for (f, w, a, o, i, m) in per_root {
            outcome.automation.merge(m);
            findings.extend(f);
            diags.extend(i.diagnostics);
            outcome.notes.extend(i.notes);
            outcome.warnings.extend(w);
            alerts.extend(a);
            terraform_oncall.extend(o);
        }
        let (rules, rule_diags) = crate::ir::prometheus::load_rules(path, &found.yaml);
        alerts.extend(rules);
        diags.extend(rule_diags);
        alerts.sort_by(|a, b| (&a.address, &a.root).cmp(&(&b.address, &b.root)));
        let cx = crate::checks::ir::DocumentContext {
            documents: &documents,
            alerts: &alerts,
            terraform_oncall: &terraform_oncall,
            as_of,
        };
        findings.extend(controls::run_documents(&catalog, &cx, &options.selection));
        let shown = if several {
            path.to_string_lossy().replace('\\', "/")
        } else {
            String::new()
        };
        let (mut waivers, waiver_diags) =
            crate::waivers::load(path, &documents.config.waivers, &shown);
        outcome.diagnostics.extend(waiver_diags);
        waivers.apply(&mut findings, as_of);
        waiver_sets.push(waivers);
        if several {
            // Several PATHs: show files relative to the working directory instead.
            let prefix = path.to_string_lossy().replace('\\', "/");
            for f in &mut findings {
                f.file = join_display(&prefix, &f.file);
                if !f.root.is_empty() {
                    f.root = join_display(&prefix, &f.root);
                }
            }
            for d in &mut diags {
                d.location.file = join_display(&prefix, &d.location.file).into();
            }
        }
        outcome.findings.extend(findings);
        outcome.diagnostics.extend(diags);
        outcome.documents.push(documents);
    }
    // Manual checks belong to no PATH: every PATH's risk-acceptance file may waive them.
    for set in &mut waiver_sets {
        set.apply(&mut manual, as_of);
        outcome.notes.extend(set.notes(as_of));
    }
    outcome.findings.extend(manual);
    crate::baseline::run(
        options.baseline.as_deref(),
        options.write_baseline.as_deref(),
        &mut outcome.findings,
        &mut outcome.diagnostics,
        &mut outcome.notes,
    );
    outcome.controls = catalog
        .controls
        .iter()
        .filter(|c| options.selection.selects_control(c))
        .map(|c| c.summary())
        .collect();
    outcome.diagnostics.sort();
    outcome.diagnostics.dedup();
    for d in &outcome.diagnostics {
        outcome.findings.push(error_finding(d));
    }
    sort_findings(&mut outcome.findings);
    outcome.warnings.sort();
    outcome.warnings.dedup();
    progress.finish();
    outcome
}

/// A root module's directory as the progress line shows it: the scanned path joined with
/// the root's relative directory (`.` is the scanned path itself).
fn root_path(scanned: &Path, root: &str) -> String {
    let scanned = scanned.to_string_lossy().replace('\\', "/");
    match root {
        "." | "" => scanned,
        _ => format!("{}/{root}", scanned.trim_end_matches('/')),
    }
}

/// The check settings for one scanned PATH: the severity level names of its severity
/// definitions and the escalation limit of its `irready.yml`. When the definitions exist
/// but do not load whole (an ERROR finding says why), their level names are still read,
/// so that alerts using the team's own levels (P1..P4) are not all reported undefined.
fn settings_for(
    root: &Path,
    documents: &crate::ir::documents::Documents,
    base: &CheckSettings,
) -> CheckSettings {
    let mut settings = base.clone();
    if documents.severity.is_some() {
        settings.severity_levels = documents.level_names();
    } else if documents.present.severity_definitions {
        let rel = &documents.config.paths.severity_definitions;
        let display = crate::source::display_path(root, &root.join(rel));
        if let Ok(Some(names)) =
            crate::ir::severity::load_level_names(&root.join(rel), display.into())
        {
            settings.severity_levels = names;
        }
    }
    settings.max_first_delay_minutes = documents.config.escalation.max_first_delay_minutes;
    settings
}

fn join_display(prefix: &str, rel: &str) -> String {
    let joined = normalize(&Path::new(prefix).join(rel));
    joined.to_string_lossy().replace('\\', "/")
}

/// The ERROR finding that puts a broken input into every report.
pub fn error_finding(d: &Diagnostic) -> Finding {
    Finding {
        check_id: INPUT_ERROR_CHECK.into(),
        check_title: "Input could not be read or parsed".into(),
        control_id: "irready".into(),
        pillar: String::new(),
        severity: Severity::High,
        status: Status::Error,
        resource: d.location.file.to_string(),
        message: d.message.clone(),
        remediation: "Fix the file so that it parses; until then nothing in it is checked.".into(),
        file: d.location.file.to_string(),
        line: d.location.line,
        column: d.location.column,
        // The broken file's directory: the module it would have belonged to.
        root: match d.location.file.rsplit_once('/') {
            Some((dir, _)) => dir.to_string(),
            None => ".".to_string(),
        },
    }
}

/// `irready parse`: parses every Terraform file in parallel and prints the syntax
/// errors; returns the exit code (2 when any file is broken).
pub fn parse_only(paths: &[PathBuf]) -> i32 {
    let mut diagnostics = Vec::new();
    let mut files = 0usize;
    for path in paths {
        if !path.exists() {
            diagnostics.push(Diagnostic::file(
                path.to_string_lossy().replace('\\', "/"),
                "no such file or directory",
            ));
            continue;
        }
        let found = crate::discover::discover(path);
        diagnostics.extend(found.diagnostics.iter().cloned());
        let all: Vec<&PathBuf> = found.terraform.values().flatten().collect();
        files += all.len();
        let errors: Vec<Diagnostic> = all
            .par_iter()
            .filter_map(|f| {
                let display: std::sync::Arc<str> = crate::source::display_path(path, f).into();
                let text = match crate::terraform::module::read_text(f, &display) {
                    Ok(t) => t,
                    Err(d) => return Some(d),
                };
                crate::terraform::parse::parse_file(display, &text).err()
            })
            .collect();
        diagnostics.extend(errors);
    }
    diagnostics.sort();
    for d in &diagnostics {
        eprintln!("{d}");
    }
    println!(
        "{files} Terraform files parsed, {} with errors",
        diagnostics.len()
    );
    if diagnostics.is_empty() { 0 } else { 2 }
}

/// `irready inspect`: the evaluated configurations as JSON on stdout.
pub fn inspect(path: &Path, var_files: &[PathBuf]) -> i32 {
    let options = LoadOptions {
        var_files: var_files.to_vec(),
        workspace: None,
    };
    let (configs, diagnostics) = evaluate_tree(path, &options);
    for d in &diagnostics {
        eprintln!("{d}");
    }
    let json = serde_json::Value::Array(configs.par_iter().map(configuration_json).collect());
    // A closed stdout (`irready inspect | head`) is not worth a panic or a message.
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(
        stdout,
        "{}",
        serde_json::to_string_pretty(&json).unwrap_or_default()
    );
    if diagnostics.is_empty() { 0 } else { 2 }
}

fn configuration_json(c: &Configuration) -> serde_json::Value {
    serde_json::json!({
        "root": c.root,
        "variables": c.variables.iter().map(|(k, v)| (k.clone(), value_json(v))).collect::<serde_json::Map<_, _>>(),
        "resources": c.resources.iter().map(|r| serde_json::json!({
            "address": r.address,
            "location": r.location.to_string(),
            "expansion_unknown": r.expansion_unknown,
            "values": body_json(&r.body),
        })).collect::<Vec<_>>(),
        "warnings": c.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
    })
}

fn body_json(b: &EvalBody) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for (k, a) in &b.attributes {
        map.insert(k.clone(), value_json(&a.value));
    }
    for blk in &b.blocks {
        let entry = map
            .entry(blk.kind.clone())
            .or_insert_with(|| serde_json::Value::Array(Vec::new()));
        if let serde_json::Value::Array(items) = entry {
            items.push(body_json(&blk.body));
        }
    }
    for (k, why) in &b.unknown_blocks {
        map.insert(
            k.clone(),
            serde_json::Value::String(format!("(unknown blocks: {why})")),
        );
    }
    serde_json::Value::Object(map)
}

/// A value as JSON, references and unknowns shown as `${...}` / `(unknown: ...)` strings.
pub fn value_json(v: &Value) -> serde_json::Value {
    match v {
        Value::List(items) => serde_json::Value::Array(items.iter().map(value_json).collect()),
        Value::Object(map) => serde_json::Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), value_json(v)))
                .collect(),
        ),
        Value::Ref(_) => serde_json::Value::String(format!("${{{v}}}")),
        Value::Unknown(_) => serde_json::Value::String(v.to_string()),
        other => other.to_json().unwrap_or(serde_json::Value::Null),
    }
}

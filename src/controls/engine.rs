//! Running a catalog over evaluated configurations: which blocks each check looks at, how
//! its assertions combine into one finding per block, and how built-in Rust checks and
//! manual checks become findings.
//!
//! Combination follows wafpass's `_run_check`: any failing assertion makes the block FAIL
//! (messages joined with `; `); otherwise any skipped one makes it SKIP (with the reasons,
//! where wafpass only says "some assertions skipped"); otherwise PASS. A check with no
//! block in scope yields no finding.

use super::Catalog;
use super::operators::{Context, Lookup, Node, Outcome, Target, evaluate, resolve};
use super::schema::{BlockType, Control, ControlCheck, Engine, Implementation, Scope};
use super::selection::Selection;
use crate::checks::ir::DocumentContext;
use crate::checks::{Check, CheckContext, CheckSettings};
use crate::finding::{Finding, Status};
use crate::source::Location;
use crate::terraform::{Configuration, Mode, Value};
use rayon::prelude::*;

/// Finds the Rust check behind a check id (`crate::checks::find` outside tests).
pub type CheckLookup<'c> = dyn Fn(&str) -> Option<&'c dyn Check> + Sync + 'c;

/// Evaluates every selected check over every configuration. Manual and non-automated
/// checks yield one SKIP each; Terraform checks yield one finding per block in scope per
/// configuration. The order of the result is unspecified (callers sort).
pub fn run(
    catalog: &Catalog,
    configs: &[Configuration],
    settings: &CheckSettings,
    selection: &Selection,
) -> Vec<Finding> {
    run_with(catalog, configs, settings, selection, &|id| {
        crate::checks::find(id)
    })
}

/// `run` with the registry of Rust checks passed in, so tests can supply their own.
pub fn run_with(
    catalog: &Catalog,
    configs: &[Configuration],
    settings: &CheckSettings,
    selection: &Selection,
    lookup: &CheckLookup<'_>,
) -> Vec<Finding> {
    let selected = selected(catalog, selection);
    let mut findings: Vec<Finding> = Vec::new();
    for (control, check) in &selected {
        if check.engine == Engine::Manual || !check.automated {
            let why = if check.engine == Engine::Manual {
                "manual check"
            } else {
                "not automated"
            };
            findings.push(finding(
                control,
                check,
                Status::Skip,
                control.id.clone(),
                format!(
                    "{why}: verify by hand and keep the evidence ({})",
                    check.title
                ),
                &check.location,
                "",
            ));
        }
    }
    let per_config: Vec<Finding> = configs
        .par_iter()
        .flat_map_iter(|config| configuration_findings(&selected, config, settings, lookup))
        .collect();
    findings.extend(per_config);
    findings
}

/// The findings of the Terraform checks on one configuration only — what `run` adds per
/// configuration, without the once-per-run SKIPs of manual checks. For callers that
/// stream configurations one at a time (and run `run` once with no configuration).
pub fn run_configuration(
    catalog: &Catalog,
    config: &Configuration,
    settings: &CheckSettings,
    selection: &Selection,
) -> Vec<Finding> {
    let selected = selected(catalog, selection);
    configuration_findings(&selected, config, settings, &|id| crate::checks::find(id))
}

/// The findings of the built-in document checks (`engine: documentation`) over the
/// incident-response documents of one scanned PATH. Their findings belong to no root
/// module (`root` is empty, as `Finding::root` documents), except those on an alert,
/// which carry the alert's root.
pub fn run_documents(
    catalog: &Catalog,
    cx: &DocumentContext<'_>,
    selection: &Selection,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (control, check) in selected(catalog, selection) {
        if check.engine != Engine::Documentation
            || !check.automated
            || check.implementation != Implementation::Builtin
        {
            continue;
        }
        let Some(rust) = crate::checks::ir::find(&check.id) else {
            out.push(not_built_in(control, check, ""));
            continue;
        };
        for v in rust.run(cx) {
            // A verdict on an alert belongs to the alert's root module (`Verdict::root`),
            // so that the same address in two roots gives two distinguishable findings.
            let root = v.root.as_deref().unwrap_or("");
            out.push(finding(
                control,
                check,
                v.status,
                v.resource,
                v.message,
                &v.location,
                root,
            ));
        }
    }
    out
}

/// The selected checks with their controls.
fn selected<'c>(
    catalog: &'c Catalog,
    selection: &Selection,
) -> Vec<(&'c Control, &'c ControlCheck)> {
    catalog
        .controls
        .iter()
        .filter(|c| selection.selects_control(c))
        .flat_map(|c| c.checks.iter().map(move |k| (c, k)))
        .filter(|(_, k)| selection.selects_check(k))
        .collect()
}

fn configuration_findings(
    selected: &[(&Control, &ControlCheck)],
    config: &Configuration,
    settings: &CheckSettings,
    lookup: &CheckLookup<'_>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (control, check) in selected {
        if check.engine != Engine::Terraform || !check.automated {
            continue;
        }
        match check.implementation {
            Implementation::Builtin => {
                run_builtin(control, check, config, settings, lookup, &mut out)
            }
            Implementation::Assertions => run_assertions(control, check, config, &mut out),
        }
    }
    soften_uncertain_instances(config, &mut out);
    out
}

/// A resource whose `count`/`for_each` is unknown may not exist at all: a violation in it
/// is not a fact, so its FAIL becomes a SKIP that says UNKNOWN and why, keeping the
/// violation in the message.
fn soften_uncertain_instances(config: &Configuration, findings: &mut [Finding]) {
    for f in findings.iter_mut().filter(|f| f.status == Status::Fail) {
        let Some(reason) = config
            .resource(&f.resource)
            .and_then(|r| r.expansion_unknown.as_deref())
        else {
            continue;
        };
        f.status = Status::Skip;
        f.message = format!(
            "UNKNOWN: {} may have no instance ({reason}); if it has one: {}",
            f.resource, f.message
        );
    }
}

fn run_builtin(
    control: &Control,
    check: &ControlCheck,
    config: &Configuration,
    settings: &CheckSettings,
    lookup: &CheckLookup<'_>,
    out: &mut Vec<Finding>,
) {
    let Some(rust) = lookup(&check.id) else {
        out.push(not_built_in(control, check, &config.root));
        return;
    };
    let cx = CheckContext { config, settings };
    for v in rust.run(&cx) {
        out.push(finding(
            control,
            check,
            v.status,
            v.resource,
            v.message,
            &v.location,
            &config.root,
        ));
    }
}

/// Is the check's provider used by this configuration? As wafpass: yes for `any`, and yes
/// when no provider block exists at all; irready also counts resources of the provider
/// (`aws_*`), since provider blocks are optional in Terraform.
fn provider_present(provider: &str, config: &Configuration) -> bool {
    if provider == "any" || provider.is_empty() {
        return true;
    }
    let mut providers = config.other_blocks.iter().filter(|b| b.kind == "provider");
    let no_blocks = providers.clone().next().is_none();
    no_blocks
        || providers.any(|b| b.labels.first().map(String::as_str) == Some(provider))
        || config.resources.iter().any(|r| {
            r.kind
                .strip_prefix(provider)
                .is_some_and(|s| s.starts_with('_'))
        })
}

fn run_assertions(
    control: &Control,
    check: &ControlCheck,
    config: &Configuration,
    out: &mut Vec<Finding>,
) {
    if !provider_present(&check.provider, config) {
        return;
    }
    let cx = Context { config };
    for target in targets(check, config) {
        if let Some(filter) = &check.scope.filter {
            match evaluate(filter, &target, &cx) {
                Outcome::Pass(_) => {}
                Outcome::Fail(..) => continue,
                Outcome::Skip(message, at) => {
                    let at = at.unwrap_or_else(|| target.location.clone());
                    out.push(finding(
                        control,
                        check,
                        Status::Skip,
                        target.address.clone(),
                        format!("scope filter: {message}"),
                        &at,
                        &config.root,
                    ));
                    continue;
                }
            }
        }
        let mut fails: Vec<(String, Option<Location>)> = Vec::new();
        let mut skips: Vec<(String, Option<Location>)> = Vec::new();
        for a in &check.assertions {
            match evaluate_in_scope(a, &target, &check.scope, &cx) {
                Outcome::Pass(_) => {}
                Outcome::Fail(m, at) => fails.push((m, at)),
                Outcome::Skip(m, at) => skips.push((m, at)),
            }
        }
        let (status, list) = if !fails.is_empty() {
            (Status::Fail, fails)
        } else if !skips.is_empty() {
            (Status::Skip, skips)
        } else {
            (
                Status::Pass,
                vec![("All assertions passed.".to_string(), None)],
            )
        };
        let at = list
            .iter()
            .find_map(|(_, at)| at.clone())
            .unwrap_or_else(|| target.location.clone());
        let message = list
            .into_iter()
            .map(|(m, _)| m)
            .collect::<Vec<_>>()
            .join("; ");
        out.push(finding(
            control,
            check,
            status,
            target.address.clone(),
            message,
            &at,
            &config.root,
        ));
    }
}

/// With a `sub_block` scope (`terraform { required_providers { aws = {...} } }`), an
/// attribute the sub-block does not have is looked up in each of its map entries, and the
/// assertion must hold for all of them.
fn evaluate_in_scope(
    a: &super::schema::Assertion,
    target: &Target<'_>,
    scope: &Scope,
    cx: &Context<'_>,
) -> Outcome {
    let Node::Body(body) = target.node else {
        return evaluate(a, target, cx);
    };
    if scope.sub_block.is_none()
        || a.op == super::operators::Op::AttributeExistsOnAllProviders
        || !matches!(
            resolve(target.node, target.location, &a.attribute),
            Lookup::Absent
        )
    {
        return evaluate(a, target, cx);
    }
    let entries: Vec<_> = body
        .attributes
        .iter()
        .filter(|(_, attr)| matches!(attr.value, Value::Object(_)))
        .collect();
    if entries.is_empty() {
        return evaluate(a, target, cx);
    }
    let mut skip = None;
    for (name, attr) in entries {
        let entry = Target {
            address: format!("{}.{name}", target.address),
            kind: target.kind,
            name,
            node: Node::Value(&attr.value),
            location: &attr.location,
            is_resource: false,
        };
        match evaluate(a, &entry, cx) {
            Outcome::Pass(_) => {}
            Outcome::Fail(m, at) => {
                return Outcome::Fail(format!("{name}: {m}"), at.or(Some(attr.location.clone())));
            }
            Outcome::Skip(m, at) => skip = skip.or(Some(Outcome::Skip(m, at))),
        }
    }
    skip.unwrap_or_else(|| Outcome::Pass("Every entry passes.".into()))
}

/// The blocks of one configuration that a check's scope selects.
fn targets<'a>(check: &'a ControlCheck, config: &'a Configuration) -> Vec<Target<'a>> {
    let scope = &check.scope;
    // A name_pattern that exhausts the backtracking limit selects nothing.
    let name_ok = |name: &str| {
        scope
            .name_pattern
            .as_ref()
            .is_none_or(|re| re.is_match(name).unwrap_or(false))
    };
    let types_ok = |kind: &str| {
        scope.resource_types.is_empty() || scope.resource_types.iter().any(|t| t == kind)
    };
    let mut out: Vec<Target<'a>> = Vec::new();
    let resource_target = |r: &'a crate::terraform::Resource| Target {
        address: r.address.clone(),
        kind: &r.kind,
        name: &r.name,
        node: Node::Body(&r.body),
        location: &r.location,
        is_resource: true,
    };
    let block_target = |b: &'a crate::terraform::model::ConfigBlock| Target {
        address: b.address(),
        kind: b.labels.first().map(String::as_str).unwrap_or(&b.kind),
        name: b.labels.first().map(String::as_str).unwrap_or(""),
        node: Node::Body(&b.body),
        location: &b.location,
        is_resource: false,
    };
    let blocks_of = |kind: &'static str| config.other_blocks.iter().filter(move |b| b.kind == kind);
    match scope.block_type {
        BlockType::Resource => out.extend(
            config
                .resources
                .iter()
                .filter(|r| r.mode == Mode::Managed && types_ok(&r.kind) && name_ok(&r.name))
                .map(resource_target),
        ),
        BlockType::Provider => out.extend(
            blocks_of("provider")
                .filter(|b| {
                    let name = b.labels.first().map(String::as_str).unwrap_or("");
                    match &scope.provider_name {
                        Some(p) => p == name,
                        None => types_ok(name),
                    }
                })
                .map(block_target),
        ),
        BlockType::Variable => out.extend(
            blocks_of("variable")
                .filter(|b| name_ok(b.labels.first().map(String::as_str).unwrap_or("")))
                .map(block_target),
        ),
        BlockType::Module => out.extend(
            blocks_of("module")
                .filter(|b| name_ok(b.labels.first().map(String::as_str).unwrap_or("")))
                .map(block_target),
        ),
        BlockType::Terraform => out.extend(blocks_of("terraform").map(block_target)),
        BlockType::Any => {
            let all = config
                .resources
                .iter()
                .filter(|r| types_ok(&r.kind) && name_ok(&r.name))
                .map(resource_target)
                .chain(
                    config
                        .other_blocks
                        .iter()
                        .filter(|b| b.kind != "locals" && b.kind != "output")
                        .map(block_target),
                );
            // Only blocks that set an asserted attribute: "wherever a region is written".
            out.extend(all.filter(|t| {
                check
                    .assertions
                    .iter()
                    .any(|a| !matches!(resolve(t.node, t.location, &a.attribute), Lookup::Absent))
            }));
        }
    }
    if let Some(sub) = &scope.sub_block {
        out = out
            .into_iter()
            .flat_map(|t| match t.node {
                Node::Body(body) => body
                    .blocks_of(sub)
                    .map(|b| Target {
                        address: format!("{}.{sub}", t.address),
                        kind: t.kind,
                        name: t.name,
                        node: Node::Body(&b.body),
                        location: &b.location,
                        is_resource: false,
                    })
                    .collect::<Vec<_>>(),
                Node::Value(_) => Vec::new(),
            })
            .collect();
    }
    out
}

/// The SKIP of a check declared `implementation: builtin` whose Rust check this build
/// lacks (a catalog written for a newer irready).
fn not_built_in(control: &Control, check: &ControlCheck, root: &str) -> Finding {
    finding(
        control,
        check,
        Status::Skip,
        control.id.clone(),
        format!(
            "built-in check `{}` is not part of this irready build",
            check.id
        ),
        &check.location,
        root,
    )
}

fn finding(
    control: &Control,
    check: &ControlCheck,
    status: Status,
    resource: String,
    message: String,
    at: &Location,
    root: &str,
) -> Finding {
    Finding {
        check_id: check.id.clone(),
        check_title: check.title.clone(),
        control_id: control.id.clone(),
        pillar: control.pillar.clone(),
        severity: check.severity,
        status,
        resource,
        message,
        remediation: check.remediation.clone(),
        file: at.file.to_string(),
        line: at.line,
        column: at.column,
        root: root.to_string(),
    }
}

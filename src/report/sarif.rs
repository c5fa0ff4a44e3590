//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//!
//! One run; `tool.driver.rules` holds every check of the run controls (and any check that
//! produced a result without being declared), with help text and remediation; `results`
//! holds the findings that need action — FAIL and ERROR — each with a physical location
//! whose region is never empty (line and column at least 1). GitHub rejects or misplaces
//! results without one, a mistake other IaC scanners have shipped.
//!
//! Rules carry no `security-severity`: GitHub reads it only for rules tagged `security`,
//! and WAF-REL-060's checks are reliability checks; the level (critical/high → `error`,
//! the rest → `warning`) and `properties.severity` carry the severity instead.
//!
//! Written with serde_json rather than a SARIF crate: the subset used is small, and the
//! field order stays the one a reader expects (`$schema`, `version`, `runs`).

use serde_json::{Map, Value, json};

use super::{CheckGroup, ReportInput, group};
use crate::finding::{Finding, Severity, Status};

/// The published location of the SARIF 2.1.0 JSON schema (the OASIS errata 01 text).
const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The `uriBaseId` of every artifact location: the checked-out source tree.
pub(crate) const SRCROOT: &str = "%SRCROOT%";

/// The key of irready's fingerprint in `partialFingerprints`; bump the version if the
/// hashed fields ever change, so viewers do not match old results to new ones.
pub(crate) const FINGERPRINT_KEY: &str = "irready/v1";

/// Renders the run as a SARIF 2.1.0 log, pretty-printed, ending in a newline.
pub(crate) fn render(input: &ReportInput) -> String {
    let groups = group(input);
    let checks: Vec<&CheckGroup> = groups.iter().flat_map(|g| g.checks.iter()).collect();
    let rules: Vec<Value> = checks.iter().map(|c| rule(c, &groups)).collect();

    let mut results = Vec::new();
    for finding in input.findings {
        if !matches!(finding.status, Status::Fail | Status::Error) {
            continue;
        }
        let rule_index = checks
            .iter()
            .position(|c| c.control_id == finding.control_id && c.check_id == finding.check_id);
        results.push(result(finding, rule_index, input.scanned_paths));
    }

    let mut driver = Map::new();
    driver.insert("name".into(), Value::from("irready"));
    driver.insert("version".into(), Value::from(input.tool_version));
    driver.insert("semanticVersion".into(), Value::from(input.tool_version));
    if let Some(uri) = information_uri() {
        driver.insert("informationUri".into(), Value::from(uri));
    }
    driver.insert("rules".into(), Value::from(rules));

    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            // Finding columns count characters, not UTF-16 code units.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

/// Where users learn about irready: the package's repository or homepage, when the
/// manifest names one (a SARIF `informationUri` must be an absolute URI, so none is
/// better than an empty one).
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_HOMEPAGE")]
        .into_iter()
        .find(|uri| uri.starts_with("https://"))
}

/// The reportingDescriptor of one check.
fn rule(check: &CheckGroup, groups: &[super::ControlGroup]) -> Value {
    let control = groups.iter().find(|g| g.control_id == check.control_id);
    let summary = check.summary;
    let title = if check.title.is_empty() {
        check.check_id
    } else {
        check.title
    };
    let description = summary
        .map(|s| s.description.trim())
        .filter(|d| !d.is_empty())
        .unwrap_or(title);
    let remediation = summary
        .map(|s| s.remediation.trim())
        .filter(|r| !r.is_empty())
        .or_else(|| {
            check
                .findings
                .iter()
                .map(|f| f.remediation.trim())
                .find(|r| !r.is_empty())
        });

    let mut text = description.to_string();
    let mut markdown = description.to_string();
    if let Some(control) = control.filter(|c| !c.title.is_empty()) {
        text.push_str(&format!(
            "\n\nControl: {} {}",
            control.control_id, control.title
        ));
        markdown.push_str(&format!(
            "\n\n**Control:** {} {}",
            control.control_id, control.title
        ));
    }
    if let Some(remediation) = remediation {
        text.push_str(&format!("\n\nRemediation: {remediation}"));
        markdown.push_str(&format!("\n\n**Remediation:** {remediation}"));
    }
    if let Some(summary) = summary {
        for (label, example) in [
            ("Compliant example", &summary.example_compliant),
            ("Non-compliant example", &summary.example_non_compliant),
        ] {
            if let Some(example) = example.as_deref().map(str::trim_end)
                && !example.trim().is_empty()
            {
                text.push_str(&format!("\n\n{label}:\n{example}"));
                markdown.push_str(&format!("\n\n**{label}:**\n\n{}", code_block(example)));
            }
        }
    }

    let severity = Severity::parse(&check.severity);
    let mut tags = vec!["waf++".to_string()];
    if let Some(control) = control {
        if !control.pillar.is_empty() {
            tags.push(control.pillar.to_string());
        }
        tags.push(control.control_id.to_string());
    }
    tags.dedup();
    let mut properties = Map::new();
    properties.insert("tags".into(), json!(tags));
    if let Some(severity) = severity {
        properties.insert("severity".into(), Value::from(severity.as_str()));
    }

    json!({
        "id": check.check_id,
        "name": rule_name(check.check_id),
        "shortDescription": { "text": title },
        "fullDescription": { "text": description },
        "help": { "text": text, "markdown": markdown },
        "defaultConfiguration": { "level": severity.map_or("warning", level) },
        "properties": properties,
    })
}

/// One result: a FAIL or ERROR finding at its file, line and column.
fn result(finding: &Finding, rule_index: Option<usize>, scanned_paths: &[String]) -> Value {
    let level = if finding.status == Status::Error {
        "error"
    } else {
        level(finding.severity)
    };
    let message = if finding.resource.is_empty() {
        finding.message.clone()
    } else {
        format!("{}: {}", finding.resource, finding.message)
    };

    let mut location = Map::new();
    if !finding.file.is_empty() {
        location.insert(
            "physicalLocation".into(),
            json!({
                "artifactLocation": {
                    "uri": artifact_uri(scanned_paths, &finding.file),
                    "uriBaseId": SRCROOT,
                },
                "region": {
                    "startLine": finding.line.max(1),
                    "startColumn": finding.column.max(1),
                },
            }),
        );
    }
    if !finding.resource.is_empty() {
        location.insert(
            "logicalLocations".into(),
            json!([{ "fullyQualifiedName": finding.resource, "kind": "resource" }]),
        );
    }

    let mut properties = Map::new();
    properties.insert("status".into(), Value::from(finding.status.as_str()));
    properties.insert("controlId".into(), Value::from(finding.control_id.as_str()));
    if !finding.root.is_empty() {
        properties.insert("root".into(), Value::from(finding.root.as_str()));
    }
    if !finding.remediation.is_empty() {
        properties.insert(
            "remediation".into(),
            Value::from(finding.remediation.as_str()),
        );
    }

    let mut result = Map::new();
    result.insert("ruleId".into(), Value::from(finding.check_id.as_str()));
    if let Some(index) = rule_index {
        result.insert("ruleIndex".into(), Value::from(index));
    }
    result.insert("level".into(), Value::from(level));
    result.insert("message".into(), json!({ "text": message }));
    if !location.is_empty() {
        result.insert("locations".into(), json!([location]));
    }
    result.insert(
        "partialFingerprints".into(),
        json!({ FINGERPRINT_KEY: fingerprint(finding) }),
    );
    result.insert("properties".into(), Value::Object(properties));
    Value::Object(result)
}

/// SARIF level of a severity: GitHub shows `error` as an error and `warning` as a
/// warning; critical and high findings are errors, the rest warnings.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium | Severity::Low | Severity::Info => "warning",
    }
}

/// A SARIF rule `name` (an identifier-like friendly name): the last segment of the check
/// id in PascalCase, `sns-topic-alarm-action` → `SnsTopicAlarmAction`.
fn rule_name(check_id: &str) -> String {
    let last = check_id.rsplit('.').next().unwrap_or(check_id);
    let mut name = String::new();
    for word in last.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars);
        }
    }
    if name.is_empty() {
        check_id.to_string()
    } else {
        name
    }
}

/// Fences `code` so that no backtick run inside it can close the fence.
fn code_block(code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}hcl\n{code}\n{fence}")
}

/// The artifact URI of a finding's file, relative to `%SRCROOT%`.
///
/// Findings name files relative to the scanned PATH; code scanning resolves URIs against
/// the repository root, where CI runs irready. With one relative PATH (`irready check
/// infra`), that PATH is put in front so `alarms.tf` becomes `infra/alarms.tf`; with an
/// absolute PATH or several PATHs the file is used as it is. The result is
/// percent-encoded as a URI reference.
pub(crate) fn artifact_uri(scanned_paths: &[String], file: &str) -> String {
    let file = file.replace('\\', "/");
    let prefix = match scanned_paths {
        [only] => relative_prefix(only),
        _ => None,
    };
    let path = match prefix {
        Some(prefix) => format!("{prefix}/{file}"),
        None => file,
    };
    percent_encode(&path)
}

/// The PATH argument as a clean relative prefix (`./infra/` → `infra`), or `None` for `.`,
/// an absolute path, or one that climbs out with `..`.
fn relative_prefix(path: &str) -> Option<String> {
    let path = path.replace('\\', "/");
    if path.starts_with('/') || path.contains(':') {
        return None;
    }
    let mut parts = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            part => parts.push(part),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Percent-encodes everything but RFC 3986 unreserved characters and `/`.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A stable identity for a result across runs, so code scanning tracks an alert instead
/// of opening a new one when lines move: FNV-1a (64 bit) over the check id, root,
/// resource and file, each followed by a NUL so that fields cannot run into each other.
pub(crate) fn fingerprint(finding: &Finding) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for field in [
        &finding.check_id,
        &finding.root,
        &finding.resource,
        &finding.file,
    ] {
        for byte in field.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_is_repository_relative_for_one_relative_path() {
        let one = |p: &str| vec![p.to_string()];
        assert_eq!(artifact_uri(&one("infra"), "a.tf"), "infra/a.tf");
        assert_eq!(artifact_uri(&one("./infra/"), "m/a.tf"), "infra/m/a.tf");
        assert_eq!(artifact_uri(&one("."), "a.tf"), "a.tf");
        assert_eq!(artifact_uri(&one("/abs/infra"), "a.tf"), "a.tf");
        assert_eq!(artifact_uri(&one("../other"), "a.tf"), "a.tf");
        let two = vec!["a".to_string(), "b".to_string()];
        assert_eq!(artifact_uri(&two, "x.tf"), "x.tf");
        assert_eq!(artifact_uri(&[], "d\\e f#ü.tf"), "d/e%20f%23%C3%BC.tf");
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(
            rule_name("waf-rel-060.tf.aws.sns-topic-alarm-action"),
            "SnsTopicAlarmAction"
        );
        assert_eq!(rule_name("x."), "x.");
    }

    #[test]
    fn code_fence_outlasts_backticks_inside() {
        assert_eq!(code_block("a ```` b"), "`````hcl\na ```` b\n`````");
    }
}

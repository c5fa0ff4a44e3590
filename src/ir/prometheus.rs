//! Prometheus alerting rules (SPEC §4.1): rule files (`groups[].rules[]` with `alert:`)
//! and `PrometheusRule` resources of the Prometheus Operator (`spec.groups`), read into the
//! same alert inventory as the Terraform alerts, so that the runbook and on-call checks
//! see them too. By the kube-prometheus convention an alert's severity is
//! `labels.severity` and its runbook `annotations.runbook_url`.
//!
//! Any YAML file of the scanned tree may be a rule file, and most are not: a document is
//! read as rules only when it has `groups` of mappings with `rules`. A file that does not
//! parse is an error only when it looks like a rule file and is not a template (Helm's
//! `{{ }}` makes many valid chart files invalid YAML); everything else is not ours to
//! judge.

use crate::checks::alert::AlertMeta;
use crate::diagnostic::Diagnostic;
use crate::ir::alert::Alert;
use crate::source::{Location, display_path};
use crate::terraform::module::read_text;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The `kind` of the alerts read here, in `Alert::kind`.
pub const KIND: &str = "prometheus_rule";

/// Rule files larger than this are not read (no rule file is; generated dumps are).
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Every alerting rule in the YAML files found under `root`, in file and document order,
/// with a diagnostic for each rule file that cannot be read.
pub fn load_rules(root: &Path, yaml_files: &[PathBuf]) -> (Vec<Alert>, Vec<Diagnostic>) {
    let mut alerts = Vec::new();
    let mut diags = Vec::new();
    for path in yaml_files {
        if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_BYTES) {
            continue;
        }
        let display: Arc<str> = display_path(root, path).into();
        let Ok(text) = read_text(path, &display) else {
            continue;
        };
        if !looks_like_rules(&text) {
            continue;
        }
        match parse_rules(&text, &display) {
            Ok(found) => alerts.extend(found),
            Err(d) if !text.contains("{{") => diags.push(d),
            Err(_) => {}
        }
    }
    (alerts, diags)
}

/// A cheap test before parsing: the words every rule file has.
fn looks_like_rules(text: &str) -> bool {
    text.contains("groups:") && text.contains("rules:") && text.contains("alert:")
}

/// The alerting rules of one file's text (every YAML document in it).
pub fn parse_rules(text: &str, file: &Arc<str>) -> Result<Vec<Alert>, Diagnostic> {
    let docs: Vec<Json> =
        serde_saphyr::from_multiple(text).map_err(|e| crate::yaml::error(file, &e))?;
    let mut out = Vec::new();
    // Where the search for the next `alert:` line starts, so that two alerts of the same
    // name get their own lines.
    let mut cursor = 0usize;
    for doc in &docs {
        let groups = doc
            .get("groups")
            .or_else(|| doc.get("spec").and_then(|s| s.get("groups")));
        let Some(Json::Array(groups)) = groups else {
            continue;
        };
        for group in groups {
            let group_name = group.get("name").and_then(Json::as_str).unwrap_or("");
            let Some(Json::Array(rules)) = group.get("rules") else {
                continue;
            };
            for rule in rules {
                let Some(name) = rule.get("alert").and_then(scalar) else {
                    continue;
                };
                let (line, column, next) = find_alert_line(text, cursor, &name);
                cursor = next;
                let label =
                    |key: &str| rule.get("labels").and_then(|l| l.get(key)).and_then(scalar);
                let annotation = |key: &str| {
                    rule.get("annotations")
                        .and_then(|a| a.get(key))
                        .and_then(scalar)
                };
                let meta = AlertMeta {
                    severity: label("severity"),
                    runbook: annotation("runbook_url")
                        .or_else(|| annotation("runbook"))
                        .or_else(|| label("runbook_url")),
                    service: label("service").or_else(|| annotation("service")),
                };
                out.push(Alert {
                    address: if group_name.is_empty() {
                        name.clone()
                    } else {
                        format!("{group_name}/{name}")
                    },
                    root: String::new(),
                    kind: KIND.to_string(),
                    name: Some(name),
                    meta: Ok(meta),
                    location: Location::new(file.clone(), line, column),
                });
            }
        }
    }
    Ok(out)
}

/// A scalar as text (label values may be written as numbers or booleans); blank is none.
fn scalar(v: &Json) -> Option<String> {
    let s = match v {
        Json::String(s) => s.trim().to_string(),
        Json::Number(n) => n.to_string(),
        Json::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// The line and column of the next `alert: <name>` at or after byte `from`, and where the
/// search for the following one starts. Falls back to `from`'s line when the name is
/// written in a form this search does not recognise (a flow mapping, say).
fn find_alert_line(text: &str, from: usize, name: &str) -> (u32, u32, usize) {
    let mut offset = from.min(text.len());
    while let Some(i) = text.get(offset..).and_then(|rest| rest.find("alert:")) {
        let at = offset + i;
        let value = text[at + "alert:".len()..]
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(|c| c == '"' || c == '\'');
        if value == name {
            let (line, column) = line_col(text, at);
            return (line, column, at + 1);
        }
        offset = at + 1;
    }
    let (line, column) = line_col(text, from.min(text.len()));
    (line, column, from)
}

fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line as u32, column as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Arc<str> {
        "rules/api.yml".into()
    }

    #[test]
    fn reads_rule_files_and_prometheus_rule_resources_with_positions() {
        let text = "\
groups:
  - name: api
    rules:
      - record: job:errors:rate5m
        expr: sum(rate(errors[5m]))
      - alert: ApiDown
        expr: up == 0
        labels: {severity: SEV1, service: payments}
        annotations:
          runbook_url: https://runbooks.example.com/payments/api-down
      - alert: \"ApiSlow\"
        expr: latency > 1
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
spec:
  groups:
    - name: disk
      rules:
        - alert: DiskFull
          labels:
            severity: 2
";
        let alerts = parse_rules(text, &file()).expect("parses");
        let got: Vec<(&str, u32, Option<&str>, Option<&str>)> = alerts
            .iter()
            .map(|a| {
                let m = a.meta.as_ref().expect("known");
                (
                    a.address.as_str(),
                    a.location.line,
                    m.severity.as_deref(),
                    m.runbook.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "api/ApiDown",
                    6,
                    Some("SEV1"),
                    Some("https://runbooks.example.com/payments/api-down")
                ),
                ("api/ApiSlow", 11, None, None),
                ("disk/DiskFull", 20, Some("2"), None),
            ]
        );
        assert_eq!(
            alerts[0]
                .meta
                .as_ref()
                .ok()
                .and_then(|m| m.service.as_deref()),
            Some("payments")
        );
        assert_eq!(alerts[0].location.column, 9);
    }

    #[test]
    fn other_yaml_is_not_rules_and_templates_are_not_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::write(root.join("compose.yml"), "services:\n  web: {image: x}\n").unwrap();
        std::fs::write(
            root.join("chart.yaml"),
            "groups:\n  - name: x\n    rules:\n      - alert: {{ .Values.name }}\n        expr: [\n",
        )
        .unwrap();
        std::fs::write(
            root.join("broken.rules.yml"),
            "groups:\n  - name: x\n    rules:\n      - alert: A\n        expr: [\n",
        )
        .unwrap();
        let files = vec![
            root.join("broken.rules.yml"),
            root.join("chart.yaml"),
            root.join("compose.yml"),
        ];
        let (alerts, diags) = load_rules(root, &files);
        assert!(alerts.is_empty());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(
            diags[0].to_string().starts_with("broken.rules.yml:"),
            "{}",
            diags[0]
        );
    }
}

//! The alerts of a scanned repository, as the incident-document checks see them: every
//! alerting resource of every root module, with what it says about its severity, runbook
//! and service (read the same way as the Terraform checks read them, `checks::alert`).
//!
//! Extracted while each root's configuration is alive, so the checks over documents do
//! not need the configurations themselves.

use crate::checks::alert::{AlertMeta, alert_meta};
use crate::source::Location;
use crate::terraform::{Configuration, Resource, Value};

/// One alert instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    /// Terraform address of the alerting resource.
    pub address: String,
    /// The root module it was evaluated in.
    pub root: String,
    /// Resource type (`aws_cloudwatch_metric_alarm`).
    pub kind: String,
    /// The alert's own name (`alarm_name`, `display_name`, `name`), when known.
    pub name: Option<String>,
    /// Severity, runbook and service; `Err` with why they cannot be known.
    pub meta: Result<AlertMeta, String>,
    pub location: Location,
}

/// Resource types that raise alerts, with their name, description and tags attributes.
const ALERT_TYPES: &[(&str, &str, &str, &str)] = &[
    (
        "aws_cloudwatch_metric_alarm",
        "alarm_name",
        "alarm_description",
        "tags",
    ),
    (
        "aws_cloudwatch_composite_alarm",
        "alarm_name",
        "alarm_description",
        "tags",
    ),
    (
        "azurerm_monitor_metric_alert",
        "name",
        "description",
        "tags",
    ),
    (
        "azurerm_monitor_scheduled_query_rules_alert_v2",
        "name",
        "description",
        "tags",
    ),
    (
        "azurerm_monitor_activity_log_alert",
        "name",
        "description",
        "tags",
    ),
    (
        "google_monitoring_alert_policy",
        "display_name",
        "",
        "user_labels",
    ),
];

/// Every alert of one evaluated root module, in address order.
pub fn alerts_of(config: &Configuration) -> Vec<Alert> {
    let mut out = Vec::new();
    for &(kind, name_attr, description_attr, tags_attr) in ALERT_TYPES {
        for r in config.resources_of(kind) {
            out.push(Alert {
                address: r.address.clone(),
                root: config.root.clone(),
                kind: kind.to_string(),
                name: r
                    .body
                    .value(name_attr)
                    .and_then(Value::as_str)
                    .map(str::to_string),
                meta: alert_meta(description(r, description_attr), r.body.value(tags_attr)),
                location: r.location.clone(),
            });
        }
    }
    out.sort_by(|a, b| a.address.cmp(&b.address));
    out
}

/// Google keeps the text in `documentation { content }`; the others in an attribute.
fn description<'a>(r: &'a Resource, attr: &str) -> Option<&'a Value> {
    if attr.is_empty() {
        return r
            .body
            .blocks_of("documentation")
            .next()
            .and_then(|d| d.body.value("content"));
    }
    r.body.value(attr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::module::{LoadOptions, evaluate_tree};

    #[test]
    fn alerts_carry_their_severity_runbook_and_service_from_every_provider() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("main.tf"),
            r#"
resource "aws_cloudwatch_metric_alarm" "api" {
  alarm_name        = "api-5xx"
  alarm_description = jsonencode({ severity = "SEV2", runbook = "https://rb.example/api", service = "payments" })
}
resource "google_monitoring_alert_policy" "search" {
  display_name = "search latency"
  documentation { content = "SEV3: slow. Runbook: https://rb.example/search" }
  user_labels  = { service = "search" }
}
resource "azurerm_monitor_metric_alert" "cpu" {
  name        = "cpu"
  description = var.unset
}
variable "unset" {}
"#,
        )
        .unwrap();
        let (configs, _) = evaluate_tree(dir.path(), &LoadOptions::default());
        let alerts = alerts_of(&configs[0]);
        assert_eq!(alerts.len(), 3);
        let api = &alerts[0];
        assert_eq!(api.address, "aws_cloudwatch_metric_alarm.api");
        assert_eq!(api.name.as_deref(), Some("api-5xx"));
        let meta = api.meta.as_ref().unwrap();
        assert_eq!(meta.severity.as_deref(), Some("SEV2"));
        assert_eq!(meta.service.as_deref(), Some("payments"));
        assert!(alerts[1].meta.as_ref().unwrap_err().contains("var.unset"));
        let search = alerts[2].meta.as_ref().unwrap();
        assert_eq!(search.severity.as_deref(), Some("SEV3"));
        assert_eq!(search.runbook.as_deref(), Some("https://rb.example/search"));
        assert_eq!(search.service.as_deref(), Some("search"));
    }
}

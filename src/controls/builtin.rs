//! The WAF-REL-060 control compiled into the binary, so that a scan needs nothing
//! downloaded first (SPEC §4).

use super::Catalog;
use super::schema::{Control, parse_control};
use crate::diagnostic::Diagnostic;

/// The YAML of the built-in control, as committed in `controls/WAF-REL-060.yml`.
pub const WAF_REL_060_YAML: &str = include_str!("../../controls/WAF-REL-060.yml");

/// How the built-in control's file is named in findings and diagnostics.
pub const WAF_REL_060_DISPLAY: &str = "builtin:controls/WAF-REL-060.yml";

/// Parses the embedded control. Its `implementation: builtin` ids are not checked against
/// the Rust registry here: both ship in the same binary, and a test pins that every one
/// is registered.
pub fn parse_builtin() -> Result<Control, Vec<Diagnostic>> {
    parse_control(WAF_REL_060_YAML, WAF_REL_060_DISPLAY.into(), None)
}

/// The built-in catalog: WAF-REL-060. Should the embedded YAML ever fail to load (a bug
/// caught by this module's tests), the catalog is empty rather than a panic.
pub fn builtin() -> Catalog {
    Catalog {
        controls: parse_builtin().into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::controls::{Engine, Implementation};
    use crate::finding::Severity;

    const CHECK_IDS: [&str; 19] = [
        "waf-rel-060.tf.aws.sns-topic-alarm-action",
        "waf-rel-060.tf.aws.alarm-runbook-severity",
        "waf-rel-060.tf.aws.alarm-action-reaches-oncall",
        "waf-rel-060.tf.azurerm.action-group-configured",
        "waf-rel-060.tf.azurerm.alert-action",
        "waf-rel-060.tf.google.monitoring-notification-channel",
        "waf-rel-060.tf.pagerduty.escalation-primary-secondary",
        "waf-rel-060.tf.opsgenie.escalation-primary-secondary",
        "waf-rel-060.prometheus.alert-runbook-severity",
        "waf-rel-060.ir.severity-levels",
        "waf-rel-060.ir.oncall-primary-secondary",
        "waf-rel-060.ir.runbook-linked",
        "waf-rel-060.ir.runbook-quality",
        "waf-rel-060.ir.runbook-orphan",
        "waf-rel-060.ir.top-alerts-have-runbooks",
        "waf-rel-060.ir.review-within-deadline",
        "waf-rel-060.ir.action-items-tracked",
        "waf-rel-060.ir.metrics-computable",
        "waf-rel-060.ir.evidence-present",
    ];

    fn control() -> Control {
        match parse_builtin() {
            Ok(c) => c,
            Err(d) => panic!("built-in control does not load: {d:?}"),
        }
    }

    #[test]
    fn builtin_control_loads_with_the_stable_check_ids() {
        let c = control();
        assert_eq!(c.id, "WAF-REL-060");
        assert_eq!(c.pillar, "reliability");
        assert_eq!(c.severity, Severity::High);
        let ids: Vec<&str> = c.checks.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(ids, CHECK_IDS);
        for k in &c.checks {
            let engine = if !k.id.starts_with("waf-rel-060.tf.") {
                Engine::Documentation
            } else {
                Engine::Terraform
            };
            assert_eq!(k.engine, engine, "{}", k.id);
            assert_eq!(k.implementation, Implementation::Builtin, "{}", k.id);
            assert!(!k.title.is_empty() && !k.description.is_empty(), "{}", k.id);
            assert!(!k.remediation.is_empty(), "{}", k.id);
            assert!(k.example_compliant.is_some() && k.example_non_compliant.is_some());
        }
        assert_eq!(builtin().controls.len(), 1);
    }

    #[test]
    fn builtin_control_carries_the_seeds_tables() {
        let c = control();
        let frameworks: Vec<&str> = c
            .regulatory_mapping
            .iter()
            .map(|m| m.framework.as_str())
            .collect();
        assert_eq!(frameworks.len(), 21);
        assert_eq!(frameworks[0], "ISO/IEC 27001:2022");
        assert_eq!(frameworks[20], "FISC");
        let iso = &c.regulatory_mapping[0].controls;
        // ISO/IEC 27001:2022 numbering of the incident-management controls (the seed's
        // A.5.15/A.5.16 are not 2022 numbers): A.5.24 to A.5.28 and A.6.8.
        let numbers: Vec<&str> = iso.iter().filter_map(|c| c.split(' ').next()).collect();
        assert_eq!(
            numbers,
            ["A.5.24", "A.5.25", "A.5.26", "A.5.27", "A.5.28", "A.6.8"]
        );
        let total: usize = c.regulatory_mapping.iter().map(|m| m.controls.len()).sum();
        assert_eq!(total, 49);
        assert_eq!(c.maturity_levels.len(), 5);
        assert_eq!(
            c.maturity_levels
                .get("level_3")
                .and_then(|l| l.name.as_deref()),
            Some("Runbooks Linked, MTTR Tracked")
        );
        assert_eq!(c.evidence.required.len(), 2);
        assert_eq!(c.evidence.optional.len(), 2);
        assert_eq!(c.requirements.len(), 6);
        assert_eq!(c.implementation_guidance.len(), 6);
    }

    /// Every `implementation: builtin` id resolves to a Rust check of its engine.
    #[test]
    fn every_builtin_check_id_is_registered() {
        let exists = crate::checks::builtin_engine;
        if let Err(d) = parse_control(WAF_REL_060_YAML, WAF_REL_060_DISPLAY.into(), Some(&exists)) {
            panic!("{d:?}");
        }
    }
}

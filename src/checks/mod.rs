//! Built-in checks implemented in Rust, one module each, behind the check ids that the
//! built-in WAF-REL-060 control declares (SPEC §4.1). The registry at the bottom is the
//! only list of them.
//!
//! A check sees only an evaluated `Configuration` (never HCL) and returns `Verdict`s; the
//! controls engine turns them into `Finding`s with the title, severity and remediation of
//! the check as the control YAML declares it.

pub mod alert;
mod aws_alarm_action_reaches_oncall;
mod aws_alarm_runbook_severity;
mod aws_sns_topic_alarm_action;
mod azurerm_action_group_configured;
mod azurerm_alert_action;
mod google_monitoring_notification_channel;
pub mod ir;
mod opsgenie_escalation_primary_secondary;
mod pagerduty_escalation_primary_secondary;
mod support;
#[cfg(test)]
mod testing;

use crate::finding::Status;
use crate::source::Location;
use crate::terraform::Configuration;

/// Settings that checks read (from `irready.yml` and the severity definitions).
#[derive(Debug, Clone)]
pub struct CheckSettings {
    /// Severity level names the alert descriptions may use (default SEV1..SEV4).
    pub severity_levels: Vec<String>,
    /// Longest acceptable delay before the first escalation rule's targets are paged.
    pub max_first_delay_minutes: u32,
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            severity_levels: ["SEV1", "SEV2", "SEV3", "SEV4"].map(String::from).to_vec(),
            max_first_delay_minutes: 15,
        }
    }
}

/// What a check has to look at.
pub struct CheckContext<'a> {
    pub config: &'a Configuration,
    pub settings: &'a CheckSettings,
}

/// A check's verdict on one resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub status: Status,
    /// The resource's address.
    pub resource: String,
    /// Says what is wrong (FAIL), why it could not be decided (SKIP: starts with
    /// `UNKNOWN:`), or what was verified (PASS).
    pub message: String,
    /// The block, or the attribute at fault.
    pub location: Location,
    /// The root module the verdict belongs to, when the check knows better than the
    /// engine: a document check's verdict on an alert names the alert's root (the
    /// engine uses the configuration's root for Terraform checks, none for documents).
    pub root: Option<String>,
}

/// A built-in check implemented in Rust.
pub trait Check: Sync {
    /// The stable check id (`waf-rel-060.tf.aws.sns-topic-alarm-action`).
    fn id(&self) -> &'static str;
    /// Verdicts for every resource in scope in one root module's configuration.
    fn run(&self, cx: &CheckContext<'_>) -> Vec<Verdict>;
}

/// Every built-in Rust check.
pub fn registry() -> Vec<&'static dyn Check> {
    vec![
        &aws_sns_topic_alarm_action::SnsTopicAlarmAction,
        &aws_alarm_runbook_severity::AlarmRunbookSeverity,
        &aws_alarm_action_reaches_oncall::AlarmActionReachesOncall,
        &azurerm_action_group_configured::ActionGroupConfigured,
        &azurerm_alert_action::AlertAction,
        &google_monitoring_notification_channel::MonitoringNotificationChannel,
        &pagerduty_escalation_primary_secondary::EscalationPrimarySecondary,
        &opsgenie_escalation_primary_secondary::EscalationPrimarySecondary,
    ]
}

/// The built-in check with this id.
pub fn find(id: &str) -> Option<&'static dyn Check> {
    registry().into_iter().find(|c| c.id() == id)
}

/// The engine of the built-in check with this id: `terraform` for the checks above,
/// `documentation` for the incident-response document checks of `ir`.
pub fn builtin_engine(id: &str) -> Option<&'static str> {
    if find(id).is_some() {
        Some("terraform")
    } else if ir::find(id).is_some() {
        Some("documentation")
    } else {
        None
    }
}

//! Level 4's first criterion, "automated diagnostic data on alert": the alert actions of
//! an evaluated configuration that run code — an SSM Automation, a Lambda function, an
//! Azure Automation runbook, Function or Logic App — instead of (or besides) paging.
//!
//! Collected per root module while `scan::check` has the configuration alive, like the
//! alert inventory, so that `irready maturity` needs no second evaluation.
//!
//! What counts (each found action is evidence, named by address):
//! - an AWS alarm (`aws_cloudwatch_metric_alarm`, `aws_cloudwatch_composite_alarm`) whose
//!   `alarm_actions` hold an SSM Automation ARN (`arn:aws:ssm:…:automation-definition/…`),
//!   a Lambda ARN (`arn:aws:lambda:…`), a reference to an `aws_lambda_function` /
//!   `aws_lambda_alias`, or an SNS topic of the configuration that an
//!   `aws_sns_topic_subscription` of protocol `lambda` subscribes to;
//! - an `azurerm_monitor_action_group` with an `automation_runbook_receiver`,
//!   `azure_function_receiver` or `logic_app_receiver` block;
//! - an `aws_cloudwatch_event_target` whose rule matches "CloudWatch Alarm State Change"
//!   events and whose target is a Lambda or an SSM Automation.
//!
//! Unknown values are not evidence: an action that cannot be known is counted as such, so
//! the criterion can say "unknown" rather than "not met" when nothing else was found.

use crate::terraform::model::{Configuration, Resource};
use crate::terraform::value::{Ref, Value};

/// Alarm resource types whose `alarm_actions` are examined.
const AWS_ALARMS: &[&str] = &[
    "aws_cloudwatch_metric_alarm",
    "aws_cloudwatch_composite_alarm",
];

/// Azure action group receivers that run automation rather than notify a person.
const AZURE_AUTOMATION_RECEIVERS: &[&str] = &[
    "automation_runbook_receiver",
    "azure_function_receiver",
    "logic_app_receiver",
];

/// The `detail-type` EventBridge gives CloudWatch alarm transitions.
const ALARM_STATE_CHANGE: &str = "CloudWatch Alarm State Change";

/// One alert action that runs automation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AutomationAction {
    /// The root module it was found in (`.` for the scanned PATH).
    pub root: String,
    /// The alerting resource or action group (`aws_cloudwatch_metric_alarm.api`).
    pub address: String,
    /// What it runs, in words: `Lambda aws_lambda_function.diag`.
    pub runs: String,
}

/// What the automation scan of one or more root modules found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AutomationScan {
    /// Actions that run automation, sorted.
    pub actions: Vec<AutomationAction>,
    /// How many alarms and action groups were examined.
    pub examined: usize,
    /// Actions whose target is unknown (could be automation): `address: reason`.
    pub unknown: Vec<String>,
}

impl AutomationScan {
    /// Adds another root's scan to this one.
    pub fn merge(&mut self, other: AutomationScan) {
        self.actions.extend(other.actions);
        self.actions.sort();
        self.actions.dedup();
        self.examined += other.examined;
        self.unknown.extend(other.unknown);
        self.unknown.sort();
        self.unknown.dedup();
    }
}

/// The automation alert actions of one evaluated root module.
pub fn automation_actions(config: &Configuration) -> AutomationScan {
    let mut scan = AutomationScan::default();
    let mut push = |address: &str, runs: String| {
        scan.actions.push(AutomationAction {
            root: config.root.clone(),
            address: address.to_string(),
            runs,
        });
    };
    let mut unknown = Vec::new();
    let mut examined = 0;
    for kind in AWS_ALARMS {
        for alarm in config.resources_of(kind) {
            examined += 1;
            let actions: Vec<&Value> = match alarm.body.value("alarm_actions") {
                Some(Value::List(items)) => items.iter().collect(),
                Some(v) => vec![v],
                None => Vec::new(),
            };
            for action in actions {
                match classify(config, action) {
                    Runs::Automation(what) => push(&alarm.address, what),
                    Runs::Unknown(why) => unknown.push(format!("{}: {why}", alarm.address)),
                    Runs::Nothing => {}
                }
            }
        }
    }
    for group in config.resources_of("azurerm_monitor_action_group") {
        examined += 1;
        for receiver in AZURE_AUTOMATION_RECEIVERS {
            match group.body.block_exists(receiver) {
                Ok(true) => push(&group.address, receiver.to_string()),
                Ok(false) => {}
                Err(why) => unknown.push(format!("{}: {receiver}: {why}", group.address)),
            }
        }
    }
    for target in config.resources_of("aws_cloudwatch_event_target") {
        if let Some(what) = alarm_event_target(config, target) {
            push(&target.address, what);
        }
    }
    scan.examined = examined;
    scan.unknown = unknown;
    scan.actions.sort();
    scan.actions.dedup();
    scan.unknown.sort();
    scan.unknown.dedup();
    scan
}

/// What one alarm action runs.
enum Runs {
    Automation(String),
    Unknown(String),
    Nothing,
}

fn classify(config: &Configuration, action: &Value) -> Runs {
    match action {
        Value::Ref(r) => classify_ref(config, r),
        Value::String(arn) => classify_arn(config, arn),
        Value::Unknown(u) => Runs::Unknown(format!("an alarm action is unknown: {}", u.reason)),
        _ => Runs::Nothing,
    }
}

fn classify_ref(config: &Configuration, r: &Ref) -> Runs {
    match r.resource_type() {
        "aws_lambda_function" | "aws_lambda_alias" => {
            Runs::Automation(format!("Lambda {}", r.address))
        }
        "aws_sns_topic" => match config.follow(r) {
            Some(topic) => lambda_subscription(config, topic),
            None => Runs::Nothing,
        },
        _ => Runs::Nothing,
    }
}

fn classify_arn(config: &Configuration, arn: &str) -> Runs {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() < 6 || parts[0] != "arn" {
        return Runs::Nothing;
    }
    match parts[2] {
        "lambda" => Runs::Automation(format!("Lambda {arn}")),
        "ssm" if parts[5].starts_with("automation-definition/") => {
            Runs::Automation(format!("SSM Automation {arn}"))
        }
        "sns" => {
            let name = arn.rsplit(':').next().unwrap_or(arn);
            match config
                .resources_of("aws_sns_topic")
                .find(|t| t.body.value("name").and_then(Value::as_str) == Some(name))
            {
                Some(topic) => lambda_subscription(config, topic),
                None => Runs::Nothing,
            }
        }
        _ => Runs::Nothing,
    }
}

/// A `lambda` subscription of this topic, if there is one.
fn lambda_subscription(config: &Configuration, topic: &Resource) -> Runs {
    let topic_name = topic.body.value("name").and_then(Value::as_str);
    let mut unknown = None;
    for sub in config.resources_of("aws_sns_topic_subscription") {
        let ours = match sub.body.value("topic_arn") {
            Some(Value::Ref(r)) => r.address == topic.address,
            Some(Value::String(arn)) => topic_name
                .is_some_and(|n| arn.starts_with("arn:") && arn.rsplit(':').next() == Some(n)),
            _ => false,
        };
        if !ours {
            continue;
        }
        match sub.body.value("protocol") {
            Some(Value::String(p)) if p.eq_ignore_ascii_case("lambda") => {
                return Runs::Automation(format!(
                    "Lambda through {} ({})",
                    topic.address, sub.address
                ));
            }
            Some(v @ Value::Unknown(_)) => {
                unknown.get_or_insert_with(|| {
                    format!(
                        "{}.protocol is unknown: {}",
                        sub.address,
                        v.unknown_reason().unwrap_or("not known")
                    )
                });
            }
            _ => {}
        }
    }
    match unknown {
        Some(why) => Runs::Unknown(why),
        None => Runs::Nothing,
    }
}

/// An EventBridge target that runs a Lambda or an SSM Automation on alarm state changes.
fn alarm_event_target(config: &Configuration, target: &Resource) -> Option<String> {
    let rule_ref = target.body.value("rule")?.refs().into_iter().next()?;
    let rule = config.follow(rule_ref)?;
    let pattern = rule.body.value("event_pattern")?.as_str()?;
    if !pattern.contains(ALARM_STATE_CHANGE) {
        return None;
    }
    let runs = match target.body.value("arn")? {
        Value::Ref(r)
            if matches!(
                r.resource_type(),
                "aws_lambda_function" | "aws_lambda_alias"
            ) =>
        {
            format!("Lambda {}", r.address)
        }
        Value::String(arn) => match classify_arn(config, arn) {
            Runs::Automation(what) => what,
            _ => return None,
        },
        _ => return None,
    };
    Some(format!("{runs} on {ALARM_STATE_CHANGE} ({})", rule.address))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::module::{LoadOptions, evaluate_tree};

    fn scan(tf: &str) -> AutomationScan {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf"), tf).unwrap();
        let (configs, diags) = evaluate_tree(dir.path(), &LoadOptions::default());
        assert!(diags.is_empty(), "{diags:?}");
        let mut all = AutomationScan::default();
        for c in &configs {
            all.merge(automation_actions(c));
        }
        all
    }

    fn addresses(s: &AutomationScan) -> Vec<&str> {
        s.actions.iter().map(|a| a.address.as_str()).collect()
    }

    #[test]
    fn lambda_reference_ssm_arn_and_lambda_subscription_count() {
        let s = scan(
            r#"
resource "aws_lambda_function" "diag" { function_name = "diag" }
resource "aws_sns_topic" "auto" { name = "auto" }
resource "aws_sns_topic" "page" { name = "page" }
resource "aws_sns_topic_subscription" "auto" {
  topic_arn = aws_sns_topic.auto.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.diag.arn
}
resource "aws_sns_topic_subscription" "page" {
  topic_arn = aws_sns_topic.page.arn
  protocol  = "https"
  endpoint  = "https://events.pagerduty.com/x"
}
resource "aws_cloudwatch_metric_alarm" "direct" {
  alarm_actions = [aws_lambda_function.diag.arn]
}
resource "aws_cloudwatch_metric_alarm" "ssm" {
  alarm_actions = ["arn:aws:ssm:eu-west-1:123456789012:automation-definition/Restart:$DEFAULT"]
}
resource "aws_cloudwatch_metric_alarm" "via_topic" {
  alarm_actions = ["arn:aws:sns:eu-west-1:123456789012:auto"]
}
resource "aws_cloudwatch_metric_alarm" "pages_only" {
  alarm_actions = [aws_sns_topic.page.arn]
}
"#,
        );
        assert_eq!(
            addresses(&s),
            vec![
                "aws_cloudwatch_metric_alarm.direct",
                "aws_cloudwatch_metric_alarm.ssm",
                "aws_cloudwatch_metric_alarm.via_topic",
            ]
        );
        assert_eq!(s.examined, 4);
        assert!(s.unknown.is_empty(), "{:?}", s.unknown);
        assert!(
            s.actions[2]
                .runs
                .contains("aws_sns_topic_subscription.auto")
        );
    }

    #[test]
    fn ssm_arn_that_is_not_automation_and_unknown_actions_are_not_evidence() {
        let s = scan(
            r#"
variable "action" {}
resource "aws_cloudwatch_metric_alarm" "opsitem" {
  alarm_actions = ["arn:aws:ssm:eu-west-1:123456789012:opsitem:3#CATEGORY=Availability"]
}
resource "aws_cloudwatch_metric_alarm" "unknown" {
  alarm_actions = [var.action]
}
"#,
        );
        assert!(s.actions.is_empty(), "{:?}", s.actions);
        assert_eq!(s.examined, 2);
        assert_eq!(s.unknown.len(), 1);
        assert!(s.unknown[0].starts_with("aws_cloudwatch_metric_alarm.unknown: "));
    }

    #[test]
    fn azure_receivers_and_alarm_event_targets() {
        let s = scan(
            r#"
resource "azurerm_monitor_action_group" "auto" {
  name       = "auto"
  short_name = "auto"
  azure_function_receiver {
    name                     = "diag"
    function_app_resource_id = "x"
    function_name            = "diag"
    http_trigger_url         = "https://x"
  }
}
resource "azurerm_monitor_action_group" "mail" {
  name       = "mail"
  short_name = "mail"
  email_receiver {
    name          = "ops"
    email_address = "ops@example.com"
  }
}
resource "aws_lambda_function" "triage" { function_name = "triage" }
resource "aws_cloudwatch_event_rule" "alarms" {
  event_pattern = jsonencode({ source = ["aws.cloudwatch"], "detail-type" = ["CloudWatch Alarm State Change"] })
}
resource "aws_cloudwatch_event_rule" "other" {
  event_pattern = jsonencode({ source = ["aws.ec2"] })
}
resource "aws_cloudwatch_event_target" "triage" {
  rule = aws_cloudwatch_event_rule.alarms.name
  arn  = aws_lambda_function.triage.arn
}
resource "aws_cloudwatch_event_target" "other" {
  rule = aws_cloudwatch_event_rule.other.name
  arn  = aws_lambda_function.triage.arn
}
"#,
        );
        assert_eq!(
            addresses(&s),
            vec![
                "aws_cloudwatch_event_target.triage",
                "azurerm_monitor_action_group.auto",
            ]
        );
        assert_eq!(s.examined, 2);
    }
}

//! `waf-rel-060.tf.azurerm.alert-action`: an Azure Monitor alert rule must notify an
//! action group and tell the responder what to do: it has an `action` block naming an
//! action group, its `description` carries a runbook and a severity (read as for every
//! provider, see [`super::alert`]; `tags` fill what the description lacks), and it is not
//! disabled (`enabled = false`).
//!
//! Why: an Azure alert rule without an action group only shows up in the portal; without
//! a runbook and a severity the responder does not know how urgent it is or what to do.
//!
//! The `action` block differs by resource type (azurerm provider docs):
//! `azurerm_monitor_metric_alert` and `azurerm_monitor_activity_log_alert` take
//! `action { action_group_id = ... }` (one block per group);
//! `azurerm_monitor_scheduled_query_rules_alert_v2` takes `action { action_groups = [...] }`.
//! The numeric `severity` argument of metric and query alerts (0–4) is Azure's own scale,
//! not a defined level, so it does not replace the severity in the description.

use super::support::{
    Assessment, Presence, assess_alert_meta, attr_location, dynamic_blocks_unknown, presence,
    switched_off,
};
use super::{Check, CheckContext, Verdict};
use crate::terraform::model::Resource;

/// Alert rule types and the attribute of their `action` block that names action groups.
const ALERT_TYPES: &[(&str, &str)] = &[
    ("azurerm_monitor_metric_alert", "action_group_id"),
    ("azurerm_monitor_activity_log_alert", "action_group_id"),
    (
        "azurerm_monitor_scheduled_query_rules_alert_v2",
        "action_groups",
    ),
];

/// See the module documentation.
pub struct AlertAction;

impl Check for AlertAction {
    fn id(&self) -> &'static str {
        "waf-rel-060.tf.azurerm.alert-action"
    }

    fn run(&self, cx: &CheckContext<'_>) -> Vec<Verdict> {
        let mut out = Vec::new();
        for (kind, group_attr) in ALERT_TYPES {
            for alert in cx.config.resources_of(kind) {
                let mut a = Assessment::new();
                let body = &alert.body;
                let enabled_loc = attr_location(body, "enabled", &alert.location);
                match switched_off(body, "enabled") {
                    Ok(true) => a.fail("enabled = false: the alert never fires", &enabled_loc),
                    Ok(false) => {}
                    Err(why) => a.unknown(format!("enabled is unknown: {why}"), &enabled_loc),
                }
                assess_action(&mut a, alert, group_attr);
                assess_alert_meta(
                    &mut a,
                    body,
                    &alert.location,
                    "description",
                    "tags",
                    &cx.settings.severity_levels,
                );
                out.push(a.verdict(alert));
            }
        }
        out
    }
}

fn assess_action(a: &mut Assessment, alert: &Resource, group_attr: &str) {
    let actions: Vec<_> = alert.body.blocks_of("action").collect();
    if actions.is_empty()
        && let Some(why) = dynamic_blocks_unknown(&alert.body, &["action"])
    {
        a.unknown(
            format!("the action blocks come from a dynamic block whose for_each is unknown: {why}"),
            &alert.location,
        );
        return;
    }
    if actions.is_empty() {
        a.fail(
            "no action block: the alert notifies no action group",
            &alert.location,
        );
        return;
    }
    let mut unknown = None;
    for action in &actions {
        match presence(&action.body, group_attr) {
            Presence::Present => {
                a.verified(format!("notifies an action group ({group_attr})"));
                return;
            }
            Presence::Unknown(why) => {
                unknown.get_or_insert((
                    why,
                    attr_location(&action.body, group_attr, &action.location),
                ));
            }
            Presence::Empty(_) => {}
        }
    }
    match unknown {
        Some((why, loc)) => a.unknown(format!("action.{group_attr} is unknown: {why}"), &loc),
        None => a.fail(
            format!("the action block names no action group ({group_attr} is empty or not set)"),
            &actions[0].location,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::finding::Status;

    const DESC: &str = "SEV2: checkout latency high. Runbook: https://wiki/runbooks/checkout";

    #[test]
    fn pass_for_each_type_with_its_action_form() {
        let c = config(vec![
            resource(
                "azurerm_monitor_metric_alert",
                "m",
                body().attr("description", s(DESC)).block(
                    "action",
                    body().attr("action_group_id", r("azurerm_monitor_action_group.g", "id")),
                ),
            ),
            resource(
                "azurerm_monitor_activity_log_alert",
                "a",
                body().attr("description", s(DESC)).block(
                    "action",
                    body().attr("action_group_id", s("/subscriptions/x/actionGroups/y")),
                ),
            ),
            resource(
                "azurerm_monitor_scheduled_query_rules_alert_v2",
                "q",
                body().attr("description", s(DESC)).block(
                    "action",
                    body().attr(
                        "action_groups",
                        list(vec![r("azurerm_monitor_action_group.g", "id")]),
                    ),
                ),
            ),
        ]);
        let v = run(&AlertAction, &c);
        assert_eq!(v.len(), 3);
        assert!(v.iter().all(|v| v.status == Status::Pass), "{v:#?}");
    }

    #[test]
    fn fail_reasons() {
        let c = config(vec![
            resource(
                "azurerm_monitor_metric_alert",
                "noaction",
                body().attr("description", s(DESC)),
            ),
            resource(
                "azurerm_monitor_scheduled_query_rules_alert_v2",
                "emptygroups",
                body()
                    .attr("description", s(DESC))
                    .block("action", body().attr("action_groups", list(vec![]))),
            ),
            resource(
                "azurerm_monitor_metric_alert",
                "off",
                body()
                    .attr("enabled", b(false))
                    .attr("description", s("checkout latency"))
                    .block("action", body().attr("action_group_id", s("/x"))),
            ),
        ]);
        let v = run(&AlertAction, &c);
        let na = verdict_on(&v, "azurerm_monitor_metric_alert.noaction");
        assert_eq!(na.status, Status::Fail);
        assert_eq!(
            na.message,
            "no action block: the alert notifies no action group"
        );
        let eg = verdict_on(
            &v,
            "azurerm_monitor_scheduled_query_rules_alert_v2.emptygroups",
        );
        assert!(eg.message.contains("names no action group (action_groups"));
        let off = verdict_on(&v, "azurerm_monitor_metric_alert.off");
        assert!(off.message.starts_with("enabled = false"));
        assert!(off.message.contains("description has no runbook URL"));
        assert!(off.message.contains("description has no severity"));
    }

    #[test]
    fn unknown_action_group_is_skip() {
        let c = config(vec![resource(
            "azurerm_monitor_metric_alert",
            "u",
            body().attr("description", s(DESC)).block(
                "action",
                body().attr(
                    "action_group_id",
                    unknown("var.action_group_id has no value"),
                ),
            ),
        )]);
        let v = run(&AlertAction, &c);
        assert_eq!(v[0].status, Status::Skip);
        assert_eq!(
            v[0].message,
            "UNKNOWN: action.action_group_id is unknown: var.action_group_id has no value"
        );
    }
}

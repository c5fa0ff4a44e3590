//! `waf-rel-060.tf.azurerm.action-group-configured`: an `azurerm_monitor_action_group`
//! must be able to notify someone: it has a `short_name` (the sender name of its SMS and
//! e-mails; required by Azure), at least one receiver of any kind, and is not disabled.
//!
//! Why: Azure alerts notify only through action groups. A group with no receiver, or one
//! with `enabled = false` ("none of its receivers will receive communications", provider
//! docs), turns every alert that uses it into a silent one.
//!
//! Receiver blocks, per the azurerm provider: `email_receiver`, `sms_receiver`,
//! `webhook_receiver`, `voice_receiver`, `azure_app_push_receiver`, `logic_app_receiver`,
//! `azure_function_receiver`, `arm_role_receiver`, `automation_runbook_receiver`,
//! `event_hub_receiver`, `itsm_receiver`. Dynamic blocks are already expanded, so a
//! `dynamic "email_receiver"` over an empty list counts as no receiver.

use super::support::{
    Assessment, Presence, attr_location, dynamic_blocks_unknown, presence, switched_off,
};
use super::{Check, CheckContext, Verdict};

/// The receiver block types of `azurerm_monitor_action_group`.
pub(crate) const RECEIVER_BLOCKS: &[&str] = &[
    "email_receiver",
    "sms_receiver",
    "webhook_receiver",
    "voice_receiver",
    "azure_app_push_receiver",
    "logic_app_receiver",
    "azure_function_receiver",
    "arm_role_receiver",
    "automation_runbook_receiver",
    "event_hub_receiver",
    "itsm_receiver",
];

/// See the module documentation.
pub struct ActionGroupConfigured;

impl Check for ActionGroupConfigured {
    fn id(&self) -> &'static str {
        "waf-rel-060.tf.azurerm.action-group-configured"
    }

    fn run(&self, cx: &CheckContext<'_>) -> Vec<Verdict> {
        cx.config
            .resources_of("azurerm_monitor_action_group")
            .map(|group| {
                let body = &group.body;
                let mut a = Assessment::new();
                let enabled_loc = attr_location(body, "enabled", &group.location);
                match switched_off(body, "enabled") {
                    Ok(true) => a.fail(
                        "enabled = false: none of the group's receivers is notified",
                        &enabled_loc,
                    ),
                    Ok(false) => {}
                    Err(why) => a.unknown(format!("enabled is unknown: {why}"), &enabled_loc),
                }
                let short_loc = attr_location(body, "short_name", &group.location);
                match presence(body, "short_name") {
                    Presence::Empty(how) => a.fail(format!("short_name {how}"), &short_loc),
                    Presence::Unknown(why) => {
                        a.unknown(format!("short_name is unknown: {why}"), &short_loc)
                    }
                    Presence::Present => {}
                }
                let mut kinds: Vec<&str> = Vec::new();
                let mut count = 0;
                for block in &body.blocks {
                    if RECEIVER_BLOCKS.contains(&block.kind.as_str()) {
                        count += 1;
                        if !kinds.contains(&block.kind.as_str()) {
                            kinds.push(&block.kind);
                        }
                    }
                }
                if count == 0
                    && let Some(why) = dynamic_blocks_unknown(body, RECEIVER_BLOCKS)
                {
                    a.unknown(
                        format!("receivers come from a dynamic block whose for_each is unknown: {why}"),
                        &group.location,
                    );
                } else if count == 0 {
                    a.fail(
                        "no receiver block (email_receiver, sms_receiver, webhook_receiver, ...): alerts using this group notify nobody",
                        &group.location,
                    );
                } else {
                    a.verified(format!("{count} receiver(s): {}", kinds.join(", ")));
                }
                a.verdict(group)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::finding::Status;

    const G: &str = "azurerm_monitor_action_group";

    fn receiver() -> Body {
        body()
            .attr("name", s("oncall"))
            .attr("email_address", s("oncall@example.com"))
    }

    #[test]
    fn pass_with_short_name_and_a_receiver() {
        let c = config(vec![resource(
            G,
            "oncall",
            body()
                .attr("short_name", s("oncall"))
                .block("email_receiver", receiver())
                .block(
                    "webhook_receiver",
                    body().attr("service_uri", s("https://x")),
                ),
        )]);
        let v = run(&ActionGroupConfigured, &c);
        assert_eq!(v[0].status, Status::Pass);
        assert_eq!(
            v[0].message,
            "2 receiver(s): email_receiver, webhook_receiver"
        );
    }

    #[test]
    fn fail_reasons() {
        let c = config(vec![
            resource(G, "empty", body().attr("short_name", s("x"))),
            resource(G, "noshort", body().block("sms_receiver", receiver())),
            resource(
                G,
                "off",
                body()
                    .attr("short_name", s("x"))
                    .attr("enabled", b(false))
                    .block("voice_receiver", receiver()),
            ),
        ]);
        let v = run(&ActionGroupConfigured, &c);
        let empty = verdict_on(&v, "azurerm_monitor_action_group.empty");
        assert_eq!(empty.status, Status::Fail);
        assert!(empty.message.starts_with("no receiver block"));
        let noshort = verdict_on(&v, "azurerm_monitor_action_group.noshort");
        assert_eq!(noshort.message, "short_name is not set");
        let off = verdict_on(&v, "azurerm_monitor_action_group.off");
        assert!(off.message.starts_with("enabled = false"));
        assert_eq!(
            off.location.line,
            line_of(&c, "azurerm_monitor_action_group.off", "enabled")
        );
    }

    #[test]
    fn unknown_short_name_is_skip() {
        let c = config(vec![resource(
            G,
            "u",
            body()
                .attr("short_name", unknown("var.short_name has no value"))
                .block("email_receiver", receiver()),
        )]);
        let v = run(&ActionGroupConfigured, &c);
        assert_eq!(v[0].status, Status::Skip);
        assert_eq!(
            v[0].message,
            "UNKNOWN: short_name is unknown: var.short_name has no value"
        );
    }
}

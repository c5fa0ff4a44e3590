//! `waf-rel-060.tf.opsgenie.escalation-primary-secondary`: every `opsgenie_escalation`
//! pages a primary on-call schedule first, a secondary next, soon enough, and every
//! schedule it pages rotates over at least two participants. The Opsgenie twin of the
//! PagerDuty check (same reasons: the seed's primary + secondary, the upstream 15-minute
//! first escalation, no single-person rotation).
//!
//! What the "service" is: in Opsgenie a service belongs to a team (`opsgenie_service.team_id`)
//! and alerts reach an escalation through the team's routing rules, often edited in the UI.
//! That chain cannot be followed reliably from Terraform, so each `opsgenie_escalation` —
//! the paging path itself — is checked, and the finding is on it.
//!
//! Read from the provider's model (Opsgenie provider docs):
//! - `rules { condition, notify_type, delay, recipient { type, id } }`; each rule's `delay`
//!   is minutes after the alert is created (not after the previous rule), so rules are taken
//!   in order of `delay`: the earliest is the primary and must have a recipient of
//!   `type = "schedule"`; a later one is the secondary, and ITS delay is the time until the
//!   secondary is paged, which must be at most `escalation.max_first_delay_minutes`;
//! - a schedule's people are the `participant { type, id }` blocks of every
//!   `opsgenie_schedule_rotation` whose `schedule_id` refers to it; `type = "none"` is a
//!   gap, not a person; at least two distinct participants are needed. A schedule with no
//!   rotation in this configuration has its rotations managed elsewhere: SKIP.

use super::support::{
    Assessment, attr_location, dynamic_blocks_unknown, follow_schedule, identity_of, reason,
    target_ids,
};
use super::{Check, CheckContext, Verdict};
use crate::terraform::model::{Configuration, EvalBlock, Resource};
use crate::terraform::value::Value;
use std::collections::BTreeSet;

/// See the module documentation.
pub struct EscalationPrimarySecondary;

impl Check for EscalationPrimarySecondary {
    fn id(&self) -> &'static str {
        "waf-rel-060.tf.opsgenie.escalation-primary-secondary"
    }

    fn run(&self, cx: &CheckContext<'_>) -> Vec<Verdict> {
        cx.config
            .resources_of("opsgenie_escalation")
            .map(|esc| {
                let mut a = Assessment::new();
                assess(&mut a, cx.config, esc, cx.settings.max_first_delay_minutes);
                a.verdict(esc)
            })
            .collect()
    }
}

fn assess(a: &mut Assessment, config: &Configuration, esc: &Resource, max_delay: u32) {
    if let Some(why) = dynamic_blocks_unknown(&esc.body, &["rules"]) {
        a.unknown(
            format!("rules come from a dynamic block whose for_each is unknown: {why}"),
            &esc.location,
        );
        return;
    }
    let mut rules: Vec<(f64, &EvalBlock)> = Vec::new();
    for rule in esc.body.blocks_of("rules") {
        let loc = attr_location(&rule.body, "delay", &rule.location);
        match rule.body.value("delay") {
            Some(Value::Number(d)) => rules.push((*d, rule)),
            Some(v @ Value::Unknown(_)) => {
                a.unknown(format!("a rule's delay is unknown: {}", reason(v)), &loc);
                return;
            }
            _ => {
                a.fail("a rule has no delay", &loc);
                return;
            }
        }
    }
    // Stable: rules with equal delays keep their written order.
    rules.sort_by(|x, y| x.0.total_cmp(&y.0));
    let Some(&(_, primary)) = rules.first() else {
        a.fail(
            "the escalation has no rules: it pages nobody",
            &esc.location,
        );
        return;
    };
    let recipients: Vec<&EvalBlock> = primary.body.blocks_of("recipient").collect();
    let primary_schedule = recipients
        .iter()
        .any(|r| r.body.value("type").and_then(Value::as_str) == Some("schedule"));
    if let Some(v) = recipients
        .iter()
        .filter_map(|r| r.body.value("type"))
        .find(|v| v.is_unknown())
    {
        a.unknown(
            format!("the first rule's recipient type is unknown: {}", reason(v)),
            &primary.location,
        );
    } else if !primary_schedule {
        a.fail(
            "the first rule notifies a user or team directly, not an on-call schedule (no primary rotation)",
            &primary.location,
        );
    }
    match rules.get(1) {
        None => a.fail(
            "a single rule: no secondary to escalate to",
            &primary.location,
        ),
        Some(&(delay, secondary)) => {
            // `notify_type = "next"` (or previous, all...) reaches another person of the
            // same schedule; "default" reaches the one already paged.
            let same_person = matches!(
                secondary.body.value("notify_type").and_then(Value::as_str),
                None | Some("default")
            );
            if let (Some(firsts), Some(seconds)) = (
                target_ids(primary, "recipient"),
                target_ids(secondary, "recipient"),
            ) && same_person
                && !seconds.is_empty()
                && seconds.iter().all(|t| firsts.contains(t))
            {
                // Notifying the same on-call person again is no backup.
                a.fail(
                    format!(
                        "the second rule notifies the same on-call person of {} as the first (notify_type default): no secondary",
                        seconds.join(", ")
                    ),
                    &secondary.location,
                );
            } else if delay > f64::from(max_delay) {
                a.fail(
                    format!(
                        "the secondary is paged {delay} minutes after the alert (limit {max_delay})"
                    ),
                    &attr_location(&secondary.body, "delay", &secondary.location),
                );
            } else {
                a.verified(format!("primary schedule, secondary after {delay} min"));
            }
        }
    }
    for (_, rule) in &rules {
        for recipient in rule.body.blocks_of("recipient") {
            if recipient.body.value("type").and_then(Value::as_str) == Some("schedule") {
                assess_schedule(a, config, recipient);
            }
        }
    }
}

fn assess_schedule(a: &mut Assessment, config: &Configuration, recipient: &EvalBlock) {
    let Some(schedule) = follow_schedule(a, config, recipient, "opsgenie_schedule", "recipient")
    else {
        return;
    };
    let mut people = BTreeSet::new();
    let mut unknown = None;
    let mut rotations = 0;
    for rotation in config.resources_of("opsgenie_schedule_rotation") {
        match rotation.body.value("schedule_id") {
            Some(Value::Ref(r)) if r.address == schedule.address => {}
            Some(v @ Value::Unknown(_)) => {
                unknown.get_or_insert_with(|| {
                    format!("{}.schedule_id is unknown: {}", rotation.address, reason(v))
                });
                continue;
            }
            _ => continue,
        }
        rotations += 1;
        for p in rotation.body.blocks_of("participant") {
            match p.body.value("type") {
                Some(Value::String(t)) if t == "none" => continue,
                Some(v @ Value::Unknown(_)) => {
                    unknown.get_or_insert_with(|| reason(v));
                    continue;
                }
                _ => {}
            }
            if let Some(v) = p.body.value("id") {
                match identity_of(v) {
                    Some(id) => {
                        people.insert(id);
                    }
                    None if v.is_unknown() => {
                        unknown.get_or_insert_with(|| reason(v));
                    }
                    None => {}
                }
            }
        }
    }
    if people.len() >= 2 {
        a.verified(format!(
            "{} rotates over {} participants",
            schedule.address,
            people.len()
        ));
    } else if let Some(why) = unknown {
        a.unknown(
            format!(
                "the participants of {} are unknown: {why}",
                schedule.address
            ),
            &schedule.location,
        );
    } else if rotations == 0 {
        a.unknown(
            format!(
                "{} has no opsgenie_schedule_rotation in this configuration (its rotations are managed elsewhere)",
                schedule.address
            ),
            &schedule.location,
        );
    } else {
        let who = people
            .iter()
            .next()
            .cloned()
            .unwrap_or_else(|| "nobody".to_string());
        a.fail(
            format!(
                "schedule {} rotates over one participant only ({who}): knowledge loss, and nobody when they are away",
                schedule.address
            ),
            &schedule.location,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::finding::Status;

    fn rule(delay: f64, kind: &str, id: Value) -> Body {
        body()
            .attr("condition", s("if-not-acked"))
            .attr("notify_type", s("default"))
            .attr("delay", n(delay))
            .block("recipient", body().attr("type", s(kind)).attr("id", id))
    }

    fn escalation(name: &str, rules: Vec<Body>) -> Resource {
        let mut b = body().attr("name", s(name));
        for r in rules {
            b = b.block("rules", r);
        }
        resource("opsgenie_escalation", name, b)
    }

    fn rotation(name: &str, schedule: &str, users: &[&str]) -> Resource {
        let mut b = body()
            .attr("schedule_id", r(schedule, "id"))
            .attr("type", s("weekly"));
        for u in users {
            b = b.block(
                "participant",
                body().attr("type", s("user")).attr("id", r(u, "id")),
            );
        }
        resource("opsgenie_schedule_rotation", name, b)
    }

    #[test]
    fn pass_with_schedule_first_and_secondary_in_time() {
        let c = config(vec![
            resource(
                "opsgenie_schedule",
                "primary",
                body().attr("name", s("primary")),
            ),
            rotation(
                "weekly",
                "opsgenie_schedule.primary",
                &["opsgenie_user.a", "opsgenie_user.b"],
            ),
            // Written out of order: the delay decides which rule is first.
            escalation(
                "payments",
                vec![
                    rule(10.0, "team", r("opsgenie_team.payments", "id")),
                    rule(0.0, "schedule", r("opsgenie_schedule.primary", "id")),
                ],
            ),
        ]);
        let v = run(&EscalationPrimarySecondary, &c);
        assert_eq!(v[0].status, Status::Pass, "{v:?}");
        assert!(v[0].message.contains("secondary after 10 min"));
        assert!(v[0].message.contains("rotates over 2 participants"));
    }

    #[test]
    fn the_same_schedule_again_is_a_secondary_only_when_it_notifies_the_next_person() {
        let with = |notify: &str| {
            let again = rule(5.0, "schedule", r("opsgenie_schedule.primary", "id"))
                .attr("notify_type", s(notify));
            config(vec![
                resource("opsgenie_schedule", "primary", body()),
                rotation(
                    "weekly",
                    "opsgenie_schedule.primary",
                    &["opsgenie_user.a", "opsgenie_user.b"],
                ),
                escalation(
                    "payments",
                    vec![
                        rule(0.0, "schedule", r("opsgenie_schedule.primary", "id")),
                        again,
                    ],
                ),
            ])
        };
        let next = run(&EscalationPrimarySecondary, &with("next"));
        assert_eq!(next[0].status, Status::Pass, "{next:?}");
        let same = run(&EscalationPrimarySecondary, &with("default"));
        assert_eq!(same[0].status, Status::Fail, "{same:?}");
        assert!(
            same[0].message.contains("same on-call person"),
            "{}",
            same[0].message
        );
    }

    #[test]
    fn fail_reasons() {
        let c = config(vec![
            resource("opsgenie_schedule", "solo", body()),
            rotation("solo", "opsgenie_schedule.solo", &["opsgenie_user.a"]),
            escalation(
                "direct",
                vec![rule(0.0, "user", r("opsgenie_user.a", "id"))],
            ),
            escalation(
                "slow",
                vec![
                    rule(0.0, "schedule", r("opsgenie_schedule.solo", "id")),
                    rule(30.0, "user", r("opsgenie_user.lead", "id")),
                ],
            ),
            resource(
                "opsgenie_escalation",
                "empty",
                body().attr("name", s("empty")),
            ),
        ]);
        let v = run(&EscalationPrimarySecondary, &c);
        let d = verdict_on(&v, "opsgenie_escalation.direct");
        assert_eq!(d.status, Status::Fail);
        assert!(d.message.contains("not an on-call schedule"));
        assert!(d.message.contains("no secondary"));
        let slow = verdict_on(&v, "opsgenie_escalation.slow");
        assert!(
            slow.message
                .contains("the secondary is paged 30 minutes after the alert (limit 15)")
        );
        assert!(
            slow.message
                .contains("rotates over one participant only (opsgenie_user.a)")
        );
        assert_eq!(
            verdict_on(&v, "opsgenie_escalation.empty").message,
            "the escalation has no rules: it pages nobody"
        );
    }

    #[test]
    fn unknown_and_unmanaged_rotations_skip() {
        let c = config(vec![
            resource("opsgenie_schedule", "ui", body()),
            escalation(
                "ui",
                vec![
                    rule(0.0, "schedule", r("opsgenie_schedule.ui", "id")),
                    rule(5.0, "user", r("opsgenie_user.lead", "id")),
                ],
            ),
            escalation(
                "unk",
                vec![rule(
                    0.0,
                    "schedule",
                    unknown("var.schedule_id has no value"),
                )],
            ),
        ]);
        let v = run(&EscalationPrimarySecondary, &c);
        let ui = verdict_on(&v, "opsgenie_escalation.ui");
        assert_eq!(ui.status, Status::Skip);
        assert!(ui.message.contains("managed elsewhere"));
        // A definite failure (single rule) wins over the unknown schedule.
        assert_eq!(
            verdict_on(&v, "opsgenie_escalation.unk").status,
            Status::Fail
        );
    }
}

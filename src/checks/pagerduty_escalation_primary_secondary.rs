//! `waf-rel-060.tf.pagerduty.escalation-primary-secondary`: every `pagerduty_service`
//! escalates to a primary on-call schedule and then to a secondary, soon enough, and every
//! schedule it pages rotates over at least two people.
//!
//! Why: the seed requires a primary and a secondary for every production service, a
//! first escalation within the upstream guidance (15 minutes by default,
//! `escalation.max_first_delay_minutes`), and rotations that do not rest on one person
//! (knowledge loss, burnout, nobody when they are away).
//!
//! Read from the provider's model (PagerDuty provider docs):
//! - the service's `escalation_policy` is a reference to a `pagerduty_escalation_policy`;
//! - the policy's first `rule` must have a `target` with `type = "schedule_reference"`
//!   (`type` defaults to `user_reference`): that is the primary;
//! - a second `rule` is the secondary;
//! - `escalation_delay_in_minutes` of rule N is how long an unacknowledged incident stays
//!   with rule N before escalating to rule N+1, so the FIRST rule's delay is the time
//!   until the secondary is paged: it must be at most the configured limit;
//! - each `pagerduty_schedule` targeted by any rule must list at least two distinct people
//!   across its `layer { users = [...] }` (references to different `pagerduty_user`
//!   resources, or different literal ids).
//!
//! The finding is on the service; its location is where the fault is written (the rule,
//! the delay, the schedule), which may be the policy's or the schedule's file.

use super::support::{
    Assessment, attr_location, dynamic_blocks_unknown, follow_schedule, identity_of, reason,
    target_ids,
};
use super::{Check, CheckContext, Verdict};
use crate::source::Location;
use crate::terraform::model::{Configuration, EvalBlock, Resource};
use crate::terraform::value::Value;
use std::collections::BTreeSet;

/// See the module documentation.
pub struct EscalationPrimarySecondary;

impl Check for EscalationPrimarySecondary {
    fn id(&self) -> &'static str {
        "waf-rel-060.tf.pagerduty.escalation-primary-secondary"
    }

    fn run(&self, cx: &CheckContext<'_>) -> Vec<Verdict> {
        cx.config
            .resources_of("pagerduty_service")
            .map(|service| {
                let mut a = Assessment::new();
                if let Some(policy) = policy_of(&mut a, cx.config, service) {
                    assess_policy(
                        &mut a,
                        cx.config,
                        policy,
                        cx.settings.max_first_delay_minutes,
                    );
                }
                a.verdict(service)
            })
            .collect()
    }
}

fn policy_of<'a>(
    a: &mut Assessment,
    config: &'a Configuration,
    service: &Resource,
) -> Option<&'a Resource> {
    let loc = attr_location(&service.body, "escalation_policy", &service.location);
    match service.body.value("escalation_policy") {
        None => a.fail("no escalation_policy: incidents page nobody", &loc),
        Some(v @ Value::Unknown(_)) => {
            a.unknown(format!("escalation_policy is unknown: {}", reason(v)), &loc)
        }
        Some(Value::Ref(r)) => match config.follow(r) {
            Some(p) if p.kind == "pagerduty_escalation_policy" => return Some(p),
            _ => a.unknown(
                format!(
                    "escalation policy {} is not defined in this configuration",
                    r.address
                ),
                &loc,
            ),
        },
        Some(other) => a.unknown(
            format!("escalation policy {other} is not defined in this configuration"),
            &loc,
        ),
    }
    None
}

fn assess_policy(a: &mut Assessment, config: &Configuration, policy: &Resource, max_delay: u32) {
    if let Some(why) = dynamic_blocks_unknown(&policy.body, &["rule"]) {
        a.unknown(
            format!(
                "the policy's rules come from a dynamic block whose for_each is unknown: {why}"
            ),
            &policy.location,
        );
        return;
    }
    let rules: Vec<&EvalBlock> = policy.body.blocks_of("rule").collect();
    let Some(first) = rules.first() else {
        a.fail(
            format!("escalation policy {} has no rule", policy.address),
            &policy.location,
        );
        return;
    };
    // Primary: a schedule in the first rule.
    let mut first_has_schedule = false;
    for target in first.body.blocks_of("target") {
        match target.body.value("type") {
            Some(Value::String(t)) if t == "schedule_reference" => first_has_schedule = true,
            Some(v @ Value::Unknown(_)) => a.unknown(
                format!("the first rule's target type is unknown: {}", reason(v)),
                &target.location,
            ),
            _ => {}
        }
    }
    if !first_has_schedule && !a.has_unknowns() {
        a.fail(
            format!(
                "the first rule of {} pages users directly, not an on-call schedule (no primary rotation)",
                policy.address
            ),
            &first.location,
        );
    }
    // Secondary: a second rule.
    if rules.len() < 2 {
        a.fail(
            format!(
                "{} has a single rule: no secondary to escalate to",
                policy.address
            ),
            &first.location,
        );
    } else if let (Some(firsts), Some(seconds)) =
        (target_ids(first, "target"), target_ids(rules[1], "target"))
        && !seconds.is_empty()
        && seconds.iter().all(|t| firsts.contains(t))
    {
        // Paging the same people again is no backup: the secondary must be someone else.
        a.fail(
            format!(
                "the second rule of {} targets the same {} as the first: no secondary",
                policy.address,
                seconds.join(", ")
            ),
            &rules[1].location,
        );
    } else {
        a.verified(format!(
            "{} escalates from a primary schedule to a secondary",
            policy.address
        ));
    }
    // Delay until the secondary is paged.
    let delay_loc = attr_location(&first.body, "escalation_delay_in_minutes", &first.location);
    match first.body.value("escalation_delay_in_minutes") {
        Some(Value::Number(n)) if *n > f64::from(max_delay) => a.fail(
            format!(
                "the first rule escalates to the secondary after {n} minutes (limit {max_delay})"
            ),
            &delay_loc,
        ),
        Some(Value::Number(n)) => a.verified(format!("first escalation after {n} min")),
        Some(v @ Value::Unknown(_)) => a.unknown(
            format!("escalation_delay_in_minutes is unknown: {}", reason(v)),
            &delay_loc,
        ),
        _ => a.fail(
            "the first rule has no escalation_delay_in_minutes",
            &delay_loc,
        ),
    }
    // Every targeted schedule rotates over two people.
    for rule in &rules {
        for target in rule.body.blocks_of("target") {
            if target.body.value("type").and_then(Value::as_str) != Some("schedule_reference") {
                continue;
            }
            assess_schedule(a, config, target);
        }
    }
}

fn assess_schedule(a: &mut Assessment, config: &Configuration, target: &EvalBlock) {
    let Some(schedule) = follow_schedule(a, config, target, "pagerduty_schedule", "target") else {
        return;
    };
    let (people, unknown) = people_in(schedule);
    if people.len() >= 2 {
        a.verified(format!(
            "{} rotates over {} people",
            schedule.address,
            people.len()
        ));
    } else if let Some(why) = unknown {
        a.unknown(
            format!("the users of {} are unknown: {why}", schedule.address),
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
                "schedule {} rotates over one person only ({who}): knowledge loss, and nobody when they are away",
                schedule.address
            ),
            &first_layer_users(schedule).unwrap_or_else(|| schedule.location.clone()),
        );
    }
}

/// Distinct people across a schedule's layers, and why more could not be known.
fn people_in(schedule: &Resource) -> (BTreeSet<String>, Option<String>) {
    let mut people = BTreeSet::new();
    let mut unknown = dynamic_blocks_unknown(&schedule.body, &["layer"]).map(str::to_string);
    for layer in schedule.body.blocks_of("layer") {
        match layer.body.value("users") {
            Some(Value::List(users)) => {
                for u in users {
                    match identity_of(u) {
                        Some(id) => {
                            people.insert(id);
                        }
                        None if u.is_unknown() => {
                            unknown.get_or_insert_with(|| reason(u));
                        }
                        None => {}
                    }
                }
            }
            Some(v @ Value::Unknown(_)) => {
                unknown.get_or_insert_with(|| reason(v));
            }
            _ => {}
        }
    }
    (people, unknown)
}

fn first_layer_users(schedule: &Resource) -> Option<Location> {
    schedule
        .body
        .blocks_of("layer")
        .find_map(|l| l.body.get("users").map(|a| a.location.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::finding::Status;

    fn schedule(name: &str, users: Vec<Value>) -> Resource {
        resource(
            "pagerduty_schedule",
            name,
            body().attr("time_zone", s("Europe/Berlin")).block(
                "layer",
                body()
                    .attr("rotation_turn_length_seconds", n(604800.0))
                    .attr("users", list(users)),
            ),
        )
    }

    fn target(kind: &str, id: Value) -> Body {
        body().attr("type", s(kind)).attr("id", id)
    }

    fn policy(name: &str, rules: Vec<(f64, Body)>) -> Resource {
        let mut b = body().attr("name", s(name));
        for (delay, t) in rules {
            b = b.block(
                "rule",
                body()
                    .attr("escalation_delay_in_minutes", n(delay))
                    .block("target", t),
            );
        }
        resource("pagerduty_escalation_policy", name, b)
    }

    fn service(name: &str, policy: Value) -> Resource {
        resource(
            "pagerduty_service",
            name,
            body().attr("escalation_policy", policy),
        )
    }

    fn two_people() -> Vec<Value> {
        vec![
            r("pagerduty_user.alice", "id"),
            r("pagerduty_user.bob", "id"),
        ]
    }

    #[test]
    fn pass_with_primary_schedule_secondary_and_short_delay() {
        let c = config(vec![
            schedule("primary", two_people()),
            policy(
                "ep",
                vec![
                    (
                        10.0,
                        target("schedule_reference", r("pagerduty_schedule.primary", "id")),
                    ),
                    (
                        10.0,
                        target("user_reference", r("pagerduty_user.lead", "id")),
                    ),
                ],
            ),
            service("payments", r("pagerduty_escalation_policy.ep", "id")),
        ]);
        let v = run(&EscalationPrimarySecondary, &c);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].status, Status::Pass, "{v:?}");
        assert!(
            v[0].message
                .contains("pagerduty_schedule.primary rotates over 2 people")
        );
    }

    #[test]
    fn a_second_rule_paging_the_same_schedule_is_no_secondary() {
        let c = config(vec![
            schedule("primary", two_people()),
            policy(
                "ep",
                vec![
                    (
                        10.0,
                        target("schedule_reference", r("pagerduty_schedule.primary", "id")),
                    ),
                    (
                        10.0,
                        target("schedule_reference", r("pagerduty_schedule.primary", "id")),
                    ),
                ],
            ),
            service("payments", r("pagerduty_escalation_policy.ep", "id")),
        ]);
        let v = run(&EscalationPrimarySecondary, &c);
        assert_eq!(v[0].status, Status::Fail, "{v:?}");
        assert!(
            v[0].message
                .contains("targets the same pagerduty_schedule.primary as the first"),
            "{}",
            v[0].message
        );
    }

    #[test]
    fn fail_reasons_are_each_named() {
        let c = config(vec![
            schedule(
                "solo",
                vec![
                    r("pagerduty_user.alice", "id"),
                    r("pagerduty_user.alice", "id"),
                ],
            ),
            policy(
                "single",
                vec![(
                    30.0,
                    target("user_reference", r("pagerduty_user.alice", "id")),
                )],
            ),
            policy(
                "slow",
                vec![
                    (
                        30.0,
                        target("schedule_reference", r("pagerduty_schedule.solo", "id")),
                    ),
                    (
                        10.0,
                        target("user_reference", r("pagerduty_user.lead", "id")),
                    ),
                ],
            ),
            service("a", r("pagerduty_escalation_policy.single", "id")),
            service("b", r("pagerduty_escalation_policy.slow", "id")),
            resource("pagerduty_service", "c", body().attr("name", s("c"))),
        ]);
        let v = run(&EscalationPrimarySecondary, &c);
        let a = verdict_on(&v, "pagerduty_service.a");
        assert_eq!(a.status, Status::Fail);
        assert!(a.message.contains("pages users directly"), "{}", a.message);
        assert!(a.message.contains("has a single rule: no secondary"));
        assert!(a.message.contains("after 30 minutes (limit 15)"));
        let b = verdict_on(&v, "pagerduty_service.b");
        assert_eq!(b.status, Status::Fail);
        assert!(
            b.message
                .starts_with("the first rule escalates to the secondary after 30 minutes")
        );
        assert!(b.message.contains(
            "schedule pagerduty_schedule.solo rotates over one person only (pagerduty_user.alice)"
        ));
        let cv = verdict_on(&v, "pagerduty_service.c");
        assert_eq!(cv.message, "no escalation_policy: incidents page nobody");
    }

    #[test]
    fn unknowns_skip() {
        let c = config(vec![
            schedule(
                "u",
                vec![
                    r("pagerduty_user.alice", "id"),
                    unknown("data.pagerduty_user.bob is read at apply time"),
                ],
            ),
            policy(
                "ep",
                vec![
                    (
                        5.0,
                        target("schedule_reference", r("pagerduty_schedule.u", "id")),
                    ),
                    (5.0, target("user_reference", s("PUSER01"))),
                ],
            ),
            service("a", r("pagerduty_escalation_policy.ep", "id")),
            service("ext", s("PXYZ123")),
        ]);
        let v = run(&EscalationPrimarySecondary, &c);
        let a = verdict_on(&v, "pagerduty_service.a");
        assert_eq!(a.status, Status::Skip);
        assert!(a.message.contains("read at apply time"));
        let ext = verdict_on(&v, "pagerduty_service.ext");
        assert_eq!(ext.status, Status::Skip);
        assert_eq!(
            ext.message,
            "UNKNOWN: escalation policy \"PXYZ123\" is not defined in this configuration"
        );
    }
}

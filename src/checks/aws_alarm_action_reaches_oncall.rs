//! `waf-rel-060.tf.aws.alarm-action-reaches-oncall`: an alarm's actions must reach a
//! human. Each SNS topic an alarm notifies that is defined in this configuration needs at
//! least one `aws_sns_topic_subscription` (https, email, lambda, sqs... any protocol); a
//! topic nobody subscribes to swallows the alarm — it "fires into silence". The finding
//! is on the alarm, which is what the user reads in the report.
//!
//! Decisions, so the verdicts are predictable:
//! - Only `alarm_actions` are followed: they are what pages. `ok_actions` announce the
//!   recovery; that they are set is `sns-topic-alarm-action`'s job.
//! - A topic is found through a reference (`aws_sns_topic.oncall.arn`, with the instance
//!   key for `count`/`for_each` topics) or, for a literal ARN
//!   (`arn:aws:sns:eu-west-1:123:oncall`), through the `aws_sns_topic` whose `name` is
//!   the ARN's last `:` segment. A subscription belongs to the topic when its `topic_arn`
//!   is a reference to that topic or such an ARN.
//! - An SNS ARN no topic in the configuration matches is outside it: SKIP (`UNKNOWN: topic
//!   <arn> is not defined in this configuration`) unless another action already reaches
//!   on-call.
//! - Autoscaling policies, Lambda functions, SSM OpsItems and EC2 actions run automation;
//!   they do not page anyone. An alarm whose actions are all automation FAILs ("nobody on
//!   call is notified"). An AWS Incident Manager response plan (`ssm-incidents`) engages
//!   on-call contacts, so it counts as reaching on-call.
//! - One subscribed topic makes the alarm reach on-call (PASS, naming what could not be
//!   followed); any unsubscribed topic among its actions is a FAIL all the same — someone
//!   believed it pages.

use super::aws_sns_topic_alarm_action::ALARM_TYPES;
use super::support::{Assessment, Presence, attr_location, presence, reason};
use super::{Check, CheckContext, Verdict};
use crate::terraform::model::{Configuration, Resource};
use crate::terraform::value::Value;

/// See the module documentation.
pub struct AlarmActionReachesOncall;

/// Where one alarm action leads.
enum Target<'a> {
    Topic(&'a Resource),
    /// An on-call system outside SNS (Incident Manager response plan).
    OnCall(String),
    /// Automation: autoscaling, Lambda, SSM OpsItem, EC2 action.
    Automation(String),
    Unknown(String),
}

/// Whether a topic has a subscriber.
enum Subscribed {
    Yes(String),
    No,
    Maybe(String),
}

impl Check for AlarmActionReachesOncall {
    fn id(&self) -> &'static str {
        "waf-rel-060.tf.aws.alarm-action-reaches-oncall"
    }

    fn run(&self, cx: &CheckContext<'_>) -> Vec<Verdict> {
        let mut out = Vec::new();
        for kind in ALARM_TYPES {
            for alarm in cx.config.resources_of(kind) {
                out.push(assess(cx.config, alarm).verdict(alarm));
            }
        }
        out
    }
}

fn assess(config: &Configuration, alarm: &Resource) -> Assessment {
    let mut a = Assessment::new();
    let loc = attr_location(&alarm.body, "alarm_actions", &alarm.location);
    match presence(&alarm.body, "alarm_actions") {
        Presence::Empty(how) => {
            a.fail(
                format!("alarm_actions {how}: the alarm reaches nobody"),
                &loc,
            );
            return a;
        }
        Presence::Unknown(why) => {
            a.unknown(format!("alarm_actions is unknown: {why}"), &loc);
            return a;
        }
        Presence::Present => {}
    }
    let actions: Vec<&Value> = match alarm.body.value("alarm_actions") {
        Some(Value::List(items)) => items.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    };
    let mut reached = Vec::new();
    let mut silent = Vec::new();
    let mut automation = Vec::new();
    let mut unknowns = Vec::new();
    for action in actions {
        match classify(config, action) {
            Target::Topic(topic) => match subscribed(config, topic) {
                Subscribed::Yes(sub) => reached.push(format!("{} ({sub})", topic.address)),
                Subscribed::No => silent.push(topic.address.clone()),
                Subscribed::Maybe(why) => unknowns.push(format!("{}: {why}", topic.address)),
            },
            Target::OnCall(what) => reached.push(what),
            Target::Automation(what) => automation.push(what),
            Target::Unknown(why) => unknowns.push(why),
        }
    }
    for topic in &silent {
        a.fail(
            format!(
                "the alarm fires into silence: topic {topic} has no aws_sns_topic_subscription (nor an AWS Chatbot channel)"
            ),
            &loc,
        );
    }
    if a.has_failures() {
        return a;
    }
    if !reached.is_empty() {
        let mut msg = format!("alarm_actions reach on-call through {}", reached.join(", "));
        if !unknowns.is_empty() {
            msg.push_str(&format!(" (not followed: {})", unknowns.join("; ")));
        }
        a.verified(msg);
    } else if !unknowns.is_empty() {
        for why in unknowns {
            a.unknown(why, &loc);
        }
    } else {
        a.fail(
            format!(
                "alarm_actions only trigger automation ({}): nobody on call is notified",
                automation.join(", ")
            ),
            &loc,
        );
    }
    a
}

/// Resource types whose ARN as an alarm action runs automation rather than paging.
const AUTOMATION_TYPES: &[&str] = &[
    "aws_autoscaling_policy",
    "aws_appautoscaling_policy",
    "aws_lambda_function",
    "aws_lambda_alias",
];

fn classify<'a>(config: &'a Configuration, action: &Value) -> Target<'a> {
    match action {
        Value::Ref(r) => match r.resource_type() {
            "aws_sns_topic" => match config.follow(r) {
                Some(topic) => Target::Topic(topic),
                None => Target::Unknown(format!(
                    "topic {} is not defined in this configuration",
                    r.address
                )),
            },
            "aws_ssmincidents_response_plan" => {
                Target::OnCall(format!("Incident Manager response plan {}", r.address))
            }
            t if AUTOMATION_TYPES.contains(&t) => Target::Automation(r.address.clone()),
            _ => Target::Unknown(format!(
                "action {action} is computed by the provider, its target is not known"
            )),
        },
        Value::String(arn) => classify_arn(config, arn),
        Value::Unknown(u) => Target::Unknown(format!("an action is unknown: {}", u.reason)),
        other => Target::Unknown(format!("action {other} is not an ARN")),
    }
}

fn classify_arn<'a>(config: &'a Configuration, arn: &str) -> Target<'a> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() < 6 || parts[0] != "arn" {
        return Target::Unknown(format!("action {arn:?} is not an ARN"));
    }
    match parts[2] {
        "sns" => match topic_named(config, sns_topic_name(arn)) {
            Some(topic) => Target::Topic(topic),
            None => Target::Unknown(format!("topic {arn} is not defined in this configuration")),
        },
        "ssm-incidents" => Target::OnCall(format!("Incident Manager response plan {arn}")),
        "autoscaling" | "application-autoscaling" | "lambda" | "ssm" | "automate" | "swf" => {
            Target::Automation(arn.to_string())
        }
        service => Target::Unknown(format!(
            "action {arn} ({service}) is neither an SNS topic nor a known automation"
        )),
    }
}

fn sns_topic_name(arn: &str) -> &str {
    arn.rsplit(':').next().unwrap_or(arn)
}

fn topic_named<'a>(config: &'a Configuration, name: &str) -> Option<&'a Resource> {
    config
        .resources_of("aws_sns_topic")
        .find(|t| t.body.value("name").and_then(Value::as_str) == Some(name))
}

fn subscribed(config: &Configuration, topic: &Resource) -> Subscribed {
    let topic_name = topic.body.value("name");
    let mut maybe = None;
    for sub in config.resources_of("aws_sns_topic_subscription") {
        match sub.body.value("topic_arn") {
            Some(Value::Ref(r)) if r.address == topic.address => {
                return Subscribed::Yes(sub.address.clone());
            }
            Some(Value::String(arn)) if arn.starts_with("arn:") && arn.contains(":sns:") => {
                match topic_name {
                    Some(Value::String(name)) if sns_topic_name(arn) == name => {
                        return Subscribed::Yes(sub.address.clone());
                    }
                    Some(Value::String(_)) => {}
                    _ => {
                        maybe.get_or_insert_with(|| {
                            format!(
                                "its name is not known, so whether {} ({arn}) subscribes to it is not known",
                                sub.address
                            )
                        });
                    }
                }
            }
            Some(v @ Value::Unknown(_)) => {
                maybe.get_or_insert_with(|| {
                    format!("{}.topic_arn is unknown: {}", sub.address, reason(v))
                });
            }
            _ => {}
        }
    }
    // AWS Chatbot delivers a topic's messages to Slack, Teams or Chime channels.
    for kind in CHAT_SUBSCRIBERS {
        for chat in config.resources_of(kind) {
            if refers_to(&chat.body.to_value(), &topic.address) {
                return Subscribed::Yes(chat.address.clone());
            }
        }
    }
    // A remote module given the topic may subscribe to it inside, where irready
    // cannot see.
    if maybe.is_none() {
        for call in config.other_blocks.iter().filter(|b| b.kind == "module") {
            let remote = !matches!(
                call.body.value("source").and_then(Value::as_str),
                Some(src) if src.starts_with("./") || src.starts_with("../")
            );
            if remote && refers_to(&call.body.to_value(), &topic.address) {
                let name = call.labels.first().map(String::as_str).unwrap_or("?");
                maybe = Some(format!(
                    "it is passed to module.{name}, a remote module that may subscribe to it"
                ));
                break;
            }
        }
    }
    match maybe {
        Some(why) => Subscribed::Maybe(why),
        None => Subscribed::No,
    }
}

/// Resource types that deliver an SNS topic's messages to people (`sns_topic_arns`).
const CHAT_SUBSCRIBERS: &[&str] = &[
    "aws_chatbot_slack_channel_configuration",
    "aws_chatbot_teams_channel_configuration",
    "awscc_chatbot_slack_channel_configuration",
    "awscc_chatbot_microsoft_teams_channel_configuration",
];

/// Does the value hold a reference to this resource address?
fn refers_to(v: &Value, address: &str) -> bool {
    v.refs().iter().any(|r| r.address == address)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::finding::Status;

    const A: &str = "aws_cloudwatch_metric_alarm";

    fn alarm(name: &str, actions: Value) -> Resource {
        resource(A, name, body().attr("alarm_actions", actions))
    }

    fn topic(name_key: &str, name: &str) -> Resource {
        resource("aws_sns_topic", name_key, body().attr("name", s(name)))
    }

    fn sub(name: &str, topic_arn: Value) -> Resource {
        resource(
            "aws_sns_topic_subscription",
            name,
            body()
                .attr("topic_arn", topic_arn)
                .attr("protocol", s("https"))
                .attr(
                    "endpoint",
                    s("https://events.pagerduty.com/integration/x/enqueue"),
                ),
        )
    }

    #[test]
    fn subscribed_topic_by_reference_passes() {
        let c = config(vec![
            topic("oncall", "oncall"),
            sub("pager", r("aws_sns_topic.oncall", "arn")),
            alarm("api", list(vec![r("aws_sns_topic.oncall", "arn")])),
        ]);
        let v = run(&AlarmActionReachesOncall, &c);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].status, Status::Pass, "{v:?}");
        assert_eq!(
            v[0].message,
            "alarm_actions reach on-call through aws_sns_topic.oncall (aws_sns_topic_subscription.pager)"
        );
    }

    #[test]
    fn unsubscribed_topic_fails_naming_it_even_next_to_a_good_one() {
        let c = config(vec![
            topic("oncall", "oncall"),
            topic("team[\"payments\"]", "payments"),
            sub("pager", r("aws_sns_topic.oncall", "arn")),
            alarm(
                "api",
                list(vec![
                    r("aws_sns_topic.oncall", "arn"),
                    r("aws_sns_topic.team[\"payments\"]", "arn"),
                ]),
            ),
        ]);
        let v = run(&AlarmActionReachesOncall, &c);
        assert_eq!(v[0].status, Status::Fail);
        assert_eq!(
            v[0].message,
            "the alarm fires into silence: topic aws_sns_topic.team[\"payments\"] has no aws_sns_topic_subscription (nor an AWS Chatbot channel)"
        );
        assert_eq!(
            v[0].location.line,
            line_of(&c, "aws_cloudwatch_metric_alarm.api", "alarm_actions")
        );
    }

    #[test]
    fn for_each_instances_are_matched_by_their_key() {
        let c = config(vec![
            topic("team[\"a\"]", "a"),
            topic("team[\"b\"]", "b"),
            sub("s[\"a\"]", r("aws_sns_topic.team[\"a\"]", "arn")),
            alarm("a", list(vec![r("aws_sns_topic.team[\"a\"]", "arn")])),
            alarm("b", list(vec![r("aws_sns_topic.team[\"b\"]", "arn")])),
        ]);
        let v = run(&AlarmActionReachesOncall, &c);
        assert_eq!(
            verdict_on(&v, "aws_cloudwatch_metric_alarm.a").status,
            Status::Pass
        );
        assert_eq!(
            verdict_on(&v, "aws_cloudwatch_metric_alarm.b").status,
            Status::Fail
        );
    }

    #[test]
    fn literal_arns_are_matched_by_topic_name() {
        let c = config(vec![
            topic("oncall", "oncall-topic"),
            sub(
                "byarn",
                s("arn:aws:sns:eu-west-1:123456789012:oncall-topic"),
            ),
            alarm(
                "lit",
                list(vec![s("arn:aws:sns:eu-west-1:123456789012:oncall-topic")]),
            ),
            alarm(
                "ext",
                list(vec![s("arn:aws:sns:eu-west-1:123456789012:shared-alerts")]),
            ),
        ]);
        let v = run(&AlarmActionReachesOncall, &c);
        assert_eq!(
            verdict_on(&v, "aws_cloudwatch_metric_alarm.lit").status,
            Status::Pass
        );
        let ext = verdict_on(&v, "aws_cloudwatch_metric_alarm.ext");
        assert_eq!(ext.status, Status::Skip);
        assert_eq!(
            ext.message,
            "UNKNOWN: topic arn:aws:sns:eu-west-1:123456789012:shared-alerts is not defined in this configuration"
        );
    }

    #[test]
    fn automation_only_fails_and_unknowns_skip() {
        let c = config(vec![
            resource("aws_autoscaling_policy", "up", body()),
            alarm(
                "scale",
                list(vec![
                    r("aws_autoscaling_policy.up", "arn"),
                    s("arn:aws:automate:eu-west-1:ec2:reboot"),
                ]),
            ),
            alarm(
                "unk",
                list(vec![unknown(
                    "data.aws_sns_topic.shared is read at apply time",
                )]),
            ),
            alarm("none", list(vec![])),
        ]);
        let v = run(&AlarmActionReachesOncall, &c);
        let scale = verdict_on(&v, "aws_cloudwatch_metric_alarm.scale");
        assert_eq!(scale.status, Status::Fail);
        assert!(
            scale
                .message
                .contains("only trigger automation (aws_autoscaling_policy.up, arn:aws:automate")
        );
        let unk = verdict_on(&v, "aws_cloudwatch_metric_alarm.unk");
        assert_eq!(unk.status, Status::Skip);
        assert!(
            unk.message.contains("read at apply time"),
            "{}",
            unk.message
        );
        assert_eq!(
            verdict_on(&v, "aws_cloudwatch_metric_alarm.none").status,
            Status::Fail
        );
    }

    #[test]
    fn unknown_subscription_target_is_skip_not_fail() {
        let c = config(vec![
            topic("oncall", "oncall"),
            sub("maybe", unknown("var.topic_arn has no value")),
            alarm("api", list(vec![r("aws_sns_topic.oncall", "arn")])),
        ]);
        let v = run(&AlarmActionReachesOncall, &c);
        assert_eq!(v[0].status, Status::Skip);
        assert!(
            v[0].message
                .contains("aws_sns_topic_subscription.maybe.topic_arn is unknown")
        );
    }
}

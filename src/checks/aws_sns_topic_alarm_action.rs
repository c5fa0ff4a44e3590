//! `waf-rel-060.tf.aws.sns-topic-alarm-action`: a CloudWatch alarm must notify someone
//! when it fires (`alarm_actions`) and when it resolves (`ok_actions`).
//!
//! Why: an alarm without actions changes state in the console and nobody learns of it —
//! the silent alert the seed's non-compliant example shows. Without `ok_actions` the
//! responder never hears that the problem cleared, so incidents stay open (and MTTR is
//! measured wrong). `actions_enabled = false` (the provider's switch, default `true`)
//! suppresses every action, so it fails too.
//!
//! Applies to `aws_cloudwatch_metric_alarm` and `aws_cloudwatch_composite_alarm`.
//! A list of known length counts as set even when its elements are unknown
//! (`[data.aws_sns_topic.x.arn]`); a list whose length is unknown is SKIP.

use super::support::{Assessment, Presence, attr_location, presence, switched_off};
use super::{Check, CheckContext, Verdict};

/// Resource types this check and the other CloudWatch alarm checks look at.
pub(crate) const ALARM_TYPES: &[&str] = &[
    "aws_cloudwatch_metric_alarm",
    "aws_cloudwatch_composite_alarm",
];

/// See the module documentation.
pub struct SnsTopicAlarmAction;

impl Check for SnsTopicAlarmAction {
    fn id(&self) -> &'static str {
        "waf-rel-060.tf.aws.sns-topic-alarm-action"
    }

    fn run(&self, cx: &CheckContext<'_>) -> Vec<Verdict> {
        let mut out = Vec::new();
        for kind in ALARM_TYPES {
            for alarm in cx.config.resources_of(kind) {
                let body = &alarm.body;
                let mut a = Assessment::new();
                match switched_off(body, "actions_enabled") {
                    Ok(true) => a.fail(
                        "actions_enabled = false: the alarm never runs its actions, nobody is notified",
                        &attr_location(body, "actions_enabled", &alarm.location),
                    ),
                    Ok(false) => {}
                    Err(reason) => a.unknown(
                        format!("actions_enabled is unknown: {reason}"),
                        &attr_location(body, "actions_enabled", &alarm.location),
                    ),
                }
                for (name, consequence) in [
                    ("alarm_actions", "the alarm fires silently"),
                    ("ok_actions", "nobody learns that the alarm resolved"),
                ] {
                    let loc = attr_location(body, name, &alarm.location);
                    match presence(body, name) {
                        Presence::Empty(how) => {
                            a.fail(format!("{name} {how}: {consequence}"), &loc)
                        }
                        Presence::Unknown(reason) => {
                            a.unknown(format!("{name} is unknown: {reason}"), &loc)
                        }
                        Presence::Present => {
                            let count = body
                                .value(name)
                                .and_then(|v| v.as_list())
                                .map(|l| format!(" ({} action(s))", l.len()))
                                .unwrap_or_default();
                            a.verified(format!("{name} is set{count}"));
                        }
                    }
                }
                out.push(a.verdict(alarm));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::finding::Status;

    fn alarm(name: &str, b: Body) -> crate::terraform::Resource {
        resource("aws_cloudwatch_metric_alarm", name, b)
    }

    #[test]
    fn pass_when_both_lists_are_set() {
        let c = config(vec![
            alarm(
                "api",
                body()
                    .attr(
                        "alarm_actions",
                        list(vec![r("aws_sns_topic.oncall", "arn")]),
                    )
                    .attr("ok_actions", list(vec![unknown("data source")])),
            ),
            resource(
                "aws_cloudwatch_composite_alarm",
                "c",
                body()
                    .attr("alarm_actions", list(vec![s("arn:aws:sns:eu-west-1:1:x")]))
                    .attr("ok_actions", r("aws_sns_topic.oncall", "arn")),
            ),
        ]);
        let v = run(&SnsTopicAlarmAction, &c);
        assert_eq!(v.len(), 2);
        assert!(v.iter().all(|v| v.status == Status::Pass), "{v:#?}");
        assert!(
            verdict_on(&v, "aws_cloudwatch_metric_alarm.api")
                .message
                .contains("1 action")
        );
    }

    #[test]
    fn fail_on_absent_null_or_empty_pointing_at_the_attribute() {
        let c = config(vec![
            alarm("absent", body().attr("alarm_name", s("x"))),
            alarm(
                "empty",
                body()
                    .attr("alarm_actions", list(vec![]))
                    .attr("ok_actions", Value::Null),
            ),
        ]);
        let v = run(&SnsTopicAlarmAction, &c);
        let absent = verdict_on(&v, "aws_cloudwatch_metric_alarm.absent");
        assert_eq!(absent.status, Status::Fail);
        assert!(
            absent
                .message
                .contains("alarm_actions is not set: the alarm fires silently")
        );
        assert!(absent.message.contains("ok_actions is not set"));
        assert_eq!(
            absent.location,
            c.resource("aws_cloudwatch_metric_alarm.absent")
                .unwrap()
                .location
        );
        let empty = verdict_on(&v, "aws_cloudwatch_metric_alarm.empty");
        assert_eq!(empty.status, Status::Fail);
        assert!(
            empty.message.contains("alarm_actions is an empty list"),
            "{}",
            empty.message
        );
        assert!(empty.message.contains("ok_actions is null"));
        assert_eq!(
            empty.location.line,
            line_of(&c, "aws_cloudwatch_metric_alarm.empty", "alarm_actions")
        );
    }

    #[test]
    fn actions_disabled_fails() {
        let c = config(vec![alarm(
            "off",
            body()
                .attr(
                    "alarm_actions",
                    list(vec![r("aws_sns_topic.oncall", "arn")]),
                )
                .attr("ok_actions", list(vec![r("aws_sns_topic.oncall", "arn")]))
                .attr("actions_enabled", b(false)),
        )]);
        let v = run(&SnsTopicAlarmAction, &c);
        assert_eq!(v[0].status, Status::Fail);
        assert!(v[0].message.starts_with("actions_enabled = false"));
        assert_eq!(
            v[0].location.line,
            line_of(&c, "aws_cloudwatch_metric_alarm.off", "actions_enabled")
        );
    }

    #[test]
    fn unknown_list_is_skip_with_reason_but_a_definite_failure_wins() {
        let c = config(vec![
            alarm(
                "u",
                body()
                    .attr("alarm_actions", unknown("var.topics has no value"))
                    .attr("ok_actions", list(vec![s("arn:aws:sns:eu-west-1:1:x")])),
            ),
            alarm(
                "uf",
                body().attr("alarm_actions", unknown("var.topics has no value")),
            ),
        ]);
        let v = run(&SnsTopicAlarmAction, &c);
        let u = verdict_on(&v, "aws_cloudwatch_metric_alarm.u");
        assert_eq!(u.status, Status::Skip);
        assert_eq!(
            u.message,
            "UNKNOWN: alarm_actions is unknown: var.topics has no value"
        );
        assert_eq!(
            verdict_on(&v, "aws_cloudwatch_metric_alarm.uf").status,
            Status::Fail
        );
    }

    #[test]
    fn data_sources_and_other_types_are_out_of_scope() {
        let mut data = alarm("d", body());
        data.mode = crate::terraform::Mode::Data;
        let c = config(vec![data, resource("aws_sns_topic", "t", body())]);
        assert!(run(&SnsTopicAlarmAction, &c).is_empty());
    }

    use crate::terraform::Value;
}

//! `waf-rel-060.tf.aws.alarm-runbook-severity`: every CloudWatch alarm's
//! `alarm_description` carries a runbook URL and a severity that the severity definitions
//! define (default SEV1–SEV4).
//!
//! Why: the responder paged at 3 a.m. reads the alarm, not the wiki. A runbook link turns
//! the page into a procedure; a defined severity decides who is woken, how fast, and
//! whether a post-incident review is due. An undefined level (`SEV5`, `P1` where SEV is
//! the scheme) routes nowhere.
//!
//! Both forms of the seed count — `jsonencode({runbook = ..., severity = ...})` and text
//! such as `"SEV2: ... Runbook: https://..."` — and the `severity` / `runbook` tags fill
//! what the description lacks (SPEC §4.1); see [`super::alert`] for the exact reading.

use super::aws_sns_topic_alarm_action::ALARM_TYPES;
use super::support::{Assessment, assess_alert_meta};
use super::{Check, CheckContext, Verdict};

/// See the module documentation.
pub struct AlarmRunbookSeverity;

impl Check for AlarmRunbookSeverity {
    fn id(&self) -> &'static str {
        "waf-rel-060.tf.aws.alarm-runbook-severity"
    }

    fn run(&self, cx: &CheckContext<'_>) -> Vec<Verdict> {
        let mut out = Vec::new();
        for kind in ALARM_TYPES {
            for alarm in cx.config.resources_of(kind) {
                let mut a = Assessment::new();
                assess_alert_meta(
                    &mut a,
                    &alarm.body,
                    &alarm.location,
                    "alarm_description",
                    "tags",
                    &cx.settings.severity_levels,
                );
                out.push(a.verdict(alarm));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::CheckSettings;
    use crate::checks::testing::*;
    use crate::finding::Status;

    const A: &str = "aws_cloudwatch_metric_alarm";

    fn check(d: Body) -> crate::checks::Verdict {
        let c = config(vec![resource(A, "x", d)]);
        run(&AlarmRunbookSeverity, &c).remove(0)
    }

    #[test]
    fn pass_on_json_and_text_forms() {
        let json = check(body().attr(
            "alarm_description",
            s(r#"{"runbook":"https://wiki/rb/payment","severity":"SEV2"}"#),
        ));
        assert_eq!(json.status, Status::Pass, "{json:?}");
        assert_eq!(
            json.message,
            "severity SEV2, runbook https://wiki/rb/payment"
        );
        let text = check(body().attr(
            "alarm_description",
            s("SEV2: Payment API error rate > 1%. Runbook: https://wiki/runbooks/payment"),
        ));
        assert_eq!(text.status, Status::Pass, "{text:?}");
    }

    #[test]
    fn tags_are_the_fallback() {
        let v = check(
            body()
                .attr(
                    "alarm_description",
                    s("Payment errors. Runbook: https://wiki/runbooks/p"),
                )
                .attr("tags", obj(&[("severity", s("SEV1"))])),
        );
        assert_eq!(v.status, Status::Pass, "{v:?}");
        let v = check(body().attr(
            "tags",
            obj(&[
                ("severity", s("SEV3")),
                ("runbook", s("https://wiki/runbooks/p")),
            ]),
        ));
        assert_eq!(v.status, Status::Pass, "{v:?}");
    }

    #[test]
    fn each_failure_has_its_own_message() {
        let none = check(body().attr("alarm_name", s("x")));
        assert_eq!(none.status, Status::Fail);
        assert_eq!(
            none.message,
            "alarm_description is not set (nor a tags entry): the alert carries no runbook URL and no severity"
        );
        let no_runbook = check(body().attr("alarm_description", s("SEV1: disk full")));
        assert_eq!(no_runbook.status, Status::Fail);
        assert!(
            no_runbook
                .message
                .starts_with("alarm_description has no runbook URL")
        );
        let no_sev = check(body().attr("alarm_description", s("Runbook: https://wiki/runbooks/d")));
        assert!(
            no_sev
                .message
                .starts_with("alarm_description has no severity")
        );
        let sev5 = check(body().attr(
            "alarm_description",
            s(r#"{"runbook":"https://wiki/rb/x","severity":"SEV5"}"#),
        ));
        assert_eq!(sev5.status, Status::Fail);
        assert_eq!(
            sev5.message,
            "severity SEV5 is not defined (defined: SEV1, SEV2, SEV3, SEV4)"
        );
    }

    #[test]
    fn configured_levels_are_used() {
        let c = config(vec![resource(
            A,
            "x",
            body().attr(
                "alarm_description",
                s("P1: Runbook: https://wiki/runbooks/x"),
            ),
        )]);
        let settings = CheckSettings {
            severity_levels: vec!["P1".into(), "P2".into()],
            ..CheckSettings::default()
        };
        assert_eq!(
            run_with(&AlarmRunbookSeverity, &c, &settings)[0].status,
            Status::Pass
        );
        assert_eq!(run(&AlarmRunbookSeverity, &c)[0].status, Status::Fail);
    }

    #[test]
    fn unknown_description_is_skip() {
        let c = config(vec![resource(
            A,
            "x",
            body().attr("alarm_description", unknown("var.description has no value")),
        )]);
        let v = run(&AlarmRunbookSeverity, &c).remove(0);
        assert_eq!(v.status, Status::Skip);
        assert!(v.message.starts_with("UNKNOWN: "));
        assert!(v.message.contains("var.description has no value"));
        assert_eq!(
            v.location.line,
            line_of(&c, "aws_cloudwatch_metric_alarm.x", "alarm_description")
        );
    }
}

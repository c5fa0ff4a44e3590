//! `waf-rel-060.tf.google.monitoring-notification-channel`: a
//! `google_monitoring_alert_policy` must notify someone and tell them what to do: it has
//! `notification_channels`, a `display_name`, is not disabled (`enabled = false`), and its
//! `documentation` carries a runbook link and a severity.
//!
//! Why: a policy without channels opens incidents in the console that nobody is told
//! about; the `documentation` block is what Cloud Monitoring puts into the notification,
//! so it is where the responder looks for the runbook.
//!
//! Where things are read (google provider docs):
//! - runbook: a `documentation { links { url = ... } }` link, else a runbook URL in
//!   `documentation.content` (text or JSON, see [`super::alert`]), else a `runbook`
//!   entry of `user_labels`;
//! - severity: a defined level in `documentation.content` or `user_labels.severity`
//!   (Google lowercases label values; levels compare case-insensitively), else the
//!   policy's `severity` argument. That argument has Google's three values, which map by
//!   rank onto the first defined levels: `CRITICAL` → 1st (SEV1), `ERROR` → 2nd (SEV2),
//!   `WARNING` → 3rd (SEV3). With fewer defined levels than that rank, it is not a
//!   defined level and fails.

use super::alert::{AlertMeta, MetaProblem, alert_meta, problems};
use super::support::{
    Assessment, Presence, attr_location, dynamic_blocks_unknown, presence, reason, switched_off,
};
use super::{Check, CheckContext, Verdict};
use crate::terraform::model::{EvalBlock, Resource};
use crate::terraform::value::Value;

/// Google's alert policy severities, highest first (their rank maps onto defined levels).
const GOOGLE_SEVERITIES: &[&str] = &["CRITICAL", "ERROR", "WARNING"];

/// See the module documentation.
pub struct MonitoringNotificationChannel;

impl Check for MonitoringNotificationChannel {
    fn id(&self) -> &'static str {
        "waf-rel-060.tf.google.monitoring-notification-channel"
    }

    fn run(&self, cx: &CheckContext<'_>) -> Vec<Verdict> {
        cx.config
            .resources_of("google_monitoring_alert_policy")
            .map(|policy| {
                let mut a = Assessment::new();
                let body = &policy.body;
                let enabled_loc = attr_location(body, "enabled", &policy.location);
                match switched_off(body, "enabled") {
                    Ok(true) => a.fail("enabled = false: the policy never fires", &enabled_loc),
                    Ok(false) => {}
                    Err(why) => a.unknown(format!("enabled is unknown: {why}"), &enabled_loc),
                }
                for (name, consequence) in [
                    (
                        "notification_channels",
                        ": incidents open and nobody is notified",
                    ),
                    ("display_name", ""),
                ] {
                    let loc = attr_location(body, name, &policy.location);
                    match presence(body, name) {
                        Presence::Empty(how) => a.fail(format!("{name} {how}{consequence}"), &loc),
                        Presence::Unknown(why) => {
                            a.unknown(format!("{name} is unknown: {why}"), &loc)
                        }
                        Presence::Present => {}
                    }
                }
                if let Some(Value::List(channels)) = body.value("notification_channels") {
                    a.verified(format!("{} notification channel(s)", channels.len()));
                }
                assess_documentation(&mut a, policy, &cx.settings.severity_levels);
                a.verdict(policy)
            })
            .collect()
    }
}

fn assess_documentation(a: &mut Assessment, policy: &Resource, levels: &[String]) {
    let body = &policy.body;
    let doc = body.blocks_of("documentation").next();
    if doc.is_none()
        && let Some(why) = dynamic_blocks_unknown(body, &["documentation"])
    {
        a.unknown(
            format!("documentation comes from a dynamic block whose for_each is unknown: {why}"),
            &policy.location,
        );
        return;
    }
    let loc = doc.map_or_else(|| policy.location.clone(), |d| d.location.clone());
    let content = doc.and_then(|d| d.body.value("content"));
    let mut meta = match alert_meta(content, body.value("user_labels")) {
        Ok(meta) => meta,
        Err(why) => {
            a.unknown(format!("cannot read documentation.content: {why}"), &loc);
            return;
        }
    };
    if meta.runbook.is_none()
        && let Some(doc) = doc
    {
        match link_url(doc) {
            Ok(url) => meta.runbook = url,
            Err(why) => {
                a.unknown(format!("documentation.links url is unknown: {why}"), &loc);
                return;
            }
        }
    }
    let mut mapped = None;
    // A Google severity word found in the labels or the content maps like the argument.
    if let Some(sev) = meta.severity.clone()
        && !levels.iter().any(|l| l.eq_ignore_ascii_case(&sev))
        && let Some(rank) = GOOGLE_SEVERITIES
            .iter()
            .position(|g| g.eq_ignore_ascii_case(&sev))
        && let Some(level) = levels.get(rank)
    {
        meta.severity = Some(level.clone());
        mapped = Some(format!("{} → {level}", sev.to_ascii_uppercase()));
    }
    if meta.severity.is_none() {
        match body.value("severity") {
            Some(Value::String(sev)) => {
                let upper = sev.to_ascii_uppercase();
                match GOOGLE_SEVERITIES.iter().position(|g| *g == upper) {
                    Some(rank) => match levels.get(rank) {
                        Some(level) => {
                            meta.severity = Some(level.clone());
                            mapped = Some(format!("{upper} → {level}"));
                        }
                        None => meta.severity = Some(upper),
                    },
                    None => meta.severity = Some(sev.clone()),
                }
            }
            Some(v @ Value::Unknown(_)) => {
                a.unknown(
                    format!("severity is unknown: {}", reason(v)),
                    &attr_location(body, "severity", &policy.location),
                );
                return;
            }
            _ => {}
        }
    }
    report(a, &meta, mapped, doc.is_some(), levels, &loc);
}

/// The first link URL of the documentation block; `Err` when the only candidate is unknown.
fn link_url(doc: &EvalBlock) -> Result<Option<String>, String> {
    let mut unknown = None;
    for link in doc.body.blocks_of("links") {
        match link.body.value("url") {
            Some(Value::String(u)) if !u.trim().is_empty() => {
                return Ok(Some(u.trim().to_string()));
            }
            Some(v @ Value::Unknown(_)) => {
                unknown.get_or_insert_with(|| reason(v));
            }
            _ => {}
        }
    }
    match unknown {
        Some(why) => Err(why),
        None => Ok(None),
    }
}

fn report(
    a: &mut Assessment,
    meta: &AlertMeta,
    mapped: Option<String>,
    has_doc: bool,
    levels: &[String],
    loc: &crate::source::Location,
) {
    let found = problems(meta, levels);
    for p in &found {
        let msg = match p {
            MetaProblem::NoRunbook if !has_doc => {
                "no documentation block: the notification carries no runbook link".to_string()
            }
            MetaProblem::NoRunbook => "documentation has no runbook link (a `links { url }` block or a `Runbook: https://...` line in content)".to_string(),
            MetaProblem::NoSeverity => "no severity (the `severity` argument, `SEV2` in documentation.content, or a `severity` user label)".to_string(),
            other => other.describe("documentation"),
        };
        a.fail(msg, loc);
    }
    if found.is_empty()
        && let (Some(sev), Some(rb)) = (&meta.severity, &meta.runbook)
    {
        let sev = mapped.unwrap_or_else(|| sev.clone());
        a.verified(format!("severity {sev}, runbook {rb}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::finding::Status;

    const P: &str = "google_monitoring_alert_policy";

    fn base() -> Body {
        body().attr("display_name", s("Checkout 5xx")).attr(
            "notification_channels",
            list(vec![r(
                "google_monitoring_notification_channel.pager",
                "name",
            )]),
        )
    }

    fn one(b: Body) -> crate::checks::Verdict {
        let c = config(vec![resource(P, "p", b)]);
        run(&MonitoringNotificationChannel, &c).remove(0)
    }

    #[test]
    fn a_google_severity_word_in_the_labels_maps_like_the_argument() {
        let v = one(base()
            .attr("user_labels", obj(&[("severity", s("critical"))]))
            .block(
                "documentation",
                body().attr("content", s("Runbook: https://wiki/runbooks/checkout")),
            ));
        assert_eq!(v.status, Status::Pass, "{}", v.message);
        assert!(v.message.contains("CRITICAL → SEV1"), "{}", v.message);
    }

    #[test]
    fn pass_with_links_and_mapped_severity() {
        let v = one(base().attr("severity", s("CRITICAL")).block(
            "documentation",
            body().attr("content", s("Checkout is failing.")).block(
                "links",
                body()
                    .attr("display_name", s("Runbook"))
                    .attr("url", s("https://wiki/runbooks/checkout")),
            ),
        ));
        assert_eq!(v.status, Status::Pass, "{v:?}");
        assert_eq!(
            v.message,
            "1 notification channel(s); severity CRITICAL → SEV1, runbook https://wiki/runbooks/checkout"
        );
    }

    #[test]
    fn pass_with_text_in_content() {
        let v = one(base().block(
            "documentation",
            body().attr(
                "content",
                s("SEV3: slow. Runbook: https://wiki/runbooks/slow"),
            ),
        ));
        assert_eq!(v.status, Status::Pass, "{v:?}");
    }

    #[test]
    fn fail_reasons() {
        let v = one(body().attr("display_name", s("x")));
        assert_eq!(v.status, Status::Fail);
        assert!(v.message.starts_with(
            "notification_channels is not set: incidents open and nobody is notified"
        ));
        assert!(v.message.contains("no documentation block"));
        assert!(v.message.contains("no severity"));
        let v = one(base()
            .attr("severity", s("WARNING"))
            .block("documentation", body().attr("content", s("slow"))));
        assert_eq!(
            v.message,
            "documentation has no runbook link (a `links { url }` block or a `Runbook: https://...` line in content)"
        );
        let v = one(base().attr("enabled", b(false)).block(
            "documentation",
            body().attr("content", s("SEV9 Runbook: https://wiki/runbooks/a")),
        ));
        assert!(v.message.starts_with("enabled = false"));
        assert!(v.message.contains("severity SEV9 is not defined"));
    }

    #[test]
    fn unknowns_are_skip() {
        let v = one(base().block(
            "documentation",
            body().attr("content", unknown("templatefile is not implemented")),
        ));
        assert_eq!(v.status, Status::Skip);
        assert!(v.message.contains("templatefile is not implemented"));
        let v = one(body()
            .attr("display_name", s("x"))
            .attr(
                "notification_channels",
                unknown("var.channels has no value"),
            )
            .attr("severity", s("ERROR"))
            .block(
                "documentation",
                body().attr("content", s("Runbook: https://wiki/runbooks/a")),
            ));
        assert_eq!(v.status, Status::Skip);
        assert_eq!(
            v.message,
            "UNKNOWN: notification_channels is unknown: var.channels has no value"
        );
    }
}

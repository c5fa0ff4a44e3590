//! `waf-rel-060.ir.oncall-primary-secondary`: every production service that owns an alert
//! (or that `oncall.yml` lists) has a primary and a secondary contact, the secondary
//! reaches someone the primary does not, and every rotation has at least two people.
//!
//! Why: WAF-REL-060 asks for a primary and a secondary on-call for every production
//! service. A secondary that pages the same people is no second line, and a rotation of
//! one person leaves the service with nobody who knows it when that person is away
//! (knowledge loss, burnout).
//!
//! In scope: every service named by an alert (`service` in its description or tags) and
//! every service of `oncall.yml`, unless `oncall.yml` gives it a non-production tier.
//! Services that only PagerDuty/Opsgenie Terraform defines and that own no alert are left
//! to the Terraform checks. A service's contacts may come from `oncall.yml` and from any
//! number of Terraform services of the same name; it passes when one of these sources is
//! complete. When none is, every source's problems are reported. A Terraform source that
//! cannot be followed (an unknown policy, schedule or user) makes the verdict SKIP, unless
//! another source fails on facts: then the FAIL stands and mentions the unknown one.

use super::{DocumentCheck, DocumentContext};
use crate::checks::Verdict;
use crate::finding::Status;
use crate::ir::alert::Alert;
use crate::ir::oncall::{Contact, OnCallService};
use crate::source::Location;
use std::collections::BTreeMap;

/// See the module documentation.
pub struct OnCallPrimarySecondary;

impl DocumentCheck for OnCallPrimarySecondary {
    fn id(&self) -> &'static str {
        "waf-rel-060.ir.oncall-primary-secondary"
    }

    fn run(&self, cx: &DocumentContext<'_>) -> Vec<Verdict> {
        let file_services: &[OnCallService] = cx
            .documents
            .oncall
            .as_ref()
            .map_or(&[], |o| o.services.as_slice());
        // Service name → the alerts it owns, in address order.
        let mut services: BTreeMap<&str, Vec<&Alert>> = BTreeMap::new();
        for alert in cx.alerts {
            if let Ok(meta) = &alert.meta
                && let Some(service) = meta.service.as_deref().map(str::trim)
                && !service.is_empty()
            {
                services.entry(service).or_default().push(alert);
            }
        }
        for s in file_services {
            services.entry(s.name.as_str()).or_default();
        }
        // oncall.yml exists but the loader rejected it (its ERROR finding says why): what
        // it would say about a service is unknown, not absent.
        let unreadable =
            (cx.documents.present.oncall && cx.documents.oncall.is_none()).then(|| {
                cx.documents
                    .config
                    .paths
                    .oncall
                    .to_string_lossy()
                    .replace('\\', "/")
            });
        let mut out = Vec::new();
        for (name, alerts) in services {
            let from_file = file_services.iter().find(|s| s.name == name);
            if from_file.is_some_and(|s| !s.is_production()) {
                continue;
            }
            let mut sources: Vec<Source<'_>> = Vec::new();
            if let Some(s) = from_file {
                sources.push(Source::new(s, format!("{}", s.location.file)));
            }
            for s in cx.terraform_oncall.iter().filter(|s| s.name == name) {
                sources.push(Source::new(
                    s,
                    format!("Terraform at {}:{}", s.location.file, s.location.line),
                ));
            }
            out.push(service_verdict(
                name,
                &alerts,
                &sources,
                unreadable.as_deref(),
            ));
        }
        out
    }
}

/// One place that says who is paged for a service, with what is wrong with it.
struct Source<'a> {
    service: &'a OnCallService,
    /// How the source is named in messages (`incident-response/oncall.yml`,
    /// `Terraform at main.tf:12`).
    label: String,
    /// What is wrong, as facts (a one-person rotation of a known schedule...).
    problems: Vec<String>,
    /// Why the source cannot be judged completely (from the Terraform).
    unknown: Option<&'a str>,
}

impl<'a> Source<'a> {
    fn new(service: &'a OnCallService, label: String) -> Self {
        let unknown = service.unknown.as_deref();
        let mut problems = Vec::new();
        // A contact that could not be followed is not missing, only unknown.
        match (&service.primary, unknown) {
            (None, None) => problems.push("no primary".to_string()),
            (Some(p), _) => rotation_problem(&mut problems, "primary", p),
            _ => {}
        }
        match (&service.secondary, unknown) {
            (None, None) => problems.push("no secondary".to_string()),
            (Some(s), _) => rotation_problem(&mut problems, "secondary", s),
            _ => {}
        }
        if let (Some(p), Some(s)) = (&service.primary, &service.secondary) {
            let theirs = s.people();
            let shared = s.shared_people(p);
            if !theirs.is_empty() && shared.len() == theirs.len() {
                problems.push(format!(
                    "the secondary ({}) reaches only people the primary ({}) already reaches: {}",
                    s.describe(),
                    p.describe(),
                    shared.join(", ")
                ));
            }
        }
        Source {
            service,
            label,
            problems,
            unknown,
        }
    }

    /// The primary and the secondary, when this source is complete and sound.
    fn passing(&self) -> Option<(&'a Contact, &'a Contact)> {
        if !self.problems.is_empty() || self.unknown.is_some() {
            return None;
        }
        Some((
            self.service.primary.as_ref()?,
            self.service.secondary.as_ref()?,
        ))
    }
}

/// A schedule must rotate over at least two people; one person is a knowledge-loss risk.
fn rotation_problem(problems: &mut Vec<String>, role: &str, contact: &Contact) {
    if let Contact::Schedule { name, .. } = contact {
        match contact.people().as_slice() {
            [] => problems.push(format!("the {role} schedule {name} has no members")),
            [one] => problems.push(format!(
                "the {role} schedule {name} rotates over one person ({one}): nobody else \
                 knows the service when {one} is away (at least two people expected)"
            )),
            _ => {}
        }
    }
}

/// How a contact reads with the people it reaches: `schedule p (alice, bob)`.
fn with_people(contact: &Contact) -> String {
    match contact {
        Contact::Schedule { .. } => {
            format!("{} ({})", contact.describe(), contact.people().join(", "))
        }
        Contact::Person(_) => contact.describe(),
    }
}

fn owns(alerts: &[&Alert]) -> String {
    match alerts.len() {
        0 => "owns no alert".to_string(),
        1 => "owns 1 alert".to_string(),
        n => format!("owns {n} alerts"),
    }
}

fn service_verdict(
    name: &str,
    alerts: &[&Alert],
    sources: &[Source<'_>],
    unreadable: Option<&str>,
) -> Verdict {
    let verdict = |status, message, location: &Location| Verdict {
        root: None,
        status,
        resource: name.to_string(),
        message,
        location: location.clone(),
    };
    let Some(first_source) = sources.first() else {
        let addresses: Vec<&str> = alerts.iter().map(|a| a.address.as_str()).collect();
        let location = alerts
            .first()
            .map(|a| a.location.clone())
            .unwrap_or_default();
        if let Some(file) = unreadable {
            return verdict(
                Status::Skip,
                format!(
                    "UNKNOWN: service {name} owns {} alert{} ({}) and no PagerDuty/Opsgenie \
                     Terraform defines its on-call; {file} could not be read (see its ERROR \
                     finding), so whether it names a primary and a secondary is unknown",
                    alerts.len(),
                    if alerts.len() == 1 { "" } else { "s" },
                    addresses.join(", ")
                ),
                &location,
            );
        }
        return verdict(
            Status::Fail,
            format!(
                "no on-call defined for service {name}, which owns {} alert{} ({}): neither \
                 oncall.yml nor PagerDuty/Opsgenie Terraform names a primary and a secondary \
                 for it",
                alerts.len(),
                if alerts.len() == 1 { "" } else { "s" },
                addresses.join(", ")
            ),
            &location,
        );
    };
    if let Some((good, (primary, secondary))) =
        sources.iter().find_map(|s| s.passing().map(|c| (s, c)))
    {
        let others = sources.iter().filter(|s| s.passing().is_none()).count();
        return verdict(
            Status::Pass,
            format!(
                "service {name} ({}): primary {}, secondary {} from {}{}",
                owns(alerts),
                with_people(primary),
                with_people(secondary),
                good.label,
                match others {
                    0 => String::new(),
                    n => format!(
                        " ({n} other source{} fall{} short)",
                        if n == 1 { "" } else { "s" },
                        if n == 1 { "s" } else { "" }
                    ),
                }
            ),
            &good.service.location,
        );
    }
    let failing = sources.iter().find(|s| !s.problems.is_empty());
    let describe = |s: &Source<'_>| {
        let mut parts = s.problems.clone();
        if let Some(why) = s.unknown {
            parts.push(format!("unknown: {why}"));
        }
        format!("{}: {}", s.label, parts.join("; "))
    };
    let mut all: Vec<String> = sources.iter().map(describe).collect();
    if let Some(file) = unreadable {
        all.push(format!("{file}: could not be read (see its ERROR finding)"));
    }
    match failing {
        Some(at) => verdict(
            Status::Fail,
            format!(
                "service {name} ({}) has no complete on-call (a primary, a secondary that \
                 reaches someone else, rotations of at least two people) — {}",
                owns(alerts),
                all.join(" | ")
            ),
            &at.service.location,
        ),
        None => {
            let at = sources
                .iter()
                .find(|s| s.unknown.is_some())
                .unwrap_or(first_source);
            verdict(
                Status::Skip,
                format!(
                    "UNKNOWN: who is paged for service {name} cannot be known — {}",
                    all.join(" | ")
                ),
                &at.service.location,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::documents::Documents;

    fn schedule(name: &str, members: &[&str]) -> Option<Contact> {
        Some(Contact::Schedule {
            name: name.into(),
            members: members.iter().map(|m| m.to_string()).collect(),
        })
    }

    fn tf(
        name: &str,
        line: u32,
        primary: Option<Contact>,
        secondary: Option<Contact>,
    ) -> OnCallService {
        OnCallService {
            name: name.into(),
            tier: None,
            primary,
            secondary,
            location: Location::new("main.tf".into(), line, 1),
            unknown: None,
        }
    }

    fn run(tf: &[OnCallService]) -> Vec<Verdict> {
        let documents = Documents::default();
        let cx = DocumentContext {
            documents: &documents,
            alerts: &[],
            terraform_oncall: tf,
            as_of: jiff::civil::date(2026, 6, 30),
        };
        OnCallPrimarySecondary.run(&cx)
    }

    fn fire(service: &str) -> Alert {
        Alert {
            address: format!("aws_cloudwatch_metric_alarm.{service}"),
            root: ".".into(),
            kind: "aws_cloudwatch_metric_alarm".into(),
            name: None,
            meta: Ok(crate::checks::alert::AlertMeta {
                severity: Some("SEV2".into()),
                runbook: None,
                service: Some(service.into()),
            }),
            location: Location::new("alarms.tf".into(), 3, 1),
        }
    }

    fn run_with_alert(tf: &[OnCallService]) -> Vec<Verdict> {
        let documents = Documents::default();
        let alerts = [fire("api")];
        let cx = DocumentContext {
            documents: &documents,
            alerts: &alerts,
            terraform_oncall: tf,
            as_of: jiff::civil::date(2026, 6, 30),
        };
        OnCallPrimarySecondary.run(&cx)
    }

    #[test]
    fn an_unreadable_oncall_file_makes_a_service_without_terraform_unknown() {
        let documents = Documents {
            present: crate::ir::documents::Present {
                oncall: true,
                ..Default::default()
            },
            ..Documents::default()
        };
        let alerts = [fire("api")];
        let cx = DocumentContext {
            documents: &documents,
            alerts: &alerts,
            terraform_oncall: &[],
            as_of: jiff::civil::date(2026, 6, 30),
        };
        let v = OnCallPrimarySecondary.run(&cx);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].status, Status::Skip, "{v:#?}");
        assert!(
            v[0].message
                .contains("incident-response/oncall.yml could not be read"),
            "{}",
            v[0].message
        );
        assert_eq!(v[0].location.to_string(), "alarms.tf:3:1");
        // Without the file at all, the same service fails: nothing defines its on-call.
        let v = run_with_alert(&[]);
        assert_eq!(v[0].status, Status::Fail, "{v:#?}");
        assert!(
            v[0].message.starts_with(
                "no on-call defined for service api, which owns 1 alert \
                 (aws_cloudwatch_metric_alarm.api)"
            ),
            "{}",
            v[0].message
        );
    }

    #[test]
    fn terraform_services_without_alerts_are_left_to_the_terraform_checks() {
        assert!(run(&[tf("api", 1, None, None)]).is_empty());
    }

    #[test]
    fn one_complete_source_is_enough() {
        let v = run_with_alert(&[
            tf("api", 1, schedule("a", &["x"]), None),
            tf(
                "api",
                9,
                schedule("a", &["x", "y"]),
                Some(Contact::Person("z".into())),
            ),
        ]);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].status, Status::Pass, "{v:#?}");
        assert_eq!(v[0].location.line, 9);
        assert!(
            v[0].message.contains("1 other source falls short"),
            "{}",
            v[0].message
        );
    }

    #[test]
    fn an_unknown_source_skips_unless_another_fails_on_facts() {
        let mut unknown = tf("api", 5, None, None);
        unknown.unknown = Some("var.policy_id is not set".into());
        let v = run_with_alert(std::slice::from_ref(&unknown));
        assert_eq!(v[0].status, Status::Skip, "{v:#?}");
        assert!(v[0].message.starts_with("UNKNOWN: "), "{}", v[0].message);
        assert!(v[0].message.contains("var.policy_id is not set"));
        assert_eq!(v[0].location.line, 5);

        let v = run_with_alert(&[tf("api", 1, schedule("a", &["x", "y"]), None), unknown]);
        assert_eq!(v[0].status, Status::Fail, "{v:#?}");
        assert_eq!(v[0].location.line, 1);
        assert!(
            v[0].message.contains("main.tf:1: no secondary"),
            "{}",
            v[0].message
        );
        assert!(
            v[0].message.contains("unknown: var.policy_id is not set"),
            "{}",
            v[0].message
        );
    }

    #[test]
    fn a_known_one_person_rotation_fails_even_beside_an_unknown() {
        let mut s = tf("api", 2, schedule("solo", &["x", "x"]), None);
        s.unknown = Some("pagerduty_user.y is not a pagerduty_user of this configuration".into());
        let v = run_with_alert(&[s]);
        assert_eq!(v[0].status, Status::Fail, "{v:#?}");
        assert!(
            v[0].message
                .contains("primary schedule solo rotates over one person (x)"),
            "{}",
            v[0].message
        );
        // The secondary may be the unknown part: not reported as missing.
        assert!(!v[0].message.contains("no secondary"), "{}", v[0].message);
    }
}

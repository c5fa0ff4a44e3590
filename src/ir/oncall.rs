//! On-call (`oncall.yml`, SPEC §5): rotation schedules and, per service, who is called
//! first (primary) and second (secondary).
//!
//! The model ([`OnCall`], [`OnCallService`], [`Contact`]) says nothing about where it came
//! from: the same services can be built from PagerDuty/Opsgenie Terraform (service →
//! escalation policy → first rule = primary, second rule = secondary), and the
//! `oncall-primary-secondary` check reads either, or both. Schedules referenced by a
//! service are resolved to their members when loading, so a contact is self-contained.

use crate::diagnostic::Diagnostic;
use crate::ir::config::{OrderedMap, is_blank_yaml, spanned_location};
use crate::source::Location;
use crate::terraform::module::read_text;
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

/// Everything known about on-call: rotation schedules and the services they cover.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OnCall {
    /// Rotation schedules, in the file's order.
    pub schedules: Vec<Schedule>,
    /// Services, in the file's order.
    pub services: Vec<OnCallService>,
}

impl OnCall {
    /// The service with this name.
    pub fn service(&self, name: &str) -> Option<&OnCallService> {
        self.services.iter().find(|s| s.name == name)
    }

    /// The schedule with this name.
    pub fn schedule(&self, name: &str) -> Option<&Schedule> {
        self.schedules.iter().find(|s| s.name == name)
    }
}

/// A rotation schedule: people taking turns on call.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// The schedule's name (`payments-primary`).
    pub name: String,
    /// The IANA time zone the rotation hands over in (`Europe/Berlin`).
    pub time_zone: Option<String>,
    /// How often the rotation hands over.
    pub rotation: Option<Rotation>,
    /// When the rotation began.
    pub start: Option<Timestamp>,
    /// The people in rotation order; one person alone is a knowledge-loss risk.
    pub members: Vec<String>,
    /// Where the schedule is defined.
    pub location: Location,
}

/// How often a rotation hands over: `daily`, `weekly`, `<n>d` or `<n>h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rotation {
    /// Every day.
    Daily,
    /// Every week.
    Weekly,
    /// Every n days.
    Days(u32),
    /// Every n hours.
    Hours(u32),
}

impl Rotation {
    /// Parses `daily`, `weekly`, `<n>d` or `<n>h` (n ≥ 1, case-insensitive).
    pub fn parse(text: &str) -> Option<Rotation> {
        let t = text.trim().to_ascii_lowercase();
        match t.as_str() {
            "daily" => return Some(Rotation::Daily),
            "weekly" => return Some(Rotation::Weekly),
            _ => {}
        }
        let count = |digits: &str| {
            digits
                .parse::<u32>()
                .ok()
                .filter(|n| *n >= 1 && digits.bytes().all(|b| b.is_ascii_digit()))
        };
        if let Some(n) = t.strip_suffix('d').and_then(count) {
            return Some(Rotation::Days(n));
        }
        t.strip_suffix('h').and_then(count).map(Rotation::Hours)
    }

    /// How long one person's turn lasts.
    pub fn length(self) -> SignedDuration {
        match self {
            Rotation::Daily => SignedDuration::from_hours(24),
            Rotation::Weekly => SignedDuration::from_hours(24 * 7),
            Rotation::Days(n) => SignedDuration::from_hours(24 * i64::from(n)),
            Rotation::Hours(n) => SignedDuration::from_hours(i64::from(n)),
        }
    }
}

/// A service and whom it pages first and second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnCallService {
    /// The service's name, as alerts and incidents carry it (`payment-api`).
    pub name: String,
    /// The tier (`production`, `staging`...), when given.
    pub tier: Option<String>,
    /// Who is called first.
    pub primary: Option<Contact>,
    /// Who is called when the primary does not answer.
    pub secondary: Option<Contact>,
    /// Where the service is defined (a line of `oncall.yml`, or a Terraform resource).
    pub location: Location,
    /// Why who is paged cannot be known (from Terraform: an unknown escalation policy,
    /// schedule or user): checks report UNKNOWN rather than a missing contact.
    pub unknown: Option<String>,
}

impl OnCallService {
    /// Whether WAF-REL-060's on-call requirement applies: the tier is `production`,
    /// `prod` or `prd` (case-insensitive), or no tier is given (a service is assumed to
    /// be in production unless it says otherwise, so an omission cannot hide a gap).
    pub fn is_production(&self) -> bool {
        match &self.tier {
            None => true,
            Some(t) => matches!(
                t.trim().to_ascii_lowercase().as_str(),
                "production" | "prod" | "prd"
            ),
        }
    }
}

/// Who is called: the members of a rotation schedule, or one named person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    /// A rotation schedule with its members (resolved when loading).
    Schedule {
        /// The schedule's name.
        name: String,
        /// The people in the rotation.
        members: Vec<String>,
    },
    /// One named person.
    Person(String),
}

impl Contact {
    /// The distinct people this contact can reach, sorted: a schedule's members without
    /// repeats, or the one person.
    pub fn people(&self) -> Vec<&str> {
        let set: BTreeSet<&str> = match self {
            Contact::Schedule { members, .. } => members.iter().map(String::as_str).collect(),
            Contact::Person(p) => std::iter::once(p.as_str()).collect(),
        };
        set.into_iter().collect()
    }

    /// The people this contact shares with another: a secondary that reaches only the
    /// primary's people is no second line.
    pub fn shared_people<'a>(&'a self, other: &Contact) -> Vec<&'a str> {
        let theirs = other.people();
        self.people()
            .into_iter()
            .filter(|p| theirs.contains(p))
            .collect()
    }

    /// How the contact reads in a message: `schedule payments-primary` or `person alice`.
    pub fn describe(&self) -> String {
        match self {
            Contact::Schedule { name, .. } => format!("schedule {name}"),
            Contact::Person(p) => format!("person {p}"),
        }
    }
}

/// Reads and validates `oncall.yml`. Every problem is reported, not only the first. A
/// missing file is an error here; the caller decides whether the file is required (it is
/// optional when on-call comes from PagerDuty/Opsgenie Terraform).
pub fn load_oncall(path: &Path, display: Arc<str>) -> Result<OnCall, Vec<Diagnostic>> {
    let text = read_text(path, &display).map_err(|d| vec![d])?;
    parse_oncall(&text, display)
}

/// Parses the text of an on-call file (`display` names it in diagnostics).
pub fn parse_oncall(text: &str, display: Arc<str>) -> Result<OnCall, Vec<Diagnostic>> {
    if is_blank_yaml(text) {
        return Err(vec![Diagnostic::file(
            display,
            "empty document: expected `schedules:` and `services:`",
        )]);
    }
    let raw: RawOnCall = crate::yaml::from_str(text, &display).map_err(|d| vec![d])?;
    let mut v = Validate {
        file: display,
        diagnostics: Vec::new(),
    };
    let schedules = v.schedules(raw.schedules.map(|m| m.0).unwrap_or_default());
    let services = v.services(raw.services.map(|m| m.0).unwrap_or_default(), &schedules);
    if v.diagnostics.is_empty() {
        Ok(OnCall {
            schedules,
            services,
        })
    } else {
        v.diagnostics.sort();
        Err(v.diagnostics)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOnCall {
    #[serde(default)]
    schedules: Option<OrderedMap<RawSchedule>>,
    #[serde(default)]
    services: Option<OrderedMap<RawService>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    #[serde(default)]
    time_zone: Option<Spanned<String>>,
    #[serde(default)]
    rotation: Option<Spanned<String>>,
    #[serde(default)]
    start: Option<Spanned<String>>,
    #[serde(default)]
    members: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    #[serde(default)]
    tier: Option<String>,
    #[serde(default)]
    primary: Option<Spanned<RawContact>>,
    #[serde(default)]
    secondary: Option<Spanned<RawContact>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    #[serde(default)]
    schedule: Option<Spanned<String>>,
    #[serde(default)]
    person: Option<Spanned<String>>,
}

struct Validate {
    file: Arc<str>,
    diagnostics: Vec<Diagnostic>,
}

impl Validate {
    fn at<T>(&self, s: &Spanned<T>) -> Location {
        spanned_location(&self.file, s)
    }

    fn error(&mut self, at: Location, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(at, message));
    }

    /// A name (of a schedule, service, person): trimmed, and an error when empty.
    fn name(&mut self, s: &Spanned<String>, what: &str) -> String {
        let name = s.value.trim().to_string();
        if name.is_empty() {
            let at = self.at(s);
            self.error(at, format!("empty {what}: expected a name"));
        }
        name
    }

    fn schedules(&mut self, raw: Vec<(Spanned<String>, RawSchedule)>) -> Vec<Schedule> {
        let mut out: Vec<Schedule> = Vec::new();
        for (key, s) in raw {
            let location = self.at(&key);
            let name = self.name(&key, "schedule name");
            let time_zone = s.time_zone.map(|tz| {
                let zone = tz.value.trim().to_string();
                let db = jiff::tz::db();
                // Without a time zone database on this machine every name would look
                // unknown; only judge names when there is one.
                if !db.is_definitively_empty() && db.get(&zone).is_err() {
                    let at = self.at(&tz);
                    self.error(
                        at,
                        format!(
                            "unknown time zone `{zone}`: expected an IANA time zone such as Europe/Berlin"
                        ),
                    );
                }
                zone
            });
            let rotation = s.rotation.and_then(|r| {
                let parsed = Rotation::parse(&r.value);
                if parsed.is_none() {
                    let at = self.at(&r);
                    self.error(
                        at,
                        format!(
                            "invalid rotation `{}`: expected daily, weekly, <n>d or <n>h",
                            r.value.trim()
                        ),
                    );
                }
                parsed
            });
            let start = s.start.and_then(|st| match st.value.trim().parse::<Timestamp>() {
                Ok(t) => Some(t),
                Err(_) => {
                    let at = self.at(&st);
                    self.error(
                        at,
                        format!(
                            "invalid start `{}`: expected an RFC 3339 timestamp with offset such as 2026-01-05T08:00:00+01:00",
                            st.value.trim()
                        ),
                    );
                    None
                }
            });
            let members = match s.members {
                None => {
                    self.error(
                        location.clone(),
                        format!(
                            "schedule `{name}` has no members: expected `members:` with a non-empty list of people"
                        ),
                    );
                    Vec::new()
                }
                Some(m) if m.value.is_empty() => {
                    let at = self.at(&m);
                    self.error(
                        at,
                        format!(
                            "schedule `{name}` has an empty members list: expected at least one person"
                        ),
                    );
                    Vec::new()
                }
                Some(m) => m.value.iter().map(|p| self.name(p, "member")).collect(),
            };
            out.push(Schedule {
                name,
                time_zone,
                rotation,
                start,
                members,
                location,
            });
        }
        out
    }

    fn services(
        &mut self,
        raw: Vec<(Spanned<String>, RawService)>,
        schedules: &[Schedule],
    ) -> Vec<OnCallService> {
        raw.into_iter()
            .map(|(key, s)| OnCallService {
                location: self.at(&key),
                name: self.name(&key, "service name"),
                tier: s
                    .tier
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty()),
                primary: s.primary.and_then(|c| self.contact(c, schedules)),
                secondary: s.secondary.and_then(|c| self.contact(c, schedules)),
                unknown: None,
            })
            .collect()
    }

    fn contact(&mut self, c: Spanned<RawContact>, schedules: &[Schedule]) -> Option<Contact> {
        let at = self.at(&c);
        match (c.value.schedule, c.value.person) {
            (Some(s), None) => {
                let name = self.name(&s, "schedule name");
                match schedules.iter().find(|x| x.name == name) {
                    Some(found) => Some(Contact::Schedule {
                        name,
                        members: found.members.clone(),
                    }),
                    None => {
                        let known: Vec<&str> = schedules.iter().map(|x| x.name.as_str()).collect();
                        let at = self.at(&s);
                        self.error(
                            at,
                            format!(
                                "unknown schedule `{name}`: expected one of the schedules defined under `schedules:` ({})",
                                if known.is_empty() {
                                    "none defined".to_string()
                                } else {
                                    known.join(", ")
                                }
                            ),
                        );
                        None
                    }
                }
            }
            (None, Some(p)) => Some(Contact::Person(self.name(&p, "person"))),
            (Some(_), Some(_)) => {
                self.error(at, "both `schedule` and `person`: expected one of them");
                None
            }
            (None, None) => {
                self.error(
                    at,
                    "empty contact: expected {schedule: NAME} or {person: NAME}",
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotations_parse_and_have_lengths() {
        assert_eq!(Rotation::parse("daily"), Some(Rotation::Daily));
        assert_eq!(Rotation::parse("Weekly"), Some(Rotation::Weekly));
        assert_eq!(Rotation::parse("14d"), Some(Rotation::Days(14)));
        assert_eq!(Rotation::parse("12h"), Some(Rotation::Hours(12)));
        for bad in [
            "0d",
            "d",
            "h",
            "-1d",
            "+2d",
            "2w",
            "monthly",
            "",
            "1.5d",
            "99999999999h",
        ] {
            assert_eq!(Rotation::parse(bad), None, "{bad}");
        }
        assert_eq!(Rotation::Weekly.length(), SignedDuration::from_hours(168));
        assert_eq!(Rotation::Days(2).length(), SignedDuration::from_hours(48));
        assert_eq!(Rotation::Hours(12).length(), SignedDuration::from_hours(12));
    }

    #[test]
    fn people_are_distinct_and_sorted() {
        let s = Contact::Schedule {
            name: "p".into(),
            members: vec!["carol".into(), "alice".into(), "carol".into()],
        };
        assert_eq!(s.people(), ["alice", "carol"]);
        let p = Contact::Person("carol".into());
        assert_eq!(p.people(), ["carol"]);
        assert_eq!(s.shared_people(&p), ["carol"]);
        assert!(p.shared_people(&Contact::Person("bob".into())).is_empty());
        assert_eq!(s.describe(), "schedule p");
        assert_eq!(p.describe(), "person carol");
    }

    #[test]
    fn a_service_without_tier_counts_as_production() {
        let mut s = OnCallService {
            name: "api".into(),
            tier: None,
            primary: None,
            secondary: None,
            location: Location::default(),
            unknown: None,
        };
        assert!(s.is_production());
        s.tier = Some("Prod".into());
        assert!(s.is_production());
        s.tier = Some("staging".into());
        assert!(!s.is_production());
    }
}

//! Severity definitions (`severity_levels: {SEV1: {...}, ...}`, SPEC §5): the levels an
//! alert may carry, what makes an incident one level or another, how fast it must be
//! answered and whom it escalates to. Without the file, irready uses WAF-REL-060's four
//! levels, SEV1–SEV4.
//!
//! Two readers: [`load_level_names`] only needs the keys (alert checks accept any level the
//! team defined, even when a level's body is still incomplete), and
//! [`load_severity_definitions`] reads the whole format for `waf-rel-060.ir.severity-levels`
//! and the metrics targets. [`is_measurable`] decides whether a criterion is objective.

use crate::diagnostic::Diagnostic;
use crate::ir::config::{OrderedMap, is_blank_yaml, spanned_location};
use crate::source::Location;
use crate::terraform::module::read_text;
use jiff::SignedDuration;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// The levels WAF-REL-060 asks for when a repository defines none.
pub const DEFAULT_LEVELS: [&str; 4] = ["SEV1", "SEV2", "SEV3", "SEV4"];

#[derive(Deserialize)]
struct RawNames {
    severity_levels: serde_json::Map<String, serde_json::Value>,
}

/// Reads the level names, in the file's order. `Ok(None)` when the file does not exist.
pub fn load_level_names(path: &Path, display: Arc<str>) -> Result<Option<Vec<String>>, Diagnostic> {
    if !path.exists() {
        return Ok(None);
    }
    let text = read_text(path, &display)?;
    let raw: RawNames = crate::yaml::from_str(&text, &display)?;
    if raw.severity_levels.is_empty() {
        return Err(Diagnostic::file(
            display,
            "severity_levels is empty: expected the levels (SEV1..SEV4) as keys",
        ));
    }
    Ok(Some(raw.severity_levels.keys().cloned().collect()))
}

/// The whole severity definitions document.
#[derive(Debug, Clone, PartialEq)]
pub struct SeverityDefinitions {
    /// The file as displayed (relative to the scanned root): the `resource` of findings
    /// about the document as a whole (e.g. "expected four levels").
    pub file: Arc<str>,
    /// The levels in the file's order.
    pub levels: Vec<SeverityLevel>,
}

impl SeverityDefinitions {
    /// The level with this id (`SEV2`), compared exactly as alerts must spell it.
    pub fn level(&self, id: &str) -> Option<&SeverityLevel> {
        self.levels.iter().find(|l| l.id == id)
    }

    /// The level ids in the file's order.
    pub fn ids(&self) -> Vec<&str> {
        self.levels.iter().map(|l| l.id.as_str()).collect()
    }
}

/// One severity level (`SEV1: {name: Critical, ...}`).
#[derive(Debug, Clone, PartialEq)]
pub struct SeverityLevel {
    /// The key: what alerts and incidents carry (`SEV1`).
    pub id: String,
    /// The human name (`Critical`).
    pub name: Option<String>,
    /// What the level means.
    pub description: Option<String>,
    /// The conditions that put an incident at this level.
    pub criteria: Vec<Criterion>,
    /// How fast the level must be answered.
    pub response_time_sla: Option<TextDuration>,
    /// Who is called, in order.
    pub escalation: Option<Escalation>,
    /// Optional MTTR/MTTD/MTTA targets the metrics compare against.
    pub targets: Targets,
    /// Where the level's key is.
    pub location: Location,
}

impl SeverityLevel {
    /// The criteria that are objective and measurable (see [`is_measurable`]).
    pub fn measurable_criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.criteria.iter().filter(|c| c.is_measurable())
    }
}

/// One criterion of a level, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    /// The criterion's text.
    pub text: String,
    /// Where it is written.
    pub location: Location,
}

impl Criterion {
    /// Whether the criterion names a number with a unit or percent, or a comparison.
    pub fn is_measurable(&self) -> bool {
        is_measurable(&self.text)
    }
}

/// A duration as the user wrote it (`15 minutes`) and as irready computes with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextDuration {
    /// The text as written.
    pub text: String,
    /// Its value.
    pub duration: SignedDuration,
    /// Where it is written.
    pub location: Location,
}

/// The MTTR/MTTD/MTTA targets of a level (`targets: {mttr: 30m, mttd: 5m}`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Targets {
    /// Target mean time to restore.
    pub mttr: Option<TextDuration>,
    /// Target mean time to detect.
    pub mttd: Option<TextDuration>,
    /// Target mean time to acknowledge.
    pub mtta: Option<TextDuration>,
}

/// A level's escalation path: `{primary: ..., secondary: ...}`, a list of steps, or one
/// line of text, kept in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    /// The steps in the file's order.
    pub steps: Vec<EscalationStep>,
    /// Where the escalation is written.
    pub location: Location,
}

/// One step of an escalation path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationStep {
    /// The role when the mapping form names it (`primary`, `secondary`); `None` in a list.
    pub role: Option<String>,
    /// Who is called (`On-call engineer`, `Engineering manager (after 20min)`).
    pub contact: String,
}

impl Escalation {
    /// The primary contact: the step named `primary`, else the first step.
    pub fn primary(&self) -> Option<&str> {
        self.by_role("primary")
            .or_else(|| self.steps.first().map(|s| s.contact.as_str()))
    }

    /// The secondary contact: the step named `secondary`, else the second step.
    pub fn secondary(&self) -> Option<&str> {
        self.by_role("secondary")
            .or_else(|| self.steps.get(1).map(|s| s.contact.as_str()))
    }

    fn by_role(&self, role: &str) -> Option<&str> {
        self.steps
            .iter()
            .find(|s| {
                s.role
                    .as_deref()
                    .is_some_and(|r| r.eq_ignore_ascii_case(role))
            })
            .map(|s| s.contact.as_str())
    }
}

/// Reads and validates the whole severity definitions file. Every problem is reported,
/// not only the first. A missing file is an error here: the caller decides whether the
/// file is required (the `severity-levels` check) or optional (the defaults apply).
pub fn load_severity_definitions(
    path: &Path,
    display: Arc<str>,
) -> Result<SeverityDefinitions, Vec<Diagnostic>> {
    let text = read_text(path, &display).map_err(|d| vec![d])?;
    parse_severity_definitions(&text, display)
}

/// Parses the text of a severity definitions file (`display` names it in diagnostics).
pub fn parse_severity_definitions(
    text: &str,
    display: Arc<str>,
) -> Result<SeverityDefinitions, Vec<Diagnostic>> {
    if is_blank_yaml(text) {
        return Err(vec![Diagnostic::file(
            display,
            "empty document: expected `severity_levels:` with the levels (SEV1..SEV4) as keys",
        )]);
    }
    let raw: RawDefinitions = crate::yaml::from_str(text, &display).map_err(|d| vec![d])?;
    let mut diagnostics = Vec::new();
    let mut levels: Vec<SeverityLevel> = Vec::new();
    if raw.severity_levels.value.0.is_empty() {
        diagnostics.push(Diagnostic::new(
            spanned_location(&display, &raw.severity_levels),
            "severity_levels is empty: expected the levels (SEV1..SEV4) as keys",
        ));
    }
    for (key, body) in raw.severity_levels.value.0 {
        let location = spanned_location(&display, &key);
        let id = key.value.trim().to_string();
        if id.is_empty() {
            diagnostics.push(Diagnostic::new(
                location.clone(),
                "empty level name: expected a level such as SEV1",
            ));
        }
        if let Some(first) = levels.iter().find(|l| l.id == id) {
            diagnostics.push(Diagnostic::new(
                location.clone(),
                format!(
                    "duplicate level `{id}`: already defined at {}; expected each level once",
                    first.location
                ),
            ));
            continue;
        }
        let body = body.unwrap_or_default();
        let mut duration = |s: Option<Spanned<String>>| {
            let s = s?;
            let at = spanned_location(&display, &s);
            match parse_duration(&s.value) {
                Some(duration) => Some(TextDuration {
                    text: s.value.trim().to_string(),
                    duration,
                    location: at,
                }),
                None => {
                    diagnostics.push(Diagnostic::new(
                        at,
                        format!(
                            "invalid duration `{}`: expected a duration such as `15 minutes`, `15m`, `1h` or `2h30m`",
                            s.value.trim()
                        ),
                    ));
                    None
                }
            }
        };
        let response_time_sla = duration(body.response_time_sla);
        let targets = match body.targets {
            None => Targets::default(),
            Some(t) => Targets {
                mttr: duration(t.mttr),
                mttd: duration(t.mttd),
                mtta: duration(t.mtta),
            },
        };
        let criteria = body
            .criteria
            .into_iter()
            .map(|c| Criterion {
                location: spanned_location(&display, &c),
                text: c.value.trim().to_string(),
            })
            .collect();
        let escalation = body.escalation.map(|e| Escalation {
            location: spanned_location(&display, &e),
            steps: e.value.0,
        });
        levels.push(SeverityLevel {
            id,
            name: body.name.map(|s| s.trim().to_string()),
            description: body.description.map(|s| s.trim().to_string()),
            criteria,
            response_time_sla,
            escalation,
            targets,
            location,
        });
    }
    if diagnostics.is_empty() {
        Ok(SeverityDefinitions {
            file: display,
            levels,
        })
    } else {
        diagnostics.sort();
        Err(diagnostics)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefinitions {
    severity_levels: Spanned<OrderedMap<Option<RawLevel>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    criteria: Vec<Spanned<String>>,
    /// Example incidents: documentation only.
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<String>,
    #[serde(default)]
    response_time_sla: Option<Spanned<String>>,
    #[serde(default)]
    escalation: Option<Spanned<StepList>>,
    #[serde(default)]
    targets: Option<RawTargets>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTargets {
    #[serde(default)]
    mttr: Option<Spanned<String>>,
    #[serde(default)]
    mttd: Option<Spanned<String>>,
    #[serde(default)]
    mtta: Option<Spanned<String>>,
}

/// An escalation in any of its three written forms.
struct StepList(Vec<EscalationStep>);

impl<'de> Deserialize<'de> for StepList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StepList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an escalation: {primary: ..., secondary: ...}, a list, or a text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StepList, E> {
                Ok(StepList(vec![EscalationStep {
                    role: None,
                    contact: v.trim().to_string(),
                }]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StepList, A::Error> {
                let mut out = Vec::new();
                while let Some(contact) = seq.next_element::<String>()? {
                    out.push(EscalationStep {
                        role: None,
                        contact: contact.trim().to_string(),
                    });
                }
                Ok(StepList(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StepList, A::Error> {
                let mut out = Vec::new();
                while let Some(role) = map.next_key::<String>()? {
                    let contact = map.next_value::<String>()?;
                    out.push(EscalationStep {
                        role: Some(role.trim().to_string()),
                        contact: contact.trim().to_string(),
                    });
                }
                Ok(StepList(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Parses a duration as severity definitions write them: `15 minutes`, `15 min`, `15m`,
/// `1h`, `1 hour`, `2h30m`, `1h 30m`, `1.5h`, `90s`, `1 day`, optionally after `within`,
/// `<`, `<=`, `≤` or `under` ("within 15 minutes" is a response target of 15 minutes).
/// `None` for anything else, including a number without a unit and a zero-length text.
pub fn parse_duration(text: &str) -> Option<SignedDuration> {
    let mut rest = text.trim().to_ascii_lowercase();
    for prefix in ["within", "<=", "≤", "<", "under", "max", "maximum"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.trim_start().to_string();
            break;
        }
    }
    let mut total = 0.0f64;
    let mut parts = 0;
    let mut chars = rest.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        let mut number = String::new();
        while let Some(c) = chars
            .peek()
            .copied()
            .filter(|c| c.is_ascii_digit() || *c == '.')
        {
            number.push(c);
            chars.next();
        }
        if number.is_empty() {
            // `and` between parts: "1 hour and 30 minutes".
            let mut word = String::new();
            while let Some(c) = chars.peek().copied().filter(|c| c.is_ascii_alphabetic()) {
                word.push(c);
                chars.next();
            }
            if word == "and" && parts > 0 {
                continue;
            }
            if word.is_empty() && chars.peek().is_none() && parts > 0 {
                break;
            }
            return None;
        }
        let value: f64 = number.parse().ok()?;
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut unit = String::new();
        while let Some(c) = chars.peek().copied().filter(|c| c.is_ascii_alphabetic()) {
            unit.push(c);
            chars.next();
        }
        let seconds = match unit.as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "d" | "day" | "days" => 86_400.0,
            "w" | "wk" | "week" | "weeks" => 604_800.0,
            _ => return None,
        };
        total += value * seconds;
        parts += 1;
        if chars.peek().is_none() {
            break;
        }
    }
    if !total.is_finite() || total > 1e12 {
        return None;
    }
    SignedDuration::try_from_secs_f64(total).ok()
}

/// Whether a severity criterion is objective and measurable: it names a number with a
/// unit or percent ("> 5% of users", "p99 latency above 2 s", "100 customers"), or a
/// comparison with a number ("error rate >= 1", "more than 100"). "Major impact" and
/// "significant degradation" are not: two engineers could classify the same incident
/// differently, which is what WAF-REL-060's measurable criteria are meant to prevent.
///
/// A digit that is part of a name (`SEV1`, `p99`, `EC2`, `5xx`, `eu-west-1` at the end)
/// or that follows a word such as `tier` or `level` is not a measurement.
pub fn is_measurable(criterion: &str) -> bool {
    let text = criterion.to_lowercase();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts_number = c.is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'));
        if !starts_number {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || ((chars[i] == '.' || chars[i] == ',')
                    && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())))
        {
            i += 1;
        }
        let before: String = chars[..start].iter().collect();
        let before = before.trim_end();
        if is_label(before) {
            continue;
        }
        // A unit glued to the number: `5%`, `500ms`, `2x`, `15m`, `2h30m`.
        let mut suffix = String::new();
        let mut j = i;
        while j < chars.len() && (chars[j].is_alphabetic() || chars[j] == '%') {
            suffix.push(chars[j]);
            j += 1;
        }
        if !suffix.is_empty() {
            if is_unit(&suffix) {
                return true;
            }
            // `5xx`, `4th`, `2fa`: a name, not a measurement.
            i = j;
            continue;
        }
        if preceded_by_comparison(before) || before.ends_with(['$', '€', '£']) {
            return true;
        }
        // A unit or a counted noun after a space: `2 s`, `5 %`, `100 customers`.
        let after: String = chars[i..].iter().collect();
        let next = after
            .trim_start()
            .split(|c: char| !(c.is_alphabetic() || c == '%' || c == '/'))
            .next()
            .unwrap_or("");
        let word = next.split('/').next().unwrap_or("");
        if is_unit(next) || is_unit(word) || is_counted_noun(word) {
            return true;
        }
    }
    false
}

/// Words after which a number is a name: "Tier 1 service", "level 2 support".
fn is_label(before: &str) -> bool {
    let last = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    matches!(
        last,
        "tier"
            | "level"
            | "sev"
            | "severity"
            | "priority"
            | "p"
            | "step"
            | "phase"
            | "version"
            | "v"
            | "layer"
            | "stage"
            | "category"
            | "class"
            | "type"
            | "http"
            | "ipv"
            | "rfc"
            | "iso"
            | "section"
    )
}

/// Comparisons that make the following number a threshold.
fn preceded_by_comparison(before: &str) -> bool {
    if before.ends_with(['>', '<', '=', '≥', '≤', '~']) {
        return true;
    }
    let words: Vec<&str> = before.split_whitespace().collect();
    let last = words.last().copied().unwrap_or("");
    let last_two = if words.len() >= 2 {
        format!("{} {}", words[words.len() - 2], last)
    } else {
        String::new()
    };
    matches!(
        last,
        "above"
            | "below"
            | "over"
            | "under"
            | "exceeds"
            | "exceeding"
            | "exceed"
            | "exceeded"
            | "within"
            | "than"
            | "least"
            | "most"
            | "beyond"
            | "reaches"
            | "reaching"
            | "surpasses"
            | "approximately"
            | "≥"
            | "≤"
            | ">"
            | "<"
            | ">="
            | "<="
    ) || matches!(last_two.as_str(), "up to" | "at least" | "at most")
}

/// Units of time, size, rate and proportion.
fn is_unit(word: &str) -> bool {
    matches!(
        word,
        "%" | "percent"
            | "pct"
            | "ms"
            | "msec"
            | "millisecond"
            | "milliseconds"
            | "s"
            | "sec"
            | "secs"
            | "second"
            | "seconds"
            | "m"
            | "min"
            | "mins"
            | "minute"
            | "minutes"
            | "h"
            | "hr"
            | "hrs"
            | "hour"
            | "hours"
            | "d"
            | "day"
            | "days"
            | "week"
            | "weeks"
            | "x"
            | "k"
            | "b"
            | "kb"
            | "mb"
            | "gb"
            | "tb"
            | "byte"
            | "bytes"
            | "rps"
            | "qps"
            | "tps"
            | "rpm"
            | "req/s"
            | "requests/s"
            | "usd"
            | "eur"
            | "gbp"
    )
}

/// A noun that a number counts ("100 customers", "3 regions"), as opposed to a function
/// word that shows the number is not followed by what it measures ("1 or more").
fn is_counted_noun(word: &str) -> bool {
    word.len() >= 2
        && word.chars().all(char::is_alphabetic)
        && !matches!(
            word,
            "and"
                | "or"
                | "of"
                | "to"
                | "the"
                | "a"
                | "an"
                | "is"
                | "are"
                | "in"
                | "on"
                | "at"
                | "for"
                | "by"
                | "per"
                | "with"
                | "from"
                | "as"
                | "it"
                | "be"
                | "was"
                | "were"
                | "if"
                | "then"
                | "than"
                | "not"
                | "no"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_in_file_order_and_errors_have_positions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.yml");
        std::fs::write(
            &p,
            "severity_levels:\n  P1: {name: Critical}\n  P2: {name: High}\n",
        )
        .unwrap();
        assert_eq!(
            load_level_names(&p, "s.yml".into()).unwrap(),
            Some(vec!["P1".to_string(), "P2".to_string()])
        );
        std::fs::write(&p, "severity_levels:\n  - P1\n").unwrap();
        let e = load_level_names(&p, "s.yml".into())
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("s.yml:2:"), "{e}");
        assert_eq!(
            load_level_names(&dir.path().join("none.yml"), "none.yml".into()).unwrap(),
            None
        );
    }

    fn mins(m: i64) -> Option<SignedDuration> {
        Some(SignedDuration::from_mins(m))
    }

    #[test]
    fn durations_in_the_ways_people_write_them() {
        assert_eq!(parse_duration("15 minutes"), mins(15));
        assert_eq!(parse_duration("15m"), mins(15));
        assert_eq!(parse_duration("15 min"), mins(15));
        assert_eq!(parse_duration("1h"), mins(60));
        assert_eq!(parse_duration("1 hour"), mins(60));
        assert_eq!(parse_duration("2h30m"), mins(150));
        assert_eq!(parse_duration("2h 30m"), mins(150));
        assert_eq!(parse_duration("1 hour and 30 minutes"), mins(90));
        assert_eq!(parse_duration("1.5h"), mins(90));
        assert_eq!(parse_duration("90s"), Some(SignedDuration::from_secs(90)));
        assert_eq!(parse_duration("1 day"), mins(1440));
        assert_eq!(parse_duration("Within 4 hours"), mins(240));
        assert_eq!(parse_duration("< 5m"), mins(5));
        assert_eq!(parse_duration("15"), None);
        assert_eq!(parse_duration(""), None);
        assert_eq!(parse_duration("asap"), None);
        assert_eq!(parse_duration("15 parsecs"), None);
        assert_eq!(parse_duration("next business day"), None);
        assert_eq!(parse_duration("1e400h"), None);
    }

    #[test]
    fn measurable_criteria_have_numbers_with_units_or_comparisons() {
        for yes in [
            "Service unavailable for > 5% of users",
            "> 5% of users",
            "error rate >= 1%",
            "Error rate ≥ 1 %",
            "p99 latency above 2 s",
            "p99 latency above 2s",
            "more than 100 customers",
            "Fewer than 10 users affected",
            "latency > 500ms",
            "Response time exceeds 2 seconds",
            "At least 3 failed health checks",
            "1,000 requests/min failing",
            "99.9% availability breached",
            "2x normal error rate",
            "Revenue impact over $10,000",
            "Loss above €500 per hour",
            "Outage longer than 15 minutes",
            "Errors > 100",
            "Data loss of up to 5 records",
            "3 availability zones down",
            "Checkout success rate below 95 percent",
            "Queue backlog exceeds 10k messages",
            "Disk usage at 90 %",
        ] {
            assert!(is_measurable(yes), "should be measurable: {yes}");
        }
        for no in [
            "major impact",
            "significant degradation",
            "Data loss confirmed",
            "Complete outage",
            "Tier 1 service down",
            "Level 2 support engaged",
            "HTTP 5xx errors",
            "SEV1 declared by incident commander",
            "p99 latency high",
            "Impact on EC2 instances",
            "Degraded in region eu-west-1",
            "Some users affected",
            "Cosmetic issue",
            "Minor bug with workaround",
            "",
            "Customer complaints about 2FA",
            "Multiple customers report issues",
        ] {
            assert!(!is_measurable(no), "should not be measurable: {no}");
        }
    }
}

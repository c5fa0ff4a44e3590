//! What an alert says about itself: its severity, its runbook and its service, read from
//! its description (or, failing that, from its tags / labels), for every provider.
//!
//! The seed accepts two forms in a description, and teams use both:
//! - structured: `jsonencode({runbook = "https://...", severity = "SEV2", service = "x"})`,
//!   which evaluates to a JSON string (parsed here) — or a map, where a provider takes one;
//! - text: `"SEV2: Payment API error rate > 1%. Runbook: https://wiki/runbooks/payment"`.
//!
//! SPEC §4.1: when the description does not say, tags / labels named `severity`,
//! `runbook` (or `runbook_url`) and `service` do. The extraction is shared by the AWS,
//! Azure and Google checks and by the incident-document checks (runbook links, top alerts),
//! so that every part of irready reads an alert the same way.
//!
//! Text form, precisely (first match wins):
//! - runbook: a URL right after the word `runbook`/`playbook` (`Runbook: https://...`,
//!   `runbook_url=https://...`, `[Runbook](https://...)`), else any URL whose text
//!   contains `runbook` or `playbook`. Another URL (a dashboard) is not a runbook.
//! - severity: `severity: X` / `severity=X`; else a `SEV<n>` token anywhere (`sev-2`
//!   reads as `SEV2`); else a leading `X:` or `[X]` where X is a capitalised token with a
//!   digit (`P2:`) or a common severity word (`CRITICAL:`).
//! - service: `service: X` / `service=X`.

use crate::terraform::value::{Value, format_number};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// An alert's severity, runbook and service, each as written (trimmed); `None` when the
/// alert does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertMeta {
    pub severity: Option<String>,
    pub runbook: Option<String>,
    pub service: Option<String>,
}

/// Reads severity, runbook and service from an alert's evaluated description, then fills
/// what is missing from its tags / labels. `Err` holds why it cannot be known (the
/// description, or a tag that would be needed, is unknown): the caller reports SKIP.
pub fn alert_meta(description: Option<&Value>, tags: Option<&Value>) -> Result<AlertMeta, String> {
    let mut meta = match description {
        None | Some(Value::Null) => AlertMeta::default(),
        Some(Value::String(text)) => from_text_or_json(text)?,
        Some(Value::Object(map)) => from_map(map)?,
        Some(Value::Unknown(u)) => return Err(u.reason.clone()),
        Some(Value::Ref(r)) => {
            return Err(format!(
                "the description is computed by the provider ({})",
                Value::Ref(r.clone())
            ));
        }
        Some(_) => AlertMeta::default(),
    };
    if meta.severity.is_some() && meta.runbook.is_some() && meta.service.is_some() {
        return Ok(meta);
    }
    match tags {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            let from_tags = from_map_for(map, &meta)?;
            meta.severity = meta.severity.or(from_tags.severity);
            meta.runbook = meta.runbook.or(from_tags.runbook);
            meta.service = meta.service.or(from_tags.service);
        }
        Some(Value::Unknown(u)) => {
            // Only matters when the description left a gap the tags would fill.
            if meta.severity.is_none() || meta.runbook.is_none() {
                return Err(format!("the tags are unknown: {}", u.reason));
            }
        }
        Some(_) => {}
    }
    Ok(meta)
}

/// Why an alert's metadata does not satisfy WAF-REL-060, in the order a user fixes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaProblem {
    NoRunbook,
    /// A runbook value that is neither a URL nor a path (`"see wiki"`).
    RunbookNotALink(String),
    NoSeverity,
    /// A severity that the severity definitions do not define.
    UndefinedSeverity {
        found: String,
        defined: Vec<String>,
    },
}

impl MetaProblem {
    /// One clause for a finding's message; `field` names where it was looked for
    /// (`alarm_description`).
    pub fn describe(&self, field: &str) -> String {
        match self {
            MetaProblem::NoRunbook => format!(
                "{field} has no runbook URL (a `runbook` key, `Runbook: https://...` text, or a `runbook` tag)"
            ),
            MetaProblem::RunbookNotALink(v) => {
                format!("runbook {v:?} is neither a URL nor a path to a runbook")
            }
            MetaProblem::NoSeverity => format!(
                "{field} has no severity (a `severity` key, `SEV2: ...` text, or a `severity` tag)"
            ),
            MetaProblem::UndefinedSeverity { found, defined } => format!(
                "severity {found} is not defined (defined: {})",
                defined.join(", ")
            ),
        }
    }
}

/// What is wrong with an alert's runbook and severity against the defined levels.
pub fn problems(meta: &AlertMeta, levels: &[String]) -> Vec<MetaProblem> {
    let mut out = Vec::new();
    match &meta.runbook {
        None => out.push(MetaProblem::NoRunbook),
        Some(r) if !looks_like_link(r) => out.push(MetaProblem::RunbookNotALink(r.clone())),
        Some(_) => {}
    }
    match &meta.severity {
        None => out.push(MetaProblem::NoSeverity),
        Some(s) if defined_level(s, levels).is_none() => out.push(MetaProblem::UndefinedSeverity {
            found: s.clone(),
            defined: levels.to_vec(),
        }),
        Some(_) => {}
    }
    out
}

/// The defined level a severity names, compared case-insensitively (`sev2` is `SEV2`).
pub fn defined_level<'a>(severity: &str, levels: &'a [String]) -> Option<&'a str> {
    levels
        .iter()
        .find(|l| l.eq_ignore_ascii_case(severity.trim()))
        .map(String::as_str)
}

/// A runbook reference irready can follow: an http(s) URL, or a path (`runbooks/x.md`).
pub fn looks_like_link(runbook: &str) -> bool {
    let r = runbook.trim();
    r.starts_with("https://")
        || r.starts_with("http://")
        || (r.contains('/') && !r.contains(char::is_whitespace))
        || r.ends_with(".md")
}

fn from_text_or_json(text: &str) -> Result<AlertMeta, String> {
    let trimmed = text.trim();
    if trimmed.starts_with('{')
        && let Ok(json) = serde_json::from_str::<serde_json::Value>(trimmed)
        && let Value::Object(map) = Value::from_json(&json)
    {
        let mut meta = from_map(&map)?;
        // A structured description may still carry the text form in another key.
        let scanned = from_text(trimmed);
        meta.runbook = meta.runbook.or(scanned.runbook);
        meta.service = meta.service.or(scanned.service);
        return Ok(meta);
    }
    Ok(from_text(text))
}

const SEVERITY_KEYS: &[&str] = &["severity"];
const RUNBOOK_KEYS: &[&str] = &["runbook", "runbook_url", "runbookurl", "runbook_link"];
const SERVICE_KEYS: &[&str] = &["service"];

fn from_map(map: &BTreeMap<String, Value>) -> Result<AlertMeta, String> {
    Ok(AlertMeta {
        severity: lookup(map, SEVERITY_KEYS)?,
        runbook: lookup(map, RUNBOOK_KEYS)?,
        service: lookup(map, SERVICE_KEYS)?,
    })
}

/// Like `from_map`, but only fails on an unknown entry that would fill a gap in `have`.
fn from_map_for(map: &BTreeMap<String, Value>, have: &AlertMeta) -> Result<AlertMeta, String> {
    let pick = |needed: bool, keys: &[&str]| -> Result<Option<String>, String> {
        if needed { lookup(map, keys) } else { Ok(None) }
    };
    Ok(AlertMeta {
        severity: pick(have.severity.is_none(), SEVERITY_KEYS)?,
        runbook: pick(have.runbook.is_none(), RUNBOOK_KEYS)?,
        service: pick(have.service.is_none(), SERVICE_KEYS).unwrap_or(None),
    })
}

fn lookup(map: &BTreeMap<String, Value>, keys: &[&str]) -> Result<Option<String>, String> {
    for (k, v) in map {
        if !keys.iter().any(|key| k.eq_ignore_ascii_case(key)) {
            continue;
        }
        return match v {
            Value::String(s) if !s.trim().is_empty() => Ok(Some(s.trim().to_string())),
            Value::Number(n) => Ok(Some(format_number(*n))),
            Value::Unknown(u) => Err(format!("`{k}` is unknown: {}", u.reason)),
            Value::Ref(_) => Err(format!("`{k}` is computed by the provider ({v})")),
            _ => Ok(None),
        };
    }
    Ok(None)
}

static LABELLED_RUNBOOK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:runbook|playbook)s?(?:[ _-]?(?:url|link))?[\s:=\-\]\(<"]*(https?://[^\s<>"'\)\]]+)"#)
        .expect("constant regex")
});
static ANY_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"https?://[^\s<>"'\)\]]+"#).expect("constant regex"));
static LABELLED_SEVERITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\bseverity\s*[:=]\s*"?([A-Za-z0-9_-]+)"#).expect("constant regex")
});
static SEV_TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bsev[-_ ]?([0-9]+)\b").expect("constant regex"));
static LEADING_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\[([A-Za-z0-9_-]+)\]|([A-Z][A-Z0-9_-]*)\s*:)").expect("constant regex")
});
static LABELLED_SERVICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\bservice\s*[:=]\s*"?([A-Za-z0-9_./-]+)"#).expect("constant regex")
});

const SEVERITY_WORDS: &[&str] = &[
    "CRITICAL", "HIGH", "MEDIUM", "LOW", "WARNING", "ERROR", "INFO", "MAJOR", "MINOR",
];

fn from_text(text: &str) -> AlertMeta {
    let runbook = LABELLED_RUNBOOK
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
        .or_else(|| {
            ANY_URL.find_iter(text).map(|m| m.as_str()).find(|u| {
                let l = u.to_ascii_lowercase();
                l.contains("runbook") || l.contains("playbook")
            })
        })
        .map(|u| u.trim_end_matches(['.', ',', ';', ':']).to_string());
    let severity = LABELLED_SEVERITY
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
        .or_else(|| {
            SEV_TOKEN
                .captures(text)
                .and_then(|c| c.get(1))
                .map(|m| format!("SEV{}", m.as_str()))
        })
        .or_else(|| {
            let c = LEADING_TOKEN.captures(text)?;
            let token = c.get(1).or_else(|| c.get(2))?.as_str();
            let upper = token.to_ascii_uppercase();
            (token.chars().any(|ch| ch.is_ascii_digit())
                || SEVERITY_WORDS.contains(&upper.as_str()))
            .then(|| token.to_string())
        });
    let service = LABELLED_SERVICE
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim_end_matches(['.', ',', ';']).to_string());
    AlertMeta {
        severity,
        runbook,
        service,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{obj, s, unknown};

    fn levels() -> Vec<String> {
        crate::checks::CheckSettings::default().severity_levels
    }

    #[test]
    fn reads_the_jsonencode_form() {
        let d =
            s(r#"{"runbook":"https://wiki/rb/payment","service":"payments","severity":"SEV2"}"#);
        let m = alert_meta(Some(&d), None).unwrap();
        assert_eq!(m.severity.as_deref(), Some("SEV2"));
        assert_eq!(m.runbook.as_deref(), Some("https://wiki/rb/payment"));
        assert_eq!(m.service.as_deref(), Some("payments"));
        assert!(problems(&m, &levels()).is_empty());
    }

    #[test]
    fn reads_the_text_form_of_the_seed() {
        let d = s("SEV2: Payment API error rate > 1%. Runbook: https://wiki/runbooks/payment.");
        let m = alert_meta(Some(&d), None).unwrap();
        assert_eq!(m.severity.as_deref(), Some("SEV2"));
        assert_eq!(m.runbook.as_deref(), Some("https://wiki/runbooks/payment"));
        assert_eq!(m.service, None);
    }

    #[test]
    fn text_variants() {
        let m =
            from_text("[P2] disk full, see [Runbook](https://x.example/ops/disk) service=storage");
        assert_eq!(m.severity.as_deref(), Some("P2"));
        assert_eq!(m.runbook.as_deref(), Some("https://x.example/ops/disk"));
        assert_eq!(m.service.as_deref(), Some("storage"));
        let m = from_text("CRITICAL: queue stuck https://wiki/playbooks/queue");
        assert_eq!(m.severity.as_deref(), Some("CRITICAL"));
        assert_eq!(m.runbook.as_deref(), Some("https://wiki/playbooks/queue"));
        let m = from_text("sev-3 latency high; severity unknown to dashboard https://grafana/d/1");
        assert_eq!(m.severity.as_deref(), Some("SEV3"));
        assert_eq!(m.runbook, None, "a dashboard URL is not a runbook");
        let m = from_text("API: error rate high");
        assert_eq!(m.severity, None, "a leading word is not a severity");
    }

    #[test]
    fn tags_fill_what_the_description_lacks() {
        let d = s("Payment API error rate high. Runbook: https://wiki/runbooks/payment");
        let tags = obj(&[("Severity", s("SEV1")), ("service", s("payments"))]);
        let m = alert_meta(Some(&d), Some(&tags)).unwrap();
        assert_eq!(m.severity.as_deref(), Some("SEV1"));
        assert_eq!(m.service.as_deref(), Some("payments"));
        let m = alert_meta(None, Some(&obj(&[("runbook_url", s("runbooks/x.md"))]))).unwrap();
        assert_eq!(m.runbook.as_deref(), Some("runbooks/x.md"));
        assert_eq!(problems(&m, &levels()), vec![MetaProblem::NoSeverity]);
    }

    #[test]
    fn unknown_description_or_needed_tag_is_an_error_with_the_reason() {
        let err = alert_meta(Some(&unknown("var.description has no value")), None).unwrap_err();
        assert!(err.contains("var.description has no value"));
        let d = s("Runbook: https://wiki/runbooks/a");
        let tags = obj(&[("severity", unknown("data.x.y is read at apply time"))]);
        let err = alert_meta(Some(&d), Some(&tags)).unwrap_err();
        assert!(err.contains("read at apply time"), "{err}");
        // A tag that is not needed does not make the alert unknown.
        let d = s("SEV1 Runbook: https://wiki/runbooks/a");
        assert!(alert_meta(Some(&d), Some(&tags)).is_ok());
    }

    #[test]
    fn undefined_severity_lists_the_defined_ones() {
        let m = alert_meta(Some(&s("SEV5: Runbook: https://wiki/runbooks/a")), None).unwrap();
        let p = problems(&m, &levels());
        assert_eq!(p.len(), 1);
        assert_eq!(
            p[0].describe("alarm_description"),
            "severity SEV5 is not defined (defined: SEV1, SEV2, SEV3, SEV4)"
        );
        let m = alert_meta(Some(&obj(&[("runbook", s("see the wiki"))])), None).unwrap();
        assert!(matches!(
            problems(&m, &levels())[0],
            MetaProblem::RunbookNotALink(_)
        ));
    }
}

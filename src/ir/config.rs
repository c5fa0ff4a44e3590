//! `irready.yml` (SPEC §2): where the incident-response documents live and the thresholds
//! the IR checks apply. Every key is optional and has the default the spec shows, so a
//! repository without the file gets the behaviour WAF-REL-060 describes; a misspelt key
//! or a value of the wrong type is an error at its line and column rather than a silently
//! ignored setting. The schema is `schemas/irready.schema.json`.

use crate::diagnostic::Diagnostic;
use crate::source::Location;
use crate::terraform::module::read_text;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The configuration file's name, looked up at the scanned root.
pub const CONFIG_FILE: &str = "irready.yml";

/// The whole configuration, with every default filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Where each IR document lives, relative to the scanned root.
    pub paths: Paths,
    /// Alert severities that must link a runbook (`critical_severities`).
    pub critical_severities: Vec<String>,
    /// Runbook catalog settings (`runbooks:`).
    pub runbooks: RunbookSettings,
    /// Post-incident review settings (`review:`).
    pub review: ReviewSettings,
    /// Escalation policy limits (`escalation:`).
    pub escalation: EscalationSettings,
    /// The risk-acceptance file (wafpass's waiver format), relative to the scanned root.
    pub waivers: PathBuf,
}

/// `paths:` — the location of each IR document, relative to the scanned root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The severity definitions file.
    pub severity_definitions: PathBuf,
    /// The on-call file (optional when PagerDuty/Opsgenie Terraform exists).
    pub oncall: PathBuf,
    /// The runbook catalog folder.
    pub runbooks: PathBuf,
    /// A file or a folder of `.yml`/`.yaml`/`.csv` incident records.
    pub incidents: PathBuf,
    /// The folder of post-incident reviews.
    pub postmortems: PathBuf,
    /// The business calendar (weekend days, holidays).
    pub calendar: PathBuf,
}

/// `runbooks:` — how alert links map to runbook files and what a good runbook has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunbookSettings {
    /// URL prefixes: `<base><slug>` resolves to `<paths.runbooks>/<slug>.md`.
    pub url_bases: Vec<String>,
    /// A runbook whose last-updated date is older than this many days is stale.
    pub stale_after_days: u32,
    /// Section headings every runbook must have (compared case-insensitively).
    pub required_sections: Vec<String>,
}

/// `review:` — which incidents need a post-incident review, by when, and how the review's
/// timeline rows name the moments that incident records may lack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewSettings {
    /// Incident severities that need a review.
    pub severities: Vec<String>,
    /// Business days after resolution by which the review must be dated.
    pub deadline_business_days: u32,
    /// Phrases that mark timeline rows (SPEC §5); `review.timeline_phrases` in the file.
    pub timeline_phrases: TimelinePhrases,
}

/// Phrases (matched case-insensitively, as whole words, in a timeline row's event text) that
/// say which incident timestamp a row of a review's Timeline table supplies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelinePhrases {
    /// Rows giving `detected_at` ("alarm fired").
    pub detected: Vec<String>,
    /// Rows giving `acknowledged_at` ("on-call responds").
    pub acknowledged: Vec<String>,
    /// Rows giving `mitigated_at` ("mitigation deployed").
    pub mitigated: Vec<String>,
    /// Rows giving `resolved_at` ("fully restored").
    pub resolved: Vec<String>,
}

/// `escalation:` — limits on escalation policies found in Terraform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationSettings {
    /// The longest acceptable delay before the first rule escalates, in minutes.
    pub max_first_delay_minutes: u32,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            severity_definitions: "incident-response/severity-definitions.yml".into(),
            oncall: "incident-response/oncall.yml".into(),
            runbooks: "incident-response/runbooks".into(),
            incidents: "incident-response/incidents".into(),
            postmortems: "incident-response/postmortems".into(),
            calendar: "incident-response/calendar.yml".into(),
        }
    }
}

impl Default for RunbookSettings {
    fn default() -> Self {
        RunbookSettings {
            url_bases: Vec::new(),
            stale_after_days: 180,
            required_sections: strings(&["Symptom", "Diagnosis", "Remediation", "Escalation"]),
        }
    }
}

impl Default for TimelinePhrases {
    fn default() -> Self {
        TimelinePhrases {
            // The upstream template's phrases, in present and past tense.
            detected: strings(&["alarm fired", "alert fired"]),
            acknowledged: strings(&["on-call responds", "on-call responded"]),
            mitigated: strings(&["mitigation deployed"]),
            resolved: strings(&["fully restored"]),
        }
    }
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            severities: strings(&["SEV1", "SEV2"]),
            deadline_business_days: 5,
            timeline_phrases: TimelinePhrases::default(),
        }
    }
}

impl Default for EscalationSettings {
    fn default() -> Self {
        EscalationSettings {
            max_first_delay_minutes: 15,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            paths: Paths::default(),
            critical_severities: strings(&["SEV1", "SEV2"]),
            runbooks: RunbookSettings::default(),
            review: ReviewSettings::default(),
            escalation: EscalationSettings::default(),
            waivers: "risk_acceptance.yml".into(),
        }
    }
}

impl Config {
    /// Reads `irready.yml` at the scanned root; the defaults when it does not exist.
    pub fn load_from_root(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        Config::load(&root.join(CONFIG_FILE), CONFIG_FILE.into())
    }

    /// Reads a configuration file; the defaults when it does not exist. An empty file (or
    /// one holding only comments) is the defaults too. Every problem is reported, not
    /// only the first.
    pub fn load(path: &Path, display: Arc<str>) -> Result<Config, Vec<Diagnostic>> {
        if !path.exists() {
            return Ok(Config::default());
        }
        let text = read_text(path, &display).map_err(|d| vec![d])?;
        Config::parse(&text, display)
    }

    /// Parses the text of a configuration file (`display` names it in diagnostics).
    pub fn parse(text: &str, display: Arc<str>) -> Result<Config, Vec<Diagnostic>> {
        if is_blank_yaml(text) {
            return Ok(Config::default());
        }
        let raw: RawConfig = crate::yaml::from_str(text, &display).map_err(|d| vec![d])?;
        let mut v = Validate {
            file: display,
            diagnostics: Vec::new(),
        };
        let config = v.config(raw);
        if v.diagnostics.is_empty() {
            Ok(config)
        } else {
            v.diagnostics.sort();
            Err(v.diagnostics)
        }
    }
}

/// True when a YAML text holds no document: only blank lines, comments or `---`.
pub(crate) fn is_blank_yaml(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    paths: Option<RawPaths>,
    #[serde(default)]
    critical_severities: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    runbooks: Option<RawRunbooks>,
    #[serde(default)]
    review: Option<RawReview>,
    #[serde(default)]
    escalation: Option<RawEscalation>,
    #[serde(default)]
    waivers: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPaths {
    #[serde(default)]
    severity_definitions: Option<Spanned<String>>,
    #[serde(default)]
    oncall: Option<Spanned<String>>,
    #[serde(default)]
    runbooks: Option<Spanned<String>>,
    #[serde(default)]
    incidents: Option<Spanned<String>>,
    #[serde(default)]
    postmortems: Option<Spanned<String>>,
    #[serde(default)]
    calendar: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRunbooks {
    #[serde(default)]
    url_bases: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    stale_after_days: Option<u32>,
    #[serde(default)]
    required_sections: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReview {
    #[serde(default)]
    severities: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    deadline_business_days: Option<u32>,
    #[serde(default)]
    timeline_phrases: Option<RawPhrases>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhrases {
    #[serde(default)]
    detected: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    acknowledged: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    mitigated: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    resolved: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEscalation {
    #[serde(default)]
    max_first_delay_minutes: Option<u32>,
}

/// Fills defaults and checks what serde cannot: no empty strings, no absolute paths.
struct Validate {
    file: Arc<str>,
    diagnostics: Vec<Diagnostic>,
}

impl Validate {
    fn at<T>(&self, s: &Spanned<T>) -> Location {
        spanned_location(&self.file, s)
    }

    fn text(&mut self, s: Spanned<String>, what: &str) -> String {
        if s.value.trim().is_empty() {
            let at = self.at(&s);
            self.diagnostics
                .push(Diagnostic::new(at, format!("empty value: expected {what}")));
        }
        s.value.trim().to_string()
    }

    fn texts(
        &mut self,
        items: Option<Vec<Spanned<String>>>,
        default: Vec<String>,
        what: &str,
    ) -> Vec<String> {
        match items {
            None => default,
            Some(items) => items.into_iter().map(|s| self.text(s, what)).collect(),
        }
    }

    fn path(&mut self, s: Option<Spanned<String>>, default: PathBuf) -> PathBuf {
        let Some(s) = s else { return default };
        let at = self.at(&s);
        let text = self.text(s, "a path relative to the scanned root");
        let path = PathBuf::from(&text);
        if path.is_absolute() {
            self.diagnostics.push(Diagnostic::new(
                at,
                format!("absolute path `{text}`: expected a path relative to the scanned root"),
            ));
        }
        path
    }

    fn config(&mut self, raw: RawConfig) -> Config {
        let d = Config::default();
        let paths = match raw.paths {
            None => d.paths,
            Some(p) => Paths {
                severity_definitions: self
                    .path(p.severity_definitions, d.paths.severity_definitions),
                oncall: self.path(p.oncall, d.paths.oncall),
                runbooks: self.path(p.runbooks, d.paths.runbooks),
                incidents: self.path(p.incidents, d.paths.incidents),
                postmortems: self.path(p.postmortems, d.paths.postmortems),
                calendar: self.path(p.calendar, d.paths.calendar),
            },
        };
        let critical_severities = self.texts(
            raw.critical_severities,
            d.critical_severities,
            "a severity level name",
        );
        let runbooks = match raw.runbooks {
            None => d.runbooks,
            Some(r) => RunbookSettings {
                url_bases: self.texts(r.url_bases, d.runbooks.url_bases, "a URL prefix"),
                stale_after_days: r.stale_after_days.unwrap_or(d.runbooks.stale_after_days),
                required_sections: self.texts(
                    r.required_sections,
                    d.runbooks.required_sections,
                    "a section heading",
                ),
            },
        };
        let review = match raw.review {
            None => d.review,
            Some(r) => {
                let dp = d.review.timeline_phrases;
                let timeline_phrases = match r.timeline_phrases {
                    None => dp,
                    Some(p) => TimelinePhrases {
                        detected: self.texts(p.detected, dp.detected, "a phrase"),
                        acknowledged: self.texts(p.acknowledged, dp.acknowledged, "a phrase"),
                        mitigated: self.texts(p.mitigated, dp.mitigated, "a phrase"),
                        resolved: self.texts(p.resolved, dp.resolved, "a phrase"),
                    },
                };
                ReviewSettings {
                    severities: self.texts(
                        r.severities,
                        d.review.severities,
                        "a severity level name",
                    ),
                    deadline_business_days: r
                        .deadline_business_days
                        .unwrap_or(d.review.deadline_business_days),
                    timeline_phrases,
                }
            }
        };
        let escalation = EscalationSettings {
            max_first_delay_minutes: raw
                .escalation
                .and_then(|e| e.max_first_delay_minutes)
                .unwrap_or(d.escalation.max_first_delay_minutes),
        };
        let waivers = self.path(raw.waivers, d.waivers);
        Config {
            paths,
            critical_severities,
            runbooks,
            review,
            escalation,
            waivers,
        }
    }
}

/// The location serde-saphyr recorded for a value, in our terms (1-based, at least 1:1).
pub(crate) fn spanned_location<T>(file: &Arc<str>, s: &Spanned<T>) -> Location {
    let l = s.referenced;
    Location::new(
        file.clone(),
        (l.line() as u32).max(1),
        (l.column() as u32).max(1),
    )
}

/// A YAML mapping read in the file's order with the position of every key: the IR
/// documents key their entries by name (`SEV1:`, `payments-primary:`), and a `BTreeMap`
/// would sort them and lose where each one is written.
pub(crate) struct OrderedMap<V>(pub Vec<(Spanned<String>, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Entries<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping of names to entries")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<OrderedMap<V>, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<V>()?;
                    out.push((key, value));
                }
                Ok(OrderedMap(out))
            }
        }
        d.deserialize_map(Entries(std::marker::PhantomData))
    }
}

//! The runbook catalog (SPEC §5): Markdown files under the runbooks folder, each with its
//! header fields — from YAML front matter (`alert_ids`, `service`, `severity`, `owner`,
//! `last_updated`) or from the upstream template's bold header lines (`**Alert ID:**`,
//! `**Severity:**`, `**Owner:**`, `**Last Updated:**`) — and its headings.
//!
//! The catalog is what alert links resolve to (`runbook-linked`: by URL base + slug, by
//! relative path, or by alert id) and what `runbook-quality` inspects (owner, severity,
//! last-updated date, required sections, orphans). One broken runbook never hides the
//! others: [`load_runbooks`] returns the catalog and the diagnostics side by side.

use crate::diagnostic::Diagnostic;
use crate::ir::config::spanned_location;
use crate::source::{LineIndex, Location, display_path};
use crate::terraform::module::read_text;
use jiff::civil::Date;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// All runbooks found under the catalog folder, sorted by path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunbookCatalog {
    /// The runbooks, sorted by `path`.
    pub runbooks: Vec<Runbook>,
}

/// One runbook file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runbook {
    /// The path relative to the scanned root, forward slashes: the `resource` of
    /// `runbook-quality` findings and what a relative link resolves to.
    pub path: Arc<str>,
    /// The path relative to the catalog folder, forward slashes (`payments/high-5xx.md`).
    pub catalog_path: String,
    /// The file stem (`high-5xx`): `<url_base><slug>` links resolve to this runbook.
    pub slug: String,
    /// The text of the first level-1 heading.
    pub title: Option<String>,
    /// The alerts this runbook answers (front matter `alert_ids` or `**Alert ID:**`,
    /// comma-separated).
    pub alert_ids: Vec<String>,
    /// Where the alert ids are written.
    pub alert_ids_location: Option<Location>,
    /// The service the runbook belongs to.
    pub service: Option<String>,
    /// The severity level of the alerts it answers (`SEV2`).
    pub severity: Option<String>,
    /// Who keeps it current.
    pub owner: Option<String>,
    /// When it was last reviewed; a runbook without a valid date cannot be shown fresh.
    pub last_updated: Option<Date>,
    /// Where the last-updated date is written.
    pub last_updated_location: Option<Location>,
    /// Every heading in document order.
    pub headings: Vec<Heading>,
    /// Whether a heading mentions automation ("Automation", "Automated remediation"):
    /// maturity level 4 asks for runbooks with automated steps.
    pub has_automation: bool,
    /// The file itself (line 1, column 1).
    pub location: Location,
}

/// A Markdown heading of a runbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The heading's text without the `#` marks or inline formatting.
    pub text: String,
    /// 1 for `#`, 2 for `##`...
    pub level: u8,
    /// The line it starts on.
    pub line: u32,
}

impl RunbookCatalog {
    /// The runbook at this path relative to the scanned root (forward slashes).
    pub fn by_path(&self, path: &str) -> Option<&Runbook> {
        self.runbooks.iter().find(|r| &*r.path == path)
    }

    /// The runbooks with this slug (file stem); several when subfolders repeat a name.
    pub fn by_slug(&self, slug: &str) -> Vec<&Runbook> {
        self.runbooks.iter().filter(|r| r.slug == slug).collect()
    }

    /// The runbooks that list this alert id (compared exactly).
    pub fn by_alert_id(&self, alert_id: &str) -> Vec<&Runbook> {
        self.runbooks
            .iter()
            .filter(|r| r.alert_ids.iter().any(|a| a == alert_id))
            .collect()
    }

    /// The runbook a URL points at through one of the configured URL bases: the rest of
    /// the URL after the base, without query, fragment, trailing slash or a `.md` /
    /// `.html` extension, is a path in the catalog (`payments/high-5xx`) or a slug.
    pub fn resolve_url(&self, url: &str, url_bases: &[String]) -> Option<&Runbook> {
        let url = url.trim();
        let url = url.split(['#', '?']).next().unwrap_or(url);
        url_bases.iter().find_map(|base| {
            let rest = url.strip_prefix(base.as_str())?;
            let rest = rest.trim_matches('/');
            let rest = [".md", ".markdown", ".html", ".htm"]
                .iter()
                .find_map(|ext| rest.strip_suffix(ext))
                .unwrap_or(rest);
            if rest.is_empty() {
                return None;
            }
            self.runbooks
                .iter()
                .find(|r| strip_extension(&r.catalog_path) == rest)
                .or_else(|| match self.by_slug(rest).as_slice() {
                    [one] => Some(*one),
                    _ => None,
                })
        })
    }
}

fn strip_extension(path: &str) -> &str {
    match path.rfind('.') {
        Some(i) if !path[i..].contains('/') => &path[..i],
        _ => path,
    }
}

impl Runbook {
    /// Whether a heading names this section. Case-insensitive; the name must start a word
    /// of the heading, so "Symptom" matches "Symptoms" and "2. Symptoms", "Remediation"
    /// matches "Immediate Remediation", and "Escalation" matches "Escalation Path".
    pub fn has_section(&self, name: &str) -> bool {
        let name = name.trim().to_lowercase();
        !name.is_empty()
            && self
                .headings
                .iter()
                .any(|h| starts_a_word(&h.text.to_lowercase(), &name))
    }

    /// The required sections this runbook lacks, in the order given.
    pub fn missing_sections<'a>(&self, required: &'a [String]) -> Vec<&'a str> {
        required
            .iter()
            .filter(|s| !self.has_section(s))
            .map(String::as_str)
            .collect()
    }

    /// Whether the runbook is older than `stale_after_days` on `as_of`; `None` when it has
    /// no valid last-updated date (the quality check reports that separately).
    pub fn is_stale(&self, as_of: Date, stale_after_days: u32) -> Option<bool> {
        let updated = self.last_updated?;
        let age = (as_of - updated).get_days();
        Some(i64::from(age) > i64::from(stale_after_days))
    }
}

fn starts_a_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| {
        haystack[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Reads every Markdown runbook (`.md`, `.markdown`) under `dir`, recursively, honouring
/// `.gitignore` and skipping hidden files and `README.md`. Paths are shown relative to
/// `root`. A folder that does not exist is an empty catalog (the checks say what is
/// missing); files that cannot be read are left out with a diagnostic.
pub fn load_runbooks(root: &Path, dir: &Path) -> (RunbookCatalog, Vec<Diagnostic>) {
    let mut catalog = RunbookCatalog::default();
    let mut diagnostics = Vec::new();
    if !dir.exists() {
        return (catalog, diagnostics);
    }
    if !dir.is_dir() {
        diagnostics.push(Diagnostic::file(
            display_path(root, dir),
            "not a folder: expected the folder of Markdown runbooks",
        ));
        return (catalog, diagnostics);
    }
    let walk = ignore::WalkBuilder::new(dir)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diagnostics.push(Diagnostic::file(
                    display_path(root, dir),
                    format!("cannot read the runbook folder: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_some_and(|t| t.is_file()) || !is_runbook_file(path) {
            continue;
        }
        let display: Arc<str> = display_path(root, path).into();
        let catalog_path = display_path(dir, path);
        match read_text(path, &display) {
            Ok(text) => {
                let (runbook, mut errors) = parse_runbook(&text, display, &catalog_path);
                catalog.runbooks.push(runbook);
                diagnostics.append(&mut errors);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    catalog.runbooks.sort_by(|a, b| a.path.cmp(&b.path));
    diagnostics.sort();
    (catalog, diagnostics)
}

fn is_runbook_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    (name.ends_with(".md") || name.ends_with(".markdown")) && name != "readme.md"
}

/// Parses one runbook's text. `path` is its path relative to the scanned root and
/// `catalog_path` relative to the catalog folder (both with forward slashes). A runbook
/// with a broken header is still returned (links to it resolve), with the fields that
/// could not be read left empty and a diagnostic for each.
pub fn parse_runbook(text: &str, path: Arc<str>, catalog_path: &str) -> (Runbook, Vec<Diagnostic>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let index = LineIndex::new(path.clone(), text.into());
    let mut diagnostics = Vec::new();
    let (front, body_start) = front_matter(text, &path, &mut diagnostics);
    let body = &text[body_start..];
    let outline = outline(body, body_start, &index);
    let bold = bold_headers(text, body_start, &outline.code);

    let slug = catalog_path
        .rsplit('/')
        .next()
        .map(strip_extension)
        .unwrap_or_default()
        .to_string();
    let mut runbook = Runbook {
        path: path.clone(),
        catalog_path: catalog_path.to_string(),
        slug,
        title: outline
            .headings
            .iter()
            .find(|h| h.level == 1)
            .map(|h| h.text.clone()),
        alert_ids: Vec::new(),
        alert_ids_location: None,
        service: None,
        severity: None,
        owner: None,
        last_updated: None,
        last_updated_location: None,
        has_automation: outline.headings.iter().any(|h| {
            let t = h.text.to_lowercase();
            t.contains("automation") || t.contains("automated")
        }),
        headings: outline.headings,
        location: Location::new(path.clone(), 1, 1),
    };

    // Front matter first; the bold header lines fill what it does not give.
    let mut date: Option<(String, Location)> = None;
    if let Some(fm) = front {
        if let Some(ids) = fm.alert_ids {
            runbook.alert_ids_location = Some(shifted(&path, &ids, fm.line_offset));
            runbook.alert_ids = ids.value.0;
        }
        runbook.service = non_empty(fm.service);
        runbook.severity = non_empty(fm.severity);
        runbook.owner = non_empty(fm.owner);
        if let Some(d) = fm.last_updated {
            date = Some((
                d.value.trim().to_string(),
                shifted(&path, &d, fm.line_offset),
            ));
        }
    }
    for field in bold {
        let at = index.location(field.value_offset);
        match field.label.as_str() {
            "alert id" | "alert ids" | "alert" | "alerts" if runbook.alert_ids.is_empty() => {
                runbook.alert_ids = split_ids(&field.value);
                runbook.alert_ids_location = Some(at);
            }
            "service" if runbook.service.is_none() => runbook.service = Some(field.value),
            "severity" if runbook.severity.is_none() => runbook.severity = Some(field.value),
            "owner" if runbook.owner.is_none() => runbook.owner = Some(field.value),
            "last updated" | "last reviewed" if date.is_none() => date = Some((field.value, at)),
            _ => {}
        }
    }
    if let Some((text, at)) = date {
        match parse_date(&text) {
            Some(d) => {
                runbook.last_updated = Some(d);
                runbook.last_updated_location = Some(at);
            }
            None => diagnostics.push(Diagnostic::new(
                at,
                format!("invalid date `{text}`: expected a date such as 2026-01-15"),
            )),
        }
    }
    diagnostics.sort();
    (runbook, diagnostics)
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn split_ids(text: &str) -> Vec<String> {
    text.split(',')
        .map(|s| s.trim().trim_matches('`').trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A date as runbooks write it: `2026-01-15`, or a timestamp whose written date counts.
fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Ok(d) = text.parse::<Date>() {
        return Some(d);
    }
    let is_timestamp =
        text.parse::<jiff::Timestamp>().is_ok() || text.parse::<jiff::civil::DateTime>().is_ok();
    if is_timestamp {
        return text.get(..10)?.parse::<Date>().ok();
    }
    None
}

/// The front matter's fields with their positions; unknown keys (`title`, `tags`) are
/// allowed, since runbooks often live in a documentation site that uses them.
#[derive(Deserialize, Default)]
struct RawFrontMatter {
    #[serde(default, alias = "alert_id")]
    alert_ids: Option<Spanned<AlertIds>>,
    #[serde(default)]
    service: Option<String>,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    last_updated: Option<Spanned<String>>,
    #[serde(skip)]
    line_offset: u32,
}

/// `alert_ids` as a list or as one comma-separated text.
struct AlertIds(Vec<String>);

impl<'de> Deserialize<'de> for AlertIds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AlertIds;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of alert ids or a comma-separated text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AlertIds, E> {
                Ok(AlertIds(split_ids(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AlertIds, A::Error> {
                let mut out = Vec::new();
                while let Some(id) = seq.next_element::<String>()? {
                    let id = id.trim().to_string();
                    if !id.is_empty() {
                        out.push(id);
                    }
                }
                Ok(AlertIds(out))
            }
        }
        d.deserialize_any(V)
    }
}

fn shifted<T>(file: &Arc<str>, s: &Spanned<T>, lines: u32) -> Location {
    let mut at = spanned_location(file, s);
    at.line += lines;
    at
}

/// Splits off YAML front matter (`---` on the first line, up to a line `---` or `...`).
/// Returns the parsed fields (if any and if valid) and the byte offset where the Markdown
/// body begins.
fn front_matter(
    text: &str,
    file: &Arc<str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<RawFrontMatter>, usize) {
    let Some(first_end) = text.find('\n') else {
        return (None, 0);
    };
    if text[..first_end].trim_end() != "---" {
        return (None, 0);
    }
    let yaml_start = first_end + 1;
    let mut offset = yaml_start;
    let mut close = None;
    for line in text[yaml_start..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start)) = close else {
        diagnostics.push(Diagnostic::file(
            file.clone(),
            "front matter is not closed: expected a line `---` after the YAML header",
        ));
        return (None, 0);
    };
    let yaml = &text[yaml_start..yaml_end];
    if crate::ir::config::is_blank_yaml(yaml) {
        return (None, body_start);
    }
    match serde_saphyr::from_str::<RawFrontMatter>(yaml) {
        Ok(mut fm) => {
            fm.line_offset = 1;
            (Some(fm), body_start)
        }
        Err(e) => {
            let mut d = crate::yaml::error(file, &e);
            d.location.line += 1;
            d.message = format!("invalid front matter: {}", d.message);
            diagnostics.push(d);
            (None, body_start)
        }
    }
}

struct Outline {
    headings: Vec<Heading>,
    /// Byte ranges (in the whole text) of code blocks, where bold lines are not headers.
    code: Vec<Range<usize>>,
}

fn outline(body: &str, body_start: usize, index: &LineIndex) -> Outline {
    let mut headings = Vec::new();
    let mut code = Vec::new();
    let mut current: Option<(u8, usize, String)> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((heading_level(level), range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, text)) = current.take() {
                    headings.push(Heading {
                        text: text.trim().to_string(),
                        level,
                        line: index.location(body_start + start).line,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, text)) = current.as_mut() {
                    text.push(' ');
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                code.push(body_start + range.start..body_start + range.end);
            }
            _ => {}
        }
    }
    Outline { headings, code }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A `**Label:** value` line of the upstream template.
struct BoldField {
    /// Lower-case label without the colon (`last updated`).
    label: String,
    /// The value, trimmed, backticks removed.
    value: String,
    /// Byte offset of the value in the whole text.
    value_offset: usize,
}

/// Finds the template's header lines: `**Owner:** team`, `**Owner**: team`, optionally
/// as a list item, outside code blocks. Only the first line of each label counts.
fn bold_headers(text: &str, body_start: usize, code: &[Range<usize>]) -> Vec<BoldField> {
    let mut out: Vec<BoldField> = Vec::new();
    let mut offset = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        if code.iter().any(|r| r.contains(&line_start)) {
            continue;
        }
        let trimmed = line.trim_start();
        let mut rest = trimmed;
        for bullet in ["- ", "* ", "+ ", "> "] {
            if let Some(r) = rest.strip_prefix(bullet) {
                rest = r.trim_start();
                break;
            }
        }
        let Some(inner) = rest.strip_prefix("**") else {
            continue;
        };
        let Some(close) = inner.find("**") else {
            continue;
        };
        let label = inner[..close].trim();
        let mut after = &inner[close + 2..];
        let label = if let Some(l) = label.strip_suffix(':') {
            l
        } else if let Some(a) = after.strip_prefix(':') {
            after = a;
            label
        } else {
            continue;
        };
        let value_raw = after.trim_end_matches(['\n', '\r']);
        let lead = value_raw.len() - value_raw.trim_start().len();
        let value = value_raw.trim().trim_matches('`').trim().to_string();
        if value.is_empty() {
            continue;
        }
        let label = label.trim().to_lowercase();
        if out.iter().any(|f| f.label == label) {
            continue;
        }
        let value_offset = line_start + (line.len() - after.len()) + lead;
        out.push(BoldField {
            label,
            value,
            value_offset,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runbook(text: &str) -> (Runbook, Vec<String>) {
        let (r, d) = parse_runbook(text, "rb/x.md".into(), "x.md");
        (r, d.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn sections_match_case_insensitively_at_word_starts() {
        let (r, _) = runbook(
            "# T\n## 1. Symptoms\n## Diagnosis steps\n## Immediate remediation\n### escalation path\n",
        );
        for s in ["Symptom", "diagnosis", "Remediation", "ESCALATION"] {
            assert!(r.has_section(s), "{s}");
        }
        assert!(!r.has_section("Rollback"));
        assert!(!r.has_section("mediation"));
        assert!(!r.has_section(""));
        let required = vec!["Symptom".to_string(), "Rollback".to_string()];
        assert_eq!(r.missing_sections(&required), ["Rollback"]);
    }

    #[test]
    fn staleness_counts_days_after_the_last_update() {
        let (r, _) = runbook("**Last Updated:** 2026-01-01\n");
        let day = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(r.is_stale(day("2026-06-30"), 180), Some(false));
        assert_eq!(r.is_stale(day("2026-07-01"), 180), Some(true));
        let (none, _) = runbook("# no date\n");
        assert_eq!(none.is_stale(day("2026-07-01"), 180), None);
    }

    #[test]
    fn dates_accept_timestamps_but_not_prose() {
        assert_eq!(parse_date("2026-01-15"), "2026-01-15".parse().ok());
        assert_eq!(
            parse_date("2026-01-15T23:30:00-05:00"),
            "2026-01-15".parse().ok()
        );
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("last week"), None);
        assert_eq!(parse_date("15.01.2026"), None);
    }

    #[test]
    fn bold_lines_inside_code_blocks_are_not_headers() {
        let (r, _) = runbook("# T\n```\n**Owner:** nobody\n```\n- **Owner**: payments-team\n");
        assert_eq!(r.owner.as_deref(), Some("payments-team"));
    }
}

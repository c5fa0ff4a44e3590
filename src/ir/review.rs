//! Post-incident reviews (SPEC §5): Markdown files that say which incident they review,
//! when the review took place, what happened when (the Timeline table) and what will be
//! done about it (the Action Items table). The review deadline, the action-item checks
//! and the metrics (timestamps missing from an incident record) read them.
//!
//! The header is YAML front matter (`incident`, `date`, `severity`, `title`, `authors`,
//! `status`, `service`; other keys are left to site generators) or the bold lines of the
//! upstream template (`**Incident:** INC-42`, `**Date:** 2026-03-02`, `**Severity:**`,
//! `**Authors:**`, `**Status:**`, `**Service:**`); front matter wins where both say it.
//! `incident` and `date` (YYYY-MM-DD) are required.
//!
//! Sections are found by heading text, any level, case-insensitive: a heading starting
//! with "Timeline" and one starting with "Action Item". Every table in the section counts.
//!
//! Timeline times, per row, top to bottom:
//! - an RFC 3339 timestamp with offset (`2026-03-01T09:30:00+01:00`), or a date and a time
//!   (`2026-03-01 09:30`, optionally followed by `Z`, `UTC` or `+01:00`): that instant;
//! - a time alone (`09:30`, `09:30:15`, optionally with a zone as above): on the date of
//!   the row above, or on the review's date when no row above carries one; a time earlier
//!   than the row above is on the next day (a timeline is chronological).
//!
//! A time without a zone takes the offset of the row above, or UTC when none has one.
//! Write the first row with its date so the times land on the incident's day.

use crate::diagnostic::Diagnostic;
use crate::ir::calendar::parse_date;
use crate::ir::incident::{document_files, parse_timestamp};
use crate::source::{LineIndex, Location};
use crate::terraform::module::read_text;
use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::Offset;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_saphyr::Spanned;
use std::path::Path;
use std::sync::Arc;

/// Where post-incident reviews live by default, relative to the scanned root.
pub const DEFAULT_POSTMORTEMS: &str = "incident-response/postmortems";

/// One post-incident review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// The id of the incident reviewed (`INC-42`); reviews are matched to incidents by it.
    pub incident: String,
    /// The day of the review, compared with the incident's business-day deadline.
    pub date: Date,
    pub severity: Option<String>,
    /// The front matter's `title`, or the document's first level-1 heading.
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub status: Option<String>,
    pub service: Option<String>,
    /// How the timeline was written, from the front matter's `timeline_source`
    /// (`generated`: from alerting and paging events; lower-cased).
    pub timeline_source: Option<String>,
    /// The Timeline rows that carry a time, in table order.
    pub timeline: Vec<TimelineEntry>,
    pub action_items: Vec<ActionItem>,
    /// Where the Timeline heading is, if there is one.
    pub timeline_section: Option<Location>,
    /// Where the Action Items heading is, if there is one ("no action items" points here).
    pub action_items_section: Option<Location>,
    /// Where the incident id is written: findings about the review point here.
    pub location: Location,
}

/// One row of the Timeline table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub time: Timestamp,
    /// The calendar date of `time` in the offset the row was written in.
    pub date: Date,
    pub event: String,
    pub location: Location,
}

/// One row of the Action Items table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionItem {
    pub priority: Option<String>,
    pub action: String,
    pub owner: Option<String>,
    /// The target date; `None` when the cell is empty, `TBD`, `n/a` or `-` (or unreadable,
    /// which is also a diagnostic).
    pub due: Option<Date>,
    pub status: Option<String>,
    /// The status is done, closed, fixed or resolved (any case, emoji and punctuation
    /// around it ignored).
    pub closed: bool,
    pub location: Location,
}

/// The phrases that mark timeline rows: `review.timeline_phrases` of `irready.yml`.
pub use super::config::TimelinePhrases as Phrases;

/// The incident timestamps a review's timeline supplies: for each, the earliest row whose
/// event matches one of its phrases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineTimes {
    pub detected: Option<Timestamp>,
    pub acknowledged: Option<Timestamp>,
    pub mitigated: Option<Timestamp>,
    pub resolved: Option<Timestamp>,
    /// The date of `resolved` in the offset its row was written in (for the deadline).
    pub resolved_date: Option<Date>,
}

/// Reads the timeline of `review` for the timestamps an incident record may lack.
pub fn timeline_fills(review: &Review, phrases: &Phrases) -> TimelineTimes {
    let earliest = |list: &[String]| -> Option<&TimelineEntry> {
        let wanted: Vec<String> = list.iter().map(|p| words(p)).collect();
        review
            .timeline
            .iter()
            .filter(|e| {
                let event = words(&e.event);
                wanted
                    .iter()
                    .any(|w| !w.trim().is_empty() && event.contains(w.as_str()))
            })
            .min_by_key(|e| e.time)
    };
    let resolved = earliest(&phrases.resolved);
    TimelineTimes {
        detected: earliest(&phrases.detected).map(|e| e.time),
        acknowledged: earliest(&phrases.acknowledged).map(|e| e.time),
        mitigated: earliest(&phrases.mitigated).map(|e| e.time),
        resolved: resolved.map(|e| e.time),
        resolved_date: resolved.map(|e| e.date),
    }
}

/// Lowercase words separated by single spaces, with a space at both ends, so that a
/// phrase matches whole words only.
fn words(s: &str) -> String {
    let mut out = String::from(" ");
    for w in s
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        out.push_str(w);
        out.push(' ');
    }
    out
}

/// Reads the reviews at `path`: a Markdown file, or a folder of `.md` files (not
/// recursive, in name order; `README.md` and files with "template" in their name are not
/// reviews). Returns the reviews that loaded and a diagnostic for every problem. A path
/// that does not exist gives neither.
pub fn load_reviews(path: &Path, display: Arc<str>) -> (Vec<Review>, Vec<Diagnostic>) {
    let files = match document_files(path, &display, &["md", "markdown"]) {
        Ok(f) => f,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let folder = path.is_dir();
    let mut reviews = Vec::new();
    let mut diags = Vec::new();
    for (file, shown) in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if folder && (name == "readme.md" || name.contains("template")) {
            continue;
        }
        let (review, mut d) = load_review(&file, shown);
        reviews.extend(review);
        diags.append(&mut d);
    }
    (reviews, diags)
}

/// Reads one review file (see `parse_review`).
pub fn load_review(path: &Path, display: Arc<str>) -> (Option<Review>, Vec<Diagnostic>) {
    match read_text(path, &display) {
        Ok(text) => parse_review(&text, &display),
        Err(d) => (None, vec![d]),
    }
}

/// Parses a review. A row with a bad time or date is reported and the rest kept; a review
/// without incident id or date, or with broken front matter, is `None` with diagnostics.
pub fn parse_review(text: &str, file: &Arc<str>) -> (Option<Review>, Vec<Diagnostic>) {
    let index = LineIndex::new(file.clone(), Arc::from(text));
    let mut diags = Vec::new();
    let mut header = Header::default();
    let body_start = match front_matter(text, file, &index, &mut header) {
        Ok(start) => start,
        Err(d) => return (None, vec![d]),
    };
    let body = &text[body_start..];
    header_lines(body, body_start, &index, &mut header);
    let doc = markdown(body, body_start, &index);

    let incident = header.incident.clone();
    let date = match &header.date {
        Some((d, at)) => match parse_date(d) {
            Some(date) => Some(date),
            None => {
                diags.push(Diagnostic::new(
                    at.clone(),
                    format!("date: `{d}` is not a date: expected YYYY-MM-DD, e.g. 2026-03-02"),
                ));
                None
            }
        },
        None => {
            diags.push(Diagnostic::file(
                file.clone(),
                "no review date: expected `date:` in the front matter or a `**Date:** 2026-03-02` line",
            ));
            None
        }
    };
    if incident.is_none() {
        diags.push(Diagnostic::file(
            file.clone(),
            "no incident id: expected `incident:` in the front matter or an `**Incident:** INC-42` line",
        ));
    }
    let timeline = match date {
        Some(d) => timeline(&doc.timeline_tables, d, &mut diags),
        None => Vec::new(),
    };
    let action_items = action_items(&doc.action_tables, &mut diags);
    let (Some((incident, location)), Some(date)) = (incident, date) else {
        return (None, diags);
    };
    let review = Review {
        incident,
        date,
        severity: header.severity,
        title: header.title.or(doc.title),
        authors: header.authors,
        status: header.status,
        service: header.service,
        timeline_source: header.timeline_source,
        timeline,
        action_items,
        timeline_section: doc.timeline_heading,
        action_items_section: doc.action_heading,
        location,
    };
    (Some(review), diags)
}

/// What the header says, from front matter first and then the bold lines.
#[derive(Default)]
struct Header {
    incident: Option<(String, Location)>,
    date: Option<(String, Location)>,
    severity: Option<String>,
    title: Option<String>,
    authors: Vec<String>,
    status: Option<String>,
    service: Option<String>,
    timeline_source: Option<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct FrontMatter {
    incident: Option<Spanned<serde_json::Value>>,
    date: Option<Spanned<serde_json::Value>>,
    severity: Option<serde_json::Value>,
    title: Option<serde_json::Value>,
    authors: Option<serde_json::Value>,
    status: Option<serde_json::Value>,
    service: Option<serde_json::Value>,
    timeline_source: Option<serde_json::Value>,
}

/// A YAML scalar as text; `None` for null, empty, lists and mappings.
fn scalar(v: &serde_json::Value) -> Option<String> {
    let s = match v {
        serde_json::Value::String(s) => s.trim().to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// Reads the YAML front matter into `header`; returns where the Markdown body starts.
fn front_matter(
    text: &str,
    file: &Arc<str>,
    index: &LineIndex,
    header: &mut Header,
) -> Result<usize, Diagnostic> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let first_len = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_len].trim_end() != "---" {
        return Ok(0);
    }
    let yaml_start = bom + first_len;
    let mut pos = yaml_start;
    let mut end = None;
    for line in text[yaml_start..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            end = Some((pos, pos + line.len()));
            break;
        }
        pos += line.len();
    }
    let Some((yaml_end, body_start)) = end else {
        return Err(Diagnostic::file(
            file.clone(),
            "front matter: the `---` on line 1 is never closed: expected a line `---` after the YAML",
        ));
    };
    let yaml = &text[yaml_start..yaml_end];
    // Positions inside the front matter are shifted by the lines before it.
    let shift = index.location(yaml_start).line - 1;
    let at = |l: &serde_saphyr::Location| {
        Location::new(
            file.clone(),
            (l.line() as u32).max(1) + shift,
            (l.column() as u32).max(1),
        )
    };
    if yaml.trim().is_empty() {
        return Ok(body_start);
    }
    let fm: FrontMatter = serde_saphyr::from_str(yaml).map_err(|e| {
        let mut d = crate::yaml::error(file, &e);
        d.location.line += shift;
        d
    })?;
    let spanned = |v: &Option<Spanned<serde_json::Value>>| {
        v.as_ref()
            .and_then(|s| scalar(&s.value).map(|t| (t, at(&s.referenced))))
    };
    header.incident = spanned(&fm.incident);
    header.date = spanned(&fm.date);
    header.severity = fm.severity.as_ref().and_then(scalar);
    header.title = fm.title.as_ref().and_then(scalar);
    header.status = fm.status.as_ref().and_then(scalar);
    header.service = fm.service.as_ref().and_then(scalar);
    header.timeline_source = fm
        .timeline_source
        .as_ref()
        .and_then(scalar)
        .map(|s| s.to_ascii_lowercase());
    header.authors = match &fm.authors {
        Some(serde_json::Value::Array(xs)) => xs.iter().filter_map(scalar).collect(),
        Some(v) => scalar(v).map(|s| split_list(&s)).unwrap_or_default(),
        None => Vec::new(),
    };
    Ok(body_start)
}

fn split_list(s: &str) -> Vec<String> {
    s.split([',', ';'])
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

/// Reads the template's bold header lines (`**Date:** 2026-03-02`, also as list items and
/// as `**Date**: ...`) outside code fences and tables, filling what front matter left open.
fn header_lines(body: &str, offset: usize, index: &LineIndex, header: &mut Header) {
    let mut pos = offset;
    let mut fence: Option<&str> = None;
    for line in body.split_inclusive('\n') {
        let line_start = pos;
        pos += line.len();
        let t = line.trim();
        for marker in ["```", "~~~"] {
            if t.starts_with(marker) {
                fence = match fence {
                    Some(m) if m == marker => None,
                    None => Some(marker),
                    other => other,
                };
            }
        }
        if fence.is_some() || t.starts_with('|') {
            continue;
        }
        let t = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .unwrap_or(t);
        let Some(rest) = t.strip_prefix("**") else {
            continue;
        };
        let Some(close) = rest.find("**") else {
            continue;
        };
        let key = rest[..close]
            .trim()
            .trim_end_matches(':')
            .trim()
            .to_lowercase();
        let after = &rest[close + 2..];
        let value = after.strip_prefix(':').unwrap_or(after);
        let value = unlink(value.trim().trim_end_matches('\\').trim());
        if value.is_empty() {
            continue;
        }
        let value_at = line.find(value.as_str()).unwrap_or(0);
        let at = index.location(line_start + value_at);
        match key.as_str() {
            "incident" | "incident id" | "incident-id" => {
                header.incident.get_or_insert((value, at));
            }
            "date" | "review date" => {
                header.date.get_or_insert((value, at));
            }
            "severity" => {
                header.severity.get_or_insert(value);
            }
            "status" => {
                header.status.get_or_insert(value);
            }
            "service" | "services" => {
                header.service.get_or_insert(value);
            }
            "authors" | "author" if header.authors.is_empty() => {
                header.authors = split_list(&value);
            }
            _ => {}
        }
    }
}

/// `[INC-42](https://tracker/INC-42)` → `INC-42`; `` `INC-42` `` → `INC-42`.
fn unlink(s: &str) -> String {
    if let Some(rest) = s.strip_prefix('[')
        && let Some(close) = rest.find("](")
        && rest.ends_with(')')
    {
        return rest[..close].trim().to_string();
    }
    s.trim_matches('`').trim().to_string()
}

/// A table as read: header cells and body rows, each cell with its text and position.
struct Table {
    /// Where the table starts: table-level problems (missing columns) point here.
    location: Location,
    header: Vec<(String, Location)>,
    rows: Vec<(Location, Vec<(String, Location)>)>,
}

/// What the Markdown body holds for reviews: title, the two sections and their tables.
#[derive(Default)]
struct Document {
    title: Option<String>,
    timeline_heading: Option<Location>,
    action_heading: Option<Location>,
    timeline_tables: Vec<Table>,
    action_tables: Vec<Table>,
}

#[derive(Clone, Copy, PartialEq)]
enum Section {
    Timeline,
    ActionItems,
}

fn markdown(body: &str, offset: usize, index: &LineIndex) -> Document {
    let mut doc = Document::default();
    let mut section: Option<(Section, pulldown_cmark::HeadingLevel)> = None;
    let mut heading: Option<(pulldown_cmark::HeadingLevel, usize, String)> = None;
    let mut table: Option<Table> = None;
    let mut row: Option<(Location, Vec<(String, Location)>)> = None;
    let mut cell: Option<(String, Location)> = None;
    let parser = Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        let at = || index.location(offset + range.start);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level, range.start, String::new()))
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, start, text)) = heading.take() else {
                    continue;
                };
                let name = text.trim().to_lowercase();
                let here = index.location(offset + start);
                if level == pulldown_cmark::HeadingLevel::H1 && doc.title.is_none() {
                    doc.title = Some(text.trim().to_string());
                }
                if name.starts_with("timeline") {
                    section = Some((Section::Timeline, level));
                    doc.timeline_heading.get_or_insert(here);
                } else if name.starts_with("action item") {
                    section = Some((Section::ActionItems, level));
                    doc.action_heading.get_or_insert(here);
                } else if section.is_some_and(|(_, l)| level <= l) {
                    section = None;
                }
            }
            Event::Start(Tag::Table(_)) if section.is_some() => {
                table = Some(Table {
                    location: at(),
                    header: Vec::new(),
                    rows: Vec::new(),
                });
            }
            Event::End(TagEnd::Table) => {
                if let (Some(t), Some((s, _))) = (table.take(), section) {
                    match s {
                        Section::Timeline => doc.timeline_tables.push(t),
                        Section::ActionItems => doc.action_tables.push(t),
                    }
                }
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) if table.is_some() => {
                row = Some((at(), Vec::new()));
            }
            Event::End(TagEnd::TableHead) => {
                if let (Some(t), Some((_, cells))) = (table.as_mut(), row.take()) {
                    t.header = cells;
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) if row.is_some() => cell = Some((String::new(), at())),
            Event::End(TagEnd::TableCell) => {
                if let (Some(r), Some((text, loc))) = (row.as_mut(), cell.take()) {
                    r.1.push((text.trim().to_string(), loc));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, h)) = heading.as_mut() {
                    h.push_str(&t);
                } else if let Some((c, loc)) = cell.as_mut() {
                    // A cell is pointed at by its text, not by the space after the `|`.
                    if c.trim().is_empty() && !t.trim().is_empty() {
                        let lead = t.len() - t.trim_start().len();
                        *loc = index.location(offset + range.start + lead);
                    }
                    c.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((c, _)) = cell.as_mut() {
                    c.push(' ');
                }
            }
            _ => {}
        }
    }
    doc
}

/// The index of the first header cell whose lowercased text is one of `names`.
fn column(header: &[(String, Location)], names: &[&str]) -> Option<usize> {
    header
        .iter()
        .position(|(h, _)| names.contains(&h.trim().trim_end_matches(':').to_lowercase().as_str()))
}

fn header_text(header: &[(String, Location)]) -> String {
    header
        .iter()
        .map(|(h, _)| h.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

const TIME_COLUMNS: &[&str] = &["time", "timestamp", "time (utc)", "when", "date/time"];
const EVENT_COLUMNS: &[&str] = &["event", "events", "description", "what happened"];

fn timeline(
    tables: &[Table],
    review_date: Date,
    diags: &mut Vec<Diagnostic>,
) -> Vec<TimelineEntry> {
    let mut out = Vec::new();
    for table in tables {
        let (Some(tc), Some(ec)) = (
            column(&table.header, TIME_COLUMNS),
            column(&table.header, EVENT_COLUMNS),
        ) else {
            let at = table
                .header
                .first()
                .map(|h| h.1.clone())
                .unwrap_or_default();
            diags.push(Diagnostic::new(
                at,
                format!(
                    "Timeline table: expected columns Time and Event, found `{}`",
                    header_text(&table.header)
                ),
            ));
            continue;
        };
        // The date and offset the next bare time is read against, and the last instant.
        let mut anchor: (Date, Option<Offset>) = (review_date, None);
        let mut last: Option<Timestamp> = None;
        for (row_at, cells) in &table.rows {
            let (time_text, time_at) = cells
                .get(tc)
                .cloned()
                .unwrap_or_else(|| (String::new(), row_at.clone()));
            let event = cells.get(ec).map(|c| c.0.clone()).unwrap_or_default();
            if time_text.is_empty() && event.is_empty() {
                continue;
            }
            match read_time(&time_text, &mut anchor, last) {
                Some((time, date)) => {
                    last = Some(time);
                    out.push(TimelineEntry { time, date, event, location: row_at.clone() });
                }
                None => diags.push(Diagnostic::new(
                    time_at,
                    format!(
                        "Timeline: `{time_text}` is not a time: expected an RFC 3339 timestamp (2026-03-01T09:30:00+01:00), a date and time (2026-03-01 09:30) or HH:MM"
                    ),
                )),
            }
        }
    }
    out
}

/// Reads one timeline time (see the module docs), moving `anchor` to it.
fn read_time(
    s: &str,
    anchor: &mut (Date, Option<Offset>),
    last: Option<Timestamp>,
) -> Option<(Timestamp, Date)> {
    let s = s.trim();
    if let Some((ts, date)) = parse_timestamp(s) {
        let offset = jiff::fmt::temporal::Pieces::parse(s)
            .ok()?
            .offset()?
            .to_numeric_offset();
        *anchor = (date, Some(offset));
        return Some((ts, date));
    }
    let (clock, zone) = split_zone(s)?;
    let (date, time, dated) = match clock.split_once([' ', 'T']) {
        Some((d, t)) => (parse_date(d)?, parse_clock(t)?, true),
        None => (anchor.0, parse_clock(clock)?, false),
    };
    let offset = zone.or(anchor.1).unwrap_or(Offset::UTC);
    let mut date = date;
    let mut ts = offset.to_timestamp(date.to_datetime(time)).ok()?;
    if !dated && last.is_some_and(|l| ts < l) {
        date = date.tomorrow().ok()?;
        ts = offset.to_timestamp(date.to_datetime(time)).ok()?;
    }
    *anchor = (date, Some(offset));
    Some((ts, date))
}

/// Splits a trailing zone (`Z`, `UTC`, `+01:00`, `-0500`) from a time.
fn split_zone(s: &str) -> Option<(&str, Option<Offset>)> {
    let s = s.trim();
    for utc in [" UTC", "UTC", "Z", " Z"] {
        if let Some(rest) = s.strip_suffix(utc) {
            return Some((rest.trim(), Some(Offset::UTC)));
        }
    }
    // A sign after the time part (position > the last ':'-free date part) starts an offset.
    let time_start = s.rfind([' ', 'T']).map_or(0, |i| i + 1);
    if let Some(i) = s[time_start..].find(['+', '-']).map(|i| i + time_start) {
        let sign = if s[i..].starts_with('-') { -1 } else { 1 };
        let digits: String = s[i + 1..].chars().filter(|c| *c != ':').collect();
        if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let h: i32 = digits[..2].parse().ok()?;
        let m: i32 = digits[2..].parse().ok()?;
        let offset = Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()?;
        return Some((s[..i].trim(), Some(offset)));
    }
    Some((s, None))
}

/// `HH:MM` or `HH:MM:SS`, 24-hour.
fn parse_clock(s: &str) -> Option<Time> {
    let s = s.trim();
    let ok = matches!(s.len(), 5 | 8) && s.as_bytes().get(2) == Some(&b':');
    if !ok {
        return None;
    }
    s.parse::<Time>().ok()
}

const PRIORITY_COLUMNS: &[&str] = &["priority", "prio"];
const ACTION_COLUMNS: &[&str] = &["action", "action item", "item", "task", "description"];
const OWNER_COLUMNS: &[&str] = &["owner", "owners", "assignee"];
const DUE_COLUMNS: &[&str] = &["due date", "due", "target date", "deadline"];
const STATUS_COLUMNS: &[&str] = &["status", "state"];

fn action_items(tables: &[Table], diags: &mut Vec<Diagnostic>) -> Vec<ActionItem> {
    let mut out = Vec::new();
    for table in tables {
        let h = &table.header;
        let cols = [
            ("Action", column(h, ACTION_COLUMNS)),
            ("Owner", column(h, OWNER_COLUMNS)),
            ("Due Date", column(h, DUE_COLUMNS)),
            ("Status", column(h, STATUS_COLUMNS)),
        ];
        let missing: Vec<&str> = cols.iter().filter(|c| c.1.is_none()).map(|c| c.0).collect();
        if !missing.is_empty() {
            let at = table.location.clone();
            diags.push(Diagnostic::new(
                at,
                format!(
                    "Action Items table: no {} column: expected columns Priority, Action, Owner, Due Date, Status, found `{}`",
                    missing.join(", "),
                    header_text(h)
                ),
            ));
            if cols[0].1.is_none() {
                continue;
            }
        }
        let priority = column(h, PRIORITY_COLUMNS);
        let [action, owner, due, status] = cols.map(|c| c.1);
        for (row_at, cells) in &table.rows {
            let text = |i: Option<usize>| {
                i.and_then(|i| cells.get(i))
                    .map(|c| c.0.clone())
                    .filter(|t| !t.is_empty())
            };
            if cells.iter().all(|c| c.0.is_empty()) {
                continue;
            }
            let due_date = match due.and_then(|i| cells.get(i)) {
                Some((t, _)) if no_date(t) => None,
                Some((t, at)) => {
                    let d = parse_date(t);
                    if d.is_none() {
                        diags.push(Diagnostic::new(
                            at.clone(),
                            format!("Action Items: due date `{t}` is not a date: expected YYYY-MM-DD, e.g. 2026-03-20"),
                        ));
                    }
                    d
                }
                None => None,
            };
            let status = text(status);
            out.push(ActionItem {
                priority: text(priority),
                action: text(action).unwrap_or_default(),
                owner: text(owner).filter(|o| !no_date(o)),
                due: due_date,
                closed: status.as_deref().is_some_and(is_closed),
                status,
                location: row_at.clone(),
            });
        }
    }
    out
}

/// An empty cell or a placeholder that says "not set".
fn no_date(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "" | "-" | "—" | "–" | "tbd" | "n/a" | "none"
    )
}

/// Done, closed, fixed or resolved, whatever the case and whatever decoration surrounds it.
fn is_closed(status: &str) -> bool {
    let s = status
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    matches!(s.as_str(), "done" | "closed" | "fixed" | "resolved")
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn statuses_that_close_an_item() {
        for s in [
            "Done",
            "CLOSED",
            "fixed",
            " Resolved ",
            "✅ Done",
            "**done**",
            "Done.",
        ] {
            assert!(is_closed(s), "{s}");
        }
        for s in ["Open", "In progress", "not done", "done-ish", ""] {
            assert!(!is_closed(s), "{s}");
        }
    }

    #[test]
    fn bare_times_follow_the_row_above_and_roll_over_midnight() {
        let mut anchor = (date(2026, 3, 2), None);
        let (t1, d1) = read_time("2026-03-01T23:50:00+01:00", &mut anchor, None).unwrap();
        assert_eq!(
            (t1.to_string().as_str(), d1),
            ("2026-03-01T22:50:00Z", date(2026, 3, 1))
        );
        let (t2, d2) = read_time("23:55", &mut anchor, Some(t1)).unwrap();
        assert_eq!(
            (t2.to_string().as_str(), d2),
            ("2026-03-01T22:55:00Z", date(2026, 3, 1))
        );
        let (t3, d3) = read_time("00:10", &mut anchor, Some(t2)).unwrap();
        assert_eq!(
            (t3.to_string().as_str(), d3),
            ("2026-03-01T23:10:00Z", date(2026, 3, 2))
        );
        let (t4, _) = read_time("2026-03-05 08:00 UTC", &mut anchor, Some(t3)).unwrap();
        assert_eq!(t4.to_string(), "2026-03-05T08:00:00Z");
        let (t5, _) = read_time("09:00-05:00", &mut anchor, Some(t4)).unwrap();
        assert_eq!(t5.to_string(), "2026-03-05T14:00:00Z");
        for bad in ["9am", "25:00", "", "2026-03-05", "10:00+1", "12:00 CET"] {
            assert_eq!(read_time(bad, &mut anchor, None), None, "{bad}");
        }
    }

    #[test]
    fn without_an_anchor_a_bare_time_is_on_the_review_date_in_utc() {
        let mut anchor = (date(2026, 3, 2), None);
        let (t, d) = read_time("14:30", &mut anchor, None).unwrap();
        assert_eq!(
            (t.to_string().as_str(), d),
            ("2026-03-02T14:30:00Z", date(2026, 3, 2))
        );
    }

    #[test]
    fn phrases_match_whole_words_whatever_the_punctuation() {
        assert!(words("On-call responds; paging Bob").contains(&words("on-call responds")));
        assert!(!words("alarm fired-ish").contains(&words("alarm fire")));
    }

    #[test]
    fn links_and_code_are_unwrapped_from_header_values() {
        assert_eq!(unlink("[INC-42](https://tracker/INC-42)"), "INC-42");
        assert_eq!(unlink("`INC-42`"), "INC-42");
        assert_eq!(unlink("INC-42"), "INC-42");
    }
}

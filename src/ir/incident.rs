//! Incident records (SPEC §5): what happened, to which service, at which severity, and when
//! it started, was detected, acknowledged, mitigated and resolved. The review deadline,
//! the metrics (MTTD, MTTA, MTTR) and the "top alerts have runbooks" check all read them.
//!
//! Three equivalent forms, in a file or a folder of them (`.yml`, `.yaml`, `.csv`, read in
//! name order): a YAML list of incidents, a YAML file holding one incident (a mapping),
//! or CSV whose header names the same columns. An incident with a broken value (a bad
//! timestamp, no id, an id seen before) is reported and left out; the others still load.
//! An unknown field or column is reported and ignored.

use crate::diagnostic::Diagnostic;
use crate::source::{LineIndex, Location};
use crate::terraform::module::read_text;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// Where incident records live by default, relative to the scanned root.
pub const DEFAULT_INCIDENTS: &str = "incident-response/incidents";

/// The fields of an incident, in the order the format lists them (also the CSV columns).
pub const FIELDS: [&str; 12] = [
    "id",
    "title",
    "service",
    "severity",
    "alert",
    "started_at",
    "detected_at",
    "acknowledged_at",
    "mitigated_at",
    "resolved_at",
    "postmortem",
    "failure_class",
];

/// The example every timestamp error shows, so the fix is obvious.
const TIMESTAMP_EXPECTED: &str =
    "expected an RFC 3339 timestamp with offset, e.g. 2026-03-01T09:30:00+01:00";

/// One incident record. Only `id` is required; a missing timestamp is for the checks to
/// judge (metrics-computable), not a format error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    /// The id reviews refer to (`INC-42`); unique across all incident files.
    pub id: String,
    pub title: Option<String>,
    /// The service affected, as alerts and on-call name it.
    pub service: Option<String>,
    /// The severity level as written (`SEV2`); checked against the definitions elsewhere.
    pub severity: Option<String>,
    /// The alert that fired, for "the most frequent alerts have runbooks".
    pub alert: Option<String>,
    pub started_at: Option<Timestamp>,
    pub detected_at: Option<Timestamp>,
    pub acknowledged_at: Option<Timestamp>,
    pub mitigated_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    /// The calendar date of `resolved_at` in the offset it was written with: the review
    /// deadline counts business days from the team's date, not from UTC's.
    pub resolved_date: Option<Date>,
    /// A link or path to the post-incident review, as written.
    pub postmortem: Option<String>,
    /// The failure class (for level 5's "known failure classes restore fast").
    pub failure_class: Option<String>,
    /// Where the incident is written: the YAML mapping, or the CSV row (column 1).
    pub location: Location,
}

/// Reads the incident records at `path`: a `.yml`/`.yaml`/`.csv` file, or a folder of them
/// (not recursive, in name order). `display` is how `path` is shown; files in a folder are
/// shown as `display/name`. Returns the incidents that loaded and a diagnostic for every
/// problem; a path that does not exist gives neither (the evidence check reports it).
pub fn load_incidents(path: &Path, display: Arc<str>) -> (Vec<Incident>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let files = match document_files(path, &display, &["yml", "yaml", "csv"]) {
        Ok(files) => files,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let mut all = Vec::new();
    for (file, shown) in files {
        let text = match read_text(&file, &shown) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let is_csv = file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if is_csv {
            all.extend(parse_csv(&text, &shown, &mut diags));
        } else {
            all.extend(parse_yaml(&text, &shown, &mut diags));
        }
    }
    (deduplicate(all, &mut diags), diags)
}

/// The files of a document folder with one of `extensions` (any case), in name order, each
/// with its displayed name; or `path` itself when it is a file. Hidden files are skipped.
/// A missing path gives no files.
pub(crate) fn document_files(
    path: &Path,
    display: &Arc<str>,
    extensions: &[&str],
) -> Result<Vec<(std::path::PathBuf, Arc<str>)>, Diagnostic> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    if !path.is_dir() {
        return Ok(vec![(path.to_path_buf(), display.clone())]);
    }
    let entries = std::fs::read_dir(path)
        .map_err(|e| Diagnostic::file(display.clone(), format!("cannot read folder: {e}")))?;
    let mut files: Vec<(std::path::PathBuf, Arc<str>)> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let p = entry.path();
        let wanted = p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
        if wanted && !name.starts_with('.') && p.is_file() {
            let shown = if &**display == "." {
                name.clone()
            } else {
                format!("{}/{name}", display.trim_end_matches('/'))
            };
            files.push((p, Arc::from(shown)));
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(files)
}

/// Keeps the first incident of each id; a later one is a diagnostic at its id.
fn deduplicate(all: Vec<(Incident, Location)>, diags: &mut Vec<Diagnostic>) -> Vec<Incident> {
    let mut first: HashMap<String, Location> = HashMap::new();
    let mut out = Vec::new();
    for (incident, id_at) in all {
        if let Some(prev) = first.get(&incident.id) {
            diags.push(Diagnostic::new(
                id_at,
                format!(
                    "id: duplicate incident id `{}`: first defined at {prev}; expected each incident once",
                    incident.id
                ),
            ));
            continue;
        }
        first.insert(incident.id.clone(), id_at);
        out.push(incident);
    }
    out
}

/// A field's value as written, before it is interpreted.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Empty,
    /// A list or mapping where a scalar belongs; the word names what was found.
    Nested(&'static str),
}

/// A field of one incident: its name, its value and where each is written.
struct Field {
    name: String,
    name_at: Location,
    value: Value,
    value_at: Location,
}

/// Turns the fields of one incident into an `Incident`, or the diagnostics that drop it.
/// Unknown fields are reported (in `diags`) and ignored without dropping the incident.
fn build(
    fields: Vec<Field>,
    location: Location,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Incident, Location)> {
    let mut known: HashMap<&'static str, (Value, Location)> = HashMap::new();
    for f in fields {
        match FIELDS.iter().find(|k| **k == f.name) {
            Some(k) => {
                known.insert(k, (f.value, f.value_at));
            }
            None => diags.push(Diagnostic::new(
                f.name_at,
                format!(
                    "unknown {what} `{}`: expected one of {}",
                    f.name,
                    FIELDS.join(", ")
                ),
            )),
        }
    }
    let mut broken = false;
    let mut text = |name: &'static str, diags: &mut Vec<Diagnostic>| -> Option<String> {
        match known.get(name) {
            Some((Value::Text(t), _)) => Some(t.clone()),
            Some((Value::Nested(kind), at)) => {
                diags.push(Diagnostic::new(
                    at.clone(),
                    format!("{name}: expected text, found {kind}"),
                ));
                broken = true;
                None
            }
            _ => None,
        }
    };
    let id = text("id", diags);
    let title = text("title", diags);
    let service = text("service", diags);
    let severity = text("severity", diags);
    let alert = text("alert", diags);
    let postmortem = text("postmortem", diags);
    let failure_class = text("failure_class", diags);
    let mut time = |name: &'static str, diags: &mut Vec<Diagnostic>| -> Option<(Timestamp, Date)> {
        let (value, at) = known.get(name)?;
        let parsed = match value {
            Value::Text(t) => parse_timestamp(t),
            Value::Nested(_) => None,
            Value::Empty => return None,
        };
        if parsed.is_none() {
            diags.push(Diagnostic::new(
                at.clone(),
                format!("{name}: {TIMESTAMP_EXPECTED}"),
            ));
            broken = true;
        }
        parsed
    };
    let started_at = time("started_at", diags);
    let detected_at = time("detected_at", diags);
    let acknowledged_at = time("acknowledged_at", diags);
    let mitigated_at = time("mitigated_at", diags);
    let resolved = time("resolved_at", diags);
    let id_at = known
        .get("id")
        .map(|(_, at)| at.clone())
        .unwrap_or_else(|| location.clone());
    let Some(id) = id else {
        if !matches!(known.get("id"), Some((Value::Nested(_), _))) {
            diags.push(Diagnostic::new(
                location,
                "id: missing: expected the incident's id, e.g. INC-42",
            ));
        }
        return None;
    };
    if broken {
        return None;
    }
    Some((
        Incident {
            id,
            title,
            service,
            severity,
            alert,
            started_at: started_at.map(|t| t.0),
            detected_at: detected_at.map(|t| t.0),
            acknowledged_at: acknowledged_at.map(|t| t.0),
            mitigated_at: mitigated_at.map(|t| t.0),
            resolved_at: resolved.map(|t| t.0),
            resolved_date: resolved.map(|t| t.1),
            postmortem,
            failure_class,
            location,
        },
        id_at,
    ))
}

/// An RFC 3339 timestamp with an offset (`Z` counts), and its date in that offset.
/// Without an offset the instant is ambiguous, so it is refused.
pub fn parse_timestamp(s: &str) -> Option<(Timestamp, Date)> {
    let s = s.trim();
    let ts: Timestamp = s.parse().ok()?;
    let pieces = jiff::fmt::temporal::Pieces::parse(s).ok()?;
    let offset = pieces.offset()?.to_numeric_offset();
    Some((ts, offset.to_datetime(ts).date()))
}

// ---------------------------------------------------------------------------------------
// YAML

/// A scalar of any YAML type as text; lists and mappings are remembered as such so that
/// one odd value costs one incident, not the file.
struct Scalar(Value);

impl<'de> serde::Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                let t = v.trim();
                Ok(Scalar(if t.is_empty() {
                    Value::Empty
                } else {
                    Value::Text(t.to_string())
                }))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                self.visit_str(&v)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(Value::Text(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(Value::Text(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(Value::Text(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(Value::Text(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar(Value::Empty))
            }
            fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar(Value::Empty))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
                <Scalar as serde::Deserialize>::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Scalar, A::Error> {
                while a.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar(Value::Nested("a list")))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Scalar, A::Error> {
                while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar(Value::Nested("a mapping")))
            }
        }
        d.deserialize_any(V)
    }
}

/// One list entry: an incident mapping, or something else (named for the message).
enum Entry {
    Mapping(Vec<(Spanned<Scalar>, Spanned<Scalar>)>),
    Other(&'static str),
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an incident mapping")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Entry, A::Error> {
        let mut out = Vec::new();
        while let Some(entry) = a.next_entry::<Spanned<Scalar>, Spanned<Scalar>>()? {
            out.push(entry);
        }
        Ok(Entry::Mapping(out))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Entry, A::Error> {
        while a.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Entry::Other("a list"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Entry, E> {
        Ok(Entry::Other("text"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Entry, E> {
        Ok(Entry::Other("true/false"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Entry, E> {
        Ok(Entry::Other("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Entry, E> {
        Ok(Entry::Other("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Entry, E> {
        Ok(Entry::Other("a number"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Entry, E> {
        Ok(Entry::Other("nothing"))
    }
    fn visit_none<E: de::Error>(self) -> Result<Entry, E> {
        Ok(Entry::Other("nothing"))
    }
}

impl<'de> serde::Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EntryVisitor)
    }
}

/// A whole incidents YAML file: a list of incidents, or one incident.
enum Document {
    List(Vec<Spanned<Entry>>),
    One(Entry),
}

impl<'de> serde::Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Document;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of incidents, or one incident (a mapping)")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Document, A::Error> {
                let mut out = Vec::new();
                while let Some(e) = a.next_element::<Spanned<Entry>>()? {
                    out.push(e);
                }
                Ok(Document::List(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, a: A) -> Result<Document, A::Error> {
                EntryVisitor.visit_map(a).map(Document::One)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Document, E> {
                Ok(Document::List(Vec::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<Document, E> {
                Ok(Document::List(Vec::new()))
            }
        }
        d.deserialize_any(V)
    }
}

fn yaml_at(file: &Arc<str>, l: &serde_saphyr::Location) -> Location {
    Location::new(
        file.clone(),
        (l.line() as u32).max(1),
        (l.column() as u32).max(1),
    )
}

fn parse_yaml(
    text: &str,
    file: &Arc<str>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Incident, Location)> {
    let blank = text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---"
    });
    if blank {
        return Vec::new();
    }
    let doc: Spanned<Document> = match crate::yaml::from_str(text, file) {
        Ok(d) => d,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    let entries = match doc.value {
        Document::List(list) => list,
        Document::One(entry) => vec![Spanned {
            value: entry,
            referenced: doc.referenced,
            defined: doc.defined,
        }],
    };
    let mut out = Vec::new();
    for entry in entries {
        let location = yaml_at(file, &entry.referenced);
        match entry.value {
            Entry::Other(kind) => diags.push(Diagnostic::new(
                location,
                format!(
                    "expected an incident (a mapping with id, title, started_at, ...), found {kind}"
                ),
            )),
            Entry::Mapping(pairs) => {
                let mut fields = Vec::new();
                for (k, v) in pairs {
                    let name = match k.value.0 {
                        Value::Text(t) => t,
                        Value::Empty => String::new(),
                        Value::Nested(kind) => kind.to_string(),
                    };
                    fields.push(Field {
                        name,
                        name_at: yaml_at(file, &k.referenced),
                        value: v.value.0,
                        value_at: yaml_at(file, &v.referenced),
                    });
                }
                out.extend(build(fields, location, "field", diags));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// CSV

fn parse_csv(
    text: &str,
    file: &Arc<str>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Incident, Location)> {
    let index = LineIndex::new(file.clone(), Arc::from(text));
    // A byte-order mark from a spreadsheet is not part of the first column's name.
    let skip = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[skip..];
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut header: Option<Vec<(Option<&'static str>, Location)>> = None;
    let mut out = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e
                    .position()
                    .map(|p| index.location(p.byte() as usize + skip))
                    .unwrap_or_else(|| Location::new(file.clone(), 1, 1));
                diags.push(Diagnostic::new(at, format!("CSV: {e}")));
                continue;
            }
        };
        let start = record.position().map_or(0, |p| p.byte() as usize) + skip;
        let starts = field_starts(text, start);
        let at = |i: usize| index.location(starts.get(i).copied().unwrap_or(start));
        let Some(columns) = &header else {
            let mut cols = Vec::new();
            let mut seen: Vec<&'static str> = Vec::new();
            for (i, name) in record.iter().enumerate() {
                let name = name.trim();
                let known = FIELDS
                    .iter()
                    .copied()
                    .find(|k| k.eq_ignore_ascii_case(name));
                match known {
                    None => diags.push(Diagnostic::new(
                        at(i),
                        format!(
                            "unknown column `{name}`: expected one of {}",
                            FIELDS.join(", ")
                        ),
                    )),
                    Some(k) if seen.contains(&k) => diags.push(Diagnostic::new(
                        at(i),
                        format!("duplicate column `{k}`: expected each column once"),
                    )),
                    Some(k) => seen.push(k),
                }
                let usable = known.filter(|k| cols.iter().all(|(c, _)| c != &Some(*k)));
                cols.push((usable, at(i)));
            }
            if !seen.contains(&"id") {
                diags.push(Diagnostic::new(
                    at(0),
                    format!(
                        "no `id` column: expected a header naming the columns, e.g. {}",
                        FIELDS.join(",")
                    ),
                ));
                return Vec::new();
            }
            header = Some(cols);
            continue;
        };
        let row_at = index.location(start);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() != columns.len() {
            diags.push(Diagnostic::new(
                row_at,
                format!(
                    "row has {} cells: expected {}, one per header column",
                    record.len(),
                    columns.len()
                ),
            ));
            continue;
        }
        let mut fields = Vec::new();
        for (i, cell) in record.iter().enumerate() {
            let Some(name) = columns[i].0 else { continue };
            let cell = cell.trim();
            fields.push(Field {
                name: name.to_string(),
                name_at: columns[i].1.clone(),
                value: if cell.is_empty() {
                    Value::Empty
                } else {
                    Value::Text(cell.to_string())
                },
                value_at: at(i),
            });
        }
        out.extend(build(fields, row_at, "column", diags));
    }
    out
}

/// The byte offset where each field of the CSV record starting at `start` begins (the
/// opening quote for a quoted field), so that a bad cell is pointed at exactly.
fn field_starts(text: &str, start: usize) -> Vec<usize> {
    let mut out = vec![start];
    // Inside a field that began with a quote, every quote toggles: a doubled quote (an
    // escaped one) toggles twice and leaves the field open.
    let mut field_quoted = false;
    let mut open = false;
    let mut at_field_start = true;
    for (i, c) in text.get(start..).unwrap_or("").char_indices() {
        match c {
            '"' if at_field_start => {
                field_quoted = true;
                open = true;
            }
            '"' if field_quoted => open = !open,
            ',' if !open => {
                out.push(start + i + 1);
                at_field_start = true;
                field_quoted = false;
                continue;
            }
            '\n' | '\r' if !open => break,
            _ => {}
        }
        at_field_start = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_need_an_offset_and_keep_their_local_date() {
        let (ts, d) = parse_timestamp("2026-03-01T23:30:00-05:00").unwrap();
        assert_eq!(ts.to_string(), "2026-03-02T04:30:00Z");
        assert_eq!(d, jiff::civil::date(2026, 3, 1));
        let (_, d) = parse_timestamp("2026-03-01T23:30:00Z").unwrap();
        assert_eq!(d, jiff::civil::date(2026, 3, 1));
        assert!(parse_timestamp("2026-03-01T09:30:00").is_none());
        assert!(parse_timestamp("2026-03-01").is_none());
        assert!(parse_timestamp("yesterday").is_none());
    }

    #[test]
    fn csv_field_starts_respect_quotes() {
        let t = "a,\"b\"\",c\",d\nx,y\n";
        assert_eq!(field_starts(t, 0), vec![0, 2, 10]);
        assert_eq!(field_starts(t, 12), vec![12, 14]);
        let multi = "\"line\nbreak\",z\n";
        assert_eq!(field_starts(multi, 0), vec![0, 13]);
    }
}

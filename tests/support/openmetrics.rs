//! A test-only checker of the OpenMetrics 1.0 text grammar that irready's output relies
//! on: descriptor lines (`# TYPE`, `# UNIT`, `# HELP`) before a family's samples, each
//! family once, sample names that belong to their family's type, label syntax and
//! escaping, numbers (`NaN`, `+Inf`), summary rules (a canonical `quantile` label in
//! [0, 1], an integer `_count`, a non-negative `_sum`), contiguous label sets, no
//! duplicate sample, no blank line, and `# EOF` with a newline as the very end.
//!
//! It is stricter than needed in places (no timestamps, no exemplars: irready writes
//! neither) and is no substitute for a real parser; `cli_metrics.rs` also runs Python's
//! `prometheus_client` parser when one is available.

use std::collections::{HashMap, HashSet};

const TYPES: [&str; 8] = [
    "counter",
    "gauge",
    "histogram",
    "gaugehistogram",
    "stateset",
    "info",
    "summary",
    "unknown",
];

struct Family {
    name: String,
    kind: Option<String>,
    unit: bool,
    help: bool,
    has_samples: bool,
    /// Label sets (without `quantile`/`le`) in order of first appearance.
    groups_done: HashSet<String>,
    current_group: Option<String>,
}

/// Checks `text`; the error names the line (1-based) and what is wrong.
pub fn validate(text: &str) -> Result<(), String> {
    let Some(body) = text.strip_suffix("# EOF\n") else {
        return Err("the text does not end with \"# EOF\\n\"".into());
    };
    let mut families: Vec<Family> = Vec::new();
    let mut seen_families: HashSet<String> = HashSet::new();
    let mut seen_samples: HashSet<String> = HashSet::new();
    let lines = body.split('\n').count();
    for (index, line) in body.split('\n').enumerate() {
        let n = index + 1;
        if index + 1 == lines && line.is_empty() {
            break; // the newline before `# EOF`
        }
        let fail = |m: String| Err(format!("line {n}: {m}: {line:?}"));
        if line.is_empty() {
            return fail("blank line".into());
        }
        if let Some(rest) = line.strip_prefix("# ") {
            let mut parts = rest.splitn(3, ' ');
            let keyword = parts.next().unwrap_or("");
            let name = parts.next().unwrap_or("");
            let arg = parts.next();
            if !is_metric_name(name) {
                return fail(format!("bad metric name {name:?}"));
            }
            let opening = families.last().is_none_or(|f| f.name != name);
            if opening {
                if !seen_families.insert(name.to_string()) {
                    return fail(format!("family {name} appears twice"));
                }
                families.push(Family {
                    name: name.to_string(),
                    kind: None,
                    unit: false,
                    help: false,
                    has_samples: false,
                    groups_done: HashSet::new(),
                    current_group: None,
                });
            }
            let Some(family) = families.last_mut() else {
                return fail("no family".into());
            };
            if family.has_samples {
                return fail("descriptor after the family's samples".into());
            }
            match (keyword, arg) {
                ("TYPE", Some(kind)) if TYPES.contains(&kind) => {
                    if family.kind.replace(kind.to_string()).is_some() {
                        return fail("second TYPE".into());
                    }
                }
                ("UNIT", Some(unit)) => {
                    if family.unit || !name.ends_with(&format!("_{unit}")) {
                        return fail("second UNIT, or the name does not end in _unit".into());
                    }
                    family.unit = true;
                }
                ("HELP", Some(help)) => {
                    if family.help || bad_escapes(help, false) {
                        return fail("second HELP or a bad escape".into());
                    }
                    family.help = true;
                }
                _ => return fail("unknown descriptor".into()),
            }
            continue;
        }
        if line.starts_with('#') {
            return fail("a comment that is no descriptor".into());
        }
        let (name, labels, value) = split_sample(line).map_err(|m| format!("line {n}: {m}"))?;
        let Some(family) = families.last_mut() else {
            return fail("a sample before any TYPE".into());
        };
        let kind = family.kind.clone().unwrap_or_else(|| "unknown".into());
        let suffix = name.strip_prefix(family.name.as_str());
        let allowed: &[&str] = match kind.as_str() {
            "counter" => &["_total", "_created"],
            "info" => &["_info"],
            "summary" => &["", "_sum", "_count", "_created"],
            "histogram" | "gaugehistogram" => {
                &["_bucket", "_sum", "_count", "_created", "_gsum", "_gcount"]
            }
            _ => &[""],
        };
        let Some(suffix) = suffix.filter(|s| allowed.contains(s)) else {
            return fail(format!(
                "sample {name} is not of the {kind} family {}",
                family.name
            ));
        };
        family.has_samples = true;
        let mut names = HashSet::new();
        for (k, _) in &labels {
            if !names.insert(k.clone()) {
                return fail(format!("label {k} twice"));
            }
        }
        let number =
            parse_number(&value).ok_or_else(|| format!("line {n}: bad number {value:?}"))?;
        let quantile = labels
            .iter()
            .find(|(k, _)| k == "quantile")
            .map(|(_, v)| v.clone());
        if kind == "summary" {
            match suffix {
                "" => {
                    let Some(q) = &quantile else {
                        return fail("summary quantile sample without a quantile label".into());
                    };
                    let qv = parse_number(q).filter(|v| (0.0..=1.0).contains(v));
                    if qv.is_none_or(|v| format!("{v}") != *q && format!("{v:?}") != *q) {
                        return fail(format!(
                            "quantile {q:?} is not a canonical number in [0, 1]"
                        ));
                    }
                    if number < 0.0 {
                        return fail("negative quantile value".into());
                    }
                }
                "_count"
                    if number.is_nan()
                        || number < 0.0
                        || number.fract() != 0.0
                        || value.contains('.') =>
                {
                    return fail("summary _count must be a non-negative integer".into());
                }
                "_sum" if number.is_nan() || number < 0.0 => {
                    return fail("summary _sum must not be NaN or negative".into());
                }
                _ => {}
            }
        } else if quantile.is_some() {
            return fail("quantile label outside a summary".into());
        }
        if kind == "info" && value != "1" {
            return fail("an info sample's value is 1".into());
        }
        let mut key: Vec<String> = labels
            .iter()
            .filter(|(k, _)| k != "quantile" && k != "le")
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        key.sort();
        let group = key.join(",");
        if family.current_group.as_deref() != Some(group.as_str()) {
            if !family.groups_done.insert(group.clone()) {
                return fail(format!("label set {{{group}}} is not contiguous"));
            }
            family.current_group = Some(group.clone());
        }
        let mut full: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        full.sort();
        if !seen_samples.insert(format!("{name}{{{}}}", full.join(","))) {
            return fail("duplicate sample".into());
        }
    }
    for f in &families {
        if f.kind.is_none() {
            return Err(format!("family {} has no TYPE", f.name));
        }
    }
    Ok(())
}

/// The names of the families in order, with their types (for tests that pin names).
pub fn families(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .filter_map(|l| l.split_once(' '))
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

fn is_metric_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn is_label_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A backslash not followed by an allowed escape (`\\`, `\n`, and `\"` in label values).
fn bad_escapes(s: &str, quote: bool) -> bool {
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('\\') | Some('n') => {}
                Some('"') if quote => {}
                _ => return true,
            }
        }
    }
    false
}

/// OpenMetrics numbers: `NaN`, `+Inf`, `-Inf`, or a decimal with optional sign, fraction
/// and exponent (not Rust's `inf`/`infinity`).
fn parse_number(s: &str) -> Option<f64> {
    match s {
        "NaN" => return Some(f64::NAN),
        "+Inf" => return Some(f64::INFINITY),
        "-Inf" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    let digits = s.trim_start_matches(['+', '-']);
    if digits.is_empty()
        || !digits.starts_with(|c: char| c.is_ascii_digit())
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
    {
        return None;
    }
    s.parse().ok()
}

type Labels = Vec<(String, String)>;

/// `name{labels} value` → name, labels (unescaped), value text.
fn split_sample(line: &str) -> Result<(String, Labels, String), String> {
    let name_end = line.find(['{', ' ']).ok_or("no value")?;
    let name = &line[..name_end];
    if !is_metric_name(name) {
        return Err(format!("bad metric name {name:?}"));
    }
    let mut rest = &line[name_end..];
    let mut labels = Vec::new();
    if let Some(inner) = rest.strip_prefix('{') {
        let mut chars = inner.char_indices().peekable();
        let end = loop {
            // label name
            let start = chars.peek().map(|(i, _)| *i).ok_or("unclosed labels")?;
            if inner[start..].starts_with('}') && labels.is_empty() {
                break start;
            }
            let eq = inner[start..].find('=').ok_or("label without =")? + start;
            let key = &inner[start..eq];
            if !is_label_name(key) {
                return Err(format!("bad label name {key:?}"));
            }
            while chars.peek().is_some_and(|(i, _)| *i <= eq) {
                chars.next();
            }
            if chars.next().map(|(_, c)| c) != Some('"') {
                return Err("label value not quoted".into());
            }
            let mut value = String::new();
            loop {
                match chars.next().ok_or("unclosed label value")? {
                    (_, '"') => break,
                    (_, '\\') => match chars.next().map(|(_, c)| c) {
                        Some('\\') => value.push('\\'),
                        Some('"') => value.push('"'),
                        Some('n') => value.push('\n'),
                        _ => return Err("bad escape in a label value".into()),
                    },
                    (_, '\n') => return Err("raw newline in a label value".into()),
                    (_, c) => value.push(c),
                }
            }
            labels.push((key.to_string(), value));
            match chars.next().ok_or("unclosed labels")? {
                (_, ',') => continue,
                (i, '}') => break i,
                (_, c) => return Err(format!("unexpected {c:?} after a label")),
            }
        };
        rest = &inner[end + 1..];
    }
    let value = rest.strip_prefix(' ').ok_or("no space before the value")?;
    if value.contains(' ') {
        return Err("a timestamp or exemplar (irready writes neither)".into());
    }
    Ok((name.to_string(), labels, value.to_string()))
}

#[cfg(test)]
mod self_test {
    use super::validate;

    #[test]
    fn accepts_a_valid_summary() {
        let ok = "# TYPE x_seconds summary\n# UNIT x_seconds seconds\n# HELP x_seconds h\n\
                  x_seconds{quantile=\"0.5\"} 1.5\nx_seconds_sum 3\nx_seconds_count 2\n# EOF\n";
        assert_eq!(validate(ok), Ok(()));
    }

    #[test]
    fn rejects_what_openmetrics_rejects() {
        let bad = [
            "# TYPE x gauge\nx 1\n",                                             // no EOF
            "# TYPE x gauge\n\nx 1\n# EOF\n",                                    // blank line
            "x 1\n# EOF\n",                                                      // no TYPE
            "# TYPE x gauge\nx 1\n# TYPE x gauge\n# EOF\n",                      // family twice
            "# TYPE x_seconds gauge\n# UNIT x_seconds bytes\n# EOF\n",           // unit not suffix
            "# TYPE x gauge\nx{a=\"1\"} 1\nx{a=\"2\"} 1\nx{a=\"1\"} 2\n# EOF\n", // interleaved
            "# TYPE x gauge\nx{a=\"\\q\"} 1\n# EOF\n",                           // bad escape
            "# TYPE x gauge\nx inf\n# EOF\n",                                    // Rust's inf
            "# TYPE x summary\nx 1\n# EOF\n",                                    // no quantile
            "# TYPE x summary\nx_count 1.5\n# EOF\n",                            // fractional count
            "# TYPE x summary\nx{quantile=\"0.50\"} 1\n# EOF\n",                 // uncanonical
            "# TYPE x gauge\ny 1\n# EOF\n",                                      // foreign sample
        ];
        for text in bad {
            assert!(validate(text).is_err(), "accepted {text:?}");
        }
    }
}

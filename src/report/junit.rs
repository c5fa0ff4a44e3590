//! `--format junit`: JUnit XML, the format every CI system shows as a test report.
//!
//! One `<testsuite>` per check (named by its id), one `<testcase>` per check × resource:
//! PASS is a passing case, FAIL a `<failure>`, ERROR an `<error>`, SKIP and WAIVED a
//! `<skipped>` with the reason. A failure's text carries the message, the `file:line:col`
//! and the remediation, because CI pages show that text and nothing else. Test case names
//! are unique within a suite (a resource seen in two files or roots gets its location
//! appended), since several consumers merge cases of the same name. No timestamps or
//! durations: the same findings give the same bytes.

use super::{CheckGroup, ReportInput, StatusCounts, group};
use crate::finding::{Finding, Status};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Renders the run as JUnit XML, ending in a newline.
pub(crate) fn render(input: &ReportInput) -> String {
    let groups = group(input);
    let checks: Vec<&CheckGroup> = groups
        .iter()
        .flat_map(|g| g.checks.iter())
        .filter(|c| !c.findings.is_empty())
        .collect();
    let all = StatusCounts::of(input.findings);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"irready\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        all.total(),
        all.fail,
        all.error,
        all.skip + all.waived
    );
    for check in checks {
        suite(&mut out, check);
    }
    out.push_str("</testsuites>\n");
    out
}

fn suite(out: &mut String, check: &CheckGroup) {
    let counts = StatusCounts::of(check.findings.iter().copied());
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        attr(check.check_id),
        counts.total(),
        counts.fail,
        counts.error,
        counts.skip + counts.waived
    );
    let _ = writeln!(out, "    <properties>");
    for (name, value) in [
        ("control", check.control_id),
        ("title", check.title),
        ("severity", check.severity.as_str()),
    ] {
        let _ = writeln!(
            out,
            "      <property name=\"{name}\" value=\"{}\"/>",
            attr(value)
        );
    }
    let _ = writeln!(out, "    </properties>");
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for f in &check.findings {
        *seen.entry(f.resource.as_str()).or_default() += 1;
    }
    for f in &check.findings {
        let name = if seen.get(f.resource.as_str()).copied().unwrap_or(0) > 1 {
            format!("{} ({})", f.resource, location(f))
        } else {
            f.resource.clone()
        };
        case(out, check, f, &name);
    }
    out.push_str("  </testsuite>\n");
}

fn case(out: &mut String, check: &CheckGroup, f: &Finding, name: &str) {
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"",
        attr(name),
        attr(&format!("{}.{}", check.control_id, check.check_id)),
        attr(&f.file),
        f.line.max(1)
    );
    let body = format!(
        "{}\n\nat {}\nresource: {}{}\n\nremediation: {}",
        f.message,
        location(f),
        f.resource,
        if f.root.is_empty() {
            String::new()
        } else {
            format!(" (root module {})", f.root)
        },
        f.remediation.trim()
    );
    match f.status {
        Status::Pass => out.push_str("/>\n"),
        Status::Fail => {
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                attr(&f.message),
                f.severity.as_str(),
                text(&body)
            );
        }
        Status::Error => {
            let _ = writeln!(
                out,
                ">\n      <error message=\"{}\" type=\"input-error\">{}</error>\n    </testcase>",
                attr(&f.message),
                text(&body)
            );
        }
        Status::Skip | Status::Waived => {
            let why = if f.status == Status::Waived {
                format!("WAIVED: {}", f.message)
            } else {
                f.message.clone()
            };
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                attr(&why)
            );
        }
    }
}

fn location(f: &Finding) -> String {
    format!("{}:{}:{}", f.file, f.line.max(1), f.column.max(1))
}

/// Escapes text for an attribute value (quotes and line breaks included, so a consumer
/// that normalises attribute whitespace still shows the message whole).
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// Escapes element text.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// XML 1.0 allows tab, newline, carriage return and everything from U+0020 except the
/// surrogates and U+FFFE/U+FFFF; a message quoting a control character must not make the
/// whole report unreadable.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_replaces_characters_xml_forbids() {
        assert_eq!(attr("a<b>&\"c\"\n"), "a&lt;b&gt;&amp;&quot;c&quot;&#10;");
        assert_eq!(text("x\u{1}y"), "x\u{FFFD}y");
        assert_eq!(text("<&>"), "&lt;&amp;&gt;");
    }
}

//! `--format markdown`: a pull-request comment (GitHub-flavoured Markdown).
//!
//! A headline with the verdict, a summary table of counts per status, then the findings
//! that need action grouped by check (FAIL and ERROR, then SKIP: what could not be
//! decided), each as a table row with `file:line`; PASS and WAIVED findings are collapsed
//! in `<details>`. GitHub refuses comments over 65,536 characters, so rows past a budget
//! are left out with a line saying how many, and the machine formats hold everything.

use super::{CheckGroup, ReportInput, STATUS_ORDER, StatusCounts, group};
use crate::finding::{Finding, Status};
use std::fmt::Write as _;

/// GitHub's limit for a comment body is 65,536 characters; leave room for the footer.
const BUDGET: usize = 60_000;

/// Renders the run as a Markdown pull-request comment, ending in a newline.
pub(crate) fn render(input: &ReportInput) -> String {
    render_with_budget(input, BUDGET)
}

fn render_with_budget(input: &ReportInput, budget: usize) -> String {
    let groups = group(input);
    let checks: Vec<&CheckGroup> = groups.iter().flat_map(|g| g.checks.iter()).collect();
    let counts = StatusCounts::of(input.findings);
    let mut out = String::new();
    let verdict = if counts.fail + counts.error == 0 {
        "no failing finding".to_string()
    } else {
        let mut parts = Vec::new();
        if counts.fail > 0 {
            parts.push(format!("{} failing", counts.fail));
        }
        if counts.error > 0 {
            parts.push(format!("{} broken input", counts.error));
        }
        parts.join(", ")
    };
    let controls: Vec<&str> = input.controls.iter().map(|c| c.id.as_str()).collect();
    let _ = writeln!(
        out,
        "### irready: {verdict}\n\n{} finding(s) of {} on `{}`.\n",
        counts.total(),
        if controls.is_empty() {
            "no control".to_string()
        } else {
            controls.join(", ")
        },
        input.scanned_paths.join("`, `")
    );
    out.push_str("| Status | Findings |\n|---|---:|\n");
    for status in STATUS_ORDER {
        let _ = writeln!(out, "| {} | {} |", status.as_str(), counts.get(status));
    }
    out.push('\n');

    let mut left_out = 0usize;
    for (heading, statuses, open) in [
        ("Failing", &[Status::Fail, Status::Error][..], true),
        ("Not decided (UNKNOWN)", &[Status::Skip][..], true),
        ("Waived", &[Status::Waived][..], false),
        ("Passing", &[Status::Pass][..], false),
    ] {
        let selected: Vec<(&CheckGroup, Vec<&Finding>)> = checks
            .iter()
            .map(|c| {
                let fs: Vec<&Finding> = c
                    .findings
                    .iter()
                    .copied()
                    .filter(|f| statuses.contains(&f.status))
                    .collect();
                (*c, fs)
            })
            .filter(|(_, fs)| !fs.is_empty())
            .collect();
        let total: usize = selected.iter().map(|(_, fs)| fs.len()).sum();
        if total == 0 {
            continue;
        }
        if open {
            let _ = writeln!(out, "#### {heading} ({total})\n");
        } else {
            let _ = writeln!(out, "<details><summary>{heading} ({total})</summary>\n");
        }
        for (check, findings) in selected {
            let _ = writeln!(
                out,
                "**`{}`** — {} ({})\n",
                check.check_id,
                cell(check.title),
                check.severity
            );
            out.push_str("| Status | Resource | Location | Message |\n|---|---|---|---|\n");
            for f in &findings {
                let resource = if f.resource.is_empty() {
                    "—".to_string()
                } else {
                    format!("`{}`", code(&f.resource))
                };
                let row = format!(
                    "| {} | {resource} | `{}:{}` | {} |\n",
                    f.status.as_str(),
                    code(&f.file),
                    f.line.max(1),
                    cell(&f.message)
                );
                if out.len() + row.len() > budget {
                    left_out += 1;
                    continue;
                }
                out.push_str(&row);
            }
            if let Some(summary) = check.summary
                && findings.iter().any(|f| f.status == Status::Fail)
                && !summary.remediation.trim().is_empty()
            {
                let _ = writeln!(out, "\nRemediation: {}", cell(summary.remediation.trim()));
            }
            out.push('\n');
        }
        if !open {
            out.push_str("</details>\n\n");
        }
    }
    if left_out > 0 {
        let _ = writeln!(
            out,
            "{left_out} more finding(s) left out to stay within GitHub's comment size; the JSON and SARIF reports hold them all.\n"
        );
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Text for a table cell: pipes escaped, line breaks as `<br>`, and HTML that GitHub
/// would interpret neutralised.
fn cell(s: &str) -> String {
    s.trim()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

/// Text inside a code span in a table cell: a backtick would end the span, a pipe the
/// cell.
fn code(s: &str) -> String {
    s.replace('`', "'").replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table_or_inject_html() {
        assert_eq!(cell("a | b\nc <script>"), "a \\| b<br>c &lt;script&gt;");
        assert_eq!(code("x`y|z"), "x'y\\|z");
    }
}

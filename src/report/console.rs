//! The console report (the default): findings grouped by control, then by check, each
//! finding one line `STATUS  file:line  resource: message` (the message moves to indented
//! continuation lines when the line would pass 80 columns), then a table of counts per
//! check and status, then a one-line summary.
//!
//! PASS findings are listed only with `-v`; `-q` prints only the failing findings (FAIL,
//! ERROR), one compiler-style line each, and the one-line summary. Colour is decided by
//! the caller: with `color: false` the text holds no escape code at all.

use anstyle::{AnsiColor, Style};
use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table, presets};

use super::{CheckGroup, ConsoleOptions, ReportInput, STATUS_ORDER, StatusCounts, group};
use crate::finding::{Finding, Status};

/// The terminal width the report is laid out for.
const WIDTH: usize = 80;
/// Indent of a finding line under its check.
const FINDING_INDENT: &str = "    ";
/// Indent of a message moved below its finding line (aligned after the status column).
const MESSAGE_INDENT: &str = "            ";

/// Renders the console report.
pub(crate) fn render(input: &ReportInput, options: &ConsoleOptions) -> String {
    let mut out = String::new();
    if options.quiet {
        for finding in input.findings {
            if is_failing(finding.status) {
                out.push_str(&quiet_line(finding, options.color));
                out.push('\n');
            }
        }
        out.push_str(&summary_line(input, options.color));
        out.push('\n');
        return out;
    }

    let shown = |f: &&Finding| options.verbose || f.status != Status::Pass;
    for control in group(input) {
        let checks: Vec<&CheckGroup> = control
            .checks
            .iter()
            .filter(|c| c.findings.iter().any(&shown))
            .collect();
        if checks.is_empty() {
            continue;
        }
        let mut heading = control.control_id.to_string();
        if !control.title.is_empty() {
            heading.push_str("  ");
            heading.push_str(control.title);
        }
        out.push_str(&paint(&heading, Style::new().bold(), options.color));
        out.push('\n');
        let about: Vec<&str> = [control.pillar, control.severity]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if !about.is_empty() {
            out.push_str(&about.join(", "));
            out.push('\n');
        }
        for check in checks {
            out.push('\n');
            let mut line = format!("  {}", check.check_id);
            if !check.severity.is_empty() {
                line.push_str(&format!("  [{}]", check.severity));
            }
            out.push_str(&paint(&line, Style::new().bold(), options.color));
            out.push('\n');
            if !check.title.is_empty() && check.title != check.check_id {
                out.push_str(&format!("  {}\n", check.title));
            }
            for finding in check.findings.iter().filter(|f| shown(f)) {
                out.push_str(&finding_lines(finding, options.color));
            }
        }
        out.push('\n');
    }
    if input.findings.is_empty() {
        out.push_str("No findings: no resource or document in scope of a check.\n\n");
    }

    out.push_str(&summary_table(input, options.color));
    out.push('\n');
    out.push_str(&summary_line(input, options.color));
    out.push('\n');
    let passed = StatusCounts::of(input.findings).pass;
    if !options.verbose && passed > 0 {
        out.push_str(&format!(
            "{passed} PASS finding{} not listed; -v lists them.\n",
            plural(passed)
        ));
    }
    out
}

/// FAIL and ERROR: the findings that need action, the ones `-q` prints.
fn is_failing(status: Status) -> bool {
    matches!(status, Status::Fail | Status::Error)
}

/// One finding under its check: `STATUS  file:line  resource: message` when that fits in
/// 80 columns, otherwise the message word-wrapped on indented lines below.
fn finding_lines(finding: &Finding, color: bool) -> String {
    let status = finding.status.as_str();
    let mut head = format!("{status:<6}  {}", location(finding));
    if !finding.resource.is_empty() {
        head.push_str("  ");
        head.push_str(&finding.resource);
    }
    let painted_status = paint(status, status_style(finding.status), color);
    let painted_head = format!("{painted_status}{}", &head[status.len()..]);
    let message = finding.message.trim();
    let one_line_width = FINDING_INDENT.len() + head.chars().count() + 2 + message.chars().count();
    if message.is_empty() {
        format!("{FINDING_INDENT}{painted_head}\n")
    } else if one_line_width <= WIDTH && !message.contains('\n') {
        let separator = if finding.resource.is_empty() {
            "  "
        } else {
            ": "
        };
        format!("{FINDING_INDENT}{painted_head}{separator}{message}\n")
    } else {
        let mut text = format!("{FINDING_INDENT}{painted_head}\n");
        for line in wrap(message, WIDTH - MESSAGE_INDENT.len()) {
            text.push_str(MESSAGE_INDENT);
            text.push_str(&line);
            text.push('\n');
        }
        text
    }
}

/// `-q`: `file:line:col: STATUS check-id resource: message`, one line, for grep and CI logs.
fn quiet_line(finding: &Finding, color: bool) -> String {
    let mut line = String::new();
    if !finding.file.is_empty() {
        line.push_str(&finding.file);
        if finding.line > 0 {
            line.push_str(&format!(":{}", finding.line));
            if finding.column > 0 {
                line.push_str(&format!(":{}", finding.column));
            }
        }
        line.push_str(": ");
    }
    line.push_str(&paint(
        finding.status.as_str(),
        status_style(finding.status),
        color,
    ));
    line.push(' ');
    line.push_str(&finding.check_id);
    if !finding.resource.is_empty() {
        line.push(' ');
        line.push_str(&finding.resource);
    }
    let message = finding.message.split_whitespace().collect::<Vec<_>>();
    if !message.is_empty() {
        line.push_str(": ");
        line.push_str(&message.join(" "));
    }
    line
}

/// `file:line`, `file`, or `-` when the finding has no file.
fn location(finding: &Finding) -> String {
    match (finding.file.as_str(), finding.line) {
        ("", _) => "-".to_string(),
        (file, 0) => file.to_string(),
        (file, line) => format!("{file}:{line}"),
    }
}

/// Greedy word wrap at `width` characters; a word longer than the width (a URL, say)
/// gets a line of its own rather than being cut. Line breaks in the text are kept.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let needed = if line.is_empty() {
                word.chars().count()
            } else {
                line.chars().count() + 1 + word.chars().count()
            };
            if needed > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// The table of counts: one row per check (every check of the run controls, with or
/// without findings) and a total row, one column per status.
fn summary_table(input: &ReportInput, color: bool) -> String {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_width(WIDTH as u16);
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    let mut header = vec![Cell::new("Check")];
    header.extend(STATUS_ORDER.iter().map(|s| Cell::new(s.as_str())));
    table.set_header(header);

    let groups = group(input);
    let total = StatusCounts::of(input.findings);
    // Borders (7) and padding (2 per column) of the condensed style, then the count
    // columns, as wide as their header or the largest (total) count.
    let counts_width: usize = STATUS_ORDER
        .iter()
        .map(|s| s.as_str().len().max(total.get(*s).to_string().len()))
        .sum();
    let check_width = WIDTH.saturating_sub(7 + 2 * (STATUS_ORDER.len() + 1) + counts_width);
    for check in groups.iter().flat_map(|g| g.checks.iter()) {
        let counts = StatusCounts::of(check.findings.iter().copied());
        let label = wrap_id(check.check_id, check_width.max(10));
        table.add_row(count_row(&label, &counts, color));
    }
    table.add_row(count_row("Total", &total, color));
    for index in 1..=STATUS_ORDER.len() {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut text = table.to_string();
    text.push('\n');
    text
}

/// Breaks a long check id into lines of at most `width` characters after a `.` or `-`,
/// keeping every character, so the id stays whole and copyable in a narrow table cell
/// (the table's own wrapping would cut it anywhere or drop the delimiter).
fn wrap_id(id: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut rest = id;
    while rest.chars().count() > width {
        let limit = rest
            .char_indices()
            .nth(width)
            .map_or(rest.len(), |(i, _)| i);
        let cut = rest[..limit].rfind(['.', '-']).map_or(limit, |i| i + 1);
        lines.push(rest[..cut].to_string());
        rest = &rest[cut..];
    }
    lines.push(rest.to_string());
    lines.join("\n")
}

fn count_row(label: &str, counts: &StatusCounts, color: bool) -> Vec<Cell> {
    let mut row = vec![Cell::new(label)];
    for status in STATUS_ORDER {
        let n = counts.get(status);
        let mut cell = Cell::new(n);
        if color && n > 0 {
            cell = cell.fg(table_color(status));
        }
        row.push(cell);
    }
    row
}

/// `12 findings: 3 FAIL, 1 ERROR, 2 SKIP, 0 WAIVED, 6 PASS; 1 control run (3 loaded)`.
fn summary_line(input: &ReportInput, color: bool) -> String {
    let counts = StatusCounts::of(input.findings);
    let parts: Vec<String> = STATUS_ORDER
        .iter()
        .map(|&status| {
            let text = format!("{} {}", counts.get(status), status.as_str());
            if counts.get(status) > 0 {
                paint(&text, status_style(status), color)
            } else {
                text
            }
        })
        .collect();
    let run = input.controls.len();
    format!(
        "{} finding{}: {}; {run} control{} run ({} loaded)",
        counts.total(),
        plural(counts.total()),
        parts.join(", "),
        plural(run),
        input.controls_loaded,
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The colour of each status: FAIL red, ERROR magenta, SKIP yellow, WAIVED blue, PASS
/// green.
fn status_style(status: Status) -> Style {
    let color = match status {
        Status::Fail => AnsiColor::Red,
        Status::Error => AnsiColor::Magenta,
        Status::Skip => AnsiColor::Yellow,
        Status::Waived => AnsiColor::Blue,
        Status::Pass => AnsiColor::Green,
    };
    Style::new().fg_color(Some(color.into())).bold()
}

/// The same colours for comfy-table cells.
fn table_color(status: Status) -> Color {
    match status {
        Status::Fail => Color::Red,
        Status::Error => Color::Magenta,
        Status::Skip => Color::Yellow,
        Status::Waived => Color::Blue,
        Status::Pass => Color::Green,
    }
}

/// `text` in `style` when colour is on, else `text` unchanged.
fn paint(text: &str, style: Style, color: bool) -> String {
    if color {
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_long_words_whole() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(
            wrap("x https://a.example/very/long y", 8),
            ["x", "https://a.example/very/long", "y"]
        );
        assert_eq!(wrap("one\ntwo", 80), ["one", "two"]);
    }

    #[test]
    fn wrap_id_breaks_after_dots_and_dashes_keeping_them() {
        assert_eq!(wrap_id("abc.def-ghi", 8), "abc.def-\nghi");
        assert_eq!(wrap_id("abcdefghij", 4), "abcd\nefgh\nij");
        assert_eq!(wrap_id("short", 10), "short");
    }
}

//! `irready metrics` (the default format): the metrics as plain-text tables for a person,
//! laid out like the console report (80 columns, the condensed UTF-8 style). Warnings (a
//! figure on fewer than 5 incidents, a missed target) are written next to the figure they
//! qualify, and the notes come last. No colour: the text is the same in a pipe.

use super::{Figure, Figures, MIN_MEANINGFUL_N, Metrics, Stats, TargetStatus};
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The width the tables are laid out for.
const WIDTH: u16 = 80;

/// Renders the metrics as text.
pub fn render(metrics: &Metrics) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Incident metrics as of {}: incidents resolved {} to {}",
        metrics.as_of, metrics.window.since, metrics.window.until
    );
    let mut filters = Vec::new();
    if let Some(s) = &metrics.filters.service {
        filters.push(format!("service {s}"));
    }
    if let Some(s) = &metrics.filters.severity {
        filters.push(format!("severity {s}"));
    }
    if !filters.is_empty() {
        let _ = writeln!(out, "Only {}", filters.join(", "));
    }
    let _ = writeln!(out, "\nIncidents: {}", metrics.incidents);

    out.push('\n');
    out.push_str(&figures_table(metrics));

    out.push_str("\nBy severity\n");
    out.push_str(&group_table(
        "Severity",
        &metrics.by_severity,
        &metrics.by_severity_stats,
    ));
    out.push_str("\nBy service\n");
    if metrics.by_service.is_empty() {
        out.push_str("  (no incident in the window)\n");
    } else {
        out.push_str(&group_table(
            "Service",
            &metrics.by_service,
            &metrics.by_service_stats,
        ));
    }
    out.push_str("\nBy month (resolution date)\n");
    out.push_str(&months(&metrics.by_month));

    if !metrics.targets.is_empty() {
        out.push_str("\nTargets (severity definitions; met when the mean is at most the target)\n");
        out.push_str(&targets_table(metrics));
    }

    let rc = &metrics.review_compliance;
    out.push_str("\nPost-incident reviews (deadline passed)\n");
    let _ = writeln!(
        out,
        "  {} due: {} on time, {} late, {} missing; compliance {}",
        rc.eligible,
        rc.on_time,
        rc.late,
        rc.missing,
        percent(rc.rate)
    );
    if !rc.late_incidents.is_empty() {
        let _ = writeln!(out, "  late: {}", rc.late_incidents.join(", "));
    }
    if !rc.missing_incidents.is_empty() {
        let _ = writeln!(out, "  missing: {}", rc.missing_incidents.join(", "));
    }

    let ai = &metrics.action_items;
    out.push_str("\nAction items\n");
    let _ = writeln!(
        out,
        "  {} total, {} due: {} closed, {} overdue; closure {}",
        ai.total,
        ai.due,
        ai.closed,
        ai.overdue,
        percent(ai.closure_rate)
    );
    for item in &ai.overdue_items {
        let owner = item
            .owner
            .as_deref()
            .map(|o| format!(", {o}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  overdue: {} {} (due {}{owner})",
            item.incident, item.action, item.due
        );
    }

    if !metrics.notes.is_empty() {
        out.push_str("\nNotes\n");
        for note in &metrics.notes {
            let _ = writeln!(out, "  - {note}");
        }
    }
    out
}

/// A new table in the console report's style.
fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.set_width(WIDTH);
    t.force_no_tty();
    t.set_header(header.iter().map(Cell::new));
    t
}

/// Right-aligns the columns `columns` (numbers and durations).
fn align_numbers(t: &mut Table, columns: std::ops::Range<usize>) {
    for index in columns {
        if let Some(column) = t.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// The overall MTTD, MTTA, MTTR with n, mean, median, p90 and the small-sample warning.
fn figures_table(metrics: &Metrics) -> String {
    let mut t = table(&["Figure", "n", "mean", "median", "p90", ""]);
    for figure in Figure::ALL {
        let s = metrics.figure(figure);
        t.add_row(vec![
            Cell::new(figure.key().to_uppercase()),
            Cell::new(s.n),
            Cell::new(duration(s.mean)),
            Cell::new(duration(s.median)),
            Cell::new(duration(s.p90)),
            Cell::new(warning(s)),
        ]);
    }
    align_numbers(&mut t, 1..5);
    format!("{t}\n")
}

/// `not meaningful (n < 5)` for a small sample, empty otherwise.
fn warning(s: &Stats) -> String {
    if s.meaningful {
        String::new()
    } else {
        format!("not meaningful (n < {MIN_MEANINGFUL_N})")
    }
}

/// Counts and mean figures per group (severity or service); a mean on fewer than 5
/// incidents is marked with `*`.
fn group_table(
    label: &str,
    counts: &BTreeMap<String, usize>,
    stats: &BTreeMap<String, Figures>,
) -> String {
    let mut t = table(&[label, "incidents", "MTTD mean", "MTTA mean", "MTTR mean"]);
    let mut small = false;
    for (key, count) in counts {
        let mut row = vec![Cell::new(key), Cell::new(count)];
        for figure in Figure::ALL {
            let cell = match stats.get(key).map(|f| f.get(figure)) {
                Some(s) if s.n > 0 => {
                    small |= !s.meaningful;
                    let mark = if s.meaningful { "" } else { "*" };
                    format!("{}{mark}", duration(s.mean))
                }
                _ => "-".to_string(),
            };
            row.push(Cell::new(cell));
        }
        t.add_row(row);
    }
    align_numbers(&mut t, 1..5);
    let mut text = format!("{t}\n");
    if small {
        let _ = writeln!(
            text,
            "  * fewer than {MIN_MEANINGFUL_N} incidents: not meaningful"
        );
    }
    text
}

/// The months as `YYYY-MM  count` rows, four to a line.
fn months(by_month: &BTreeMap<String, usize>) -> String {
    if by_month.is_empty() {
        return "  (no incident in the window)\n".to_string();
    }
    let cells: Vec<String> = by_month
        .iter()
        .map(|(m, c)| format!("{m} {c:>3}"))
        .collect();
    let mut text = String::new();
    for line in cells.chunks(4) {
        let _ = writeln!(text, "  {}", line.join("    "));
    }
    text
}

/// Each target against the window's figure.
fn targets_table(metrics: &Metrics) -> String {
    let mut t = table(&[
        "Severity", "Figure", "target", "mean", "median", "n", "result",
    ]);
    for target in &metrics.targets {
        let mut result = target.status.label().to_string();
        if target.status != TargetStatus::NoData && !target.meaningful {
            result.push_str(&format!(" (n < {MIN_MEANINGFUL_N})"));
        }
        t.add_row(vec![
            Cell::new(&target.severity),
            Cell::new(target.metric.key().to_uppercase()),
            Cell::new(&target.target),
            Cell::new(duration(target.mean_seconds)),
            Cell::new(duration(target.median_seconds)),
            Cell::new(target.n),
            Cell::new(result),
        ]);
    }
    align_numbers(&mut t, 2..6);
    format!("{t}\n")
}

/// A percentage with one decimal, or `n/a`.
fn percent(rate: Option<f64>) -> String {
    rate.map_or("n/a".to_string(), |r| format!("{:.1}%", r * 100.0))
}

/// A duration for a person: `45s`, `6m 52s`, `2h 05m`, `3d 4h`; `-` when there is none.
pub fn duration(seconds: Option<f64>) -> String {
    let Some(seconds) = seconds else {
        return "-".to_string();
    };
    let total = seconds.round() as i64;
    let (d, h, m, s) = (
        total / 86_400,
        total % 86_400 / 3600,
        total % 3600 / 60,
        total % 60,
    );
    if d > 0 {
        format!("{d}d {h}h")
    } else if h > 0 {
        format!("{h}h {m:02}m")
    } else if m > 0 {
        format!("{m}m {s:02}s")
    } else {
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(None), "-");
        assert_eq!(duration(Some(45.0)), "45s");
        assert_eq!(duration(Some(412.5)), "6m 53s");
        assert_eq!(duration(Some(7500.0)), "2h 05m");
        assert_eq!(duration(Some(273_600.0)), "3d 4h");
    }
}

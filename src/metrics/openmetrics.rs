//! `irready metrics --format openmetrics`: the metrics as OpenMetrics 1.0 text, for the
//! Prometheus textfile collector or a pushgateway (docs/metrics.md lists the families; a
//! Grafana dashboard is built on exactly these names, so they are stable).
//!
//! Format rules kept here: every family has `# TYPE` and `# HELP` (and `# UNIT` when its
//! name ends in a unit) before its samples; the samples of one label set are contiguous;
//! durations are in seconds; a summary with no observation has NaN quantiles and a zero
//! count and sum; label values escape `\`, `"` and newlines; no blank line; the text ends
//! with `# EOF` and a newline.

use super::{Figure, Metrics, Stats, TargetStatus};
use std::fmt::Write;

/// Renders the metrics as OpenMetrics text.
pub fn render(metrics: &Metrics) -> String {
    let mut out = String::new();

    family(
        &mut out,
        "irready_window",
        "info",
        None,
        "The day taken as today and the window of resolution dates the metrics cover.",
    );
    sample(
        &mut out,
        "irready_window_info",
        &[
            ("as_of", &metrics.as_of.to_string()),
            ("since", &metrics.window.since.to_string()),
            ("until", &metrics.window.until.to_string()),
        ],
        "1",
    );

    family(
        &mut out,
        "irready_incidents",
        "gauge",
        None,
        "Incidents resolved in the window, by service and severity.",
    );
    for ((service, severity), count) in &metrics.by_service_and_severity {
        sample(
            &mut out,
            "irready_incidents",
            &[("service", service), ("severity", severity)],
            &count.to_string(),
        );
    }

    for figure in Figure::ALL {
        let name = summary_name(figure);
        family(
            &mut out,
            name,
            "summary",
            Some("seconds"),
            &format!(
                "Per-incident {} in the window: median (quantile 0.5) and nearest-rank p90, \
                 count and sum. Unlabelled: all incidents; labelled by severity or by service.",
                figure.describes()
            ),
        );
        summary(&mut out, name, &[], metrics.figure(figure));
        for (severity, figures) in &metrics.by_severity_stats {
            summary(
                &mut out,
                name,
                &[("severity", severity)],
                figures.get(figure),
            );
        }
        for (service, figures) in &metrics.by_service_stats {
            summary(&mut out, name, &[("service", service)], figures.get(figure));
        }
    }

    family(
        &mut out,
        "irready_target_seconds",
        "gauge",
        Some("seconds"),
        "The targets of the severity definitions (metric: mttd, mtta or mttr).",
    );
    for t in &metrics.targets {
        sample(
            &mut out,
            "irready_target_seconds",
            &[("metric", t.metric.key()), ("severity", &t.severity)],
            &float(t.target_seconds),
        );
    }
    family(
        &mut out,
        "irready_target_met",
        "gauge",
        None,
        "1 when the window's mean meets the severity's target, 0 when it misses it; absent \
         when no incident of that severity has the figure.",
    );
    for t in &metrics.targets {
        let value = match t.status {
            TargetStatus::Met => "1",
            TargetStatus::Missed => "0",
            TargetStatus::NoData => continue,
        };
        sample(
            &mut out,
            "irready_target_met",
            &[("metric", t.metric.key()), ("severity", &t.severity)],
            value,
        );
    }

    let rc = &metrics.review_compliance;
    family(
        &mut out,
        "irready_reviews",
        "gauge",
        None,
        "Post-incident reviews of the in-window incidents that need one and whose deadline \
         has passed, by outcome (on_time, late, missing).",
    );
    for (outcome, count) in [
        ("on_time", rc.on_time),
        ("late", rc.late),
        ("missing", rc.missing),
    ] {
        sample(
            &mut out,
            "irready_reviews",
            &[("outcome", outcome)],
            &count.to_string(),
        );
    }
    family(
        &mut out,
        "irready_review_compliance_ratio",
        "gauge",
        Some("ratio"),
        "Reviews on time / reviews due; absent when no review is due.",
    );
    if let Some(rate) = rc.rate {
        sample(
            &mut out,
            "irready_review_compliance_ratio",
            &[],
            &float(rate),
        );
    }

    let ai = &metrics.action_items;
    family(
        &mut out,
        "irready_action_items",
        "gauge",
        None,
        "Action items of the reviews of the in-window incidents, by state: total, due (due \
         date before as_of), closed (due and closed), overdue (due and open).",
    );
    for (state, count) in [
        ("total", ai.total),
        ("due", ai.due),
        ("closed", ai.closed),
        ("overdue", ai.overdue),
    ] {
        sample(
            &mut out,
            "irready_action_items",
            &[("state", state)],
            &count.to_string(),
        );
    }
    family(
        &mut out,
        "irready_action_item_closure_ratio",
        "gauge",
        Some("ratio"),
        "Due action items closed / due action items; absent when none is due.",
    );
    if let Some(rate) = ai.closure_rate {
        sample(
            &mut out,
            "irready_action_item_closure_ratio",
            &[],
            &float(rate),
        );
    }

    out.push_str("# EOF\n");
    out
}

/// Renders the same metrics in the Prometheus text format 0.0.4, which the node
/// exporter's textfile collector and the Pushgateway read (their parser knows no `info`
/// type, no `# UNIT` and no `# EOF`): the info family becomes the gauge
/// `irready_window_info`, UNIT lines and the EOF marker are left out; every sample, name
/// and label stays the same, so the dashboard's queries work on either.
pub fn render_prometheus(metrics: &Metrics) -> String {
    let open = render(metrics);
    let mut out = String::with_capacity(open.len());
    let mut info_families: Vec<String> = Vec::new();
    for line in open.lines() {
        if line == "# EOF" || line.starts_with("# UNIT ") {
            continue;
        }
        if let Some(rest) = line.strip_prefix("# TYPE ")
            && let Some(name) = rest.strip_suffix(" info")
        {
            info_families.push(name.to_string());
            let _ = writeln!(out, "# TYPE {name}_info gauge");
            continue;
        }
        if let Some(rest) = line.strip_prefix("# HELP ")
            && let Some(name) = info_families.iter().find(|n| {
                rest.strip_prefix(n.as_str())
                    .is_some_and(|r| r.starts_with(' '))
            })
        {
            let _ = writeln!(out, "# HELP {name}_info{}", &rest[name.len()..]);
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The summary family of a figure.
pub fn summary_name(figure: Figure) -> &'static str {
    match figure {
        Figure::Mttd => "irready_time_to_detect_seconds",
        Figure::Mtta => "irready_time_to_acknowledge_seconds",
        Figure::Mttr => "irready_time_to_restore_seconds",
    }
}

/// The descriptor lines of a family: TYPE, UNIT (when given), HELP.
fn family(out: &mut String, name: &str, kind: &str, unit: Option<&str>, help: &str) {
    let _ = writeln!(out, "# TYPE {name} {kind}");
    if let Some(unit) = unit {
        let _ = writeln!(out, "# UNIT {name} {unit}");
    }
    let _ = writeln!(out, "# HELP {name} {}", escape_help(help));
}

/// The samples of one summary label set: quantiles 0.5 and 0.9, sum, count (contiguous).
fn summary(out: &mut String, name: &str, labels: &[(&str, &str)], stats: &Stats) {
    for (q, value) in [("0.5", stats.median), ("0.9", stats.p90)] {
        let mut with_q: Vec<(&str, &str)> = labels.to_vec();
        with_q.push(("quantile", q));
        sample(out, name, &with_q, &value.map_or("NaN".to_string(), float));
    }
    sample(out, &format!("{name}_sum"), labels, &float(stats.sum));
    sample(out, &format!("{name}_count"), labels, &stats.n.to_string());
}

/// One sample line: `name{label="value",...} value`.
fn sample(out: &mut String, name: &str, labels: &[(&str, &str)], value: &str) {
    out.push_str(name);
    if !labels.is_empty() {
        out.push('{');
        for (i, (k, v)) in labels.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{k}=\"{}\"", escape_label(v));
        }
        out.push('}');
    }
    out.push(' ');
    out.push_str(value);
    out.push('\n');
}

/// A float as OpenMetrics writes it: `300`, `412.5`, `NaN`, `+Inf`, `-Inf`.
fn float(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_string()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.to_string()
    } else {
        // Rust's shortest round-trip form, never with an exponent: valid OpenMetrics.
        format!("{v}")
    }
}

/// A label value: backslash, double quote and line feed escaped.
fn escape_label(v: &str) -> String {
    let mut s = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            '\n' => s.push_str("\\n"),
            c => s.push(c),
        }
    }
    s
}

/// HELP text: backslash and line feed escaped (and runs of white space folded, since the
/// texts above are wrapped in the source).
fn escape_help(v: &str) -> String {
    v.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\\', "\\\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_openmetrics_numbers() {
        assert_eq!(float(300.0), "300");
        assert_eq!(float(412.5), "412.5");
        assert_eq!(float(f64::NAN), "NaN");
        assert_eq!(float(f64::INFINITY), "+Inf");
        assert_eq!(float(-0.25), "-0.25");
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape_label(r#"a"b\c"#), r#"a\"b\\c"#);
        assert_eq!(escape_label("x\ny"), "x\\ny");
    }
}

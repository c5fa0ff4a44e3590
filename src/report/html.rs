//! The HTML dashboard (`irready report --format html`): one self-contained file — no
//! network, no external script, font or stylesheet — with the findings (filterable by
//! status, check and severity in the browser, without a server), the incident metrics
//! with inline SVG charts (time to restore by month, incidents by severity, review
//! compliance, action items), the maturity table and the regulatory mapping.
//!
//! The metrics and maturity sections are drawn from the JSON documents of `irready
//! metrics --format json` and `irready maturity --format json` (SPEC §6, §7): the
//! dashboard shows exactly what those commands print, and this file depends only on
//! their published field names. Everything is escaped; the one script is inline and
//! reads only the page. Same input, same bytes.

use super::{ReportInput, STATUS_ORDER, StatusCounts};
use crate::finding::Finding;
use serde_json::Value as Json;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// What the dashboard shows besides the findings.
#[derive(Debug, Clone, Copy)]
pub struct Dashboard<'a> {
    pub report: ReportInput<'a>,
    /// `irready metrics --format json`, when incidents were read.
    pub metrics: Option<&'a Json>,
    /// `irready maturity --format json`.
    pub maturity: Option<&'a Json>,
    /// The date the run took as today.
    pub as_of: &'a str,
}

/// Renders the dashboard, ending in a newline.
pub fn render(d: &Dashboard) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let counts = StatusCounts::of(d.report.findings);
    let title = format!(
        "irready — {}",
        d.report
            .controls
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    let _ = write!(
        out,
        "<header><h1>{}</h1><p>{} on <code>{}</code>, as of {} · irready {}</p></header>\n<main>\n",
        esc(&title),
        esc(&summary_sentence(&counts)),
        esc(&d.report.scanned_paths.join(", ")),
        esc(d.as_of),
        esc(d.report.tool_version)
    );
    tiles(&mut out, &counts, d);
    metrics_section(&mut out, d.metrics);
    maturity_section(&mut out, d.maturity);
    findings_section(&mut out, d.report.findings);
    regulatory_section(&mut out, &d.report);
    out.push_str("</main>\n<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

fn summary_sentence(c: &StatusCounts) -> String {
    format!(
        "{} findings: {} FAIL, {} ERROR, {} SKIP, {} WAIVED, {} PASS",
        c.total(),
        c.fail,
        c.error,
        c.skip,
        c.waived,
        c.pass
    )
}

fn tiles(out: &mut String, counts: &StatusCounts, d: &Dashboard) {
    out.push_str("<section class=\"tiles\">");
    for status in STATUS_ORDER {
        let _ = write!(
            out,
            "<div class=\"tile s-{}\"><b>{}</b><span>{}</span></div>",
            status.as_str().to_ascii_lowercase(),
            counts.get(status),
            status.as_str()
        );
    }
    if let Some(level) = d
        .maturity
        .and_then(|m| m.get("level"))
        .and_then(Json::as_u64)
    {
        let _ = write!(
            out,
            "<div class=\"tile level\"><b>{level}</b><span>maturity level</span></div>"
        );
    }
    if let Some(mttr) = d
        .metrics
        .and_then(|m| m.get("mttr"))
        .and_then(|m| m.get("median_seconds"))
        .and_then(Json::as_f64)
    {
        let _ = write!(
            out,
            "<div class=\"tile\"><b>{}</b><span>median time to restore</span></div>",
            esc(&human_duration(mttr))
        );
    }
    out.push_str("</section>\n");
}

fn metrics_section(out: &mut String, metrics: Option<&Json>) {
    out.push_str("<section id=\"metrics\"><h2>Incident metrics</h2>\n");
    let Some(m) = metrics else {
        out.push_str("<p class=\"none\">No incident records were read.</p></section>\n");
        return;
    };
    if let (Some(since), Some(until)) = (
        m.pointer("/window/since").and_then(Json::as_str),
        m.pointer("/window/until").and_then(Json::as_str),
    ) {
        let _ = writeln!(
            out,
            "<p>{} incidents resolved from {} to {}.</p>",
            m.get("incidents").and_then(Json::as_u64).unwrap_or(0),
            esc(since),
            esc(until)
        );
    }
    out.push_str("<table class=\"stats\"><thead><tr><th>figure</th><th>n</th><th>mean</th><th>median</th><th>p90</th><th></th></tr></thead><tbody>\n");
    for (key, name) in [
        ("mttd", "time to detect"),
        ("mtta", "time to acknowledge"),
        ("mttr", "time to restore"),
    ] {
        let s = m.get(key);
        let n = s
            .and_then(|s| s.get("n"))
            .and_then(Json::as_u64)
            .unwrap_or(0);
        let cell = |field: &str| {
            s.and_then(|s| s.get(field))
                .and_then(Json::as_f64)
                .map_or_else(|| "—".to_string(), human_duration)
        };
        let note = if n < 5 {
            "fewer than 5 incidents: not meaningful"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{n}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"note\">{}</td></tr>",
            esc(&format!("{} ({})", key.to_uppercase(), name)),
            esc(&cell("mean_seconds")),
            esc(&cell("median_seconds")),
            esc(&cell("p90_seconds")),
            note
        );
    }
    out.push_str("</tbody></table>\n<div class=\"charts\">\n");
    let trend: Vec<(String, f64)> = m
        .get("by_month_stats")
        .and_then(Json::as_object)
        .map(|months| {
            months
                .iter()
                .filter_map(|(month, s)| {
                    let mean = s.pointer("/mttr/mean_seconds").and_then(Json::as_f64)?;
                    Some((month.clone(), mean / 60.0))
                })
                .collect()
        })
        .unwrap_or_default();
    chart(
        out,
        "mttr-trend",
        "Mean time to restore by month (minutes)",
        &trend,
        "bar-mttr",
    );
    let by_severity: Vec<(String, f64)> = m
        .get("by_severity")
        .and_then(Json::as_object)
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_f64().unwrap_or(0.0)))
                .collect()
        })
        .unwrap_or_default();
    chart(
        out,
        "incidents-by-severity",
        "Incidents by severity",
        &by_severity,
        "bar-sev",
    );
    let rc = m.get("review_compliance");
    let field = |o: Option<&Json>, k: &str| {
        o.and_then(|o| o.get(k))
            .and_then(Json::as_f64)
            .unwrap_or(0.0)
    };
    let reviews = vec![
        ("on time".to_string(), field(rc, "on_time")),
        ("late".to_string(), field(rc, "late")),
        ("missing".to_string(), field(rc, "missing")),
    ];
    chart(
        out,
        "review-compliance",
        &match rc.and_then(|r| r.get("rate")).and_then(Json::as_f64) {
            Some(rate) => format!("Review compliance ({:.0}% on time)", rate * 100.0),
            None => "Review compliance".to_string(),
        },
        &reviews,
        "bar-review",
    );
    let ai = m.get("action_items");
    let due = field(ai, "due");
    let items = vec![
        ("closed".to_string(), field(ai, "closed")),
        ("overdue".to_string(), field(ai, "overdue")),
        (
            "not yet due".to_string(),
            (field(ai, "total") - due).max(0.0),
        ),
    ];
    chart(out, "action-items", "Action items", &items, "bar-items");
    out.push_str("</div>\n");
    if let Some(Json::Array(targets)) = m.get("targets")
        && !targets.is_empty()
    {
        out.push_str("<h3>Targets</h3><table><thead><tr><th>severity</th><th>figure</th><th>target</th><th>mean</th><th>verdict</th></tr></thead><tbody>\n");
        for t in targets {
            let text = |k: &str| -> String {
                match t.get(k) {
                    Some(Json::String(s)) => s.clone(),
                    Some(Json::Number(n)) if k.ends_with("seconds") => {
                        n.as_f64().map(human_duration).unwrap_or_default()
                    }
                    Some(Json::Number(n)) => n.to_string(),
                    _ => "—".to_string(),
                }
            };
            let verdict = text("status");
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"v-{}\">{}</td></tr>",
                esc(&text("severity")),
                esc(&text("metric")),
                esc(&text("target_seconds")),
                esc(&text("mean_seconds")),
                esc(&verdict.replace(' ', "-")),
                esc(&verdict)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    if let Some(Json::Array(notes)) = m.get("notes") {
        for n in notes.iter().filter_map(Json::as_str) {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(n));
        }
    }
    out.push_str("</section>\n");
}

/// A bar chart as inline SVG: one bar per label, the value written above it.
fn chart(out: &mut String, id: &str, title: &str, data: &[(String, f64)], class: &str) {
    let _ = write!(
        out,
        "<figure class=\"chart\" id=\"{}\"><figcaption>{}</figcaption>",
        esc(id),
        esc(title)
    );
    if data.is_empty() || data.iter().all(|(_, v)| *v == 0.0) {
        out.push_str("<p class=\"none\">no data</p></figure>\n");
        return;
    }
    let (width, height, top, bottom) = (360.0, 200.0, 18.0, 34.0);
    let max = data.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
    let slot = width / data.len() as f64;
    let bar = (slot * 0.6).min(48.0);
    let _ = write!(
        out,
        "<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\" class=\"{class}\">",
        esc(title)
    );
    let _ = write!(
        out,
        "<line x1=\"0\" y1=\"{0}\" x2=\"{width}\" y2=\"{0}\" class=\"axis\"/>",
        height - bottom
    );
    for (i, (label, value)) in data.iter().enumerate() {
        let h = if max > 0.0 {
            (height - top - bottom) * value / max
        } else {
            0.0
        };
        let x = slot * i as f64 + (slot - bar) / 2.0;
        let y = height - bottom - h;
        let _ = write!(
            out,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" class=\"b{}\"><title>{}: {}</title></rect>",
            i % 4,
            esc(label),
            esc(&number(*value))
        );
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"val\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" class=\"lbl\">{}</text>",
            x + bar / 2.0,
            y - 4.0,
            esc(&number(*value)),
            x + bar / 2.0,
            height - bottom + 16.0,
            esc(label)
        );
    }
    out.push_str("</svg></figure>\n");
}

fn maturity_section(out: &mut String, maturity: Option<&Json>) {
    out.push_str("<section id=\"maturity\"><h2>Maturity</h2>\n");
    let Some(m) = maturity else {
        out.push_str("<p class=\"none\">Not assessed.</p></section>\n");
        return;
    };
    let _ = writeln!(
        out,
        "<p>Level reached: <b>{}</b> (levels 2–5 hold when every criterion up to them is met; a criterion without evidence is unknown, never met).</p>",
        m.get("level").and_then(Json::as_u64).unwrap_or(1)
    );
    out.push_str("<table><thead><tr><th>level</th><th>criterion</th><th>status</th><th>evidence</th><th>to do</th></tr></thead><tbody>\n");
    for c in m
        .get("criteria")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        let status = c.get("status").and_then(Json::as_str).unwrap_or("unknown");
        let evidence: Vec<String> = c
            .get("evidence")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .map(|e| match e {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"m-{}\">{}</td><td>{}</td><td>{}</td></tr>",
            c.get("level").and_then(Json::as_u64).unwrap_or(0),
            esc(c.get("criterion").and_then(Json::as_str).unwrap_or("")),
            esc(status),
            esc(&status.replace('_', " ")),
            evidence
                .iter()
                .map(|e| esc(e))
                .collect::<Vec<_>>()
                .join("<br>"),
            esc(c.get("todo").and_then(Json::as_str).unwrap_or(""))
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn findings_section(out: &mut String, findings: &[Finding]) {
    out.push_str("<section id=\"findings\"><h2>Findings</h2>\n<div class=\"filters\">");
    let statuses: BTreeSet<&str> = findings.iter().map(|f| f.status.as_str()).collect();
    let checks: BTreeSet<&str> = findings.iter().map(|f| f.check_id.as_str()).collect();
    let severities: BTreeSet<&str> = findings.iter().map(|f| f.severity.as_str()).collect();
    for (id, label, values) in [
        ("f-status", "status", statuses),
        ("f-check", "check", checks),
        ("f-severity", "severity", severities),
    ] {
        let _ = write!(
            out,
            "<label>{label} <select id=\"{id}\"><option value=\"\">all</option>"
        );
        for v in values {
            let _ = write!(out, "<option>{}</option>", esc(v));
        }
        out.push_str("</select></label>");
    }
    out.push_str("<label>search <input id=\"f-text\" type=\"search\"></label> <span id=\"f-count\"></span></div>\n");
    out.push_str("<table id=\"findings-table\"><thead><tr><th>status</th><th>severity</th><th>check</th><th>resource</th><th>location</th><th>message</th></tr></thead><tbody>\n");
    for f in findings {
        let status = f.status.as_str();
        let _ = writeln!(
            out,
            "<tr data-status=\"{status}\" data-check=\"{}\" data-severity=\"{}\"><td class=\"s-{}\">{status}</td><td>{}</td><td><code>{}</code></td><td><code>{}</code></td><td><code>{}:{}</code></td><td>{}{}</td></tr>",
            esc(&f.check_id),
            f.severity.as_str(),
            status.to_ascii_lowercase(),
            f.severity.as_str(),
            esc(&f.check_id),
            esc(&f.resource),
            esc(&f.file),
            f.line.max(1),
            esc(&f.message),
            if f.status == crate::finding::Status::Fail && !f.remediation.trim().is_empty() {
                format!(
                    "<details><summary>remediation</summary>{}</details>",
                    esc(f.remediation.trim())
                )
            } else {
                String::new()
            }
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn regulatory_section(out: &mut String, report: &ReportInput) {
    out.push_str("<section id=\"regulatory\"><h2>Regulatory mapping</h2>\n");
    for c in report.controls {
        if c.regulatory_mapping.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<h3>{} — {}</h3><table><thead><tr><th>framework</th><th>controls</th></tr></thead><tbody>",
            esc(&c.id),
            esc(&c.title)
        );
        for m in &c.regulatory_mapping {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(&m.framework),
                esc(&m.controls.join(", "))
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
}

/// `95 s`, `12 min`, `3.5 h`, `2.0 d`: durations as people read them.
fn human_duration(seconds: f64) -> String {
    if seconds < 120.0 {
        format!("{} s", number(seconds))
    } else if seconds < 7200.0 {
        format!("{} min", number(seconds / 60.0))
    } else if seconds < 172_800.0 {
        format!("{:.1} h", seconds / 3600.0)
    } else {
        format!("{:.1} d", seconds / 86_400.0)
    }
}

/// A number without a useless fraction.
fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "\
:root{--fail:#c62828;--error:#6a1b9a;--skip:#b26a00;--waived:#546e7a;--pass:#2e7d32;--ink:#1d2330;--line:#d9dde5}\
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--ink);background:#f6f7f9}\
header{padding:18px 28px;background:#1d2330;color:#fff}header h1{margin:0 0 4px;font-size:20px}header p{margin:0;opacity:.85}\
main{padding:8px 28px 40px}section{margin-top:22px}h2{font-size:17px;border-bottom:1px solid var(--line);padding-bottom:4px}\
.tiles{display:flex;flex-wrap:wrap;gap:10px}.tile{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px 16px;min-width:110px}\
.tile b{display:block;font-size:24px}.tile span{font-size:12px;text-transform:uppercase;letter-spacing:.04em;opacity:.75}\
.s-fail{color:var(--fail)}.s-error{color:var(--error)}.s-skip{color:var(--skip)}.s-waived{color:var(--waived)}.s-pass{color:var(--pass)}\
table{border-collapse:collapse;width:100%;background:#fff;margin:6px 0 12px}th,td{border:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}\
th{background:#eef0f4;font-weight:600}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}\
td.s-fail,td.s-error,td.s-skip,td.s-waived,td.s-pass{font-weight:700}.note{color:#6b7280;font-size:12px}.none{color:#6b7280;font-style:italic}\
.charts{display:flex;flex-wrap:wrap;gap:14px}.chart{margin:0;background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px;width:390px}\
.chart figcaption{font-weight:600;margin-bottom:6px}.chart svg{width:100%;height:auto}.axis{stroke:#9aa3b2}\
.val{font-size:11px;text-anchor:middle;fill:var(--ink)}.lbl{font-size:10px;text-anchor:middle;fill:#4b5563}\
rect.b0{fill:#3b6fd8}rect.b1{fill:#e0803a}rect.b2{fill:#c24444}rect.b3{fill:#4aa37a}\
.bar-review rect.b0{fill:var(--pass)}.bar-review rect.b1{fill:var(--skip)}.bar-review rect.b2{fill:var(--fail)}\
.bar-items rect.b0{fill:var(--pass)}.bar-items rect.b1{fill:var(--fail)}.bar-items rect.b2{fill:#9aa3b2}\
.m-met,.v-met{color:var(--pass);font-weight:700}.m-not_met,.v-missed{color:var(--fail);font-weight:700}.m-unknown,.v-no-data{color:var(--skip);font-weight:700}\
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-bottom:6px}select,input{font:inherit;padding:2px 4px}\
details summary{cursor:pointer;color:#4b5563}tr.hidden{display:none}\
#maturity td:nth-child(2){min-width:240px}#maturity td:nth-child(4){font-size:12px}#findings td:nth-child(6){min-width:320px}";

/// Filters the findings table in the browser; sets `data-ready` on the body when done
/// (the headless test waits for it) and records script errors in `data-errors`.
const SCRIPT: &str = "\
(function(){\
var errors=[];window.addEventListener('error',function(e){errors.push(String(e.message));document.body.setAttribute('data-errors',errors.join(' | '));});\
var rows=Array.prototype.slice.call(document.querySelectorAll('#findings-table tbody tr'));\
var s=document.getElementById('f-status'),c=document.getElementById('f-check'),v=document.getElementById('f-severity'),t=document.getElementById('f-text'),n=document.getElementById('f-count');\
function apply(){var q=t.value.toLowerCase(),shown=0;rows.forEach(function(r){\
var ok=(!s.value||r.getAttribute('data-status')===s.value)&&(!c.value||r.getAttribute('data-check')===c.value)&&(!v.value||r.getAttribute('data-severity')===v.value)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0);\
r.classList.toggle('hidden',!ok);if(ok){shown++;}});n.textContent=shown+' of '+rows.length+' shown';}\
[s,c,v].forEach(function(e){e.addEventListener('change',apply);});t.addEventListener('input',apply);\
if(rows.some(function(r){return r.getAttribute('data-status')==='FAIL';})){s.value='FAIL';}\
apply();document.body.setAttribute('data-ready','1');\
})();";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_people_say_them() {
        assert_eq!(human_duration(45.0), "45 s");
        assert_eq!(human_duration(1800.0), "30 min");
        assert_eq!(human_duration(5400.0), "90 min");
        assert_eq!(human_duration(4.0 * 3600.0), "4.0 h");
        assert_eq!(human_duration(3.0 * 86_400.0), "3.0 d");
    }

    #[test]
    fn escapes_everything_it_writes() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}

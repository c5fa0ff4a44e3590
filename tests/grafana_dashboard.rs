//! grafana/irready-dashboard.json against the OpenMetrics output it reads.
//!
//! The dashboard is only useful while its PromQL names exactly the series
//! `irready metrics --format openmetrics` prints, so this test renders the metrics of
//! tests/fixtures/metrics/exact through the library, extracts every metric selector of
//! every panel target and variable query with a small PromQL tokenizer, and checks that
//! each metric name exists as a printed series name, that each matcher's label exists on
//! that series, that the literal matchers select at least one series, and that a selector
//! of a summary never mixes the overall, per-severity and per-service series (docs/metrics.md).

use irready::ir::documents;
use irready::metrics::{self, MetricsOptions, openmetrics};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn manifest_path(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// One printed sample: its series name and labels.
#[derive(Debug)]
struct Series {
    name: String,
    labels: BTreeMap<String, String>,
}

/// The OpenMetrics text of the fixture, as of the date tests/metrics_exact.rs uses.
fn fixture_output() -> String {
    let (docs, diagnostics) = documents::load(&manifest_path("tests/fixtures/metrics/exact"));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    match metrics::compute(&docs, &MetricsOptions::new(jiff::civil::date(2026, 6, 30))) {
        Ok(m) => openmetrics::render(&m),
        Err(e) => panic!("{e}"),
    }
}

/// The samples of OpenMetrics text and the names of its summary families.
fn parse_openmetrics(text: &str) -> (Vec<Series>, BTreeSet<String>) {
    let mut series = Vec::new();
    let mut summaries = BTreeSet::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let mut parts = rest.split(' ');
            if let (Some(name), Some("summary")) = (parts.next(), parts.next()) {
                summaries.insert(name.to_string());
            }
            continue;
        }
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let name_end = line.find(['{', ' ']).unwrap_or(line.len());
        let name = line[..name_end].to_string();
        let mut labels = BTreeMap::new();
        if line[name_end..].starts_with('{') {
            let mut chars = line[name_end + 1..].chars().peekable();
            loop {
                let key: String = chars.by_ref().take_while(|&c| c != '=').collect();
                let key = key.trim_start_matches(',').to_string();
                if key.starts_with('}') || key.is_empty() {
                    break;
                }
                assert_eq!(chars.next(), Some('"'), "{line}");
                let mut value = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => match chars.next() {
                            Some('n') => value.push('\n'),
                            Some(other) => value.push(other),
                            None => break,
                        },
                        '"' => break,
                        c => value.push(c),
                    }
                }
                labels.insert(key, value);
                if chars.peek() == Some(&'}') {
                    break;
                }
            }
        }
        series.push(Series { name, labels });
    }
    (series, summaries)
}

/// A PromQL token.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Op(String),
    Var,
}

/// Splits PromQL into tokens. Numbers and durations (`5m`, `[5m:1m]`) and comments are
/// dropped; Grafana variables (`$x`, `${x}`) outside strings become `Var`.
fn lex(expr: &str) -> Vec<Tok> {
    let chars: Vec<char> = expr.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '"' || c == '\'' || c == '`' {
            let mut s = String::new();
            i += 1;
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' && c != '`' && i + 1 < chars.len() {
                    i += 1;
                }
                s.push(chars[i]);
                i += 1;
            }
            assert!(i < chars.len(), "unterminated string in {expr}");
            i += 1;
            toks.push(Tok::Str(s));
        } else if c == '[' {
            // A range or subquery duration: nothing in it names a metric.
            while i < chars.len() && chars[i] != ']' {
                i += 1;
            }
            i += 1;
        } else if c == '$' {
            i += 1;
            if i < chars.len() && chars[i] == '{' {
                while i < chars.len() && chars[i] != '}' {
                    i += 1;
                }
                i += 1;
            } else {
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            }
            toks.push(Tok::Var);
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            // 1, 0.5, 1e3, 0x1f, and offset durations such as 1h30m.
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' || c == ':' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == ':')
            {
                i += 1;
            }
            toks.push(Tok::Ident(chars[start..i].iter().collect()));
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            if ["=~", "!~", "!=", "==", ">=", "<="].contains(&two.as_str()) {
                toks.push(Tok::Op(two));
                i += 2;
            } else {
                toks.push(Tok::Op(c.to_string()));
                i += 1;
            }
        }
    }
    toks
}

/// A label matcher: label, operator, value as written.
type Matcher = (String, String, String);

/// A metric selector found in an expression.
#[derive(Debug)]
struct Selector {
    name: String,
    matchers: Vec<Matcher>,
}

/// Words that are PromQL keywords, aggregation operators or literals, never metric names
/// (aggregations may be written `sum by (x) (...)`, so they are not always followed by `(`).
const KEYWORDS: &[&str] = &[
    "and",
    "or",
    "unless",
    "bool",
    "offset",
    "inf",
    "nan",
    "atan2",
    "sum",
    "min",
    "max",
    "avg",
    "group",
    "stddev",
    "stdvar",
    "count",
    "count_values",
    "bottomk",
    "topk",
    "quantile",
    "limitk",
    "limit_ratio",
];

/// Grouping clauses whose parenthesised list holds label names.
const CLAUSES: &[&str] = &[
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
];

/// Every metric selector of a PromQL expression.
fn selectors(expr: &str) -> Vec<Selector> {
    let toks = lex(expr);
    let mut out = Vec::new();
    let mut i = 0;
    let op = |i: usize, s: &str| toks.get(i) == Some(&Tok::Op(s.to_string()));
    while i < toks.len() {
        let Tok::Ident(word) = &toks[i] else {
            if op(i, "{") {
                panic!("a selector without a metric name in {expr}");
            }
            i += 1;
            continue;
        };
        if CLAUSES.contains(&word.as_str()) {
            i += 1;
            if op(i, "(") {
                while i < toks.len() && !op(i, ")") {
                    i += 1;
                }
            }
            i += 1;
            continue;
        }
        if op(i + 1, "(") || KEYWORDS.contains(&word.to_ascii_lowercase().as_str()) {
            // A function call or a keyword.
            i += 1;
            continue;
        }
        let mut selector = Selector {
            name: word.clone(),
            matchers: Vec::new(),
        };
        i += 1;
        if op(i, "{") {
            i += 1;
            loop {
                match (toks.get(i), toks.get(i + 1), toks.get(i + 2)) {
                    (Some(Tok::Op(close)), _, _) if close == "}" => break,
                    (Some(Tok::Ident(label)), Some(Tok::Op(operator)), Some(Tok::Str(value)))
                        if ["=", "!=", "=~", "!~"].contains(&operator.as_str()) =>
                    {
                        selector
                            .matchers
                            .push((label.clone(), operator.clone(), value.clone()));
                        i += 3;
                        if op(i, ",") {
                            i += 1;
                        }
                    }
                    other => panic!("cannot read the matchers of {expr}: {other:?}"),
                }
            }
            i += 1;
        }
        out.push(selector);
    }
    out
}

/// Whether a series satisfies a matcher. Grafana variables in a value are replaced by the
/// dashboard's "All" value `.+` (a chosen value is non-empty too).
fn matches(series: &Series, (label, operator, value): &Matcher) -> bool {
    let actual = series.labels.get(label).map(String::as_str).unwrap_or("");
    match operator.as_str() {
        "=" => actual == value,
        "!=" => actual != value,
        _ => {
            let pattern = regex::Regex::new(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")
                .map(|vars| vars.replace_all(value, ".+").into_owned())
                .unwrap_or_else(|e| panic!("{e}"));
            let re = regex::Regex::new(&format!("^(?:{pattern})$"))
                .unwrap_or_else(|e| panic!("{value}: {e}"));
            re.is_match(actual) == (operator == "=~")
        }
    }
}

/// Every PromQL expression of the dashboard: panel targets (rows' nested panels too),
/// with where each comes from.
fn panel_exprs(panels: &[Value], out: &mut Vec<(String, String)>) {
    for panel in panels {
        let title = panel["title"].as_str().unwrap_or("").to_string();
        for target in panel["targets"].as_array().into_iter().flatten() {
            if let Some(expr) = target["expr"].as_str() {
                out.push((title.clone(), expr.to_string()));
            }
        }
        if let Some(nested) = panel["panels"].as_array() {
            panel_exprs(nested, out);
        }
    }
}

fn dashboard() -> Value {
    let path = manifest_path("grafana/irready-dashboard.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn all_panels(panels: &[Value], out: &mut Vec<Value>) {
    for p in panels {
        out.push(p.clone());
        if let Some(nested) = p["panels"].as_array() {
            all_panels(nested, out);
        }
    }
}

/// `label_values(selector, label)` of a variable, split.
fn label_values(query: &str) -> (String, String) {
    let inner = query
        .trim()
        .strip_prefix("label_values(")
        .and_then(|q| q.strip_suffix(')'))
        .unwrap_or_else(|| panic!("not a label_values query: {query}"));
    let (selector, label) = inner
        .rsplit_once(',')
        .unwrap_or_else(|| panic!("label_values without a label: {query}"));
    (selector.trim().to_string(), label.trim().to_string())
}

/// Checks one selector against the output; returns the problems.
fn check_selector(
    place: &str,
    selector: &Selector,
    series: &[Series],
    summaries: &BTreeSet<String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let named: Vec<&Series> = series.iter().filter(|s| s.name == selector.name).collect();
    if named.is_empty() {
        return vec![format!(
            "{place}: no series `{}` in the output",
            selector.name
        )];
    }
    for (label, _, _) in &selector.matchers {
        if !named.iter().any(|s| s.labels.contains_key(label)) {
            problems.push(format!(
                "{place}: `{}` has no label `{label}`",
                selector.name
            ));
        }
    }
    let selected: Vec<&&Series> = named
        .iter()
        .filter(|s| selector.matchers.iter().all(|m| matches(s, m)))
        .collect();
    if selected.is_empty() {
        problems.push(format!(
            "{place}: {}{:?} selects no series",
            selector.name, selector.matchers
        ));
    }
    let family = ["_sum", "_count"]
        .iter()
        .find_map(|suffix| selector.name.strip_suffix(suffix))
        .unwrap_or(&selector.name);
    if summaries.contains(family) {
        // One kind only: overall, per severity or per service, and one quantile.
        let kinds: BTreeSet<(bool, bool, Option<&String>)> = selected
            .iter()
            .map(|s| {
                (
                    s.labels.contains_key("service"),
                    s.labels.contains_key("severity"),
                    s.labels.get("quantile"),
                )
            })
            .collect();
        if kinds.len() > 1 {
            problems.push(format!(
                "{place}: {}{:?} mixes series of different kinds: {kinds:?}",
                selector.name, selector.matchers
            ));
        }
    }
    problems
}

#[test]
fn every_query_names_series_the_output_prints() {
    let (series, summaries) = parse_openmetrics(&fixture_output());
    assert!(series.len() > 50 && summaries.len() == 3, "{series:?}");
    let dash = dashboard();
    let mut exprs = Vec::new();
    panel_exprs(
        dash["panels"].as_array().map(Vec::as_slice).unwrap_or(&[]),
        &mut exprs,
    );
    assert!(exprs.len() >= 20, "{} expressions", exprs.len());

    let mut problems = Vec::new();
    let mut used = BTreeSet::new();
    for (title, expr) in &exprs {
        let found = selectors(expr);
        assert!(!found.is_empty(), "{title}: no metric in {expr}");
        for selector in &found {
            used.insert(selector.name.clone());
            problems.extend(check_selector(
                &format!("panel {title:?}"),
                selector,
                &series,
                &summaries,
            ));
        }
    }

    let variables = dash["templating"]["list"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let names: BTreeSet<&str> = variables
        .iter()
        .filter_map(|v| v["name"].as_str())
        .collect();
    assert_eq!(names, BTreeSet::from(["service", "severity"]));
    for var in &variables {
        let name = var["name"].as_str().unwrap_or("");
        // The "All" value must exclude the empty label value, or `severity=~"$severity"`
        // would also select the overall series of the summaries.
        assert_eq!(var["allValue"], ".+", "variable {name}");
        let query = var["query"]["query"]
            .as_str()
            .or_else(|| var["query"].as_str())
            .unwrap_or_else(|| panic!("variable {name} has no query"));
        let (selector_expr, label) = label_values(query);
        assert_eq!(label, name, "variable {name} reads another label");
        for selector in selectors(&selector_expr) {
            let place = format!("variable {name}");
            problems.extend(check_selector(&place, &selector, &series, &summaries));
            if !series
                .iter()
                .any(|s| s.name == selector.name && s.labels.contains_key(&label))
            {
                problems.push(format!(
                    "{place}: `{}` has no label `{label}`",
                    selector.name
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Every family of the contract is shown somewhere.
    for family in [
        "irready_window_info",
        "irready_incidents",
        "irready_time_to_detect_seconds",
        "irready_time_to_acknowledge_seconds",
        "irready_time_to_restore_seconds",
        "irready_target_seconds",
        "irready_target_met",
        "irready_reviews",
        "irready_review_compliance_ratio",
        "irready_action_items",
        "irready_action_item_closure_ratio",
    ] {
        assert!(used.contains(family), "no panel reads {family}");
    }
}

#[test]
fn one_panel_per_area() {
    let dash = dashboard();
    let mut panels = Vec::new();
    all_panels(
        dash["panels"].as_array().map(Vec::as_slice).unwrap_or(&[]),
        &mut panels,
    );
    let exprs_of = |p: &Value| -> String {
        p["targets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t["expr"].as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    // (words the title contains, a series the panel must read)
    let areas: &[(&[&str], &str)] = &[
        (
            &["mttr", "all incidents"],
            "irready_time_to_restore_seconds_sum",
        ),
        (
            &["mttd", "all incidents"],
            "irready_time_to_detect_seconds_sum",
        ),
        (
            &["mtta", "all incidents"],
            "irready_time_to_acknowledge_seconds_sum",
        ),
        (&["mttr", "by severity", "target"], "irready_target_seconds"),
        (&["mttd", "by severity", "target"], "irready_target_seconds"),
        (&["mtta", "by severity", "target"], "irready_target_seconds"),
        (&["mttr", "target met"], "irready_target_met"),
        (&["mttd", "target met"], "irready_target_met"),
        (&["mtta", "target met"], "irready_target_met"),
        (&["incidents by severity"], "irready_incidents"),
        (&["incidents by service"], "irready_incidents"),
        (&["review compliance"], "irready_review_compliance_ratio"),
        (&["reviews by outcome"], "irready_reviews"),
        (&["action items by state"], "irready_action_items"),
        (&["closure ratio"], "irready_action_item_closure_ratio"),
        (&["fewer than 5"], "_count"),
        (&["as of"], "irready_window_info"),
    ];
    for (words, reads) in areas {
        let found = panels.iter().any(|p| {
            let title = p["title"].as_str().unwrap_or("").to_lowercase();
            words.iter().all(|w| title.contains(w)) && exprs_of(p).contains(reads)
        });
        assert!(found, "no panel titled with {words:?} reading {reads}");
    }
}

#[test]
fn imports_anywhere() {
    let dash = dashboard();
    let inputs = dash["__inputs"].as_array().cloned().unwrap_or_default();
    assert!(
        inputs.iter().any(|i| i["name"] == "DS_PROMETHEUS"
            && i["type"] == "datasource"
            && i["pluginId"] == "prometheus"),
        "{inputs:?}"
    );
    assert!(dash["schemaVersion"].as_u64().is_some_and(|v| v >= 36));
    let mut panels = Vec::new();
    all_panels(
        dash["panels"].as_array().map(Vec::as_slice).unwrap_or(&[]),
        &mut panels,
    );
    // Core panel types only: no plugin to install.
    let core = [
        "row",
        "stat",
        "bargauge",
        "barchart",
        "timeseries",
        "table",
        "text",
        "gauge",
    ];
    for p in &panels {
        let kind = p["type"].as_str().unwrap_or("");
        assert!(core.contains(&kind), "panel {} is a {kind}", p["title"]);
        if kind != "row" {
            assert_eq!(
                p["datasource"]["uid"], "${DS_PROMETHEUS}",
                "panel {}",
                p["title"]
            );
            for t in p["targets"].as_array().into_iter().flatten() {
                assert_eq!(
                    t["datasource"]["uid"], "${DS_PROMETHEUS}",
                    "panel {}",
                    p["title"]
                );
            }
        }
    }
}

#[test]
fn tokenizer_finds_metrics_only() {
    let found = selectors(
        r#"sum by (severity, service) (rate(foo_total{a="x}y", b=~"$v"}[5m] offset 1h)) / on (a) group_left(b) bar * 2 + max(baz) or 1e3 > bool label_replace(qux{c!=""}, "dst", "$1", "src", "(.*)")"#,
    );
    let names: Vec<&str> = found.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["foo_total", "bar", "baz", "qux"]);
    assert_eq!(
        found[0].matchers,
        [
            ("a".to_string(), "=".to_string(), "x}y".to_string()),
            ("b".to_string(), "=~".to_string(), "$v".to_string())
        ]
    );
    assert_eq!(
        found[3].matchers,
        [("c".to_string(), "!=".to_string(), String::new())]
    );
}

//! The runbook catalog (SPEC §5): front matter and template header lines, headings,
//! automation, slugs, link resolution; broken runbooks give `file:line:col` diagnostics
//! and stay in the catalog.

use irready::ir::runbook::{RunbookCatalog, load_runbooks, parse_runbook};
use jiff::civil::Date;
use std::path::Path;

fn good() -> RunbookCatalog {
    let root = Path::new("tests/fixtures/ir/runbooks/good");
    let (catalog, diagnostics) = load_runbooks(root, &root.join("incident-response/runbooks"));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    catalog
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn the_catalog_is_recursive_sorted_and_skips_readme_and_other_files() {
    let c = good();
    let paths: Vec<&str> = c.runbooks.iter().map(|r| &*r.path).collect();
    assert_eq!(
        paths,
        [
            "incident-response/runbooks/db-replica-lag.md",
            "incident-response/runbooks/payments/high-error-rate.md",
        ]
    );
    let r = &c.runbooks[1];
    assert_eq!(r.catalog_path, "payments/high-error-rate.md");
    assert_eq!(r.slug, "high-error-rate");
    assert_eq!(
        r.location.to_string(),
        "incident-response/runbooks/payments/high-error-rate.md:1:1"
    );
}

#[test]
fn front_matter_gives_the_header_fields() {
    let c = good();
    let r = c
        .by_path("incident-response/runbooks/payments/high-error-rate.md")
        .unwrap();
    assert_eq!(r.alert_ids, ["payment-api-5xx", "payment-api-latency"]);
    assert_eq!(
        r.alert_ids_location.as_ref().unwrap().to_string(),
        "incident-response/runbooks/payments/high-error-rate.md:3:12"
    );
    assert_eq!(r.service.as_deref(), Some("payment-api"));
    assert_eq!(r.severity.as_deref(), Some("SEV2"));
    // The `**Owner:**` line inside the code block does not count.
    assert_eq!(r.owner.as_deref(), Some("payments-team"));
    assert_eq!(r.last_updated, Some(date("2026-03-01")));
    assert_eq!(
        r.last_updated_location.as_ref().unwrap().to_string(),
        "incident-response/runbooks/payments/high-error-rate.md:7:15"
    );
    assert_eq!(
        r.title.as_deref(),
        Some("Runbook: Payment API high error rate")
    );
    let headings: Vec<(&str, u8, u32)> = r
        .headings
        .iter()
        .map(|h| (h.text.as_str(), h.level, h.line))
        .collect();
    assert_eq!(
        headings,
        [
            ("Runbook: Payment API high error rate", 1, 10),
            ("Symptom", 2, 12),
            ("Diagnosis", 2, 16),
            ("Remediation", 2, 25),
            ("Escalation", 2, 29),
            ("Automated diagnostics", 2, 33),
        ]
    );
    assert!(r.has_automation);
    let required: Vec<String> = ["Symptom", "Diagnosis", "Remediation", "Escalation"]
        .map(String::from)
        .to_vec();
    assert!(r.missing_sections(&required).is_empty());
}

#[test]
fn template_header_lines_give_the_header_fields() {
    let c = good();
    let r = c
        .by_path("incident-response/runbooks/db-replica-lag.md")
        .unwrap();
    assert_eq!(r.alert_ids, ["db-replica-lag", "db-replica-down"]);
    assert_eq!(
        r.alert_ids_location.as_ref().unwrap().to_string(),
        "incident-response/runbooks/db-replica-lag.md:3:15"
    );
    assert_eq!(r.severity.as_deref(), Some("SEV1"));
    assert_eq!(r.owner.as_deref(), Some("data-platform"));
    assert_eq!(r.service, None);
    assert_eq!(r.last_updated, Some(date("2025-06-01")));
    assert_eq!(
        r.last_updated_location.as_ref().unwrap().to_string(),
        "incident-response/runbooks/db-replica-lag.md:6:19"
    );
    // A setext heading, and headings that extend the required names.
    assert_eq!(r.headings[1].text, "Symptoms");
    assert_eq!(r.headings[1].line, 10);
    assert!(!r.has_automation);
    let required: Vec<String> = [
        "Symptom",
        "Diagnosis",
        "Remediation",
        "Escalation",
        "Rollback",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(r.missing_sections(&required), ["Rollback"]);
    assert_eq!(r.is_stale(date("2026-06-30"), 180), Some(true));
    assert_eq!(r.is_stale(date("2025-11-28"), 180), Some(false));
}

#[test]
fn links_resolve_by_url_base_slug_path_and_alert_id() {
    let c = good();
    let bases = vec![
        "https://runbooks.example/".to_string(),
        "https://wiki.example/rb".to_string(),
    ];
    let path = |r: Option<&irready::ir::runbook::Runbook>| r.map(|r| r.path.to_string());
    let hre = Some("incident-response/runbooks/payments/high-error-rate.md".to_string());
    assert_eq!(
        path(c.resolve_url("https://runbooks.example/high-error-rate", &bases)),
        hre
    );
    assert_eq!(
        path(c.resolve_url(
            "https://runbooks.example/payments/high-error-rate.md#steps",
            &bases
        )),
        hre
    );
    assert_eq!(
        path(c.resolve_url("https://wiki.example/rb/high-error-rate/?v=2", &bases)),
        hre
    );
    assert_eq!(
        path(c.resolve_url("https://runbooks.example/missing", &bases)),
        None
    );
    assert_eq!(
        path(c.resolve_url("https://runbooks.example/", &bases)),
        None
    );
    assert_eq!(
        path(c.resolve_url("https://elsewhere.example/high-error-rate", &bases)),
        None
    );
    assert_eq!(c.by_slug("db-replica-lag").len(), 1);
    assert_eq!(c.by_alert_id("payment-api-latency").len(), 1);
    assert!(c.by_alert_id("payment-api").is_empty());
}

#[test]
fn broken_runbooks_give_positions_and_stay_in_the_catalog() {
    let root = Path::new("tests/fixtures/ir/runbooks/broken");
    let (catalog, diagnostics) = load_runbooks(root, &root.join("runbooks"));
    let messages: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        messages,
        [
            "runbooks/bad-bold-date.md:4:19: invalid date `last Tuesday`: expected a date such as 2026-01-15",
            "runbooks/bad-date.md:3:15: invalid date `2026-13-45`: expected a date such as 2026-01-15",
            "runbooks/bad-front-matter.md:3:6: invalid front matter: illegal placement of ':' indicator",
            "runbooks/latin1.md:3:15: invalid UTF-8: expected UTF-8 encoded text",
            "runbooks/unclosed.md:1:1: front matter is not closed: expected a line `---` after the YAML header",
            "runbooks/wrong-type.md:2:8: invalid front matter: wrong type: expected a string",
        ]
    );
    // Unreadable text is left out; every other file is still a runbook links resolve to.
    let slugs: Vec<&str> = catalog.runbooks.iter().map(|r| r.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "bad-bold-date",
            "bad-date",
            "bad-front-matter",
            "unclosed",
            "wrong-type"
        ]
    );
    let bad_date = &catalog.runbooks[1];
    assert_eq!(bad_date.owner.as_deref(), Some("ops"));
    assert_eq!(bad_date.last_updated, None);
}

#[test]
fn a_missing_folder_is_an_empty_catalog_and_a_file_is_an_error() {
    let root = Path::new("tests/fixtures/ir/runbooks");
    let (c, d) = load_runbooks(root, &root.join("does-not-exist"));
    assert!(c.runbooks.is_empty() && d.is_empty());
    let (c, d) = load_runbooks(
        root,
        &root.join("good/incident-response/runbooks/README.md"),
    );
    assert!(c.runbooks.is_empty());
    assert_eq!(
        d[0].to_string(),
        "good/incident-response/runbooks/README.md:1:1: not a folder: expected the folder of Markdown runbooks"
    );
}

#[test]
fn front_matter_wins_over_header_lines_and_ids_may_be_one_text() {
    let text = "---\nowner: fm-owner\nalert_ids: \"a, b ,\"\n---\n**Owner:** bold-owner\n**Severity:** SEV3\n";
    let (r, d) = parse_runbook(text, "x.md".into(), "x.md");
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(r.owner.as_deref(), Some("fm-owner"));
    assert_eq!(r.severity.as_deref(), Some("SEV3"));
    assert_eq!(r.alert_ids, ["a", "b"]);
    assert_eq!(r.title, None);
}

#[test]
fn odd_markdown_never_panics() {
    for text in [
        "",
        "---",
        "---\n",
        "---\n---\n",
        "\u{feff}---\nowner: x\n---\n# é\n",
        "**",
        "**Owner:**",
        "**Owner:** `\n",
        "# \n##\n",
        "- **Alert ID:** ,,,\n",
        "```\n**Owner:** x",
        "---\n: :\n---\n",
    ] {
        let _ = parse_runbook(text, "x.md".into(), "x.md");
    }
}

proptest::proptest! {
    /// Any Markdown parses into a runbook with diagnostics, never a panic.
    #[test]
    fn parsing_never_panics(text in "(---\n|\\*\\*Owner:\\*\\*|\\*\\*Last Updated:\\*\\* |# |```\n|\n|\\PC){0,80}") {
        let _ = parse_runbook(&text, "x.md".into(), "x.md");
    }
}

//! Incident records (SPEC §5): YAML lists, one YAML file per incident, CSV; broken records
//! are reported with file:line:col and do not cost the others.

use irready::ir::incident::{Incident, load_incidents};
use jiff::civil::date;
use std::path::Path;

const DIR: &str = "tests/fixtures/ir/incidents";

fn load(rel: &str) -> (Vec<Incident>, Vec<String>) {
    let (incidents, diags) = load_incidents(&Path::new(DIR).join(rel), rel.into());
    (incidents, diags.iter().map(|d| d.to_string()).collect())
}

fn ids(incidents: &[Incident]) -> Vec<&str> {
    incidents.iter().map(|i| i.id.as_str()).collect()
}

#[test]
fn a_folder_mixes_lists_single_files_and_csv_in_name_order() {
    let (incidents, diags) = load("good");
    assert_eq!(diags, Vec::<String>::new());
    // INC-103.yaml, incidents.yml, more.csv; README.md is not read.
    assert_eq!(
        ids(&incidents),
        vec!["INC-103", "INC-101", "INC-102", "INC-104", "INC-105"]
    );
    let locations: Vec<String> = incidents.iter().map(|i| i.location.to_string()).collect();
    assert_eq!(
        locations,
        vec![
            "good/INC-103.yaml:1:1",
            "good/incidents.yml:2:3",
            "good/incidents.yml:14:3",
            "good/more.csv:2:1",
            "good/more.csv:3:1",
        ]
    );
}

#[test]
fn fields_are_read_with_their_types() {
    let (incidents, _) = load("good/incidents.yml");
    let inc = &incidents[0];
    assert_eq!(inc.title.as_deref(), Some("Payment API returns 503"));
    assert_eq!(inc.service.as_deref(), Some("payment-api"));
    assert_eq!(inc.severity.as_deref(), Some("SEV1"));
    assert_eq!(inc.alert.as_deref(), Some("PaymentApiErrorRate"));
    assert_eq!(
        inc.started_at.map(|t| t.to_string()).as_deref(),
        Some("2026-03-06T03:10:00Z")
    );
    assert_eq!(
        inc.acknowledged_at.map(|t| t.to_string()).as_deref(),
        Some("2026-03-06T03:19:00Z")
    );
    assert_eq!(
        inc.mitigated_at.map(|t| t.to_string()).as_deref(),
        Some("2026-03-06T03:40:00Z")
    );
    // Resolved late on 5 March in New York: the 6th in UTC, but the team's date is the 5th.
    assert_eq!(
        inc.resolved_at.map(|t| t.to_string()).as_deref(),
        Some("2026-03-06T04:30:00Z")
    );
    assert_eq!(inc.resolved_date, Some(date(2026, 3, 5)));
    assert_eq!(inc.postmortem.as_deref(), Some("postmortems/INC-101.md"));
    assert_eq!(inc.failure_class.as_deref(), Some("dependency-timeout"));
    // `~` and absent fields are None.
    let second = &incidents[1];
    assert_eq!(second.resolved_at, None);
    assert_eq!(second.resolved_date, None);
    assert_eq!(second.detected_at, None);
    assert_eq!(second.alert, None);
}

#[test]
fn csv_rows_read_like_yaml_records() {
    let (incidents, diags) = load("good/more.csv");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(incidents[0].title.as_deref(), Some("Queue backlog, EU"));
    assert_eq!(incidents[0].mitigated_at, None);
    assert_eq!(incidents[0].failure_class.as_deref(), Some("capacity"));
    assert_eq!(incidents[0].resolved_date, Some(date(2026, 4, 2)));
    assert_eq!(incidents[1].alert, None);
    assert_eq!(incidents[1].severity.as_deref(), Some("SEV4"));
}

#[test]
fn broken_records_are_reported_and_the_good_ones_kept() {
    let (incidents, diags) = load("broken");
    assert_eq!(
        diags,
        vec![
            "broken/a.yml:2:15: started_at: expected an RFC 3339 timestamp with offset, e.g. 2026-03-01T09:30:00+01:00",
            "broken/a.yml:4:3: id: missing: expected the incident's id, e.g. INC-42",
            "broken/a.yml:7:3: unknown field `sevrity`: expected one of id, title, service, severity, alert, started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, postmortem, failure_class",
            "broken/a.yml:10:12: service: expected text, found a list",
            "broken/a.yml:11:3: expected an incident (a mapping with id, title, started_at, ...), found text",
            "broken/b.csv:1:21: unknown column `owner`: expected one of id, title, service, severity, alert, started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, postmortem, failure_class",
            "broken/b.csv:4:21: started_at: expected an RFC 3339 timestamp with offset, e.g. 2026-03-01T09:30:00+01:00",
            "broken/b.csv:5:1: row has 2 cells: expected 4, one per header column",
            "broken/b.csv:2:1: id: duplicate incident id `INC-4`: first defined at broken/a.yml:12:7; expected each incident once",
        ]
    );
    // INC-2 keeps loading despite its unknown field (which is ignored).
    assert_eq!(ids(&incidents), vec!["INC-2", "INC-4", "INC-5"]);
    assert_eq!(incidents[0].severity, None);
    assert_eq!(incidents[1].location.to_string(), "broken/a.yml:12:3");
}

#[test]
fn a_missing_path_is_no_incidents_and_no_error() {
    let (incidents, diags) = load("nowhere");
    assert!(incidents.is_empty());
    assert!(diags.is_empty());
}

#[test]
fn unparseable_yaml_and_a_csv_without_id_are_one_error_each() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yml"),
        "- id: INC-1\n  title: [unclosed\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b.csv"), "title,severity\nx,SEV1\n").unwrap();
    std::fs::write(dir.path().join("c.yml"), "# nothing yet\n").unwrap();
    std::fs::write(dir.path().join("d.yml"), b"- id: INC-\xff\n").unwrap();
    let (incidents, diags) = load_incidents(dir.path(), "inc".into());
    assert!(incidents.is_empty());
    let diags: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(diags.len(), 3, "{diags:?}");
    assert!(diags[0].starts_with("inc/a.yml:"), "{diags:?}");
    assert_eq!(
        diags[1],
        "inc/b.csv:1:1: no `id` column: expected a header naming the columns, e.g. id,title,service,severity,alert,started_at,detected_at,acknowledged_at,mitigated_at,resolved_at,postmortem,failure_class"
    );
    assert_eq!(
        diags[2],
        "inc/d.yml:1:11: invalid UTF-8: expected UTF-8 encoded text"
    );
}

#[test]
fn a_key_given_twice_is_not_silently_merged() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("i.yml");
    std::fs::write(&p, "- id: INC-1\n  id: INC-2\n- id: INC-3\n").unwrap();
    let (incidents, diags) = load_incidents(&p, "i.yml".into());
    let diags: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    // serde-saphyr refuses the whole document: one error at the second key.
    assert!(incidents.is_empty());
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0].starts_with("i.yml:2:3: duplicate mapping key: id"),
        "{diags:?}"
    );
}

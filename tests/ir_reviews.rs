//! Post-incident reviews (SPEC §5): header (front matter or the template's bold lines),
//! Timeline and Action Items tables, and the incident timestamps the timeline supplies.

use irready::ir::review::{Phrases, Review, load_review, load_reviews, timeline_fills};
use jiff::civil::date;
use std::path::Path;

const DIR: &str = "tests/fixtures/ir/reviews";

fn one(rel: &str) -> (Option<Review>, Vec<String>) {
    let (review, diags) = load_review(&Path::new(DIR).join(rel), rel.into());
    (review, diags.iter().map(|d| d.to_string()).collect())
}

#[test]
fn the_template_form_is_read_from_its_bold_lines_and_tables() {
    let (review, diags) = one("good/INC-101.md");
    assert_eq!(diags, Vec::<String>::new());
    let r = review.unwrap();
    assert_eq!(r.incident, "INC-101");
    assert_eq!(r.location.to_string(), "good/INC-101.md:3:16");
    assert_eq!(r.date, date(2026, 3, 11));
    assert_eq!(r.severity.as_deref(), Some("SEV1"));
    assert_eq!(r.authors, vec!["alice", "bob"]);
    assert_eq!(r.status.as_deref(), Some("Final"));
    assert_eq!(
        r.title.as_deref(),
        Some("Post-Incident Review: Payment API returns 503")
    );
    assert_eq!(
        r.timeline_section.map(|l| l.to_string()).as_deref(),
        Some("good/INC-101.md:18:1")
    );
    assert_eq!(
        r.action_items_section.map(|l| l.to_string()).as_deref(),
        Some("good/INC-101.md:43:1")
    );

    // Bare times take the first row's date and offset (-05:00); 00:05 is the next day.
    let times: Vec<(String, String, String)> = r
        .timeline
        .iter()
        .map(|e| {
            (
                e.time.to_string(),
                e.date.to_string(),
                e.location.to_string(),
            )
        })
        .collect();
    assert_eq!(
        times,
        vec![
            (
                "2026-03-06T03:10:00Z".into(),
                "2026-03-05".into(),
                "good/INC-101.md:24:1".into()
            ),
            (
                "2026-03-06T03:14:00Z".into(),
                "2026-03-05".into(),
                "good/INC-101.md:25:1".into()
            ),
            (
                "2026-03-06T03:19:00Z".into(),
                "2026-03-05".into(),
                "good/INC-101.md:26:1".into()
            ),
            (
                "2026-03-06T03:40:00Z".into(),
                "2026-03-05".into(),
                "good/INC-101.md:27:1".into()
            ),
            (
                "2026-03-06T04:30:00Z".into(),
                "2026-03-05".into(),
                "good/INC-101.md:28:1".into()
            ),
            (
                "2026-03-06T05:05:00Z".into(),
                "2026-03-06".into(),
                "good/INC-101.md:29:1".into()
            ),
        ]
    );
    assert_eq!(
        r.timeline[1].event,
        "Alarm fired: PaymentApiErrorRate above 1%"
    );

    let items: Vec<_> = r
        .action_items
        .iter()
        .map(|a| {
            (
                a.priority.as_deref(),
                a.owner.as_deref(),
                a.due,
                a.status.as_deref(),
                a.closed,
                a.location.to_string(),
            )
        })
        .collect();
    assert_eq!(
        items,
        vec![
            (
                Some("P1"),
                Some("@alice"),
                Some(date(2026, 3, 18)),
                Some("Done"),
                true,
                "good/INC-101.md:47:1".to_string()
            ),
            (
                Some("P2"),
                Some("@bob"),
                Some(date(2026, 3, 25)),
                Some("In progress"),
                false,
                "good/INC-101.md:48:1".to_string()
            ),
            (
                Some("P3"),
                None,
                None,
                Some("Open"),
                false,
                "good/INC-101.md:49:1".to_string()
            ),
        ]
    );
    assert_eq!(
        r.action_items[0].action,
        "Add a 2 s timeout to the fraud-scoring client"
    );
}

#[test]
fn the_timeline_fills_the_incident_timestamps() {
    let (review, _) = one("good/INC-101.md");
    let fills = timeline_fills(&review.unwrap(), &Phrases::default());
    let s = |t: Option<jiff::Timestamp>| t.map(|t| t.to_string());
    assert_eq!(s(fills.detected).as_deref(), Some("2026-03-06T03:14:00Z"));
    assert_eq!(
        s(fills.acknowledged).as_deref(),
        Some("2026-03-06T03:19:00Z")
    );
    assert_eq!(s(fills.mitigated).as_deref(), Some("2026-03-06T03:40:00Z"));
    assert_eq!(s(fills.resolved).as_deref(), Some("2026-03-06T04:30:00Z"));
    assert_eq!(fills.resolved_date, Some(date(2026, 3, 5)));

    // The phrases are configurable: with none for "resolved", nothing is filled there.
    let phrases = Phrases {
        resolved: vec![],
        detected: vec!["latency climbs".into()],
        ..Phrases::default()
    };
    let (review, _) = one("good/INC-101.md");
    let fills = timeline_fills(&review.unwrap(), &phrases);
    assert_eq!(fills.resolved, None);
    assert_eq!(s(fills.detected).as_deref(), Some("2026-03-06T03:10:00Z"));
}

#[test]
fn front_matter_wins_and_headers_are_case_insensitive() {
    let (review, diags) = one("good/INC-103.md");
    assert_eq!(diags, Vec::<String>::new());
    let r = review.unwrap();
    assert_eq!(r.incident, "INC-103");
    assert_eq!(r.location.to_string(), "good/INC-103.md:2:11");
    assert_eq!(r.date, date(2026, 4, 8));
    assert_eq!(r.authors, vec!["carol"]);
    assert_eq!(r.title.as_deref(), Some("Ledger replication lag"));
    assert_eq!(r.timeline.len(), 3);
    assert_eq!(r.timeline[1].time.to_string(), "2026-04-01T06:03:00Z");
    let fills = timeline_fills(&r, &Phrases::default());
    assert_eq!(fills.detected, Some(r.timeline[1].time));
    assert_eq!(fills.acknowledged, None);
    assert_eq!(fills.resolved_date, Some(date(2026, 4, 1)));
    assert_eq!(r.action_items.len(), 1);
    let item = &r.action_items[0];
    assert_eq!(item.priority, None);
    assert_eq!(item.due, Some(date(2026, 4, 20)));
    assert!(item.closed);
}

#[test]
fn a_folder_skips_readme_and_templates() {
    let (reviews, diags) = load_reviews(&Path::new(DIR).join("good"), "good".into());
    assert!(diags.is_empty(), "{diags:?}");
    let ids: Vec<&str> = reviews.iter().map(|r| r.incident.as_str()).collect();
    assert_eq!(ids, vec!["INC-101", "INC-103"]);
}

#[test]
fn broken_reviews_say_where_and_what_was_expected() {
    let (reviews, diags) = load_reviews(&Path::new(DIR).join("broken"), "broken".into());
    let diags: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        diags,
        vec![
            "broken/bad_rows.md:11:3: Timeline: `10:7` is not a time: expected an RFC 3339 timestamp (2026-03-01T09:30:00+01:00), a date and time (2026-03-01 09:30) or HH:MM",
            "broken/bad_rows.md:18:31: Action Items: due date `next week` is not a date: expected YYYY-MM-DD, e.g. 2026-03-20",
            "broken/bad_yaml.md:3:7: unclosed bracket '['",
            "broken/no_header.md:3:11: date: `10 March 2026` is not a date: expected YYYY-MM-DD, e.g. 2026-03-02",
            "broken/no_header.md:1:1: no incident id: expected `incident:` in the front matter or an `**Incident:** INC-42` line",
            "broken/no_header.md:7:1: Action Items table: no Due Date, Status column: expected columns Priority, Action, Owner, Due Date, Status, found `Action | Owner`",
            "broken/not_utf8.md:7:6: invalid UTF-8: expected UTF-8 encoded text",
            "broken/unterminated.md:1:1: front matter: the `---` on line 1 is never closed: expected a line `---` after the YAML",
        ]
    );
    // The review with bad rows still loads, with its good rows.
    assert_eq!(reviews.len(), 1);
    let r = &reviews[0];
    assert_eq!(r.incident, "INC-9");
    assert_eq!(r.timeline.len(), 2);
    assert_eq!(r.action_items.len(), 2);
    assert_eq!(r.action_items[0].due, None);
    assert_eq!(r.action_items[1].due, Some(date(2026, 3, 31)));
}

#[test]
fn odd_markdown_does_not_panic() {
    let inputs = [
        "",
        "---",
        "---\n---\n",
        "**Incident:**\n**Date:**",
        "## Timeline\n| Time |\n|---|\n| 10:00 |\n",
        "## Action Items\n|a|\n|-|\n",
        &">".repeat(100_000),
        &"#".repeat(10_000),
        "**Incident:** INC-1\n**Date:** 9999-12-31\n## Timeline\n| Time | Event |\n|--|--|\n| 23:59 | x |\n| 00:00 | y |\n",
    ];
    for text in inputs {
        let _ = irready::ir::review::parse_review(text, &"x.md".into());
    }
}

use super::*;
use crate::finding::Severity;

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn finding(check: &str, resource: &str, status: Status) -> Finding {
    Finding {
        check_id: check.into(),
        check_title: String::new(),
        control_id: "WAF-REL-060".into(),
        pillar: "reliability".into(),
        severity: Severity::High,
        status,
        resource: resource.into(),
        message: "ok_actions is not set".into(),
        remediation: String::new(),
        file: "infra/main.tf".into(),
        line: 3,
        column: 1,
        root: "infra".into(),
    }
}

fn waivers_of(text: &str) -> (Vec<Waiver>, Vec<String>) {
    let (w, d) = parse(text, &"risk_acceptance.yml".into());
    (w, d.iter().map(|d| d.to_string()).collect())
}

#[test]
fn wildcard_matches_whole_strings_and_brackets_literally() {
    let p = Pattern::new("waf-rel-060.tf.*", true);
    assert!(p.matches("WAF-REL-060.tf.aws.sns-topic-alarm-action"));
    assert!(!p.matches("waf-rel-060.ir.runbook-linked"));
    let addr = Pattern::new(r#"module.alarms["a"].aws_x.y"#, false);
    assert!(addr.matches(r#"module.alarms["a"].aws_x.y"#));
    assert!(!addr.matches(r#"module.alarms[a].aws_x.y"#));
    let any = Pattern::new("module.alarms[*].aws_x.y?", false);
    assert!(any.matches(r#"module.alarms["b"].aws_x.y1"#));
    assert!(!any.matches(r#"module.alarms["b"].aws_x.y"#));
    assert!(!Pattern::new("aws_x.Y", false).matches("aws_x.y"));
    assert!(Pattern::new("*a*b*", false).matches("xxaxxbxx"));
    assert!(!Pattern::new("*a*b", false).matches("xxaxxbxx"));
}

#[test]
fn wafpass_files_read_unchanged_and_waive_by_control_id() {
    let (w, d) = waivers_of(
        "waivers:\n  - id: waf-rel-060\n    reason: \"Covered by an external review\"\n    expires: \"2026-09-30\"\nskips:\n  - id: WAF-COST-010\n    reason: legacy key\n",
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].expires, Some(date("2026-09-30")));
    assert_eq!(w[0].location.to_string(), "risk_acceptance.yml:2:5");
    assert!(w[0].matches(&finding("waf-rel-060.tf.aws.x", "aws_a.b", Status::Fail)));
    assert!(!w[1].matches(&finding("waf-rel-060.tf.aws.x", "aws_a.b", Status::Fail)));
}

#[test]
fn irready_entries_scope_by_check_resource_root_and_file() {
    let (w, d) = waivers_of(
        "waivers:\n  - id: RA-1\n    check: waf-rel-060.tf.*\n    resource: aws_a.*\n    root: infra\n    file: infra/*.tf\n    reason: r\n",
    );
    assert!(d.is_empty(), "{d:?}");
    let w = &w[0];
    let f = finding("waf-rel-060.tf.aws.x", "aws_a.b", Status::Fail);
    assert!(w.matches(&f));
    // `id` names the waiver once `check` is given: it is not matched as a control id.
    let mut other_check = f.clone();
    other_check.check_id = "waf-rel-060.ir.x".into();
    assert!(!w.matches(&other_check));
    let mut other_root = f.clone();
    other_root.root = "prod".into();
    assert!(!w.matches(&other_root));
    let mut other_resource = f.clone();
    other_resource.resource = "aws_b.a".into();
    assert!(!w.matches(&other_resource));
    let mut other_file = f;
    other_file.file = "modules/x.tf".into();
    assert!(!w.matches(&other_file));
}

#[test]
fn bad_entries_are_diagnostics_with_positions_and_the_rest_still_waives() {
    let (w, d) = waivers_of(
        "waivers:\n  - id: A\n  - reason: no id\n  - id: B\n    reason: \"  \"\n  - id: C\n    reason: r\n    expires: soon\n  - id: D\n    reason: r\n    resouce: x\n  - id: E\n    reason: fine\n",
    );
    assert_eq!(
        d,
        [
            "risk_acceptance.yml:2:5: waiver A has no reason: expected `reason:` saying why the risk is accepted",
            "risk_acceptance.yml:3:5: waiver without an id: expected `id:` (a control id such as WAF-REL-060, or the waiver's name when `check:` is given)",
            "risk_acceptance.yml:5:13: empty `reason`: expected a value or no `reason:` key",
            "risk_acceptance.yml:4:5: waiver B has no reason: expected `reason:` saying why the risk is accepted",
            "risk_acceptance.yml:8:14: waiver C: expires `soon` is not a date: expected YYYY-MM-DD",
            "risk_acceptance.yml:11:5: unknown key `resouce`: expected one of id, reason, expires, check, resource, root, file",
        ]
    );
    let ids: Vec<&str> = w.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids, ["E"]);
    let (_, d) = waivers_of("waivers: {id: A}\n");
    assert_eq!(d, ["risk_acceptance.yml:1:10: wrong type: expected a list"]);
    assert_eq!(waivers_of("# nothing yet\n"), (Vec::new(), Vec::new()));
}

#[test]
fn active_waivers_waive_expired_ones_mark_and_notes_tell() {
    let (w, _) = waivers_of(
        "waivers:\n  - id: OLD\n    check: c.*\n    reason: old\n    expires: 2026-01-31\n  - id: NEW\n    check: c.one\n    reason: accepted\n    expires: 2026-06-01\n  - id: NONE\n    check: c.none\n    reason: r\n",
    );
    let mut set = WaiverSet::new(w);
    let mut findings = vec![
        finding("c.one", "aws_a.b", Status::Fail),
        finding("c.two", "aws_a.b", Status::Skip),
        finding("c.three", "aws_a.b", Status::Pass),
        finding("c.four", "aws_a.b", Status::Error),
    ];
    // The expiry day itself still holds.
    set.apply(&mut findings, date("2026-06-01"));
    assert_eq!(findings[0].status, Status::Waived);
    assert_eq!(
        findings[0].message,
        "waived by NEW until 2026-06-01: accepted — ok_actions is not set"
    );
    assert_eq!(findings[1].status, Status::Skip);
    assert_eq!(
        findings[1].message,
        "ok_actions is not set (waiver OLD expired on 2026-01-31)"
    );
    assert_eq!(findings[2].status, Status::Pass);
    assert_eq!(findings[3].status, Status::Error);
    assert_eq!(
        set.notes(date("2026-06-01")),
        [
            "risk_acceptance.yml:2:5: waiver OLD expired on 2026-01-31: 2 finding(s) no longer waived",
            "risk_acceptance.yml:10:5: waiver NONE matches no finding",
        ]
    );
    // The day after, NEW has expired too.
    let mut again = vec![finding("c.one", "aws_a.b", Status::Fail)];
    WaiverSet::new(set.waivers.clone()).apply(&mut again, date("2026-06-02"));
    assert_eq!(again[0].status, Status::Fail);
}

#[test]
fn inline_comments_parse_reason_and_expiry() {
    let at = Location::new("main.tf".into(), 7, 1);
    let w = parse_inline(
        "waf-rel-060.tf.* Batch alarm (TICKET-1) exp:2026-09-30",
        &at,
    )
    .unwrap();
    assert_eq!(w.check.as_str(), "waf-rel-060.tf.*");
    assert_eq!(w.reason, "Batch alarm (TICKET-1)");
    assert_eq!(w.expires, Some(date("2026-09-30")));
    let err = |t: &str| parse_inline(t, &at).unwrap_err().to_string();
    assert_eq!(
        err("waf-rel-060.tf.x"),
        "main.tf:7:1: irready:ignore without a reason: expected `# irready:ignore <check-id> <reason>`"
    );
    assert_eq!(
        err("waf-rel-060.tf.x exp:2026-01-01"),
        "main.tf:7:1: irready:ignore without a reason: expected `# irready:ignore <check-id> <reason>`"
    );
    assert_eq!(
        err(""),
        "main.tf:7:1: irready:ignore without a check id: expected `# irready:ignore <check-id> <reason>`"
    );
    assert_eq!(
        err("x because exp:tomorrow"),
        "main.tf:7:1: irready:ignore x: `exp:tomorrow` is not an expiry date: expected exp:YYYY-MM-DD"
    );
}

/// The schema documents the keys the loader accepts; this keeps it honest.
#[test]
fn the_schema_lists_the_same_keys() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schemas/risk-acceptance.schema.json"
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let props = schema["$defs"]["waiver"]["properties"].as_object().unwrap();
    let keys: Vec<&str> = props.keys().map(String::as_str).collect();
    assert_eq!(keys, KEYS);
    let top = schema["properties"].as_object().unwrap();
    assert_eq!(
        top.keys().map(String::as_str).collect::<Vec<_>>(),
        ["waivers", "skips"]
    );
}

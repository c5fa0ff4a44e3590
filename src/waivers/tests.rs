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

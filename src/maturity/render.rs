//! `irready maturity` output: a table for people, JSON for machines (SPEC §7's contract:
//! `{"level": N, "criteria": [{"level", "criterion", "status", "evidence", "todo"}]}`,
//! extended with the level's name, the as-of date, the criterion id and `blocks`).

use super::{CriterionStatus, LEVELS, Maturity, level_name};
use std::io::{self, Write};

/// The verdict as JSON.
pub fn to_json(m: &Maturity) -> serde_json::Value {
    let levels: Vec<serde_json::Value> = LEVELS
        .iter()
        .map(|(l, name)| serde_json::json!({"level": l, "name": name, "reached": *l <= m.level}))
        .collect();
    serde_json::json!({
        "level": m.level,
        "name": level_name(m.level),
        "as_of": m.as_of.to_string(),
        "window": {
            "since": super::window_start(m.as_of).to_string(),
            "until": m.as_of.to_string(),
        },
        "levels": levels,
        "criteria": m.criteria,
    })
}

/// Writes the verdict as pretty JSON.
pub fn write_json(m: &Maturity, out: &mut dyn Write) -> io::Result<()> {
    let text = serde_json::to_string_pretty(&to_json(m)).map_err(io::Error::other)?;
    writeln!(out, "{text}")
}

/// Writes the verdict as a table: one line per criterion under its level, the evidence
/// indented below it, and for each unmet criterion what to do.
pub fn write_table(m: &Maturity, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "WAF-REL-060 maturity: level {} of 5 ({}), as of {}",
        m.level,
        level_name(m.level),
        m.as_of
    )?;
    writeln!(out)?;
    writeln!(out, "Level 1  {:<30} reached (the floor)", level_name(1))?;
    for (level, name) in LEVELS.iter().skip(1) {
        let reached = if *level <= m.level {
            "reached"
        } else {
            "not reached"
        };
        writeln!(out, "Level {level}  {name:<30} {reached}")?;
        for c in m.criteria.iter().filter(|c| c.level == *level) {
            let mark = match c.status {
                CriterionStatus::Met => "met",
                CriterionStatus::NotMet => "NOT MET",
                CriterionStatus::Unknown => "unknown",
            };
            let info = if c.blocks { "" } else { " (informational)" };
            writeln!(out, "  {mark:<8} {}{info}", c.criterion)?;
            for e in &c.evidence {
                writeln!(out, "           - {e}")?;
            }
            if let Some(todo) = &c.todo {
                writeln!(out, "           todo: {todo}")?;
            }
        }
    }
    let counts = |s: CriterionStatus| {
        m.criteria
            .iter()
            .filter(|c| c.blocks && c.status == s)
            .count()
    };
    writeln!(out)?;
    writeln!(
        out,
        "{} criteria met, {} not met, {} unknown (an unknown criterion has no evidence and blocks its level)",
        counts(CriterionStatus::Met),
        counts(CriterionStatus::NotMet),
        counts(CriterionStatus::Unknown)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::maturity::Criterion;

    fn sample() -> Maturity {
        Maturity {
            level: 2,
            as_of: jiff::civil::date(2026, 6, 30),
            criteria: vec![
                Criterion {
                    level: 2,
                    id: "2.a",
                    criterion: "A",
                    status: CriterionStatus::Met,
                    blocks: true,
                    evidence: vec!["e1".into()],
                    todo: None,
                },
                Criterion {
                    level: 3,
                    id: "3.b",
                    criterion: "B",
                    status: CriterionStatus::NotMet,
                    blocks: true,
                    evidence: vec!["e2".into()],
                    todo: Some("do b".into()),
                },
            ],
        }
    }

    #[test]
    fn json_has_the_spec_fields() {
        let j = to_json(&sample());
        assert_eq!(j["level"], 2);
        assert_eq!(j["name"], "Process Documented");
        assert_eq!(j["window"]["since"], "2025-06-30");
        assert_eq!(j["criteria"][1]["status"], "not_met");
        assert_eq!(j["criteria"][1]["todo"], "do b");
        assert_eq!(j["criteria"][0]["todo"], serde_json::Value::Null);
        assert_eq!(j["criteria"][0]["evidence"][0], "e1");
        assert_eq!(j["levels"][2]["reached"], false);
    }

    #[test]
    fn table_shows_levels_evidence_and_todo() {
        let mut out = Vec::new();
        write_table(&sample(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(
            "WAF-REL-060 maturity: level 2 of 5 (Process Documented), as of 2026-06-30\n"
        ));
        assert!(text.contains("Level 3  Runbooks Linked, MTTR Tracked  not reached\n  NOT MET  B\n           - e2\n           todo: do b\n"), "{text}");
        assert!(text.contains("1 criteria met, 1 not met, 0 unknown"));
    }
}

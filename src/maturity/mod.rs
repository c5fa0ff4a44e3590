//! The WAF-REL-060 maturity level (SPEC §7): levels 1–5 of the seed, each level's criteria
//! computed from evidence — the findings of `irready check` (by check id, so the two never
//! disagree), the incident-response documents, and the alert actions of the Terraform.
//!
//! Level N holds when every blocking criterion of levels 2..N is met; level 1 (ad hoc) is
//! the floor. A criterion without evidence is `unknown`, which blocks its level like
//! `not_met` but says something different: "show me", not "fix this". Two seed criteria
//! cannot be seen in a repository at all ("MTTR reviewed monthly", "AIOps incident
//! correlation"); they are listed as `unknown` with `blocks: false`, because SPEC §7 names
//! the computed criteria of each level and those two are not among them (docs/maturity.md).

pub mod automation;
mod criteria;
pub mod render;
mod restore;

use crate::finding::Finding;
use crate::ir::documents::Documents;
use automation::AutomationScan;
use jiff::civil::Date;
use serde::Serialize;

/// The seed's five levels, with their names.
pub const LEVELS: [(u8, &str); 5] = [
    (1, "Ad-hoc"),
    (2, "Process Documented"),
    (3, "Runbooks Linked, MTTR Tracked"),
    (4, "Automated Triage"),
    (5, "Self-Healing"),
];

/// The name of a level (`Process Documented`); empty for a level the seed does not have.
pub fn level_name(level: u8) -> &'static str {
    LEVELS
        .iter()
        .find(|(l, _)| *l == level)
        .map_or("", |(_, name)| name)
}

/// Whether a criterion holds, as far as the evidence shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionStatus {
    /// The evidence shows it holds.
    Met,
    /// The evidence shows it does not hold.
    NotMet,
    /// No evidence either way: never counted as met.
    Unknown,
}

impl CriterionStatus {
    /// `met`, `not_met`, `unknown`: the JSON names, also used in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            CriterionStatus::Met => "met",
            CriterionStatus::NotMet => "not_met",
            CriterionStatus::Unknown => "unknown",
        }
    }
}

/// One criterion of one level, with the evidence behind its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Criterion {
    /// The level it belongs to (2–5).
    pub level: u8,
    /// A stable id (`2.severity-levels`) for scripts and the documentation.
    pub id: &'static str,
    /// The criterion in words.
    pub criterion: &'static str,
    /// Met, not met, or unknown for want of evidence.
    pub status: CriterionStatus,
    /// Whether it takes part in the level computation; `false` for what a repository
    /// cannot show (listed so that nobody thinks it was forgotten).
    pub blocks: bool,
    /// What was looked at: files, counts, addresses, failing findings.
    pub evidence: Vec<String>,
    /// What to do; `None` when met.
    pub todo: Option<String>,
}

/// The maturity verdict of one repository (as JSON through `render::to_json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Maturity {
    /// The level reached, 1–5.
    pub level: u8,
    /// The day taken as today (the 12-month window ends there).
    pub as_of: Date,
    /// Every criterion of levels 2–5, in level order.
    pub criteria: Vec<Criterion>,
}

/// What the criteria are computed from.
pub struct Inputs<'a> {
    /// Every finding of `irready check` on the repository (all checks selected).
    pub findings: &'a [Finding],
    /// The incident-response documents of the repository (runbooks, incidents, reviews).
    pub documents: &'a Documents,
    /// Alert actions that run automation, from the evaluated Terraform.
    pub automation: &'a AutomationScan,
    /// "Today": the 12-month window ends here.
    pub as_of: Date,
}

/// Computes every criterion and the level reached.
pub fn assess(inputs: &Inputs<'_>) -> Maturity {
    let criteria = criteria::all(inputs);
    Maturity {
        level: level_of(&criteria),
        as_of: inputs.as_of,
        criteria,
    }
}

/// The highest level N such that every blocking criterion of levels 2..=N is met.
pub fn level_of(criteria: &[Criterion]) -> u8 {
    let mut level = 1;
    for n in 2..=5u8 {
        let holds = criteria
            .iter()
            .filter(|c| c.level == n && c.blocks)
            .all(|c| c.status == CriterionStatus::Met);
        if !holds {
            break;
        }
        level = n;
    }
    level
}

/// The first day of the 12-month window ending at `as_of` (SPEC §6), as the document
/// checks count it.
pub fn window_start(as_of: Date) -> Date {
    as_of
        .checked_sub(jiff::Span::new().years(1))
        .unwrap_or(as_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(level: u8, status: CriterionStatus, blocks: bool) -> Criterion {
        Criterion {
            level,
            id: "x",
            criterion: "x",
            status,
            blocks,
            evidence: vec![],
            todo: None,
        }
    }

    #[test]
    fn level_is_the_last_level_whose_criteria_and_all_below_are_met() {
        use CriterionStatus::*;
        assert_eq!(level_of(&[]), 5, "no criteria at all: nothing blocks");
        let set = |l2, l3, l4| {
            vec![
                c(2, l2, true),
                c(3, l3, true),
                c(4, l4, true),
                c(5, Unknown, true),
            ]
        };
        assert_eq!(level_of(&set(Met, Met, Met)), 4);
        assert_eq!(level_of(&set(Met, NotMet, Met)), 2, "a gap stops the climb");
        assert_eq!(level_of(&set(Unknown, Met, Met)), 1, "unknown blocks");
        assert_eq!(level_of(&set(NotMet, Met, Met)), 1);
        let informational = vec![c(2, Met, true), c(3, Met, true), c(3, Unknown, false)];
        assert_eq!(
            level_of(&informational),
            5,
            "levels 4 and 5 have no criteria here"
        );
        let blocked = vec![
            c(2, Met, true),
            c(3, Met, true),
            c(3, Unknown, false),
            c(4, NotMet, true),
        ];
        assert_eq!(
            level_of(&blocked),
            3,
            "a non-blocking unknown does not stop level 3"
        );
    }

    #[test]
    fn timeline_source_is_read_from_the_review_front_matter_only() {
        let source = |text: &str| {
            let (review, _) = crate::ir::review::parse_review(text, &"r.md".into());
            review.and_then(|r| r.timeline_source)
        };
        assert_eq!(
            source(
                "---\nincident: INC-1\ndate: 2026-05-02\ntimeline_source: Generated\n---\n# x\n"
            ),
            Some("generated".to_string())
        );
        assert_eq!(
            source("---\nincident: INC-1\ndate: 2026-05-02\n---\ntimeline_source: generated\n"),
            None
        );
        assert_eq!(
            source("---\nincident: INC-1\ndate: 2026-05-02\ntimeline_source: [a]\n---\n"),
            None
        );
    }
}

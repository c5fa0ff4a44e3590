//! `waf-rel-060.ir.action-items-tracked`: every post-incident review has at least one
//! action item, every item has an owner and a due date, and no open item is past its date.
//!
//! Why: the seed's lessons-learned loop only closes when a review's findings become work
//! somebody owns by a date; an item without an owner is nobody's, one without a date is
//! never late, and an open item past its date is a lesson not learned.
//!
//! Semantics: one verdict per review (resource: the incident id it reviews), whatever the
//! review's age — an item overdue since last year matters more, not less. Every item is
//! held to owner and due date, closed or not (a closed item without owner or date leaves
//! no trail of who did it by when). An item is closed when its Status is done, closed,
//! fixed or resolved (SPEC §5); an open item is overdue when its due date is before the
//! as-of date. The FAIL lists every problem of the review and points at the first item at
//! fault (or at the Action Items section, or the review, when there is no item).

use super::{DocumentCheck, DocumentContext};
use crate::checks::Verdict;
use crate::finding::Status;
use crate::ir::review::{ActionItem, Review};
use jiff::civil::Date;

/// See the module documentation.
pub struct ActionItemsTracked;

impl DocumentCheck for ActionItemsTracked {
    fn id(&self) -> &'static str {
        "waf-rel-060.ir.action-items-tracked"
    }

    fn run(&self, cx: &DocumentContext<'_>) -> Vec<Verdict> {
        cx.documents
            .reviews
            .iter()
            .map(|review| judge(review, cx.as_of))
            .collect()
    }
}

/// The verdict on one review's action items as of `today`.
fn judge(review: &Review, today: Date) -> Verdict {
    let resource = review.incident.trim().to_string();
    let items = &review.action_items;
    if items.is_empty() {
        let (message, location) = match &review.action_items_section {
            Some(section) => (
                "the Action Items section lists no item: expected at least one action item with an owner and a due date".to_string(),
                section.clone(),
            ),
            None => (
                "no Action Items section: expected an Action Items table (Priority, Action, Owner, Due Date, Status) with at least one item".to_string(),
                review.location.clone(),
            ),
        };
        return Verdict {
            root: None,
            status: Status::Fail,
            resource,
            message,
            location,
        };
    }
    let faults: Vec<(&ActionItem, Vec<String>)> = items
        .iter()
        .map(|item| (item, problems(item, today)))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    let closed = items.iter().filter(|i| i.closed).count();
    let Some((first, _)) = faults.first() else {
        return Verdict {
            root: None,
            status: Status::Pass,
            resource,
            message: format!(
                "{}, all with owner and due date; {closed} closed, none overdue",
                count(items.len(), "action item")
            ),
            location: review
                .action_items_section
                .clone()
                .unwrap_or_else(|| review.location.clone()),
        };
    };
    let listed: Vec<String> = faults
        .iter()
        .map(|(item, p)| format!("{} {}", describe(item), p.join(" and ")))
        .collect();
    Verdict {
        root: None,
        status: Status::Fail,
        resource,
        message: format!(
            "{} of {} at fault: {}; expected every item with an owner and a due date, and open items closed or re-planned before their date",
            faults.len(),
            count(items.len(), "action item"),
            listed.join("; ")
        ),
        location: first.location.clone(),
    }
}

/// What is wrong with one item, each a phrase ("has no owner", "is 12 days overdue...").
fn problems(item: &ActionItem, today: Date) -> Vec<String> {
    let mut out = Vec::new();
    if item.owner.is_none() {
        out.push("has no owner".to_string());
    }
    match item.due {
        None => out.push("has no due date".to_string()),
        Some(due) if !item.closed && due < today => {
            let days = due
                .until(today)
                .map(|s| i64::from(s.get_days()))
                .unwrap_or_default();
            let status = item.status.as_deref().unwrap_or("no status");
            out.push(format!(
                "is {} overdue (due {due}, status {status})",
                count(days as usize, "day")
            ));
        }
        Some(_) => {}
    }
    out
}

/// An item as the message names it: its action text and its line.
fn describe(item: &ActionItem) -> String {
    let action = item.action.trim();
    if action.is_empty() {
        format!("the item on line {}", item.location.line)
    } else {
        format!("\"{action}\" (line {})", item.location.line)
    }
}

/// "1 action item", "3 action items".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Location;
    use jiff::civil::date;

    fn item(owner: Option<&str>, due: Option<Date>, status: &str, closed: bool) -> ActionItem {
        ActionItem {
            priority: None,
            action: "Add a timeout".into(),
            owner: owner.map(String::from),
            due,
            status: Some(status.into()),
            closed,
            location: Location::new("r.md".into(), 7, 1),
        }
    }

    #[test]
    fn an_open_item_is_overdue_only_after_its_date() {
        let today = date(2026, 6, 30);
        let on_the_day = item(Some("bob"), Some(today), "Open", false);
        assert!(problems(&on_the_day, today).is_empty());
        let yesterday = item(Some("bob"), Some(date(2026, 6, 29)), "Open", false);
        assert_eq!(
            problems(&yesterday, today),
            ["is 1 day overdue (due 2026-06-29, status Open)"]
        );
        let closed = item(Some("bob"), Some(date(2026, 1, 1)), "Done", true);
        assert!(problems(&closed, today).is_empty());
    }

    #[test]
    fn a_closed_item_still_needs_owner_and_date() {
        let closed = item(None, None, "Done", true);
        assert_eq!(
            problems(&closed, date(2026, 6, 30)),
            ["has no owner", "has no due date"]
        );
    }
}

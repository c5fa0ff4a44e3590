//! Incident metrics (SPEC §6): MTTD, MTTA and MTTR as n, mean, median and p90; incident
//! counts by severity, service and month; review compliance; action-item closure; each
//! compared with the targets of the severity definitions.
//!
//! The computation is pure: it reads the loaded `Documents` and the options (the window,
//! the filters, the day taken as today) and returns a `Metrics` value that the three
//! renderers (`table`, `json`, `openmetrics`) only format. It takes the incidents from
//! `Documents::incidents_with_timelines`, so metrics and checks see the same incidents.
//!
//! Definitions (the contract of SPEC §6):
//! - time to detect = detected − started; to acknowledge = acknowledged − detected; to
//!   restore = resolved − detected. An incident lacking a timestamp is left out of that
//!   figure only; a negative duration (timestamps out of order) is left out too, and said.
//! - median: the middle value, the mean of the two middle ones for an even n; p90: nearest
//!   rank, the ⌈0.9·n⌉-th smallest. Under 5 values a figure is flagged not meaningful.
//! - the window holds the incidents whose resolution date lies in `[since, until]`; an
//!   incident never resolved is in no window.

pub mod json;
pub mod openmetrics;
pub mod table;
mod types;

pub use types::*;

use crate::ir::documents::{Documents, FilledIncident};
use crate::ir::incident::Incident;
use jiff::Span;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// Below this many values a mean, median or p90 says little: the output flags it.
pub const MIN_MEANINGFUL_N: usize = 5;

/// The group name of incidents that do not say their service or severity.
pub const UNKNOWN: &str = "unknown";

/// The window is zero-filled month by month (`by_month`) up to this many months; a longer
/// window lists only the months that have incidents, so a `--since 0001-01-01` cannot
/// produce a hundred thousand empty months.
const MAX_FILLED_MONTHS: usize = 600;

/// What to compute: the day taken as today, the window, and the filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricsOptions {
    /// "Today" for deadlines, due dates and the default window (`--as-of`).
    pub as_of: Date,
    /// First day of the window (`--since`); default: `as_of` minus one year.
    pub since: Option<Date>,
    /// Last day of the window (`--until`); default: `as_of`.
    pub until: Option<Date>,
    /// Only incidents of this service (`--service`, case-insensitive).
    pub service: Option<String>,
    /// Only incidents of this severity (`--severity`, case-insensitive).
    pub severity: Option<String>,
}

impl MetricsOptions {
    /// Options with the default window (the 12 months before `as_of`) and no filter.
    pub fn new(as_of: Date) -> Self {
        MetricsOptions {
            as_of,
            since: None,
            until: None,
            service: None,
            severity: None,
        }
    }

    /// The window these options select, both ends included. An error when `since` comes
    /// after `until`: no incident could be counted, which is surely a mistyped flag.
    pub fn window(&self) -> Result<Window, String> {
        let until = self.until.unwrap_or(self.as_of);
        let since = self.since.unwrap_or_else(|| {
            self.as_of
                .checked_sub(Span::new().years(1))
                .unwrap_or(self.as_of)
        });
        if since > until {
            return Err(format!(
                "the window is empty: --since {since} is after --until {until}"
            ));
        }
        Ok(Window { since, until })
    }

    /// Whether an incident passes `--service` and `--severity` (case-insensitive; an
    /// incident without the field does not pass a filter on it).
    pub fn matches(&self, incident: &Incident) -> bool {
        let passes = |filter: &Option<String>, value: &Option<String>| match filter {
            None => true,
            Some(f) => value
                .as_deref()
                .is_some_and(|v| v.trim().eq_ignore_ascii_case(f.trim())),
        };
        passes(&self.service, &incident.service) && passes(&self.severity, &incident.severity)
    }
}

/// One in-window incident with its three durations (seconds), each `None` when a
/// timestamp is missing or the duration is negative.
struct Measured<'a> {
    filled: &'a FilledIncident<'a>,
    severity: String,
    service: String,
    durations: [Option<f64>; 3],
}

/// Computes the metrics of `documents` for `options`. An error only when the window is
/// empty (`--since` after `--until`).
pub fn compute(documents: &Documents, options: &MetricsOptions) -> Result<Metrics, String> {
    let window = options.window()?;
    let levels = documents.level_names();
    let filled = documents.incidents_with_timelines();
    let mut notes = Vec::new();

    let matching: Vec<&FilledIncident> = filled
        .iter()
        .filter(|f| options.matches(&f.incident))
        .collect();
    let unresolved = matching
        .iter()
        .filter(|f| resolution_date(&f.incident).is_none())
        .count();
    if unresolved > 0 {
        notes.push(if unresolved == 1 {
            "1 incident has no resolved_at and is not counted".to_string()
        } else {
            format!("{unresolved} incidents have no resolved_at and are not counted")
        });
    }
    let in_window: Vec<&FilledIncident> = matching
        .into_iter()
        .filter(|f| resolution_date(&f.incident).is_some_and(|d| window.contains(d)))
        .collect();

    let mut measured = Vec::with_capacity(in_window.len());
    for f in &in_window {
        if !f.filled.is_empty() {
            notes.push(format!(
                "{}: {} taken from its review's timeline",
                f.incident.id,
                f.filled.join(", ")
            ));
        }
        measured.push(measure(f, &levels, &mut notes));
    }

    let mut by_severity: BTreeMap<String, usize> = levels
        .iter()
        .filter(|l| {
            options
                .severity
                .as_deref()
                .is_none_or(|s| s.trim().eq_ignore_ascii_case(l))
        })
        .map(|l| (l.clone(), 0))
        .collect();
    let mut by_service: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_month = empty_months(window);
    let mut by_service_and_severity: BTreeMap<(String, String), usize> = BTreeMap::new();
    for m in &measured {
        *by_service_and_severity
            .entry((m.service.clone(), m.severity.clone()))
            .or_default() += 1;
        *by_severity.entry(m.severity.clone()).or_default() += 1;
        *by_service.entry(m.service.clone()).or_default() += 1;
        if let Some(d) = resolution_date(&m.filled.incident) {
            *by_month.entry(month_key(d)).or_default() += 1;
        }
    }

    let overall = figures(measured.iter());
    let by_severity_stats = grouped(&measured, |m| &m.severity);
    let by_service_stats = grouped(&measured, |m| &m.service);
    let mut month_groups: BTreeMap<String, Vec<&Measured<'_>>> = BTreeMap::new();
    for m in &measured {
        if let Some(d) = resolution_date(&m.filled.incident) {
            month_groups.entry(month_key(d)).or_default().push(m);
        }
    }
    let by_month_stats = month_groups
        .into_iter()
        .map(|(k, ms)| (k, figures(ms.iter().copied())))
        .collect();
    let targets = targets(documents, options, &by_severity_stats);
    let review_compliance = review_compliance(documents, options.as_of, &in_window);
    let action_items = action_items(options.as_of, &in_window);

    Ok(Metrics {
        as_of: options.as_of,
        window,
        filters: Filters {
            service: options.service.clone(),
            severity: options.severity.clone(),
        },
        incidents: measured.len(),
        by_severity,
        mttd: overall.mttd,
        mtta: overall.mtta,
        mttr: overall.mttr,
        review_compliance,
        action_items,
        by_service,
        by_month,
        by_severity_stats,
        by_service_stats,
        by_month_stats,
        by_service_and_severity,
        targets,
        notes,
    })
}

/// The resolution date in the offset it was written with; from `resolved_at` in UTC when
/// the record somehow has the time but not the date.
fn resolution_date(incident: &Incident) -> Option<Date> {
    incident.resolved_date.or_else(|| {
        incident
            .resolved_at
            .map(|t| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
    })
}

/// "YYYY-MM" of a date.
fn month_key(date: Date) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// Every month of the window with a zero count (none past `MAX_FILLED_MONTHS`).
fn empty_months(window: Window) -> BTreeMap<String, usize> {
    let mut months = BTreeMap::new();
    let mut month = window.since.first_of_month();
    let last = window.until.first_of_month();
    while month <= last && months.len() < MAX_FILLED_MONTHS {
        months.insert(month_key(month), 0);
        match month.checked_add(Span::new().months(1)) {
            Ok(next) => month = next,
            Err(_) => break,
        }
    }
    if month <= last {
        // Too long to list every month: only the months with incidents.
        months.clear();
    }
    months
}

/// The group name of a severity: the defined level it names (any case), else as written.
fn severity_key(levels: &[String], severity: Option<&str>) -> String {
    match severity.map(str::trim).filter(|s| !s.is_empty()) {
        None => UNKNOWN.to_string(),
        Some(s) => levels
            .iter()
            .find(|l| l.eq_ignore_ascii_case(s))
            .cloned()
            .unwrap_or_else(|| s.to_string()),
    }
}

/// The three durations of one incident; a negative one is left out with a note.
fn measure<'a>(
    filled: &'a FilledIncident<'a>,
    levels: &[String],
    notes: &mut Vec<String>,
) -> Measured<'a> {
    let i = &filled.incident;
    let spans = [
        (
            Figure::Mttd,
            i.started_at,
            i.detected_at,
            "started_at",
            "detected_at",
        ),
        (
            Figure::Mtta,
            i.detected_at,
            i.acknowledged_at,
            "detected_at",
            "acknowledged_at",
        ),
        (
            Figure::Mttr,
            i.detected_at,
            i.resolved_at,
            "detected_at",
            "resolved_at",
        ),
    ];
    let mut durations = [None; 3];
    for (slot, (figure, from, to, from_name, to_name)) in durations.iter_mut().zip(spans) {
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        let seconds = to.duration_since(from).as_secs_f64();
        if seconds < 0.0 {
            notes.push(format!(
                "{}: {to_name} ({to}) is before {from_name} ({from}); left out of {}",
                i.id,
                figure.key().to_uppercase()
            ));
        } else {
            *slot = Some(seconds);
        }
    }
    Measured {
        filled,
        severity: severity_key(levels, i.severity.as_deref()),
        service: i
            .service
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or(UNKNOWN)
            .to_string(),
        durations,
    }
}

/// The three figures over some incidents.
fn figures<'a, 'b: 'a>(incidents: impl Iterator<Item = &'a Measured<'b>> + Clone) -> Figures {
    let of = |k: usize| -> Stats {
        let values: Vec<f64> = incidents.clone().filter_map(|m| m.durations[k]).collect();
        stats(&values)
    };
    Figures {
        mttd: of(0),
        mtta: of(1),
        mttr: of(2),
    }
}

/// The three figures of each group of incidents.
fn grouped(
    measured: &[Measured<'_>],
    key: impl for<'m> Fn(&'m Measured<'_>) -> &'m String,
) -> BTreeMap<String, Figures> {
    let mut groups: BTreeMap<String, Vec<&Measured<'_>>> = BTreeMap::new();
    for m in measured {
        groups.entry(key(m).clone()).or_default().push(m);
    }
    groups
        .into_iter()
        .map(|(k, ms)| (k, figures(ms.iter().copied())))
        .collect()
}

/// Each target of the severity definitions (of the filtered severity, if any) against
/// the mean of that severity's figure, in the definitions' order.
fn targets(
    documents: &Documents,
    options: &MetricsOptions,
    by_severity: &BTreeMap<String, Figures>,
) -> Vec<TargetResult> {
    let Some(definitions) = &documents.severity else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for level in &definitions.levels {
        if options
            .severity
            .as_deref()
            .is_some_and(|s| !s.trim().eq_ignore_ascii_case(&level.id))
        {
            continue;
        }
        let t = &level.targets;
        for (figure, target) in [
            (Figure::Mttd, &t.mttd),
            (Figure::Mtta, &t.mtta),
            (Figure::Mttr, &t.mttr),
        ] {
            let Some(target) = target else { continue };
            let target_seconds = target.duration.as_secs_f64();
            let s = by_severity.get(&level.id).map(|f| f.get(figure));
            let (n, mean, median) = s.map_or((0, None, None), |s| (s.n, s.mean, s.median));
            let status = match mean {
                None => TargetStatus::NoData,
                Some(m) if m <= target_seconds => TargetStatus::Met,
                Some(_) => TargetStatus::Missed,
            };
            out.push(TargetResult {
                severity: level.id.clone(),
                metric: figure,
                target: target.text.clone(),
                target_seconds,
                n,
                mean_seconds: mean,
                median_seconds: median,
                status,
                meaningful: n >= MIN_MEANINGFUL_N,
            });
        }
    }
    out
}

/// Of the in-window incidents that need a review (`review.severities`) and whose deadline
/// (`deadline_business_days` business days after the resolution date) is before `as_of`:
/// reviewed on or before the deadline, after it, or not at all.
fn review_compliance(
    documents: &Documents,
    as_of: Date,
    in_window: &[&FilledIncident<'_>],
) -> ReviewCompliance {
    let mut rc = ReviewCompliance {
        eligible: 0,
        on_time: 0,
        late: 0,
        missing: 0,
        rate: None,
        late_incidents: Vec::new(),
        missing_incidents: Vec::new(),
    };
    for f in in_window {
        let needs_review = f
            .incident
            .severity
            .as_deref()
            .is_some_and(|s| documents.needs_review(s));
        let deadline = resolution_date(&f.incident).and_then(|d| documents.review_deadline(d));
        let Some(deadline) = deadline.filter(|d| needs_review && *d < as_of) else {
            continue;
        };
        rc.eligible += 1;
        match f.review {
            Some(r) if r.date <= deadline => rc.on_time += 1,
            Some(_) => {
                rc.late += 1;
                rc.late_incidents.push(f.incident.id.clone());
            }
            None => {
                rc.missing += 1;
                rc.missing_incidents.push(f.incident.id.clone());
            }
        }
    }
    rc.rate = share(rc.on_time, rc.eligible);
    rc
}

/// The action items of the reviews of the in-window incidents.
fn action_items(as_of: Date, in_window: &[&FilledIncident<'_>]) -> ActionItems {
    let mut ai = ActionItems {
        total: 0,
        due: 0,
        closed: 0,
        overdue: 0,
        closure_rate: None,
        overdue_items: Vec::new(),
    };
    for f in in_window {
        let Some(review) = f.review else { continue };
        for item in &review.action_items {
            ai.total += 1;
            let Some(due) = item.due.filter(|d| *d < as_of) else {
                continue;
            };
            ai.due += 1;
            if item.closed {
                ai.closed += 1;
            } else {
                ai.overdue += 1;
                ai.overdue_items.push(OverdueItem {
                    incident: f.incident.id.clone(),
                    action: item.action.clone(),
                    owner: item.owner.clone(),
                    due,
                });
            }
        }
    }
    ai.closure_rate = share(ai.closed, ai.due);
    ai
}

/// part / whole, `None` for an empty whole.
fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

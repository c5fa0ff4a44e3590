//! The values `irready metrics` reports (the `Metrics` tree) and how they serialize: the
//! field names and order are the JSON's, whole seconds are written as integers, ratios
//! and durations rounded to 3 decimals, dates as `YYYY-MM-DD`.

use super::MIN_MEANINGFUL_N;
use jiff::civil::Date;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// The window of resolution dates counted, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    /// The first resolution date counted.
    #[serde(serialize_with = "date")]
    pub since: Date,
    /// The last resolution date counted.
    #[serde(serialize_with = "date")]
    pub until: Date,
}

impl Window {
    /// Whether a resolution date lies in the window.
    pub fn contains(&self, date: Date) -> bool {
        date >= self.since && date <= self.until
    }
}

/// The filters applied, as given, for the reader of the JSON to see what was counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filters {
    /// `--service`, as given.
    pub service: Option<String>,
    /// `--severity`, as given.
    pub severity: Option<String>,
}

/// n, mean, median and p90 of one figure, in seconds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// How many incidents have the figure.
    pub n: usize,
    /// The mean; `None` when n = 0 (`null` in the JSON).
    #[serde(rename = "mean_seconds", serialize_with = "seconds")]
    pub mean: Option<f64>,
    /// The median (the mean of the two middle values for an even n).
    #[serde(rename = "median_seconds", serialize_with = "seconds")]
    pub median: Option<f64>,
    /// The nearest-rank 90th percentile: the ⌈0.9·n⌉-th smallest value.
    #[serde(rename = "p90_seconds", serialize_with = "seconds")]
    pub p90: Option<f64>,
    /// `n >= 5`: below that the figure is shown but flagged.
    pub meaningful: bool,
    /// The sum of the values (OpenMetrics summaries carry it); not in the JSON, where
    /// mean × n gives it.
    #[serde(skip)]
    pub sum: f64,
    /// The smallest value, `None` when n = 0.
    #[serde(skip)]
    pub min: Option<f64>,
    /// The largest value, `None` when n = 0.
    #[serde(skip)]
    pub max: Option<f64>,
}

/// The statistics of a list of values (any order): mean, median (mean of the two middle
/// values for an even n), p90 by nearest rank (the ⌈0.9·n⌉-th smallest). All `None` for
/// no value. NaN values are ignored (a duration is never NaN; this keeps the sort total).
pub fn stats(values: &[f64]) -> Stats {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    // A fold from +0.0: `Sum for f64` starts at -0.0, which would print as `-0`.
    let sum: f64 = sorted.iter().fold(0.0, |a, b| a + b);
    let (mean, median, p90) = if n == 0 {
        (None, None, None)
    } else {
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        // ⌈0.9·n⌉ in integers: (9n + 9) / 10, at least 1.
        let rank = (9 * n).div_ceil(10).max(1);
        (Some(sum / n as f64), Some(median), Some(sorted[rank - 1]))
    };
    Stats {
        n,
        mean,
        median,
        p90,
        meaningful: n >= MIN_MEANINGFUL_N,
        sum,
        min: sorted.first().copied(),
        max: sorted.last().copied(),
    }
}

/// The three duration figures of one group of incidents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Time to detect: detected − started.
    pub mttd: Stats,
    /// Time to acknowledge: acknowledged − detected.
    pub mtta: Stats,
    /// Time to restore: resolved − detected.
    pub mttr: Stats,
}

impl Figures {
    /// The statistics of one figure.
    pub fn get(&self, figure: Figure) -> &Stats {
        match figure {
            Figure::Mttd => &self.mttd,
            Figure::Mtta => &self.mtta,
            Figure::Mttr => &self.mttr,
        }
    }
}

/// One of the three duration figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Figure {
    Mttd,
    Mtta,
    Mttr,
}

impl Figure {
    /// The three, in the order they are reported.
    pub const ALL: [Figure; 3] = [Figure::Mttd, Figure::Mtta, Figure::Mttr];

    /// `mttd`, `mtta`, `mttr`: the JSON key and the OpenMetrics `metric` label.
    pub fn key(self) -> &'static str {
        match self {
            Figure::Mttd => "mttd",
            Figure::Mtta => "mtta",
            Figure::Mttr => "mttr",
        }
    }

    /// What the per-incident duration measures, for notes and help text.
    pub fn describes(self) -> &'static str {
        match self {
            Figure::Mttd => "time to detect (detected_at - started_at)",
            Figure::Mtta => "time to acknowledge (acknowledged_at - detected_at)",
            Figure::Mttr => "time to restore (resolved_at - detected_at)",
        }
    }
}

/// Review compliance of the incidents that need a review and whose deadline has passed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewCompliance {
    /// Incidents that need a review and whose deadline is before `as_of`.
    pub eligible: usize,
    /// Reviewed on or before the deadline.
    pub on_time: usize,
    /// Reviewed after the deadline.
    pub late: usize,
    /// Without a review.
    pub missing: usize,
    /// on_time / eligible, 3 decimals; `None` when nothing is eligible.
    #[serde(serialize_with = "ratio")]
    pub rate: Option<f64>,
    /// The ids of the incidents reviewed late, in document order.
    pub late_incidents: Vec<String>,
    /// The ids of the incidents without a review, in document order.
    pub missing_incidents: Vec<String>,
}

/// Action items of the reviews of the incidents in the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionItems {
    /// Every action item of those reviews, with or without a due date.
    pub total: usize,
    /// Items whose due date is before `as_of`.
    pub due: usize,
    /// Due items that are closed.
    pub closed: usize,
    /// Due items still open.
    pub overdue: usize,
    /// closed / due, 3 decimals; `None` when nothing is due.
    #[serde(serialize_with = "ratio")]
    pub closure_rate: Option<f64>,
    /// The overdue items, for the reader to chase.
    pub overdue_items: Vec<OverdueItem>,
}

/// One overdue action item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueItem {
    /// The id of the incident whose review lists the item.
    pub incident: String,
    /// The Action cell.
    pub action: String,
    /// The Owner cell, if filled.
    pub owner: Option<String>,
    /// The due date, before `as_of`.
    #[serde(serialize_with = "date")]
    pub due: Date,
}

/// Whether a severity's figure meets its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    /// The mean is at most the target.
    Met,
    /// The mean exceeds the target.
    Missed,
    /// No incident of that severity has the figure in the window.
    NoData,
}

impl TargetStatus {
    /// `met`, `missed`, `no data`: as the table shows it.
    pub fn label(self) -> &'static str {
        match self {
            TargetStatus::Met => "met",
            TargetStatus::Missed => "missed",
            TargetStatus::NoData => "no data",
        }
    }
}

/// One target of the severity definitions compared with the window's figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetResult {
    /// The level id of the severity definitions (`SEV2`).
    pub severity: String,
    /// Which figure the target is for.
    pub metric: Figure,
    /// The target as written (`30m`).
    pub target: String,
    /// The target in seconds.
    #[serde(serialize_with = "plain_seconds")]
    pub target_seconds: f64,
    /// How many incidents of the level have the figure.
    pub n: usize,
    /// The level's mean, compared with the target.
    #[serde(serialize_with = "seconds")]
    pub mean_seconds: Option<f64>,
    /// The level's median, for the reader.
    #[serde(serialize_with = "seconds")]
    pub median_seconds: Option<f64>,
    /// Compared with the mean: met when mean ≤ target.
    pub status: TargetStatus,
    /// `n >= 5`; a met or missed on fewer incidents is shown but flagged.
    pub meaningful: bool,
}

/// Everything `irready metrics` reports. Field names and order are the JSON's (SPEC §6
/// names at the top level).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    /// The day taken as today.
    #[serde(serialize_with = "date")]
    pub as_of: Date,
    /// The resolution dates counted.
    pub window: Window,
    /// The filters applied.
    pub filters: Filters,
    /// Incidents resolved in the window (after the filters).
    pub incidents: usize,
    /// Every defined severity level (zero included) and any other level seen.
    pub by_severity: BTreeMap<String, usize>,
    /// Time to detect over every incident of the window.
    pub mttd: Stats,
    /// Time to acknowledge over every incident of the window.
    pub mtta: Stats,
    /// Time to restore over every incident of the window.
    pub mttr: Stats,
    /// Reviews of the SEV1/SEV2 (configurable) incidents whose deadline has passed.
    pub review_compliance: ReviewCompliance,
    /// Action items of the reviews of the incidents in the window.
    pub action_items: ActionItems,
    /// Service (`unknown` when not written) → count.
    pub by_service: BTreeMap<String, usize>,
    /// "YYYY-MM" of the resolution date → count; every month of the window, zero included.
    pub by_month: BTreeMap<String, usize>,
    /// MTTD, MTTA, MTTR of each severity that has incidents in the window.
    pub by_severity_stats: BTreeMap<String, Figures>,
    /// MTTD, MTTA, MTTR of each service that has incidents in the window.
    pub by_service_stats: BTreeMap<String, Figures>,
    /// MTTD, MTTA, MTTR of each month (of the resolution date) that has incidents: the
    /// trend the dashboard draws.
    pub by_month_stats: BTreeMap<String, Figures>,
    /// Incident counts per (service, severity) pair (OpenMetrics labels both; JSON keys
    /// cannot be pairs, and `by_service`/`by_severity` hold the sums).
    #[serde(skip)]
    pub by_service_and_severity: BTreeMap<(String, String), usize>,
    /// Each target of the severity definitions against the window's figure.
    pub targets: Vec<TargetResult>,
    /// What was left out and why, and other things the reader should know.
    pub notes: Vec<String>,
}

impl Metrics {
    /// The overall statistics of one figure.
    pub fn figure(&self, figure: Figure) -> &Stats {
        match figure {
            Figure::Mttd => &self.mttd,
            Figure::Mtta => &self.mtta,
            Figure::Mttr => &self.mttr,
        }
    }
}

/// Rounds to 3 decimals: ratios are reported as 0.667, durations to the millisecond.
pub fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// A date as `YYYY-MM-DD`.
fn date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// A number as an integer when it is whole (`300`, not `300.0`), else as a float.
fn number<S: Serializer>(v: f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        s.serialize_i64(v as i64)
    } else {
        s.serialize_f64(v)
    }
}

/// Seconds, to the millisecond; `null` when there is no value.
fn seconds<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => number(round3(*v), s),
        None => s.serialize_none(),
    }
}

/// Seconds that are always there (a target).
fn plain_seconds<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    number(round3(*v), s)
}

/// A ratio to 3 decimals; `null` when there is nothing to divide by.
fn ratio<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => number(round3(*v), s),
        None => s.serialize_none(),
    }
}

//! The business calendar (`calendar.yml`, SPEC §2): which weekdays are the weekend and
//! which dates are holidays, so that "a review within 5 business days" is counted the way
//! the team's own calendar counts it. No maintained holiday crate exists; the dates live
//! in the repository, next to the reviews they judge.
//!
//! ```yaml
//! weekend: [Saturday, Sunday]          # the default
//! holidays:
//!   - 2026-12-25
//!   - {date: 2026-12-26, name: Boxing Day}
//! ```

use crate::diagnostic::Diagnostic;
use crate::source::Location;
use crate::terraform::module::read_text;
use jiff::civil::{Date, Weekday};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Where the calendar lives by default, relative to the scanned root.
pub const DEFAULT_CALENDAR: &str = "incident-response/calendar.yml";

/// Weekend days and holidays: everything else is a business day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessCalendar {
    /// Indexed by `Weekday::to_monday_zero_offset()`: `true` for a weekend day.
    weekend: [bool; 7],
    /// Holiday dates, each with the holiday as written.
    holidays: BTreeMap<Date, Holiday>,
}

/// One holiday of the calendar: its date, its name if given, and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: Date,
    pub name: Option<String>,
    pub location: Location,
}

impl Default for BusinessCalendar {
    /// Saturday and Sunday off, no holidays: the calendar when a repository has none.
    fn default() -> Self {
        let mut weekend = [false; 7];
        weekend[Weekday::Saturday.to_monday_zero_offset() as usize] = true;
        weekend[Weekday::Sunday.to_monday_zero_offset() as usize] = true;
        BusinessCalendar {
            weekend,
            holidays: BTreeMap::new(),
        }
    }
}

impl BusinessCalendar {
    /// A calendar with the given weekend days and holidays. `None` when every weekday is
    /// a weekend day: such a calendar has no business day at all, and counting business
    /// days in it would never end.
    pub fn new(weekend: &[Weekday], holidays: Vec<Holiday>) -> Option<Self> {
        let mut days = [false; 7];
        for d in weekend {
            days[d.to_monday_zero_offset() as usize] = true;
        }
        if days.iter().all(|&w| w) {
            return None;
        }
        let holidays = holidays.into_iter().map(|h| (h.date, h)).collect();
        Some(BusinessCalendar {
            weekend: days,
            holidays,
        })
    }

    /// The weekend days, Monday first.
    pub fn weekend(&self) -> Vec<Weekday> {
        (0i8..7)
            .filter(|&i| self.weekend[i as usize])
            .filter_map(|i| Weekday::from_monday_zero_offset(i).ok())
            .collect()
    }

    /// The holidays, in date order.
    pub fn holidays(&self) -> impl Iterator<Item = &Holiday> {
        self.holidays.values()
    }

    /// A business day is neither a weekend day nor a holiday.
    pub fn is_business_day(&self, date: Date) -> bool {
        !self.weekend[date.weekday().to_monday_zero_offset() as usize]
            && !self.holidays.contains_key(&date)
    }

    /// The date reached by counting `n` business days after `date`, `date` itself not
    /// counted: the review deadline is `add_business_days(resolution_date, 5)`. A
    /// resolution on Friday with `n = 5` gives the next Friday; on Saturday, also that
    /// Friday. `n = 0` gives `date` itself. `None` only past jiff's last date (9999-12-31).
    pub fn add_business_days(&self, date: Date, n: u32) -> Option<Date> {
        let mut day = date;
        let mut left = n;
        while left > 0 {
            day = day.tomorrow().ok()?;
            if self.is_business_day(day) {
                left -= 1;
            }
        }
        Some(day)
    }

    /// How many business days after `deadline` something dated `actual` came: the least
    /// `k ≥ 0` with `actual ≤ add_business_days(deadline, k)`. On or before the deadline
    /// that is 0. A review dated on the Saturday after a Friday deadline is late by 1 (it
    /// counts as the Monday): lateness is never hidden by a weekend or a holiday.
    pub fn business_days_late(&self, deadline: Date, actual: Date) -> i64 {
        if actual <= deadline {
            return 0;
        }
        // The business days in (deadline, actual], plus one when `actual` itself is not a
        // business day (it is caught up with on the next one).
        let mut late = 0i64;
        let mut day = deadline;
        while day < actual {
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
            if self.is_business_day(day) {
                late += 1;
            }
        }
        if !self.is_business_day(actual) {
            late += 1;
        }
        late
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    #[serde(default)]
    weekend: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    holidays: Vec<Spanned<RawHoliday>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawHoliday {
    Date(String),
    Named(NamedHoliday),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedHoliday {
    date: String,
    #[serde(default)]
    name: Option<String>,
}

/// Reads `calendar.yml`. `Ok(None)` when the file does not exist (the caller then uses
/// `BusinessCalendar::default()`); every problem in the file is a diagnostic with its
/// position, all of them reported at once.
pub fn load_calendar(
    path: &Path,
    display: Arc<str>,
) -> Result<Option<BusinessCalendar>, Vec<Diagnostic>> {
    if !path.exists() {
        return Ok(None);
    }
    let text = read_text(path, &display).map_err(|d| vec![d])?;
    parse_calendar(&text, &display).map(Some)
}

/// Parses the text of a calendar file (see `load_calendar`).
pub fn parse_calendar(text: &str, display: &Arc<str>) -> Result<BusinessCalendar, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Ok(BusinessCalendar::default());
    }
    let raw: RawCalendar = crate::yaml::from_str(text, display).map_err(|d| vec![d])?;
    let mut diags = Vec::new();
    let at = |s: &serde_saphyr::Location| {
        Location::new(
            display.clone(),
            (s.line() as u32).max(1),
            (s.column() as u32).max(1),
        )
    };
    let weekend = match &raw.weekend {
        None => vec![Weekday::Saturday, Weekday::Sunday],
        Some(days) => {
            let mut out = Vec::new();
            for d in days {
                match parse_weekday(&d.value) {
                    Some(w) => out.push(w),
                    None => diags.push(Diagnostic::new(
                        at(&d.referenced),
                        format!(
                            "weekend: `{}` is not a weekday: expected Monday, Tuesday, Wednesday, Thursday, Friday, Saturday or Sunday",
                            d.value
                        ),
                    )),
                }
            }
            out
        }
    };
    let mut holidays = Vec::new();
    for h in &raw.holidays {
        let (date_text, name) = match &h.value {
            RawHoliday::Date(d) => (d.as_str(), None),
            RawHoliday::Named(n) => (n.date.as_str(), n.name.clone()),
        };
        match parse_date(date_text) {
            Some(date) => holidays.push(Holiday {
                date,
                name,
                location: at(&h.referenced),
            }),
            None => diags.push(Diagnostic::new(
                at(&h.referenced),
                format!(
                    "holidays: `{date_text}` is not a date: expected YYYY-MM-DD, e.g. 2026-12-25"
                ),
            )),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    BusinessCalendar::new(&weekend, holidays).ok_or_else(|| {
        let location = raw
            .weekend
            .as_ref()
            .and_then(|w| w.first())
            .map(|d| at(&d.referenced))
            .unwrap_or_else(|| Location::new(display.clone(), 1, 1));
        vec![Diagnostic::new(
            location,
            "weekend: all seven days are weekend days: expected at least one business day",
        )]
    })
}

/// A weekday by its English name or three-letter abbreviation, any case.
fn parse_weekday(s: &str) -> Option<Weekday> {
    let s = s.trim().to_ascii_lowercase();
    let days = [
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ];
    days.iter()
        .find(|(name, _)| *name == s || (s.len() == 3 && name.starts_with(&s)))
        .map(|(_, d)| *d)
}

/// A calendar date written `YYYY-MM-DD` (nothing else: a date with a time is rejected, so
/// that a typo does not silently move a deadline).
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    s.parse::<Date>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn cal(holidays: &[Date]) -> BusinessCalendar {
        let hs = holidays
            .iter()
            .map(|&d| Holiday {
                date: d,
                name: None,
                location: Location::default(),
            })
            .collect();
        BusinessCalendar::new(&[Weekday::Saturday, Weekday::Sunday], hs).unwrap()
    }

    #[test]
    fn weekends_are_not_business_days() {
        let c = BusinessCalendar::default();
        // 2026-03-06 is a Friday.
        assert!(c.is_business_day(date(2026, 3, 6)));
        assert!(!c.is_business_day(date(2026, 3, 7)));
        assert!(!c.is_business_day(date(2026, 3, 8)));
        assert!(c.is_business_day(date(2026, 3, 9)));
    }

    #[test]
    fn holidays_are_not_business_days() {
        let c = cal(&[date(2026, 12, 25)]);
        assert!(!c.is_business_day(date(2026, 12, 25)));
        assert!(c.is_business_day(date(2026, 12, 24)));
    }

    #[test]
    fn deadline_counts_after_the_resolution_day() {
        let c = BusinessCalendar::default();
        // Monday + 5 business days = next Monday.
        assert_eq!(
            c.add_business_days(date(2026, 3, 2), 5),
            Some(date(2026, 3, 9))
        );
        // Friday + 5 = next Friday.
        assert_eq!(
            c.add_business_days(date(2026, 3, 6), 5),
            Some(date(2026, 3, 13))
        );
        // Saturday + 5 = the Friday after (Monday is the first counted day).
        assert_eq!(
            c.add_business_days(date(2026, 3, 7), 5),
            Some(date(2026, 3, 13))
        );
        // Sunday + 1 = Monday.
        assert_eq!(
            c.add_business_days(date(2026, 3, 8), 1),
            Some(date(2026, 3, 9))
        );
        assert_eq!(
            c.add_business_days(date(2026, 3, 7), 0),
            Some(date(2026, 3, 7))
        );
    }

    #[test]
    fn deadline_across_a_holiday_moves_by_a_day() {
        // Resolved Tuesday 2026-12-22; 25th (Fri) is a holiday: Wed, Thu, Mon, Tue, Wed.
        let c = cal(&[date(2026, 12, 25)]);
        assert_eq!(
            c.add_business_days(date(2026, 12, 22), 5),
            Some(date(2026, 12, 30))
        );
        let plain = BusinessCalendar::default();
        assert_eq!(
            plain.add_business_days(date(2026, 12, 22), 5),
            Some(date(2026, 12, 29))
        );
    }

    #[test]
    fn lateness_counts_business_days_after_the_deadline() {
        let c = cal(&[date(2026, 3, 16)]);
        let deadline = date(2026, 3, 13); // Friday
        assert_eq!(c.business_days_late(deadline, date(2026, 3, 10)), 0);
        assert_eq!(c.business_days_late(deadline, deadline), 0);
        // Saturday and Sunday after a Friday deadline: as late as the Monday (a holiday
        // here, so as late as Tuesday).
        assert_eq!(c.business_days_late(deadline, date(2026, 3, 14)), 1);
        assert_eq!(c.business_days_late(deadline, date(2026, 3, 16)), 1);
        assert_eq!(c.business_days_late(deadline, date(2026, 3, 17)), 1);
        assert_eq!(c.business_days_late(deadline, date(2026, 3, 18)), 2);
        assert_eq!(
            BusinessCalendar::default().business_days_late(deadline, date(2026, 3, 18)),
            3
        );
    }

    #[test]
    fn a_calendar_without_business_days_is_refused() {
        let all = [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
        ];
        assert!(BusinessCalendar::new(&all, vec![]).is_none());
        assert!(BusinessCalendar::new(&all[..6], vec![]).is_some());
    }

    #[test]
    fn the_end_of_time_is_none_not_a_panic() {
        let c = BusinessCalendar::default();
        assert_eq!(c.add_business_days(date(9999, 12, 30), 5), None);
        assert_eq!(c.business_days_late(date(9999, 12, 30), Date::MAX), 1);
    }

    #[test]
    fn weekday_names_and_dates() {
        assert_eq!(parse_weekday("saturday"), Some(Weekday::Saturday));
        assert_eq!(parse_weekday(" FRI "), Some(Weekday::Friday));
        assert_eq!(parse_weekday("Sa"), None);
        assert_eq!(parse_weekday("Samstag"), None);
        assert_eq!(parse_date("2026-12-25"), Some(date(2026, 12, 25)));
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("2026-12-25T10:00:00Z"), None);
        assert_eq!(parse_date("20261225"), None);
    }

    fn arb_calendar() -> impl Strategy<Value = BusinessCalendar> {
        (
            proptest::collection::vec(0u8..7, 0..6),
            proptest::collection::vec(0i64..800, 0..40),
        )
            .prop_filter_map("at least one business day", |(days, offsets)| {
                let weekend: Vec<Weekday> = days
                    .iter()
                    .map(|&d| Weekday::from_monday_zero_offset(d as i8).unwrap())
                    .collect();
                let holidays = offsets
                    .iter()
                    .filter_map(|&o| date(2025, 1, 1).checked_add(jiff::Span::new().days(o)).ok())
                    .map(|d| Holiday {
                        date: d,
                        name: None,
                        location: Location::default(),
                    })
                    .collect();
                BusinessCalendar::new(&weekend, holidays)
            })
    }

    proptest! {
        #[test]
        fn adding_business_days_lands_on_a_business_day(
            c in arb_calendar(), start in 0i64..900, n in 1u32..40
        ) {
            let d = date(2025, 1, 1).checked_add(jiff::Span::new().days(start)).unwrap();
            let end = c.add_business_days(d, n).unwrap();
            prop_assert!(c.is_business_day(end));
            prop_assert!(end > d);
        }

        #[test]
        fn adding_business_days_is_monotonic(
            c in arb_calendar(), start in 0i64..900, n in 0u32..40, m in 0u32..40,
            shift in 0i64..30
        ) {
            let d = date(2025, 1, 1).checked_add(jiff::Span::new().days(start)).unwrap();
            let later = d.checked_add(jiff::Span::new().days(shift)).unwrap();
            let (lo, hi) = (n.min(m), n.max(m));
            // More days never give an earlier date; a later start never gives an earlier end.
            prop_assert!(c.add_business_days(d, lo).unwrap() <= c.add_business_days(d, hi).unwrap());
            prop_assert!(c.add_business_days(d, n).unwrap() <= c.add_business_days(later, n).unwrap());
            // One more business day is strictly later.
            prop_assert!(c.add_business_days(d, n).unwrap() < c.add_business_days(d, n + 1).unwrap());
        }

        #[test]
        fn lateness_inverts_the_deadline(
            c in arb_calendar(), start in 0i64..900, k in 0u32..30, back in 0i64..6
        ) {
            let deadline = date(2025, 1, 1).checked_add(jiff::Span::new().days(start)).unwrap();
            let day = c.add_business_days(deadline, k).unwrap();
            // The k-th business day after the deadline is exactly k late…
            prop_assert_eq!(c.business_days_late(deadline, day), k as i64);
            // …and a day a little before it is at most k late, never negative.
            let before = day.checked_sub(jiff::Span::new().days(back)).unwrap();
            let late = c.business_days_late(deadline, before);
            prop_assert!((0..=k as i64).contains(&late));
        }
    }
}

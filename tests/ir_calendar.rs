//! calendar.yml: the business calendar the review deadline is counted in (SPEC §2).

use irready::ir::calendar::{BusinessCalendar, load_calendar};
use jiff::civil::{Weekday, date};
use std::path::Path;

fn fixture(name: &str) -> (std::path::PathBuf, std::sync::Arc<str>) {
    (
        Path::new("tests/fixtures/ir/calendar").join(name),
        format!("calendar/{name}").into(),
    )
}

fn errors(name: &str) -> Vec<String> {
    let (path, display) = fixture(name);
    match load_calendar(&path, display) {
        Ok(c) => panic!("{name} loaded: {c:?}"),
        Err(diags) => diags.iter().map(|d| d.to_string()).collect(),
    }
}

#[test]
fn good_calendar_has_its_weekend_and_holidays() {
    let (path, display) = fixture("good.yml");
    let cal = load_calendar(&path, display).unwrap().unwrap();
    assert_eq!(cal.weekend(), vec![Weekday::Friday, Weekday::Saturday]);
    let holidays: Vec<_> = cal
        .holidays()
        .map(|h| (h.date, h.name.clone(), h.location.to_string()))
        .collect();
    assert_eq!(
        holidays,
        vec![
            (
                date(2026, 12, 25),
                None,
                "calendar/good.yml:4:5".to_string()
            ),
            (
                date(2026, 12, 31),
                Some("New Year's Eve".to_string()),
                "calendar/good.yml:5:5".to_string()
            ),
            (
                date(2027, 1, 1),
                Some("New Year".to_string()),
                "calendar/good.yml:6:5".to_string()
            ),
        ]
    );
    // Sunday is a business day here; Friday is not.
    assert!(cal.is_business_day(date(2026, 3, 8)));
    assert!(!cal.is_business_day(date(2026, 3, 6)));
    // Resolved Wednesday 2026-12-23: Thu 24, (Fri 25 off, Sat off), Sun 27, Mon 28, Tue 29,
    // Wed 30.
    assert_eq!(
        cal.add_business_days(date(2026, 12, 23), 5),
        Some(date(2026, 12, 30))
    );
}

#[test]
fn a_missing_calendar_is_none_and_the_default_is_saturday_sunday() {
    let (path, display) = fixture("does-not-exist.yml");
    assert_eq!(load_calendar(&path, display), Ok(None));
    assert_eq!(
        BusinessCalendar::default().weekend(),
        vec![Weekday::Saturday, Weekday::Sunday]
    );
}

#[test]
fn a_misspelt_weekday_is_reported_where_it_is() {
    assert_eq!(
        errors("bad_weekday.yml"),
        vec![
            "calendar/bad_weekday.yml:3:5: weekend: `Sundy` is not a weekday: expected Monday, Tuesday, Wednesday, Thursday, Friday, Saturday or Sunday"
        ]
    );
}

#[test]
fn every_bad_holiday_is_reported() {
    assert_eq!(
        errors("bad_holiday.yml"),
        vec![
            "calendar/bad_holiday.yml:3:5: holidays: `2026-13-01` is not a date: expected YYYY-MM-DD, e.g. 2026-12-25",
            "calendar/bad_holiday.yml:4:5: holidays: `25.12.2026` is not a date: expected YYYY-MM-DD, e.g. 2026-12-25",
        ]
    );
}

#[test]
fn an_unknown_key_is_an_error() {
    let e = errors("unknown_key.yml");
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with("calendar/unknown_key.yml:2:1: unknown field `holiday`"),
        "{e:?}"
    );
}

#[test]
fn a_week_without_business_days_is_refused() {
    assert_eq!(
        errors("all_weekend.yml"),
        vec![
            "calendar/all_weekend.yml:1:11: weekend: all seven days are weekend days: expected at least one business day"
        ]
    );
}

#[test]
fn invalid_utf8_is_reported_with_its_position() {
    assert_eq!(
        errors("not_utf8.yml"),
        vec!["calendar/not_utf8.yml:2:21: invalid UTF-8: expected UTF-8 encoded text"]
    );
}

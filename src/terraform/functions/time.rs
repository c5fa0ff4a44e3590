//! Time functions over RFC 3339 timestamps: `formatdate`, `timeadd`, `timecmp`.
//!
//! Timestamps are read as Go's `time.Parse(time.RFC3339, ...)` reads them (Terraform's
//! implementation), keeping the written UTC offset, because `timeadd` and `formatdate`
//! print in that offset. Calendar arithmetic is proleptic Gregorian on days since the epoch.

use super::{Outcome, arity, invalid, string_arg};
use crate::terraform::value::Value;

const NANOS_PER_SECOND: i128 = 1_000_000_000;

/// A parsed timestamp: the instant, and the offset it was written in.
#[derive(Debug, Clone, Copy)]
struct Timestamp {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    nanos: i128,
    /// Seconds east of UTC.
    offset: i64,
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day since 1970-01-01: (year, month, day).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
fn parse_timestamp(text: &str) -> Outcome<Timestamp> {
    let fail = || {
        invalid(format!(
            "not a valid RFC 3339 timestamp: {text:?} (expected like \"2006-01-02T15:04:05Z\")"
        ))
    };
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        part.iter()
            .try_fold(0i64, |acc, d| Some(acc * 10 + i64::from(d - b'0')))
    };
    let fields = (|| {
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        Some([
            num(0..4)?,
            num(5..7)?,
            num(8..10)?,
            num(11..13)?,
            num(14..16)?,
            num(17..19)?,
        ])
    })();
    let Some([year, month, day, hour, minute, second]) = fields else {
        return fail();
    };
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return invalid(format!("timestamp {text:?} is out of range"));
    }
    let mut i = 19;
    let mut fraction: i128 = 0;
    if matches!(b.get(i), Some(b'.' | b',')) {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return fail();
        }
        let mut scale = NANOS_PER_SECOND;
        for &d in &b[start..i] {
            scale /= 10;
            fraction += i128::from(d - b'0') * scale;
        }
    }
    let offset = match &b[i..] {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (Some(h), Some(m)) = (num(i + 1..i + 3), num(i + 4..i + 6)) else {
                return fail();
            };
            if h > 23 || m > 59 {
                return invalid(format!("timestamp {text:?} has an offset out of range"));
            }
            let s = h * 3600 + m * 60;
            if *sign == b'-' { -s } else { s }
        }
        _ => return fail(),
    };
    let local = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Ok(Timestamp {
        nanos: i128::from(local - offset) * NANOS_PER_SECOND + fraction,
        offset,
    })
}

/// Wall-clock fields in the timestamp's own offset:
/// (year, month, day, hour, minute, second, weekday with Sunday = 0).
fn fields(t: Timestamp) -> (i64, i64, i64, i64, i64, i64, i64) {
    let local = t.nanos.div_euclid(NANOS_PER_SECOND) as i64 + t.offset;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let weekday = (days + 4).rem_euclid(7);
    (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60, weekday)
}

fn offset_text(offset: i64, colon: bool) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let a = offset.abs();
    let sep = if colon { ":" } else { "" };
    format!("{sign}{:02}{sep}{:02}", a / 3600, a % 3600 / 60)
}

/// RFC 3339 without fraction, as Go's `time.RFC3339` layout prints (`Z` for UTC).
fn rfc3339(t: Timestamp) -> Outcome<String> {
    let (y, mo, d, h, mi, s, _) = fields(t);
    if !(0..=9999).contains(&y) {
        return invalid(format!("year {y} is outside the range of RFC 3339"));
    }
    let zone = if t.offset == 0 {
        "Z".to_string()
    } else {
        offset_text(t.offset, true)
    };
    Ok(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{zone}"))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// `formatdate(spec, timestamp)`: Terraform's format verbs (`YYYY`, `MMM`, `DD`, `EEEE`,
/// `hh` 24-hour, `HH` 12-hour, `AA`, `mm`, `ss`, `ZZZZZ`...), `'quoted'` literal text (`''`
/// for a quote), other non-letters verbatim; an unknown run of letters is an error.
pub(super) fn formatdate(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let spec = string_arg(&args[0])?;
    let t = parse_timestamp(&string_arg(&args[1])?)?;
    let (year, month, day, hour, minute, second, weekday) = fields(t);
    let month_name = MONTHS[(month - 1) as usize];
    let day_name = WEEKDAYS[weekday as usize];
    let hour12 = if hour % 12 == 0 { 12 } else { hour % 12 };
    let chars: Vec<char> = spec.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            i += 1;
            loop {
                match chars.get(i) {
                    None => return invalid("unterminated literal '' in format string"),
                    Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                        out.push('\'');
                        i += 2;
                    }
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(&other) => {
                        out.push(other);
                        i += 1;
                    }
                }
            }
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|&&x| x == c).count();
        let verb: String = chars[i..i + run].iter().collect();
        i += run;
        let text = match verb.as_str() {
            "YYYY" => format!("{year:04}"),
            "YY" => format!("{:02}", year.rem_euclid(100)),
            "MMMM" => month_name.to_string(),
            "MMM" => month_name[..3].to_string(),
            "MM" => format!("{month:02}"),
            "M" => month.to_string(),
            "DD" => format!("{day:02}"),
            "D" => day.to_string(),
            "EEEE" => day_name.to_string(),
            "EEE" => day_name[..3].to_string(),
            "hh" => format!("{hour:02}"),
            "h" => hour.to_string(),
            "HH" => format!("{hour12:02}"),
            "H" => hour12.to_string(),
            "AA" => (if hour < 12 { "AM" } else { "PM" }).to_string(),
            "aa" => (if hour < 12 { "am" } else { "pm" }).to_string(),
            "mm" => format!("{minute:02}"),
            "m" => minute.to_string(),
            "ss" => format!("{second:02}"),
            "s" => second.to_string(),
            "ZZZZZ" => offset_text(t.offset, true),
            "ZZZZ" => offset_text(t.offset, false),
            "ZZZ" if t.offset == 0 => "UTC".to_string(),
            "ZZZ" => offset_text(t.offset, false),
            "Z" if t.offset == 0 => "Z".to_string(),
            "Z" => offset_text(t.offset, true),
            _ => return invalid(format!("invalid date format verb {verb:?}")),
        };
        out.push_str(&text);
    }
    Ok(Value::String(out))
}

/// A Go duration (`"1h30m"`, `"-2.5s"`, `"300ms"`) in nanoseconds.
fn parse_duration(text: &str) -> Outcome<i128> {
    let fail = || invalid(format!("invalid duration {text:?}"));
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return fail();
    }
    let mut total: i128 = 0;
    while !rest.is_empty() {
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let whole: i128 = if int_len == 0 {
            0
        } else {
            match rest[..int_len].parse::<i128>() {
                Ok(v) if v < 1 << 63 => v,
                _ => return fail(),
            }
        };
        rest = &rest[int_len..];
        let mut fraction = 0f64;
        let mut frac_len = 0;
        if let Some(after) = rest.strip_prefix('.') {
            frac_len = after.bytes().take_while(u8::is_ascii_digit).count();
            let digits = &after[..frac_len];
            fraction = format!("0.{digits}0").parse::<f64>().unwrap_or(0.0);
            rest = &after[frac_len..];
        }
        if int_len == 0 && frac_len == 0 {
            return fail();
        }
        let unit_len = rest
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(rest.len());
        let unit: i128 = match &rest[..unit_len] {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => NANOS_PER_SECOND,
            "m" => 60 * NANOS_PER_SECOND,
            "h" => 3600 * NANOS_PER_SECOND,
            "" => return invalid(format!("missing unit in duration {text:?}")),
            other => return invalid(format!("unknown unit {other:?} in duration {text:?}")),
        };
        rest = &rest[unit_len..];
        total += whole * unit + (fraction * unit as f64) as i128;
        if total >= 1 << 63 {
            return fail();
        }
    }
    Ok(if negative { -total } else { total })
}

/// `timeadd(timestamp, duration)`: RFC 3339 in the timestamp's offset, seconds truncated.
pub(super) fn timeadd(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let t = parse_timestamp(&string_arg(&args[0])?)?;
    let d = parse_duration(&string_arg(&args[1])?)?;
    let shifted = Timestamp {
        nanos: t.nanos + d,
        offset: t.offset,
    };
    Ok(Value::String(rfc3339(shifted)?))
}

/// `timecmp(a, b)`: -1, 0 or 1 comparing the instants (offsets taken into account).
pub(super) fn timecmp(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let a = parse_timestamp(&string_arg(&args[0])?)?;
    let b = parse_timestamp(&string_arg(&args[1])?)?;
    Ok(Value::Number(match a.nanos.cmp(&b.nanos) {
        std::cmp::Ordering::Less => -1.0,
        std::cmp::Ordering::Equal => 0.0,
        std::cmp::Ordering::Greater => 1.0,
    }))
}

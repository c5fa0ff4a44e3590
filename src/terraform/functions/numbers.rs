//! Number functions: `parseint`, `pow`, `log`, `signum`.

use super::{Outcome, arity, integer_arg, invalid, known, number_arg};
use crate::terraform::value::Value;

/// A result Terraform can represent: its numbers are never NaN (infinities are fine).
fn number(n: f64, what: &str) -> Outcome<Value> {
    if n.is_nan() {
        return invalid(format!("{what} is not a number"));
    }
    Ok(Value::Number(n))
}

/// `parseint(string, base)`: base 2 to 62 as Go's `big.Int.SetString` reads it — an optional
/// sign, then digits `0-9`, `a-z`, `A-Z` (letters case-insensitive up to base 36, `A-Z`
/// = 36..61 above), nothing else.
pub(super) fn parseint(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let text = match known(&args[0])? {
        Value::String(s) => s.clone(),
        other => {
            return invalid(format!(
                "first argument must be a string, not {}",
                other.type_name()
            ));
        }
    };
    let base = integer_arg(&args[1])?;
    if !(2..=62).contains(&base) {
        return invalid("base must be a whole number between 2 and 62 inclusive");
    }
    let base = base as u32;
    let cannot = || invalid(format!("cannot parse {text:?} as a base {base} integer"));
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text.as_str()),
    };
    if digits.is_empty() {
        return cannot();
    }
    let mut value = 0f64;
    for b in digits.bytes() {
        let digit = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'a'..=b'z' => u32::from(b - b'a') + 10,
            b'A'..=b'Z' if base <= 36 => u32::from(b - b'A') + 10,
            b'A'..=b'Z' => u32::from(b - b'A') + 36,
            _ => return cannot(),
        };
        if digit >= base {
            return cannot();
        }
        value = value * f64::from(base) + f64::from(digit);
    }
    Ok(Value::Number(if negative { -value } else { value }))
}

/// `pow(num, power)`, as Go's `math.Pow`.
pub(super) fn pow(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let (x, y) = (number_arg(&args[0])?, number_arg(&args[1])?);
    number(x.powf(y), "the result of pow")
}

/// `log(number, base)`: `ln(number) / ln(base)`, as Terraform computes it.
pub(super) fn log(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let (x, b) = (number_arg(&args[0])?, number_arg(&args[1])?);
    number(x.ln() / b.ln(), "the result of log")
}

/// `signum(number)`: -1, 0 or 1.
pub(super) fn signum(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let x = number_arg(&args[0])?;
    Ok(Value::Number(if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        0.0
    }))
}

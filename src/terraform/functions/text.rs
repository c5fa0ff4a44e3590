//! String functions: `format`, `join`, `split`, case, trimming, `replace`, `substr`, regular
//! expressions.

use super::encoding::write_json_string;
use super::{Flow, Outcome, arity, integer_arg, invalid, known, list_arg, string_arg};
use crate::terraform::value::{Value, format_number};
use std::collections::BTreeMap;

/// `format(spec, values...)`.
pub(super) fn format(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, usize::MAX)?;
    let spec = string_arg(&args[0])?;
    Ok(Value::String(format_with(&spec, &args[1..])?))
}

/// `formatlist(spec, values...)`: list arguments (all of one length) are iterated, others
/// repeated. An element whose formatting depends on an unknown is unknown; the list keeps
/// its length.
pub(super) fn formatlist(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, usize::MAX)?;
    let spec = string_arg(&args[0])?;
    let mut len: Option<usize> = None;
    for arg in &args[1..] {
        if let Value::List(items) = known(arg)? {
            match len {
                Some(n) if n != items.len() => {
                    return invalid("all list arguments must have the same length");
                }
                _ => len = Some(items.len()),
            }
        }
    }
    let mut out = Vec::new();
    for i in 0..len.unwrap_or(1) {
        let row: Vec<Value> = args[1..]
            .iter()
            .map(|a| match a {
                Value::List(items) => items[i].clone(),
                other => other.clone(),
            })
            .collect();
        match format_with(&spec, &row) {
            Ok(s) => out.push(Value::String(s)),
            Err(Flow::Unknown(u)) => out.push(u),
            Err(e) => return Err(e),
        }
    }
    Ok(Value::List(out))
}

/// The largest width or precision `format` accepts.
const MAX_WIDTH: usize = 4096;

/// One `%` verb with its flags.
#[derive(Default)]
struct Verb {
    minus: bool,
    plus: bool,
    zero: bool,
    space: bool,
    sharp: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

fn format_with(spec: &str, args: &[Value]) -> Outcome<String> {
    let mut out = String::new();
    let mut chars = spec.chars().peekable();
    let mut next_arg = 0usize;
    let mut explicit_index = false;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let mut verb = Verb::default();
        while let Some(&f) = chars.peek() {
            match f {
                '-' => verb.minus = true,
                '+' => verb.plus = true,
                '0' => verb.zero = true,
                ' ' => verb.space = true,
                '#' => verb.sharp = true,
                _ => break,
            }
            chars.next();
        }
        if chars.peek() == Some(&'[') {
            chars.next();
            let digits: String =
                std::iter::from_fn(|| chars.next_if(|d| d.is_ascii_digit())).collect();
            if chars.next() != Some(']') {
                return invalid("unclosed argument index in format string");
            }
            match digits.parse::<usize>() {
                Ok(n) if n >= 1 => next_arg = n - 1,
                _ => return invalid("invalid argument index in format string"),
            }
            explicit_index = true;
        }
        let width: String = std::iter::from_fn(|| chars.next_if(|d| d.is_ascii_digit())).collect();
        verb.width = width.parse().ok();
        if chars.next_if_eq(&'.').is_some() {
            let p: String = std::iter::from_fn(|| chars.next_if(|d| d.is_ascii_digit())).collect();
            verb.precision = Some(p.parse().unwrap_or(0));
        }
        // A width or precision beyond any real use would only allocate: Terraform output
        // is read by people.
        if verb.width.unwrap_or(0) > MAX_WIDTH || verb.precision.unwrap_or(0) > MAX_WIDTH {
            return invalid(format!(
                "width or precision above {MAX_WIDTH} in format string"
            ));
        }
        let Some(kind) = chars.next() else {
            return invalid("format string ends with an incomplete verb");
        };
        let Some(arg) = args.get(next_arg) else {
            return invalid(format!("not enough arguments for %{kind} verb"));
        };
        next_arg += 1;
        let text = format_verb(kind, &verb, arg)?;
        out.push_str(&pad(
            &verb,
            text,
            matches!(
                kind,
                'd' | 'f' | 'e' | 'g' | 'b' | 'o' | 'x' | 'X' | 'E' | 'F' | 'G'
            ),
        ));
    }
    if !explicit_index && next_arg < args.len() {
        return invalid(format!(
            "too many arguments; no verbs left for argument {}",
            next_arg + 1
        ));
    }
    Ok(out)
}

fn pad(verb: &Verb, text: String, numeric: bool) -> String {
    let Some(width) = verb.width else { return text };
    let len = text.chars().count();
    if len >= width {
        return text;
    }
    let fill = width - len;
    if verb.minus {
        format!("{text}{}", " ".repeat(fill))
    } else if verb.zero && numeric {
        let (sign, digits) = match text.strip_prefix(['-', '+']) {
            Some(rest) => (&text[..1], rest),
            None => ("", text.as_str()),
        };
        format!("{sign}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{text}", " ".repeat(fill))
    }
}

fn sign(verb: &Verb, n: f64, digits: String) -> String {
    if n < 0.0 || digits.starts_with('-') {
        digits
    } else if verb.plus {
        format!("+{digits}")
    } else if verb.space {
        format!(" {digits}")
    } else {
        digits
    }
}

fn format_verb(kind: char, verb: &Verb, arg: &Value) -> Outcome<String> {
    let arg = known(arg)?;
    if arg.is_null() && kind != 'v' {
        return invalid(format!("unsupported value for %{kind}: null"));
    }
    Ok(match kind {
        'v' if verb.sharp => json(arg)?,
        'v' => match arg {
            Value::Null => "null".to_string(),
            Value::List(_) | Value::Object(_) => json(arg)?,
            Value::Number(n) => sign(verb, *n, format_number(*n)),
            other => string_arg(other)?,
        },
        's' => {
            let s = string_arg(arg)?;
            match verb.precision {
                Some(p) => s.chars().take(p).collect(),
                None => s,
            }
        }
        'q' => {
            let mut out = String::new();
            write_json_string(&string_arg(arg)?, &mut out);
            out.replace("\\u003c", "<")
                .replace("\\u003e", ">")
                .replace("\\u0026", "&")
        }
        't' => match arg {
            Value::Bool(b) => b.to_string(),
            Value::String(s) if s == "true" || s == "false" => s.clone(),
            other => return invalid(format!("%t requires a bool, got {}", other.type_name())),
        },
        'd' | 'b' | 'o' | 'x' | 'X' => {
            let n = super::number_arg(arg)?;
            if n.fract() != 0.0 {
                return invalid(format!(
                    "%{kind} requires a whole number, got {}",
                    format_number(n)
                ));
            }
            let i = n as i128;
            let digits = match kind {
                'd' => i.abs().to_string(),
                'b' => format!("{:b}", i.abs()),
                'o' => format!("{:o}", i.abs()),
                'x' => format!("{:x}", i.abs()),
                _ => format!("{:X}", i.abs()),
            };
            let digits = if i < 0 { format!("-{digits}") } else { digits };
            sign(verb, n, digits)
        }
        'f' | 'F' => {
            let n = super::number_arg(arg)?;
            sign(verb, n, format!("{n:.*}", verb.precision.unwrap_or(6)))
        }
        'e' | 'E' => {
            let n = super::number_arg(arg)?;
            let s = go_exponent(&format!("{n:.*e}", verb.precision.unwrap_or(6)));
            sign(verb, n, if kind == 'E' { s.to_uppercase() } else { s })
        }
        'g' | 'G' => {
            let n = super::number_arg(arg)?;
            let s = match verb.precision {
                Some(p) => format!("{n:.*}", p),
                None => format_number(n),
            };
            sign(verb, n, s)
        }
        other => return invalid(format!("unsupported format verb %{other}")),
    })
}

/// Rust writes `1.5e2`; Go (and so Terraform) writes `1.5e+02`.
fn go_exponent(rust: &str) -> String {
    match rust.split_once('e') {
        Some((mantissa, exp)) => {
            let (sign, digits) = match exp.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', exp),
            };
            format!("{mantissa}e{sign}{digits:0>2}")
        }
        None => rust.to_string(),
    }
}

fn json(value: &Value) -> Outcome<String> {
    match super::encoding::jsonencode("format", std::slice::from_ref(value))? {
        Value::String(s) => Ok(s),
        other => Err(Flow::Unknown(other)),
    }
}

/// `join(separator, lists...)`.
pub(super) fn join(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, usize::MAX)?;
    let sep = string_arg(&args[0])?;
    let mut parts = Vec::new();
    for list in &args[1..] {
        for item in list_arg(list)? {
            parts.push(string_arg(item)?);
        }
    }
    Ok(Value::String(parts.join(&sep)))
}

/// `split(separator, string)`.
pub(super) fn split(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let sep = string_arg(&args[0])?;
    let s = string_arg(&args[1])?;
    let parts: Vec<Value> = if sep.is_empty() {
        s.chars().map(|c| Value::String(c.to_string())).collect()
    } else {
        s.split(sep.as_str())
            .map(|p| Value::String(p.to_string()))
            .collect()
    };
    Ok(Value::List(parts))
}

/// `lower`, `upper`, `title`, `trimspace`.
pub(super) fn case_and_space(name: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let s = string_arg(&args[0])?;
    Ok(Value::String(match name {
        "lower" => s.to_lowercase(),
        "upper" => s.to_uppercase(),
        "title" => title(&s),
        _ => s.trim().to_string(),
    }))
}

/// Go's `strings.Title`: upper-cases the first letter of each word.
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut after_separator = true;
    for c in s.chars() {
        if after_separator {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        after_separator = if c.is_ascii() {
            !(c.is_ascii_alphanumeric() || c == '_')
        } else {
            c.is_whitespace()
        };
    }
    out
}

/// `replace(string, substring, replacement)`; `/.../` makes the substring a regular
/// expression whose groups `$1`, `${name}` the replacement may use.
pub(super) fn replace(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 3, 3)?;
    let s = string_arg(&args[0])?;
    let substr = string_arg(&args[1])?;
    let replacement = string_arg(&args[2])?;
    if substr.len() >= 2 && substr.starts_with('/') && substr.ends_with('/') {
        let re = compile(&substr[1..substr.len() - 1])?;
        return Ok(Value::String(
            re.replace_all(&s, replacement.as_str()).into_owned(),
        ));
    }
    Ok(Value::String(s.replace(substr.as_str(), &replacement)))
}

/// `trim(string, cutset)`, `trimprefix`, `trimsuffix`.
pub(super) fn trim(name: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let s = string_arg(&args[0])?;
    let arg = string_arg(&args[1])?;
    Ok(Value::String(match name {
        "trim" => s.trim_matches(|c| arg.contains(c)).to_string(),
        "trimprefix" => s.strip_prefix(arg.as_str()).unwrap_or(&s).to_string(),
        _ => s.strip_suffix(arg.as_str()).unwrap_or(&s).to_string(),
    }))
}

/// `substr(string, offset, length)`: a negative offset counts from the end, length -1
/// means "to the end"; ranges past the end are clamped.
pub(super) fn substr(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 3, 3)?;
    let s = string_arg(&args[0])?;
    let offset = integer_arg(&args[1])?;
    let length = integer_arg(&args[2])?;
    let chars: Vec<char> = s.chars().collect();
    let total = chars.len() as i64;
    let start = if offset < 0 {
        (total + offset).max(0)
    } else {
        offset.min(total)
    };
    let end = match length {
        -1 => total,
        l if l < -1 => return invalid("length must be -1 or a non-negative number"),
        l => (start + l).min(total),
    };
    Ok(Value::String(
        chars[start as usize..end as usize].iter().collect(),
    ))
}

fn compile(pattern: &str) -> Outcome<regex::Regex> {
    regex::Regex::new(pattern).or_else(|e| invalid(format!("invalid regular expression: {e}")))
}

/// `regex(pattern, string)` and `regexall(pattern, string)`: no groups → the match; unnamed
/// groups → a list; named groups → an object.
pub(super) fn regex(name: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let re = compile(&string_arg(&args[0])?)?;
    let s = string_arg(&args[1])?;
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    let named = names.iter().filter(|n| n.is_some()).count();
    if named > 0 && named != names.len() {
        return invalid("pattern cannot mix named and unnamed capture groups");
    }
    let convert = |caps: regex::Captures<'_>| -> Value {
        let group = |i: usize| {
            caps.get(i)
                .map_or(Value::Null, |m| Value::String(m.as_str().to_string()))
        };
        if names.is_empty() {
            group(0)
        } else if named > 0 {
            Value::Object(
                names
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| n.map(|n| (n.to_string(), group(i + 1))))
                    .collect::<BTreeMap<_, _>>(),
            )
        } else {
            Value::List((1..=names.len()).map(group).collect())
        }
    };
    if name == "regexall" {
        return Ok(Value::List(re.captures_iter(&s).map(convert).collect()));
    }
    match re.captures(&s) {
        Some(caps) => Ok(convert(caps)),
        None => invalid("pattern did not match any part of the given string"),
    }
}

/// `startswith(string, prefix)` and `endswith(string, suffix)`.
pub(super) fn starts_ends_with(name: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let s = string_arg(&args[0])?;
    let affix = string_arg(&args[1])?;
    Ok(Value::Bool(if name == "startswith" {
        s.starts_with(&affix)
    } else {
        s.ends_with(&affix)
    }))
}

/// `strcontains(string, substr)`.
pub(super) fn strcontains(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let s = string_arg(&args[0])?;
    Ok(Value::Bool(s.contains(&string_arg(&args[1])?)))
}

/// `chomp(string)`: removes every trailing `\n` and `\r\n` (and `\r`), as Terraform does.
pub(super) fn chomp(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let s = string_arg(&args[0])?;
    Ok(Value::String(s.trim_end_matches(['\r', '\n']).to_string()))
}

/// `indent(num_spaces, string)`: spaces after every newline, so every line but the first
/// is indented (empty lines too, as Terraform does).
pub(super) fn indent(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let spaces = integer_arg(&args[0])?;
    let s = string_arg(&args[1])?;
    let Ok(spaces) = usize::try_from(spaces) else {
        return invalid("the number of spaces must not be negative");
    };
    let lines = s.matches('\n').count();
    let size = spaces.saturating_mul(lines).saturating_add(s.len());
    if size > crate::terraform::eval::MAX_STRING_BYTES {
        return invalid(format!("indenting would make a string of {size} bytes"));
    }
    Ok(Value::String(
        s.replace('\n', &format!("\n{}", " ".repeat(spaces))),
    ))
}

/// `strrev(string)`: reversed by grapheme clusters, so combining marks stay on their letter.
pub(super) fn strrev(_: &str, args: &[Value]) -> Outcome<Value> {
    use unicode_segmentation::UnicodeSegmentation;
    arity(args, 1, 1)?;
    let s = string_arg(&args[0])?;
    Ok(Value::String(s.graphemes(true).rev().collect()))
}

/// `urlencode(string)`: Go's `url.QueryEscape` — unreserved characters kept, space as `+`,
/// every other byte of the UTF-8 encoding as `%XX`.
pub(super) fn urlencode(_: &str, args: &[Value]) -> Outcome<Value> {
    use std::fmt::Write;
    arity(args, 1, 1)?;
    let s = string_arg(&args[0])?;
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char);
            }
            b' ' => out.push('+'),
            other => {
                let _ = write!(out, "%{other:02X}");
            }
        }
    }
    Ok(Value::String(out))
}

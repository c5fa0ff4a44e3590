//! `yamldecode`, with Terraform's scalar resolution (go-cty-yaml), not serde's: plain `yes`,
//! `on`, `y` are `true` and `no`, `off`, `n` are `false` (its resolver keeps YAML 1.1
//! booleans); `~`, `null` and empty are null; YAML 1.2 integers (`0o17`, `0x1F`, leading
//! zeros decimal) and floats; plain timestamps become RFC 3339 strings; quoted scalars are
//! always strings; mapping keys are scalars converted to strings; one document only.
//!
//! Built on the YAML event parser that serde-saphyr uses, because the resolution needs each
//! scalar's style and tag. Aliases are expanded, so the number of values an input may expand
//! to is bounded (alias bombs), as is nesting depth.

use super::crypto::decode_base64;
use super::{Outcome, arity, invalid, string_arg};
use crate::terraform::value::{Value, format_number};
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Tag};
use std::collections::{BTreeMap, HashMap};

/// The most values a document may expand to (aliases included).
const MAX_VALUES: usize = 1_000_000;
/// The deepest nesting of sequences and mappings.
const MAX_DEPTH: usize = 128;

/// `yamldecode(string)`.
pub(super) fn yamldecode(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let text = string_arg(&args[0])?;
    match decode(&text) {
        Ok(v) => Ok(v),
        Err(message) => invalid(message),
    }
}

/// What a mapping waits for next: a key, or the value of a key (or of `<<`).
enum Pending {
    Key,
    Value(String),
    Merge,
}

/// A collection being built, with its anchor and the number of values inside it.
enum Frame {
    Sequence {
        items: Vec<Value>,
        anchor: usize,
        count: usize,
    },
    Mapping {
        map: BTreeMap<String, Value>,
        merges: Vec<Value>,
        pending: Pending,
        anchor: usize,
        count: usize,
    },
}

/// The state of one decoding: open collections, anchors, the value budget.
struct Decoder {
    stack: Vec<Frame>,
    /// Completed anchors: value and the number of values it holds.
    anchors: HashMap<usize, (Value, usize)>,
    /// Anchors whose node is still being built (an alias to one is a cycle).
    open_anchors: Vec<usize>,
    total: usize,
    root: Option<Value>,
}

fn decode(text: &str) -> Result<Value, String> {
    let mut d = Decoder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        open_anchors: Vec::new(),
        total: 0,
        root: None,
    };
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, _span) = event.map_err(|e| format!("invalid YAML: {e}"))?;
        match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return Err("only a single document is allowed".to_string());
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
                let resolved = resolve(&value, quoted, tag.as_deref())?;
                if let Some(Frame::Mapping { pending, .. }) = d.stack.last_mut()
                    && matches!(pending, Pending::Key)
                {
                    *pending = match resolved {
                        Resolved::Merge => Pending::Merge,
                        Resolved::Value(key) => Pending::Value(key_string(&key)?),
                    };
                    if anchor != 0 {
                        d.anchors.insert(anchor, (key_value(&value), 1));
                    }
                    continue;
                }
                let v = match resolved {
                    Resolved::Merge => Value::String("<<".to_string()),
                    Resolved::Value(v) => v,
                };
                d.complete(v, 1, anchor)?;
            }
            Event::Alias(id) => {
                d.expect_value()?;
                if d.open_anchors.contains(&id) {
                    return Err("cannot refer to an anchor from inside its own definition".into());
                }
                let Some((v, count)) = d.anchors.get(&id).cloned() else {
                    return Err("reference to an undefined anchor".to_string());
                };
                d.complete(v, count, 0)?;
            }
            Event::SequenceStart(_, anchor, tag) => {
                d.expect_value()?;
                check_collection_tag(tag.as_deref(), "seq")?;
                d.open(Frame::Sequence {
                    items: Vec::new(),
                    anchor,
                    count: 1,
                })?;
            }
            Event::MappingStart(_, anchor, tag) => {
                d.expect_value()?;
                check_collection_tag(tag.as_deref(), "map")?;
                d.open(Frame::Mapping {
                    map: BTreeMap::new(),
                    merges: Vec::new(),
                    pending: Pending::Key,
                    anchor,
                    count: 1,
                })?;
            }
            Event::SequenceEnd | Event::MappingEnd => d.close()?,
            _ => {}
        }
    }
    Ok(d.root.unwrap_or(Value::Null))
}

impl Decoder {
    /// A collection or alias may not stand where a mapping key is expected.
    fn expect_value(&self) -> Result<(), String> {
        match self.stack.last() {
            Some(Frame::Mapping {
                pending: Pending::Key,
                ..
            }) => Err("only strings are allowed as mapping keys".to_string()),
            _ => Ok(()),
        }
    }

    fn open(&mut self, frame: Frame) -> Result<(), String> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(format!("YAML nested more than {MAX_DEPTH} levels deep"));
        }
        let anchor = match &frame {
            Frame::Sequence { anchor, .. } | Frame::Mapping { anchor, .. } => *anchor,
        };
        if anchor != 0 {
            self.open_anchors.push(anchor);
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self) -> Result<(), String> {
        let (value, count, anchor) = match self.stack.pop() {
            Some(Frame::Sequence {
                items,
                anchor,
                count,
            }) => (Value::List(items), count, anchor),
            Some(Frame::Mapping {
                mut map,
                merges,
                anchor,
                count,
                ..
            }) => {
                // Explicit keys win over merged ones; earlier merge sources over later.
                for source in merges {
                    if let Value::Object(entries) = source {
                        for (k, v) in entries {
                            map.entry(k).or_insert(v);
                        }
                    }
                }
                (Value::Object(map), count, anchor)
            }
            None => return Err("unbalanced YAML collection end".to_string()),
        };
        if anchor != 0 {
            self.open_anchors.retain(|a| *a != anchor);
        }
        self.complete(value, count, anchor)
    }

    /// Adds a finished value to its parent (or makes it the document).
    fn complete(&mut self, value: Value, count: usize, anchor: usize) -> Result<(), String> {
        self.total = self.total.saturating_add(count);
        if self.total > MAX_VALUES {
            return Err(format!(
                "YAML expands to more than {MAX_VALUES} values (aliases included)"
            ));
        }
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), count));
        }
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Sequence {
                items, count: c, ..
            }) => {
                items.push(value);
                *c += count;
            }
            Some(Frame::Mapping {
                map,
                merges,
                pending,
                count: c,
                ..
            }) => {
                *c += count;
                match std::mem::replace(pending, Pending::Key) {
                    Pending::Value(key) => {
                        map.insert(key, value);
                    }
                    Pending::Merge => match value {
                        Value::Object(_) => merges.push(value),
                        Value::List(items) => {
                            for item in items {
                                if !matches!(item, Value::Object(_)) {
                                    return Err("a merge key (<<) needs mappings".to_string());
                                }
                                merges.push(item);
                            }
                        }
                        _ => return Err("a merge key (<<) needs a mapping".to_string()),
                    },
                    Pending::Key => return Err("only strings are allowed as mapping keys".into()),
                }
            }
        }
        Ok(())
    }
}

/// The text of a key scalar, for an anchor defined on a key.
fn key_value(text: &str) -> Value {
    Value::String(text.to_string())
}

/// A mapping key converted to a string as Terraform converts it.
fn key_string(key: &Value) -> Result<String, String> {
    match key {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(format_number(*n)),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Err("mapping key cannot be null".to_string()),
        _ => Err("only strings are allowed as mapping keys".to_string()),
    }
}

fn check_collection_tag(tag: Option<&Tag>, kind: &str) -> Result<(), String> {
    match tag {
        None => Ok(()),
        Some(t) if t.handle() == CORE && t.suffix() == kind => Ok(()),
        Some(t) => Err(format!(
            "can't interpret a {} as {}{}",
            if kind == "seq" { "sequence" } else { "mapping" },
            t.handle(),
            t.suffix()
        )),
    }
}

const CORE: &str = "tag:yaml.org,2002:";

/// A resolved scalar: a value, or the merge key `<<`.
enum Resolved {
    Value(Value),
    Merge,
}

/// go-cty-yaml's scalar resolution.
fn resolve(src: &str, quoted: bool, tag: Option<&Tag>) -> Result<Resolved, String> {
    let mut tag = match tag {
        None => "",
        Some(t) if t.handle() == CORE => match t.suffix() {
            s @ ("str" | "bool" | "int" | "float" | "null" | "timestamp" | "binary") => s,
            other => return Err(format!("unsupported tag \"!!{other}\"")),
        },
        Some(t) => return Err(format!("unsupported tag \"{}{}\"", t.handle(), t.suffix())),
    };
    let hint = match src.as_bytes().first() {
        None => Some('N'),
        Some(b'+' | b'-') => Some('S'),
        Some(b'0'..=b'9') => Some('D'),
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => {
            Some('M')
        }
        Some(b'.') => Some('.'),
        _ => None,
    };
    if let Some(hint) = hint
        && tag != "str"
        && tag != "binary"
    {
        if quoted {
            return Ok(Resolved::Value(Value::String(src.to_string())));
        }
        if let Some(v) = well_known(src) {
            return Ok(Resolved::Value(v));
        }
        if tag.is_empty() && matches!(src, ".nan" | ".NaN" | ".NAN") {
            return Err("floating point NaN is not supported".to_string());
        }
        match hint {
            '.' => {
                if let Some(n) = decimal(src) {
                    return Ok(Resolved::Value(Value::Number(n)));
                }
            }
            'D' | 'S' => {
                if (tag.is_empty() || tag == "timestamp")
                    && let Some(t) = timestamp(src)
                {
                    return Ok(Resolved::Value(Value::String(t)));
                }
                if is_integer_literal(src) {
                    tag = "int";
                } else if is_float_literal(src) {
                    tag = "float";
                }
            }
            _ => {}
        }
    }
    if tag.is_empty() && src == "<<" {
        return Ok(Resolved::Merge);
    }
    let cannot = || Err(format!("cannot parse {src:?} as !!{tag}"));
    let value = match tag {
        "str" => Value::String(src.to_string()),
        "binary" => {
            if decode_base64(src).is_none() {
                return Err(format!(
                    "cannot parse {src:?} as !!binary: not valid base64"
                ));
            }
            Value::String(src.to_string())
        }
        "bool" => match well_known(src) {
            Some(v @ Value::Bool(_)) => v,
            _ => return cannot(),
        },
        "int" | "float" => {
            let plain = src.replace('_', "");
            match decimal(&plain).or_else(|| prefixed_integer(&plain)) {
                Some(n) => Value::Number(n),
                None => return cannot(),
            }
        }
        "timestamp" => match timestamp(src) {
            Some(t) => Value::String(t),
            None => return cannot(),
        },
        "null" => Value::Null,
        _ => Value::String(src.to_string()),
    };
    Ok(Resolved::Value(value))
}

/// go-cty-yaml's table of plain scalars with fixed meanings.
fn well_known(src: &str) -> Option<Value> {
    Some(match src {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Value::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Value::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Value::Number(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Value::Number(f64::NEG_INFINITY),
        _ => return None,
    })
}

/// A decimal number (`1`, `-2.5`, `.5`, `1.`, `1e3`), nothing else (no `inf`, no `nan`).
fn decimal(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Go's `strconv.ParseInt(s, 0, 64)` for prefixed forms: `0x`, `0o`, `0b`, and `0` octal.
fn prefixed_integer(s: &str) -> Option<f64> {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if let Some(d) = lower.strip_prefix('0') {
        (8, d)
    } else {
        return None;
    };
    let n = u64::from_str_radix(digits, radix).ok()? as f64;
    Some(if negative { -n } else { n })
}

/// `[-+]?(0o[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)`, go-cty-yaml's integer literal.
fn is_integer_literal(src: &str) -> bool {
    let body = src.strip_prefix(['+', '-']).unwrap_or(src);
    let all = |s: &str, f: fn(u8) -> bool| !s.is_empty() && s.bytes().all(|b| f(b) || b == b'_');
    if let Some(d) = body.strip_prefix("0o") {
        return all(d, |b| (b'0'..=b'7').contains(&b));
    }
    if let Some(d) = body.strip_prefix("0x") {
        return all(d, |b| b.is_ascii_hexdigit());
    }
    all(body, |b| b.is_ascii_digit())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, go-cty-yaml's float literal.
fn is_float_literal(src: &str) -> bool {
    let body = src.strip_prefix(['+', '-']).unwrap_or(src);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((int, frac)) => digits(int) && (frac.is_empty() || digits(frac)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// A YAML timestamp in the forms go-cty-yaml accepts (`2001-12-14`,
/// `2001-12-14T21:59:43.10-05:00`, `2001-12-14 21:59:43.10`), as an RFC 3339 string in
/// its own offset without fraction (Go's `time.RFC3339` layout).
fn timestamp(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let expect = |i: &mut usize, c: u8| -> Option<()> { (b.get(*i) == Some(&c)).then(|| *i += 1) };
    let (year, mut pos) = digits_at(b, 0, 4, 4)?;
    expect(&mut pos, b'-')?;
    let (month, p) = digits_at(b, pos, 1, 2)?;
    pos = p;
    expect(&mut pos, b'-')?;
    let (day, p) = digits_at(b, pos, 1, 2)?;
    pos = p;
    let valid_date = (1..=12).contains(&month) && day >= 1 && day <= month_days(year, month);
    if pos == b.len() {
        return valid_date.then(|| format!("{year:04}-{month:02}-{day:02}T00:00:00Z"));
    }
    let zoned = match b[pos] {
        b'T' | b't' => true,
        b' ' => false,
        _ => return None,
    };
    pos += 1;
    let (hour, p) = digits_at(b, pos, 1, 2)?;
    pos = p;
    expect(&mut pos, b':')?;
    let (minute, p) = digits_at(b, pos, 1, 2)?;
    pos = p;
    expect(&mut pos, b':')?;
    let (second, p) = digits_at(b, pos, 1, 2)?;
    pos = p;
    if b.get(pos) == Some(&b'.') {
        let (_, p) = digits_at(b, pos + 1, 1, usize::MAX)?;
        pos = p;
    }
    let offset = if zoned {
        match &b[pos..] {
            [b'Z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2]
                if [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()) =>
            {
                let h = i64::from((h1 - b'0') * 10 + (h2 - b'0'));
                let m = i64::from((m1 - b'0') * 10 + (m2 - b'0'));
                if h > 23 || m > 59 {
                    return None;
                }
                if *sign == b'-' {
                    -(h * 60 + m)
                } else {
                    h * 60 + m
                }
            }
            _ => return None,
        }
    } else if pos == b.len() {
        0
    } else {
        return None;
    };
    if !valid_date || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let zone = if offset == 0 {
        "Z".to_string()
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        format!("{sign}{:02}:{:02}", offset.abs() / 60, offset.abs() % 60)
    };
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{zone}"
    ))
}

/// Between `min` and `max` ASCII digits at `pos`: their value and the position after.
fn digits_at(b: &[u8], pos: usize, min: usize, max: usize) -> Option<(i64, usize)> {
    let len = b[pos.min(b.len())..]
        .iter()
        .take(max)
        .take_while(|d| d.is_ascii_digit())
        .count();
    if len < min {
        return None;
    }
    let text = std::str::from_utf8(&b[pos..pos + len]).ok()?;
    // A long fraction does not fit an integer; only its presence matters.
    Some((text.parse().unwrap_or(0), pos + len))
}

fn month_days(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

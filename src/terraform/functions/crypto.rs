//! Base64 and hash functions: `base64encode`, `base64decode`, `textencodebase64`,
//! `textdecodebase64`, `md5`, `sha1`, `sha256`, `sha512`, `base64sha256`, `base64sha512`,
//! `uuidv5`. Strings are hashed as their UTF-8 bytes, as Terraform does.

use super::{Flow, Outcome, arity, invalid, string_arg};
use crate::terraform::value::Value;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};
use std::fmt::Write;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (Go's `base64.StdEncoding`).
pub(super) fn encode_base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes as Go's `base64.StdEncoding.DecodeString`: padding required, `\r` and `\n`
/// ignored, any other character outside the alphabet an error. `None` when invalid.
pub(super) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let symbols: Vec<u8> = text
        .bytes()
        .filter(|b| *b != b'\r' && *b != b'\n')
        .collect();
    if !symbols.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(symbols.len() / 4 * 3);
    let chunks = symbols.len() / 4;
    for (index, chunk) in symbols.chunks(4).enumerate() {
        let padding = chunk.iter().rev().take_while(|b| **b == b'=').count();
        if padding > 2 || (padding > 0 && index + 1 != chunks) {
            return None;
        }
        let mut n = 0u32;
        for &b in &chunk[..4 - padding] {
            let v = ALPHABET.iter().position(|a| *a == b)?;
            n = (n << 6) | v as u32;
        }
        n <<= 6 * padding as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - padding]);
    }
    Some(out)
}

/// `base64encode(string)`: the UTF-8 bytes of the string, base64-encoded.
pub(super) fn base64encode(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    Ok(Value::String(encode_base64(
        string_arg(&args[0])?.as_bytes(),
    )))
}

/// `base64decode(string)`: errors on invalid base64 and on a result that is not UTF-8.
pub(super) fn base64decode(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let text = string_arg(&args[0])?;
    let Some(bytes) = decode_base64(&text) else {
        return invalid(format!("failed to decode base64 data {text:?}"));
    };
    match String::from_utf8(bytes) {
        Ok(s) => Ok(Value::String(s)),
        Err(_) => invalid("the result of decoding the provided string is not valid UTF-8"),
    }
}

/// The character encodings irready converts for `textencodebase64`/`textdecodebase64`;
/// Terraform accepts every IANA name, the others are unknown here.
#[derive(Clone, Copy)]
enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

fn text_encoding(name: &str) -> Outcome<TextEncoding> {
    match name.to_ascii_uppercase().as_str() {
        "UTF-8" | "UTF8" => Ok(TextEncoding::Utf8),
        "UTF-16LE" => Ok(TextEncoding::Utf16Le),
        "UTF-16BE" => Ok(TextEncoding::Utf16Be),
        _ => Err(Flow::Unknown(Value::unknown(format!(
            "character encoding {name:?} is not converted by irready"
        )))),
    }
}

/// `textencodebase64(string, encoding)`.
pub(super) fn textencodebase64(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let text = string_arg(&args[0])?;
    let encoding = text_encoding(&string_arg(&args[1])?)?;
    let bytes: Vec<u8> = match encoding {
        TextEncoding::Utf8 => text.into_bytes(),
        TextEncoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        TextEncoding::Utf16Be => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
    };
    Ok(Value::String(encode_base64(&bytes)))
}

/// `textdecodebase64(source, encoding)`: errors on invalid base64 or encoded text.
pub(super) fn textdecodebase64(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let text = string_arg(&args[0])?;
    let encoding = text_encoding(&string_arg(&args[1])?)?;
    let Some(bytes) = decode_base64(&text) else {
        return invalid(format!("the given value is not valid base64: {text:?}"));
    };
    let decoded = match encoding {
        TextEncoding::Utf8 => String::from_utf8(bytes).ok(),
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
            if !bytes.len().is_multiple_of(2) {
                None
            } else {
                let units = bytes.chunks(2).map(|p| match encoding {
                    TextEncoding::Utf16Le => u16::from_le_bytes([p[0], p[1]]),
                    _ => u16::from_be_bytes([p[0], p[1]]),
                });
                char::decode_utf16(units)
                    .collect::<Result<String, _>>()
                    .ok()
            }
        }
    };
    match decoded {
        Some(s) => Ok(Value::String(s)),
        None => invalid("the given value is not valid text in the given encoding"),
    }
}

fn digest(name: &str, data: &[u8]) -> Vec<u8> {
    match name {
        "md5" => Md5::digest(data).to_vec(),
        "sha1" => Sha1::digest(data).to_vec(),
        "sha256" | "base64sha256" => Sha256::digest(data).to_vec(),
        _ => Sha512::digest(data).to_vec(),
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// `md5`, `sha1`, `sha256`, `sha512`: the lowercase hex digest of the UTF-8 bytes.
pub(super) fn hex_digest(name: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let text = string_arg(&args[0])?;
    Ok(Value::String(hex(&digest(name, text.as_bytes()))))
}

/// `base64sha256`, `base64sha512`: the raw digest, base64-encoded.
pub(super) fn base64_digest(name: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let text = string_arg(&args[0])?;
    Ok(Value::String(encode_base64(&digest(name, text.as_bytes()))))
}

/// A UUID's 16 bytes from its text, as Go's `uuid.Parse` reads it: hyphenated, with
/// `urn:uuid:` or braces around, or 32 bare hex digits.
fn parse_uuid(text: &str) -> Option<[u8; 16]> {
    let lower = text.to_ascii_lowercase();
    let inner = if let Some(rest) = lower.strip_prefix("urn:uuid:") {
        rest
    } else if lower.len() == 38 && lower.starts_with('{') && lower.ends_with('}') {
        &lower[1..37]
    } else {
        &lower
    };
    let digits: String = match inner.len() {
        36 => {
            let b = inner.as_bytes();
            if [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
                return None;
            }
            inner.chars().filter(|c| *c != '-').collect()
        }
        32 => inner.to_string(),
        _ => return None,
    };
    if digits.len() != 32 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// `uuidv5(namespace, name)`: the name-based (SHA-1) UUID of RFC 4122; the namespace is
/// `dns`, `url`, `oid`, `x500` or a UUID.
pub(super) fn uuidv5(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let namespace = string_arg(&args[0])?;
    let name = string_arg(&args[1])?;
    let well_known = match namespace.as_str() {
        "dns" => Some("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
        "url" => Some("6ba7b811-9dad-11d1-80b4-00c04fd430c8"),
        "oid" => Some("6ba7b812-9dad-11d1-80b4-00c04fd430c8"),
        "x500" => Some("6ba7b814-9dad-11d1-80b4-00c04fd430c8"),
        _ => None,
    };
    let Some(space) = parse_uuid(well_known.unwrap_or(&namespace)) else {
        return invalid(format!(
            "uuidv5() doesn't support namespace {namespace:?}: it must be dns, url, oid, x500 \
             or a UUID"
        ));
    };
    let mut hasher = Sha1::new();
    hasher.update(space);
    hasher.update(name.as_bytes());
    let hash = hasher.finalize();
    let mut u = [0u8; 16];
    u.copy_from_slice(&hash[..16]);
    u[6] = (u[6] & 0x0f) | 0x50;
    u[8] = (u[8] & 0x3f) | 0x80;
    let h = hex(&u);
    Ok(Value::String(format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )))
}

//! CIDR functions: `cidrhost`, `cidrnetmask`, `cidrsubnet`, `cidrsubnets`, for IPv4 and
//! IPv6, computed on 128-bit integers as Terraform's (go-cidr) big-integer arithmetic does.

use super::{Outcome, arity, integer_arg, invalid, known, number_arg, string_arg};
use crate::terraform::value::Value;
use std::net::{Ipv4Addr, Ipv6Addr};

/// A network prefix: its first address, address width (32 or 128) and prefix length.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Network {
    addr: u128,
    bits: u32,
    prefix: u32,
}

/// The mask of the low `host_bits` bits.
fn host_mask(host_bits: u32) -> u128 {
    if host_bits >= 128 {
        u128::MAX
    } else {
        (1u128 << host_bits) - 1
    }
}

impl Network {
    fn host_bits(self) -> u32 {
        self.bits - self.prefix
    }

    /// The network of `prefix` bits containing `addr`.
    fn containing(addr: u128, bits: u32, prefix: u32) -> Network {
        Network {
            addr: addr & !host_mask(bits - prefix) & host_mask(bits),
            bits,
            prefix,
        }
    }

    fn last(self) -> u128 {
        self.addr | host_mask(self.host_bits())
    }

    fn contains(self, addr: u128) -> bool {
        Network::containing(addr, self.bits, self.prefix).addr == self.addr
    }
}

/// IPv4 as Terraform reads it: four decimal parts, leading zeros allowed (and decimal).
fn parse_ipv4(text: &str) -> Option<u32> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut out = 0u32;
    for part in parts {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u32 = part.parse().ok()?;
        if v > 255 {
            return None;
        }
        out = (out << 8) | v;
    }
    Some(out)
}

/// `ADDRESS/LENGTH`, the address masked to the prefix (as Go's `net.ParseCIDR`).
fn parse_cidr(text: &str) -> Outcome<Network> {
    let fail = || {
        invalid(format!(
            "invalid CIDR expression: invalid CIDR address: {text}"
        ))
    };
    let Some((addr, len)) = text.split_once('/') else {
        return fail();
    };
    let (addr, bits) = if let Some(v4) = parse_ipv4(addr) {
        (u128::from(v4), 32)
    } else if let Ok(v6) = addr.parse::<Ipv6Addr>() {
        (u128::from(v6), 128)
    } else {
        return fail();
    };
    if len.is_empty() || len.len() > 3 || !len.bytes().all(|b| b.is_ascii_digit()) {
        return fail();
    }
    match len.parse::<u32>() {
        Ok(prefix) if prefix <= bits => Ok(Network::containing(addr, bits, prefix)),
        _ => fail(),
    }
}

/// An address as Go prints it: dotted IPv4; IPv6 in RFC 5952 form, IPv4-mapped as IPv4.
fn format_ip(addr: u128, bits: u32) -> String {
    if bits == 32 {
        return Ipv4Addr::from(addr as u32).to_string();
    }
    let v6 = Ipv6Addr::from(addr);
    match v6.to_ipv4_mapped() {
        Some(v4) => v4.to_string(),
        None => v6.to_string(),
    }
}

fn format_network(n: Network) -> String {
    format!("{}/{}", format_ip(n.addr, n.bits), n.prefix)
}

/// A whole-number argument that may exceed `i64` (IPv6 host numbers).
fn big_integer_arg(value: &Value, what: &str) -> Outcome<i128> {
    let n = number_arg(value)?;
    if n.fract() != 0.0 || !n.is_finite() || n.abs() >= 1.7e38 {
        return invalid(format!("invalid {what} value: must be a whole number"));
    }
    Ok(n as i128)
}

/// `cidrhost(prefix, hostnum)`: a negative host number counts back from the last address.
pub(super) fn cidrhost(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    known(&args[1])?;
    let network = parse_cidr(&string_arg(&args[0])?)?;
    let hostnum = big_integer_arg(&args[1], "hostnum")?;
    let max = host_mask(network.host_bits());
    let magnitude = if hostnum < 0 {
        hostnum.unsigned_abs() - 1
    } else {
        hostnum.unsigned_abs()
    };
    if magnitude > max {
        return invalid(format!(
            "prefix of {} does not accommodate a host numbered {hostnum}",
            network.prefix
        ));
    }
    let offset = if hostnum < 0 {
        max - magnitude
    } else {
        magnitude
    };
    Ok(Value::String(format_ip(
        network.addr | offset,
        network.bits,
    )))
}

/// `cidrnetmask(prefix)`: the dotted IPv4 netmask; IPv6 networks have none.
pub(super) fn cidrnetmask(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let text = string_arg(&args[0])?;
    let network = parse_cidr(&text)?;
    if network.bits != 32 {
        return invalid(format!("IPv6 addresses cannot have a netmask: {text}"));
    }
    let mask = !host_mask(network.host_bits()) & host_mask(32);
    Ok(Value::String(format_ip(mask, 32)))
}

/// `cidrsubnet(prefix, newbits, netnum)`.
pub(super) fn cidrsubnet(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 3, 3)?;
    known(&args[1])?;
    known(&args[2])?;
    let network = parse_cidr(&string_arg(&args[0])?)?;
    let newbits = integer_arg(&args[1])?;
    let netnum = big_integer_arg(&args[2], "netnum")?;
    if newbits < 0 {
        return invalid("invalid newbits value: must not be negative");
    }
    let prefix = i64::from(network.prefix) + newbits;
    if prefix > i64::from(network.bits) {
        return invalid(format!(
            "insufficient address space to extend prefix of {} by {newbits}",
            network.prefix
        ));
    }
    // go-cidr compares against a 64-bit maximum: `uint64(1<<newbits) - 1`.
    let max = if newbits >= 64 {
        u128::from(u64::MAX)
    } else {
        (1u128 << newbits) - 1
    };
    if netnum < 0 || netnum.unsigned_abs() > max {
        return invalid(format!(
            "prefix extension of {newbits} does not accommodate a subnet numbered {netnum}"
        ));
    }
    let prefix = prefix as u32;
    let shift = network.bits - prefix;
    let shifted = if shift >= 128 {
        0
    } else {
        netnum.unsigned_abs() << shift
    };
    let subnet = Network::containing(network.addr | shifted, network.bits, prefix);
    Ok(Value::String(format_network(subnet)))
}

/// `cidrsubnets(prefix, newbits...)`: consecutive subnets, each aligned after the previous
/// one, as Terraform allocates them.
pub(super) fn cidrsubnets(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, usize::MAX)?;
    for arg in &args[1..] {
        known(arg)?;
    }
    let network = parse_cidr(&string_arg(&args[0])?)?;
    let Some(first) = args.get(1) else {
        return Ok(Value::List(Vec::new()));
    };
    let first_len = i64::from(network.prefix) + integer_arg(first)?;
    let mask_bits = first_len.clamp(0, i64::from(network.bits)) as u32;
    // The subnet "before" the network's start, so the first allocation lands on it.
    let before = network.addr.wrapping_sub(1) & host_mask(network.bits);
    let mut current = Network::containing(before, network.bits, mask_bits);
    let mut out = Vec::with_capacity(args.len() - 1);
    for arg in &args[1..] {
        let newbits = integer_arg(arg)?;
        if newbits < 1 {
            return invalid("must extend prefix by at least one bit");
        }
        let length = i64::from(network.prefix) + newbits;
        if length > i64::from(network.bits) {
            return invalid(format!(
                "would extend prefix to {length} bits, which is too long for an IPv{} address",
                if network.bits == 32 { 4 } else { 6 }
            ));
        }
        let length = length as u32;
        let aligned = Network::containing(current.last(), network.bits, length);
        let next_addr = aligned.last().wrapping_add(1) & host_mask(network.bits);
        let next = Network::containing(next_addr, network.bits, length);
        if next_addr == 0 || !network.contains(next.addr) {
            return invalid(format!(
                "not enough remaining address space for a subnet with a prefix of {length} \
                 bits after {}",
                format_network(current)
            ));
        }
        current = next;
        out.push(Value::String(format_network(current)));
    }
    Ok(Value::List(out))
}

//! Tests of the CIDR and time functions (examples from Terraform's documentation).

use super::*;

#[test]
fn cidrhost() {
    assert_eq!(
        ok("cidrhost", &[s("10.12.112.0/20"), n(16.0)]),
        s("10.12.112.16")
    );
    assert_eq!(
        ok("cidrhost", &[s("10.12.112.0/20"), n(268.0)]),
        s("10.12.113.12")
    );
    assert_eq!(
        ok("cidrhost", &[s("fd00:fd12:3456:7890:00a2::/72"), n(34.0)]),
        s("fd00:fd12:3456:7890::22")
    );
    assert_eq!(
        ok("cidrhost", &[s("10.0.0.0/24"), n(-1.0)]),
        s("10.0.0.255")
    );
    assert_eq!(
        ok("cidrhost", &[s("10.0.0.0/24"), n(-256.0)]),
        s("10.0.0.0")
    );
    assert_eq!(ok("cidrhost", &[s("10.0.0.7/24"), n(1.0)]), s("10.0.0.1"));
    assert_eq!(
        ok("cidrhost", &[s("010.000.000.000/8"), n(1.0)]),
        s("10.0.0.1")
    );
    assert!(fails("cidrhost", &[s("10.0.0.0/24"), n(256.0)]));
    assert!(fails("cidrhost", &[s("10.0.0.0/24"), n(-257.0)]));
    assert!(fails("cidrhost", &[s("10.0.0.0/33"), n(1.0)]));
    assert!(fails("cidrhost", &[s("10.0.0/8"), n(1.0)]));
    assert!(fails("cidrhost", &[s("10.0.0.0/24"), n(1.5)]));
    assert!(is_unknown("cidrhost", &[unk(), n(1.0)]));
    assert!(is_unknown("cidrhost", &[s("bad"), unk()]));
}

#[test]
fn cidrnetmask() {
    assert_eq!(ok("cidrnetmask", &[s("172.16.0.0/12")]), s("255.240.0.0"));
    assert_eq!(ok("cidrnetmask", &[s("10.0.0.0/32")]), s("255.255.255.255"));
    assert_eq!(ok("cidrnetmask", &[s("0.0.0.0/0")]), s("0.0.0.0"));
    assert!(fails("cidrnetmask", &[s("fd00::/8")]));
}

#[test]
fn cidrsubnet() {
    assert_eq!(
        ok("cidrsubnet", &[s("172.16.0.0/12"), n(4.0), n(2.0)]),
        s("172.18.0.0/16")
    );
    assert_eq!(
        ok("cidrsubnet", &[s("10.1.2.0/24"), n(4.0), n(15.0)]),
        s("10.1.2.240/28")
    );
    assert_eq!(
        ok(
            "cidrsubnet",
            &[s("fd00:fd12:3456:7890::/56"), n(16.0), n(162.0)]
        ),
        s("fd00:fd12:3456:7800:a200::/72")
    );
    assert_eq!(
        ok("cidrsubnet", &[s("10.0.0.0/8"), n(0.0), n(0.0)]),
        s("10.0.0.0/8")
    );
    assert!(fails("cidrsubnet", &[s("10.1.2.0/24"), n(4.0), n(16.0)]));
    assert!(fails("cidrsubnet", &[s("10.1.2.0/24"), n(9.0), n(0.0)]));
    assert!(fails("cidrsubnet", &[s("10.1.2.0/24"), n(-1.0), n(0.0)]));
    assert!(is_unknown("cidrsubnet", &[s("10.0.0.0/8"), unk(), n(1.0)]));
}

#[test]
fn cidrsubnets() {
    assert_eq!(
        ok(
            "cidrsubnets",
            &[s("10.1.0.0/16"), n(4.0), n(4.0), n(8.0), n(4.0)]
        ),
        strs(&[
            "10.1.0.0/20",
            "10.1.16.0/20",
            "10.1.32.0/24",
            "10.1.48.0/20"
        ])
    );
    assert_eq!(
        ok(
            "cidrsubnets",
            &[
                s("fd00:fd12:3456:7890::/56"),
                n(16.0),
                n(16.0),
                n(16.0),
                n(32.0)
            ]
        ),
        strs(&[
            "fd00:fd12:3456:7800::/72",
            "fd00:fd12:3456:7800:100::/72",
            "fd00:fd12:3456:7800:200::/72",
            "fd00:fd12:3456:7800:300::/88",
        ])
    );
    assert_eq!(
        ok("cidrsubnets", &[s("10.0.0.0/8"), n(1.0), n(1.0)]),
        strs(&["10.0.0.0/9", "10.128.0.0/9"])
    );
    // go-cidr sees the address wrap to 0.0.0.0 before the first subnet of a network that
    // starts at 0.0.0.0 as running out of space: Terraform rejects this, and so do we.
    assert!(fails("cidrsubnets", &[s("0.0.0.0/0"), n(1.0)]));
    assert_eq!(ok("cidrsubnets", &[s("10.0.0.0/8")]), list(vec![]));
    assert!(fails(
        "cidrsubnets",
        &[s("10.0.0.0/30"), n(1.0), n(1.0), n(1.0)]
    ));
    assert!(fails("cidrsubnets", &[s("10.0.0.0/30"), n(0.0)]));
    assert!(fails("cidrsubnets", &[s("10.0.0.0/30"), n(3.0)]));
    assert!(is_unknown("cidrsubnets", &[s("10.0.0.0/8"), n(1.0), unk()]));
}

#[test]
fn formatdate() {
    let t = "2018-01-02T23:12:01Z";
    let cases = [
        ("DD MMM YYYY hh:mm ZZZ", t, "02 Jan 2018 23:12 UTC"),
        (
            "EEEE, DD-MMM-YY hh:mm:ss ZZZ",
            t,
            "Tuesday, 02-Jan-18 23:12:01 UTC",
        ),
        (
            "EEE, DD MMM YYYY hh:mm:ss ZZZ",
            "2018-01-02T23:12:01-08:00",
            "Tue, 02 Jan 2018 23:12:01 -0800",
        ),
        ("MMM DD, YYYY", t, "Jan 02, 2018"),
        ("HH:mmaa", t, "11:12pm"),
        ("H:m:s AA", "2018-01-02T00:05:09Z", "12:5:9 AM"),
        ("h'h'mm", "2018-01-02T23:12:01-08:00", "23h12"),
        ("MMMM D 'o''clock' ''", t, "January 2 o'clock '"),
        ("Z ZZZZZ", "2018-01-02T23:12:01+05:30", "+05:30 +05:30"),
        ("Z", t, "Z"),
        ("YYYY-MM-DD", "2024-02-29T12:00:00.123456Z", "2024-02-29"),
    ];
    for (spec, ts, want) in cases {
        assert_eq!(ok("formatdate", &[s(spec), s(ts)]), s(want), "{spec}");
    }
    assert!(fails("formatdate", &[s("YYY"), s(t)]));
    assert!(fails("formatdate", &[s("'open"), s(t)]));
    assert!(fails("formatdate", &[s("YYYY"), s("2018-01-02")]));
    assert!(fails("formatdate", &[s("YYYY"), s("2018-02-30T00:00:00Z")]));
    assert!(is_unknown("formatdate", &[s("YYYY"), unk()]));
}

#[test]
fn timeadd_and_timecmp() {
    let add = |t: &str, d: &str| ok("timeadd", &[s(t), s(d)]);
    assert_eq!(
        add("2017-11-22T00:00:00Z", "10m"),
        s("2017-11-22T00:10:00Z")
    );
    assert_eq!(
        add("2017-11-22T00:00:00Z", "-1h"),
        s("2017-11-21T23:00:00Z")
    );
    assert_eq!(
        add("2024-02-28T23:30:00+05:30", "1h"),
        s("2024-02-29T00:30:00+05:30")
    );
    assert_eq!(
        add("2017-11-22T00:00:00Z", "1h30m0.5s"),
        s("2017-11-22T01:30:00Z")
    );
    assert_eq!(
        add("2017-11-22T00:00:00.9Z", "0"),
        s("2017-11-22T00:00:00Z")
    );
    assert_eq!(
        add("2017-11-22T00:00:00+00:00", "8760h"),
        s("2018-11-22T00:00:00Z")
    );
    assert!(fails("timeadd", &[s("2017-11-22T00:00:00Z"), s("10")]));
    assert!(fails("timeadd", &[s("2017-11-22T00:00:00Z"), s("10d")]));
    assert!(fails("timeadd", &[s("2017-11-22 00:00:00Z"), s("1h")]));
    let cmp = |a: &str, b: &str| ok("timecmp", &[s(a), s(b)]);
    assert_eq!(cmp("2017-11-22T00:00:00Z", "2017-11-22T00:00:00Z"), n(0.0));
    assert_eq!(cmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z"), n(-1.0));
    assert_eq!(
        cmp("2017-11-22T01:00:00Z", "2017-11-22T00:00:00-01:00"),
        n(0.0)
    );
    assert_eq!(
        cmp("2017-11-22T01:00:00.5Z", "2017-11-22T01:00:00Z"),
        n(1.0)
    );
    assert!(is_unknown("timecmp", &[unk(), s("2017-11-22T00:00:00Z")]));
}

proptest! {
    #[test]
    fn cidrsubnets_are_inside_and_ascending(bits in prop::collection::vec(1u32..8, 1..6)) {
        let mut args = vec![s("10.0.0.0/16")];
        args.extend(bits.iter().map(|b| n(f64::from(*b))));
        let Ok(out) = call("cidrsubnets", &args) else {
            // Largest-first requests that add up to the space always fit.
            let total: u32 = bits.iter().map(|b| 1 << (16 - b)).sum();
            let sorted = bits.windows(2).all(|w| w[0] <= w[1]);
            prop_assert!(total > 1 << 16 || !sorted, "{:?} should fit", bits);
            return Ok(());
        };
        let nets: Vec<String> = out.as_list().unwrap_or_default().iter()
            .filter_map(|v| v.as_str().map(str::to_string)).collect();
        prop_assert_eq!(nets.len(), bits.len());
        let mut previous_end = 0u32;
        for (net, b) in nets.iter().zip(&bits) {
            let (addr, len) = net.split_once('/').unwrap_or_default();
            prop_assert_eq!(len.parse::<u32>().ok(), Some(16 + b));
            let start = u32::from(addr.parse::<std::net::Ipv4Addr>().unwrap_or(std::net::Ipv4Addr::UNSPECIFIED));
            prop_assert!(start >= previous_end, "{} overlaps", net);
            prop_assert!(start >> 16 == 0x0a00, "{} outside 10.0.0.0/16", net);
            previous_end = start + (1 << (16 - b));
        }
    }

    #[test]
    fn timeadd_then_back_is_identity(secs in 0i64..4_000_000_000, delta in -100_000i64..100_000) {
        let t = ok("timeadd", &[s("1970-01-01T00:00:00Z"), s(&format!("{secs}s"))]);
        let there = ok("timeadd", &[t.clone(), s(&format!("{delta}s"))]);
        let back = ok("timeadd", &[there, s(&format!("{}s", -delta))]);
        prop_assert_eq!(back, t);
    }
}

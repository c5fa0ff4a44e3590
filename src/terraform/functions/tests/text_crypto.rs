//! Tests of the string, encoding, hash, YAML, collection and pass-through functions.

use super::*;

fn b(x: bool) -> Value {
    Value::Bool(x)
}

fn reason(name: &str, args: &[Value]) -> String {
    ok(name, args).unknown_reason().unwrap_or("").to_string()
}

#[test]
fn string_helpers() {
    assert_eq!(ok("strcontains", &[s("hello world"), s("wor")]), b(true));
    assert_eq!(ok("strcontains", &[s("hello world"), s("cat")]), b(false));
    assert!(is_unknown("strcontains", &[unk(), s("a")]));
    assert_eq!(ok("chomp", &[s("hello\n\n")]), s("hello"));
    assert_eq!(ok("chomp", &[s("hello\r\n")]), s("hello"));
    assert_eq!(ok("chomp", &[s("he\nllo")]), s("he\nllo"));
    assert_eq!(
        ok("indent", &[n(2.0), s("[\n  foo,\n  bar,\n]\n")]),
        s("[\n    foo,\n    bar,\n  ]\n  ")
    );
    assert!(fails("indent", &[n(-1.0), s("a")]));
    assert!(fails("indent", &[n(10_000_000.0), s("a\nb")]));
    assert_eq!(ok("strrev", &[s("hello")]), s("olleh"));
    assert_eq!(ok("strrev", &[s("a☃")]), s("☃a"));
    assert_eq!(ok("strrev", &[s("e\u{301}x")]), s("xe\u{301}"));
    assert!(is_unknown("strrev", &[refv()]));
    assert_eq!(ok("urlencode", &[s("Hello World!")]), s("Hello+World%21"));
    assert_eq!(ok("urlencode", &[s("☃")]), s("%E2%98%83"));
    assert_eq!(
        ok("urlencode", &[s("foo:bar@localhost?foo=bar&bar=baz")]),
        s("foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz")
    );
    assert_eq!(ok("urlencode", &[s("a-b_c.d~")]), s("a-b_c.d~"));
}

#[test]
fn base64_and_text_encodings() {
    assert_eq!(
        ok("base64encode", &[s("Hello World")]),
        s("SGVsbG8gV29ybGQ=")
    );
    assert_eq!(ok("base64encode", &[s("")]), s(""));
    assert_eq!(
        ok("base64decode", &[s("SGVsbG8gV29ybGQ=")]),
        s("Hello World")
    );
    assert_eq!(ok("base64decode", &[s("SGVs\nbG8=")]), s("Hello"));
    assert!(fails("base64decode", &[s("SGVsbG8")]));
    assert!(fails("base64decode", &[s("SGV*bG8=")]));
    assert!(fails("base64decode", &[s("/w==")]), "0xff is not UTF-8");
    assert!(is_unknown("base64decode", &[unk()]));
    assert_eq!(
        ok("textencodebase64", &[s("Hello World"), s("UTF-16LE")]),
        s("SABlAGwAbABvACAAVwBvAHIAbABkAA==")
    );
    assert_eq!(
        ok(
            "textdecodebase64",
            &[s("SABlAGwAbABvACAAVwBvAHIAbABkAA=="), s("utf-16le")]
        ),
        s("Hello World")
    );
    assert_eq!(
        ok("textencodebase64", &[s("hi"), s("UTF-16BE")]),
        s("AGgAaQ==")
    );
    assert_eq!(ok("textdecodebase64", &[s("AGg="), s("UTF-16BE")]), s("h"));
    assert!(fails("textdecodebase64", &[s("AGhp"), s("UTF-16BE")]));
    assert!(
        reason("textencodebase64", &[s("x"), s("ISO-8859-1")]).contains("ISO-8859-1"),
        "an encoding irready does not convert is unknown, not an error"
    );
}

#[test]
fn hashes() {
    let hw = || [s("hello world")];
    assert_eq!(ok("md5", &hw()), s("5eb63bbbe01eeed093cb22bb8f5acdc3"));
    assert_eq!(
        ok("sha1", &hw()),
        s("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed")
    );
    assert_eq!(
        ok("sha256", &hw()),
        s("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
    );
    assert_eq!(
        ok("sha512", &hw()),
        s(
            "309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f\
           989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f"
        )
    );
    assert_eq!(
        ok("base64sha256", &hw()),
        s("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")
    );
    assert_eq!(
        ok("base64sha512", &hw()),
        s(
            "MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=="
        )
    );
    assert!(is_unknown("sha256", &[refv()]));
    assert!(fails("md5", &[strs(&["a"])]));
}

#[test]
fn uuidv5_matches_terraform_docs() {
    let cases = [
        (
            "dns",
            "www.terraform.io",
            "a5008fae-b28c-5ba5-96cd-82b4c53552d6",
        ),
        (
            "url",
            "https://www.terraform.io/",
            "9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5",
        ),
        ("oid", "1.3.6.1.4", "af9d40a5-7a36-5c07-b23a-851cd99fbfa5"),
        (
            "x500",
            "CN=Example,C=GB",
            "84e09961-4aa4-57f8-95b7-03edb1073253",
        ),
        (
            "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
            "www.terraform.io",
            "a5008fae-b28c-5ba5-96cd-82b4c53552d6",
        ),
    ];
    for (ns, name, want) in cases {
        assert_eq!(ok("uuidv5", &[s(ns), s(name)]), s(want), "{ns} {name}");
    }
    assert!(fails("uuidv5", &[s("nope"), s("x")]));
}

#[test]
fn numbers() {
    assert_eq!(ok("parseint", &[s("100"), n(10.0)]), n(100.0));
    assert_eq!(ok("parseint", &[s("FF"), n(16.0)]), n(255.0));
    assert_eq!(ok("parseint", &[s("-10"), n(16.0)]), n(-16.0));
    assert_eq!(ok("parseint", &[s("11"), n(2.0)]), n(3.0));
    assert_eq!(ok("parseint", &[s("zz"), n(36.0)]), n(1295.0));
    assert_eq!(ok("parseint", &[s("aA"), n(62.0)]), n(656.0));
    assert!(fails("parseint", &[s("12"), n(2.0)]));
    assert!(fails("parseint", &[s(""), n(10.0)]));
    assert!(fails("parseint", &[s("1"), n(63.0)]));
    assert!(fails("parseint", &[n(1.0), n(10.0)]));
    assert!(is_unknown("parseint", &[unk(), n(10.0)]));
    assert_eq!(ok("pow", &[n(3.0), n(2.0)]), n(9.0));
    assert_eq!(ok("pow", &[n(4.0), n(0.0)]), n(1.0));
    assert_eq!(ok("log", &[n(16.0), n(2.0)]), n(4.0));
    assert_eq!(ok("log", &[n(50.0), n(10.0)]), n(1.698_970_004_336_018_5));
    assert!(fails("log", &[n(-1.0), n(10.0)]));
    assert_eq!(ok("signum", &[n(-13.0)]), n(-1.0));
    assert_eq!(ok("signum", &[n(0.0)]), n(0.0));
    assert_eq!(ok("signum", &[n(344.0)]), n(1.0));
    assert!(is_unknown("pow", &[n(1.0), unk()]));
}

#[test]
fn alltrue_anytrue() {
    assert_eq!(ok("alltrue", &[list(vec![s("true"), b(true)])]), b(true));
    assert_eq!(ok("alltrue", &[list(vec![b(true), b(false)])]), b(false));
    assert_eq!(ok("alltrue", &[list(vec![])]), b(true));
    assert_eq!(ok("anytrue", &[list(vec![])]), b(false));
    assert_eq!(ok("anytrue", &[list(vec![b(false), s("true")])]), b(true));
    assert_eq!(ok("anytrue", &[list(vec![unk(), b(true)])]), b(true));
    assert!(is_unknown("anytrue", &[list(vec![unk(), b(false)])]));
    assert_eq!(ok("alltrue", &[list(vec![unk(), b(false)])]), b(false));
    assert!(is_unknown("alltrue", &[list(vec![b(true), refv()])]));
    assert_eq!(ok("alltrue", &[list(vec![Value::Null])]), b(false));
    assert!(fails("alltrue", &[strs(&["yes"])]));
}

#[test]
fn setproduct_matchkeys_transpose() {
    let v = ok(
        "setproduct",
        &[strs(&["development", "staging"]), strs(&["app1", "app2"])],
    );
    assert_eq!(
        v,
        list(vec![
            strs(&["development", "app1"]),
            strs(&["development", "app2"]),
            strs(&["staging", "app1"]),
            strs(&["staging", "app2"]),
        ])
    );
    assert_eq!(
        ok("setproduct", &[strs(&["a"]), list(vec![])]),
        list(vec![])
    );
    let with_unknown = ok("setproduct", &[strs(&["a", "b"]), list(vec![unk()])]);
    assert_eq!(with_unknown.as_list().map(<[Value]>::len), Some(2));
    assert!(fails("setproduct", &[strs(&["a"])]));
    assert!(is_unknown("setproduct", &[strs(&["a"]), unk()]));
    let big = list((0..1000).map(|i| n(f64::from(i))).collect());
    assert!(is_unknown("setproduct", &[big.clone(), big]));

    assert_eq!(
        ok(
            "matchkeys",
            &[
                strs(&["i-123", "i-abc", "i-def"]),
                strs(&["us-west", "us-east", "us-east"]),
                strs(&["us-east"])
            ]
        ),
        strs(&["i-abc", "i-def"])
    );
    assert_eq!(
        ok(
            "matchkeys",
            &[
                list(vec![unk(), s("x")]),
                strs(&["1", "2"]),
                list(vec![n(1.0)])
            ]
        )
        .as_list()
        .map(<[Value]>::len),
        Some(1)
    );
    assert!(is_unknown(
        "matchkeys",
        &[strs(&["a"]), list(vec![unk()]), strs(&["k"])]
    ));
    assert!(fails("matchkeys", &[strs(&["a"]), strs(&[]), strs(&["k"])]));

    assert_eq!(
        ok(
            "transpose",
            &[obj(&[("a", strs(&["1", "2"])), ("b", strs(&["2", "3"]))])]
        ),
        obj(&[
            ("1", strs(&["a"])),
            ("2", strs(&["a", "b"])),
            ("3", strs(&["b"]))
        ])
    );
    assert!(is_unknown("transpose", &[obj(&[("a", list(vec![unk()]))])]));
    assert!(fails("transpose", &[obj(&[("a", s("x"))])]));
}

#[test]
fn yamldecode_follows_terraform_resolution() {
    let y = |text: &str| ok("yamldecode", &[s(text)]);
    assert_eq!(y("hello: world"), obj(&[("hello", s("world"))]));
    assert_eq!(
        y("- a\n- 1\n- true\n- ~"),
        list(vec![s("a"), n(1.0), b(true), Value::Null])
    );
    assert_eq!(y(""), Value::Null);
    assert_eq!(y("# only a comment\n"), Value::Null);
    assert_eq!(y("yes"), b(true), "go-cty-yaml keeps YAML 1.1 booleans");
    assert_eq!(y("off"), b(false));
    assert_eq!(y("'yes'"), s("yes"));
    assert_eq!(y("\"12\""), s("12"));
    assert_eq!(y("0o17"), n(15.0));
    assert_eq!(y("0x1F"), n(31.0));
    assert_eq!(y("0755"), n(755.0));
    assert_eq!(y("1_000"), n(1000.0));
    assert_eq!(y("1.5e3"), n(1500.0));
    assert_eq!(y(".5"), n(0.5));
    assert_eq!(y("+"), s("+"));
    assert_eq!(y("0b101"), s("0b101"));
    assert_eq!(y(".inf"), n(f64::INFINITY));
    assert_eq!(y("2001-12-14"), s("2001-12-14T00:00:00Z"));
    assert_eq!(
        y("2001-12-14t21:59:43.10-05:00"),
        s("2001-12-14T21:59:43-05:00")
    );
    assert_eq!(y("'2001-12-14'"), s("2001-12-14"));
    assert_eq!(y("1: a\ntrue: b"), obj(&[("1", s("a")), ("true", s("b"))]));
    assert_eq!(y("!!str 12"), s("12"));
    // go-cty-yaml returns a quoted scalar as a string before looking at its tag.
    assert_eq!(y("!!int \"12\""), s("12"));
    assert_eq!(y("!!float 12"), n(12.0));
    assert_eq!(
        y("a: &x [1]\nb: *x"),
        obj(&[("a", list(vec![n(1.0)])), ("b", list(vec![n(1.0)]))])
    );
    assert_eq!(
        y("base: &b {x: 1, z: 2}\nd:\n  <<: *b\n  z: 3"),
        obj(&[
            ("base", obj(&[("x", n(1.0)), ("z", n(2.0))])),
            ("d", obj(&[("x", n(1.0)), ("z", n(3.0))]))
        ])
    );
    // A plain `y` is a boolean to go-cty-yaml, so as a key it is "true".
    assert_eq!(y("y: 1"), obj(&[("true", n(1.0))]));
    for bad in [
        "a: 1\n---\nb: 2",
        "? [a]\n: b",
        "~: a",
        ".nan",
        "!!int x",
        "!custom x",
        "a: [",
        "!!binary '***'",
    ] {
        assert!(fails("yamldecode", &[s(bad)]), "{bad:?} should fail");
    }
    assert!(is_unknown("yamldecode", &[unk()]));
}

#[test]
fn yamldecode_bounds_alias_bombs_and_depth() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let e = call("yamldecode", &[s(&bomb)]).err().unwrap_or_default();
    assert!(e.contains("more than"), "{e}");
    let deep = "[".repeat(200) + &"]".repeat(200);
    assert!(fails("yamldecode", &[s(&deep)]));
}

#[test]
fn pass_through_and_plan_time_unknowns() {
    assert_eq!(ok("sensitive", &[s("x")]), s("x"));
    assert_eq!(ok("nonsensitive", &[refv()]), refv());
    assert!(is_unknown("ephemeralasnull", &[unk()]));
    assert!(reason("issensitive", &[s("x")]).contains("sensitivity"));
    assert_eq!(reason("timestamp", &[]), "timestamp() changes on every run");
    assert_eq!(reason("uuid", &[]), "uuid() changes on every run");
    assert!(is_unknown("plantimestamp", &[]));
    assert!(is_unknown("bcrypt", &[s("pw")]));
    assert!(is_unknown("type", &[s("x")]));
    assert!(reason("pathexpand", &[s("~/x")]).contains("home directory"));
    assert!(fails("uuid", &[s("x")]));
    assert!(fails("sensitive", &[]));
    assert!(
        reason("provider::aws::arn_parse", &[s("arn:aws:s3:::b")])
            .contains("evaluated by the provider")
    );
    for name in [
        "file",
        "templatefile",
        "fileexists",
        "filebase64",
        "provider::a::b",
    ] {
        assert!(is_known(name), "{name}");
    }
    assert!(is_unknown("file", &[s("x.txt")]));
}

#[test]
fn paths() {
    assert_eq!(ok("abspath", &[s("/a/b/../c//d/.")]), s("/a/c/d"));
    assert_eq!(ok("abspath", &[s("/..")]), s("/"));
    assert!(reason("abspath", &[s("foo")]).contains("directory Terraform runs in"));
    assert_eq!(ok("dirname", &[s("foo/bar/baz.txt")]), s("foo/bar"));
    assert_eq!(ok("dirname", &[s("baz.txt")]), s("."));
    assert_eq!(ok("dirname", &[s("/foo")]), s("/"));
    assert_eq!(ok("dirname", &[s("a/b/")]), s("a/b"));
    assert_eq!(ok("basename", &[s("foo/bar/baz.txt")]), s("baz.txt"));
    assert_eq!(ok("basename", &[s("a/b/")]), s("b"));
    assert_eq!(ok("basename", &[s("/")]), s("/"));
    assert_eq!(ok("basename", &[s("")]), s("."));
}

proptest! {
    #[test]
    fn base64decode_inverts_base64encode(text in "\\PC{0,40}") {
        let encoded = ok("base64encode", &[s(&text)]);
        prop_assert_eq!(ok("base64decode", &[encoded]), s(&text));
    }

    #[test]
    fn utf16_text_round_trips(text in "\\PC{0,20}") {
        for enc in ["UTF-16LE", "UTF-16BE", "UTF-8"] {
            let encoded = ok("textencodebase64", &[s(&text), s(enc)]);
            prop_assert_eq!(ok("textdecodebase64", &[encoded, s(enc)]), s(&text));
        }
    }

    #[test]
    fn strrev_is_an_involution(text in "[a-zA-Z0-9 \\-é☃中]{0,30}") {
        let once = ok("strrev", &[s(&text)]);
        prop_assert_eq!(ok("strrev", &[once]), s(&text));
    }

    #[test]
    fn setproduct_cardinality_is_the_product(a in string_list(), b2 in string_list(), c in string_list()) {
        let len = |v: &Value| v.as_list().map_or(0, <[Value]>::len);
        let want = len(&a) * len(&b2) * len(&c);
        let product = ok("setproduct", &[a, b2, c]);
        prop_assert_eq!(len(&product), want);
        prop_assert!(product.as_list().unwrap_or_default().iter().all(|row| len(row) == 3));
    }
}

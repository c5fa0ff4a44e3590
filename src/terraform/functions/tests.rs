mod network_time;
mod text_crypto;

use super::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn s(text: &str) -> Value {
    Value::String(text.to_string())
}

fn n(x: f64) -> Value {
    Value::Number(x)
}

fn list(items: Vec<Value>) -> Value {
    Value::List(items)
}

fn strs(items: &[&str]) -> Value {
    list(items.iter().map(|x| s(x)).collect())
}

fn obj(pairs: &[(&str, Value)]) -> Value {
    Value::Object(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

fn unk() -> Value {
    Value::unknown("data.aws_sns_topic.x.arn is read at apply time")
}

fn refv() -> Value {
    Value::reference("aws_sns_topic.oncall", vec!["arn".into()])
}

fn ok(name: &str, args: &[Value]) -> Value {
    match call(name, args) {
        Ok(v) => v,
        Err(e) => panic!("{name}({args:?}) failed: {e}"),
    }
}

fn is_unknown(name: &str, args: &[Value]) -> bool {
    ok(name, args).is_unknown()
}

fn fails(name: &str, args: &[Value]) -> bool {
    call(name, args).is_err()
}

#[test]
fn unimplemented_and_lazy_functions_are_unknown_with_reason() {
    let v = ok("csvdecode", &[s("x")]);
    assert_eq!(
        v.unknown_reason(),
        Some("function csvdecode is not evaluated by irready")
    );
    assert!(!is_known("csvdecode"));
    assert!(is_known("try") && is_known("can") && is_known("jsonencode"));
    assert!(is_unknown("try", &[s("x")]));
}

#[test]
fn jsonencode_matches_terraform() {
    let v = obj(&[
        (
            "b",
            list(vec![n(1.0), n(2.5), Value::Bool(true), Value::Null]),
        ),
        ("a", s("<x & y>\n\"q\"")),
    ]);
    assert_eq!(
        ok("jsonencode", &[v]),
        s(r#"{"a":"\u003cx \u0026 y\u003e\n\"q\"","b":[1,2.5,true,null]}"#)
    );
    assert_eq!(ok("jsonencode", &[n(1e21)]), s("1000000000000000000000"));
    let u = ok("jsonencode", &[list(vec![s("a"), unk()])]);
    assert!(
        u.unknown_reason()
            .is_some_and(|r| r.contains("read at apply time"))
    );
    let r = ok("jsonencode", &[obj(&[("t", refv())])]);
    assert!(
        r.unknown_reason()
            .is_some_and(|r| r.contains("aws_sns_topic.oncall"))
    );
}

#[test]
fn jsondecode_and_errors() {
    assert_eq!(
        ok("jsondecode", &[s(r#"{"a":[1,"x",null]}"#)]),
        obj(&[("a", list(vec![n(1.0), s("x"), Value::Null]))])
    );
    assert!(fails("jsondecode", &[s("{")]));
    assert!(is_unknown("jsondecode", &[unk()]));
    assert!(fails("jsondecode", &[Value::Null]));
}

#[test]
fn yamlencode_uses_terraform_block_style() {
    assert_eq!(
        ok("yamlencode", &[obj(&[("a", s("b")), ("c", s("d"))])]),
        s("\"a\": \"b\"\n\"c\": \"d\"\n")
    );
    assert_eq!(
        ok(
            "yamlencode",
            &[obj(&[
                (
                    "foo",
                    list(vec![n(1.0), obj(&[("a", s("b")), ("c", s("d"))]), n(3.0)])
                ),
                ("bar", s("baz")),
                ("e", list(vec![])),
                ("m", obj(&[("k", Value::Null)])),
            ])]
        ),
        s(
            "\"bar\": \"baz\"\n\"e\": []\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n\"m\":\n  \"k\": null\n"
        )
    );
    assert!(is_unknown("yamlencode", &[list(vec![refv()])]));
}

#[test]
fn concat_keeps_length_with_unknown_elements() {
    let v = ok("concat", &[strs(&["a"]), list(vec![unk()])]);
    assert_eq!(v.as_list().map(<[Value]>::len), Some(2));
    assert!(is_unknown("concat", &[strs(&["a"]), unk()]));
    assert!(is_unknown("concat", &[refv()]));
    assert!(fails("concat", &[s("a")]));
    assert_eq!(ok("concat", &[]), list(vec![]));
}

#[test]
fn merge_lookup_coalesce() {
    assert_eq!(
        ok(
            "merge",
            &[
                obj(&[("a", n(1.0)), ("b", n(1.0))]),
                Value::Null,
                obj(&[("b", n(2.0))])
            ]
        ),
        obj(&[("a", n(1.0)), ("b", n(2.0))])
    );
    assert!(is_unknown("merge", &[obj(&[]), unk()]));
    let m = obj(&[("a", unk()), ("b", s("x"))]);
    assert_eq!(ok("lookup", &[m.clone(), s("b")]), s("x"));
    assert_eq!(ok("lookup", &[m.clone(), s("z"), s("d")]), s("d"));
    assert!(fails("lookup", &[m.clone(), s("z")]));
    assert!(is_unknown("lookup", &[m.clone(), unk(), s("d")]));
    assert!(fails("lookup", &[m]));
    assert_eq!(ok("coalesce", &[Value::Null, s(""), s("x"), unk()]), s("x"));
    assert!(is_unknown("coalesce", &[unk(), s("x")]));
    assert_eq!(ok("coalesce", &[refv(), s("x")]), refv());
    assert!(fails("coalesce", &[Value::Null, s("")]));
    assert_eq!(
        ok("coalescelist", &[list(vec![]), strs(&["a"])]),
        strs(&["a"])
    );
    assert!(fails("coalescelist", &[list(vec![])]));
}

#[test]
fn compact_flatten_distinct() {
    assert_eq!(
        ok("compact", &[list(vec![s("a"), s(""), Value::Null, s("b")])]),
        strs(&["a", "b"])
    );
    assert!(is_unknown("compact", &[list(vec![s("a"), unk()])]));
    assert_eq!(
        ok(
            "flatten",
            &[list(vec![
                strs(&["a"]),
                list(vec![strs(&["b", "c"]), list(vec![])]),
                s("d"),
                refv()
            ])]
        ),
        list(vec![s("a"), s("b"), s("c"), s("d"), refv()])
    );
    assert!(is_unknown("flatten", &[list(vec![strs(&["a"]), unk()])]));
    assert_eq!(
        ok("distinct", &[strs(&["b", "a", "b", "c", "a"])]),
        strs(&["b", "a", "c"])
    );
    assert!(is_unknown("distinct", &[list(vec![s("a"), unk()])]));
}

#[test]
fn element_contains_keys_values_length() {
    let l = strs(&["a", "b", "c"]);
    assert_eq!(ok("element", &[l.clone(), n(4.0)]), s("b"));
    assert_eq!(ok("element", &[list(vec![refv()]), n(0.0)]), refv());
    assert!(fails("element", &[list(vec![]), n(0.0)]));
    assert!(fails("element", &[l.clone(), n(-1.0)]));
    assert_eq!(ok("contains", &[l.clone(), s("c")]), Value::Bool(true));
    assert_eq!(ok("contains", &[l.clone(), s("z")]), Value::Bool(false));
    assert!(is_unknown("contains", &[unk(), s("a")]));
    assert!(is_unknown("contains", &[list(vec![unk()]), s("a")]));
    assert_eq!(
        ok("contains", &[list(vec![unk(), s("a")]), s("a")]),
        Value::Bool(true)
    );
    assert_eq!(
        ok("contains", &[list(vec![refv()]), refv()]),
        Value::Bool(true)
    );
    let m = obj(&[("b", n(2.0)), ("a", n(1.0))]);
    assert_eq!(ok("keys", std::slice::from_ref(&m)), strs(&["a", "b"]));
    assert_eq!(
        ok("values", std::slice::from_ref(&m)),
        list(vec![n(1.0), n(2.0)])
    );
    assert_eq!(ok("length", &[s("héllo")]), n(5.0));
    assert_eq!(ok("length", &[list(vec![unk()])]), n(1.0));
    assert_eq!(ok("length", &[list(vec![refv(), refv()])]), n(2.0));
    assert_eq!(ok("length", &[m]), n(2.0));
    assert!(is_unknown("length", &[refv()]));
    assert!(is_unknown("length", &[unk()]));
    assert!(fails("length", &[Value::Null]));
    assert!(fails("length", &[n(1.0)]));
}

#[test]
fn conversions() {
    assert_eq!(ok("tostring", &[n(3.0)]), s("3"));
    assert_eq!(ok("tostring", &[Value::Bool(true)]), s("true"));
    assert_eq!(ok("tostring", &[Value::Null]), Value::Null);
    assert!(fails("tostring", &[strs(&["a"])]));
    assert!(is_unknown("tostring", &[refv()]));
    assert_eq!(ok("tonumber", &[s("1.5")]), n(1.5));
    assert!(fails("tonumber", &[s("x")]));
    assert_eq!(ok("tobool", &[s("false")]), Value::Bool(false));
    assert!(fails("tobool", &[s("yes")]));
    assert_eq!(
        ok("tolist", &[list(vec![refv(), unk()])])
            .as_list()
            .map(<[Value]>::len),
        Some(2)
    );
    assert_eq!(ok("toset", &[strs(&["b", "a", "b"])]), strs(&["a", "b"]));
    assert_eq!(
        ok("toset", &[list(vec![n(10.0), n(9.0)])]),
        list(vec![n(9.0), n(10.0)])
    );
    assert_eq!(
        ok("toset", &[list(vec![unk()])])
            .as_list()
            .map(<[Value]>::len),
        Some(1)
    );
    assert!(is_unknown("toset", &[list(vec![s("a"), unk()])]));
    assert_eq!(ok("tomap", &[obj(&[("a", n(1.0))])]), obj(&[("a", n(1.0))]));
    assert!(fails("tomap", &[strs(&["a"])]));
}

#[test]
fn format_verbs() {
    let cases: &[(&str, Vec<Value>, &str)] = &[
        ("Hello, %s!", vec![s("Ander")], "Hello, Ander!"),
        ("There are %d lights", vec![n(4.0)], "There are 4 lights"),
        (
            "%.2f|%5.1f|%-4d|%04d",
            vec![n(1.23456), n(2.0), n(7.0), n(-5.0)],
            "1.23|  2.0|7   |-005",
        ),
        ("%q", vec![s("a\"b")], "\"a\\\"b\""),
        (
            "%v %v %v",
            vec![s("x"), n(1.5), Value::Bool(false)],
            "x 1.5 false",
        ),
        ("%v", vec![strs(&["a"])], "[\"a\"]"),
        ("%#v", vec![s("x")], "\"x\""),
        ("%t 100%%", vec![Value::Bool(true)], "true 100%"),
        ("%[2]s %[1]s", vec![s("a"), s("b")], "b a"),
        (
            "%5s|%-5s|%.1s",
            vec![s("ab"), s("ab"), s("xyz")],
            "   ab|ab   |x",
        ),
        ("%x %e", vec![n(255.0), n(1500.0)], "ff 1.500000e+03"),
        ("%+d", vec![n(3.0)], "+3"),
    ];
    for (spec, args, want) in cases {
        let mut all = vec![s(spec)];
        all.extend(args.iter().cloned());
        assert_eq!(ok("format", &all), s(want), "{spec}");
    }
    assert!(fails("format", &[s("%s %s"), s("a")]));
    assert!(fails("format", &[s("%s"), s("a"), s("b")]));
    assert!(fails("format", &[s("%d"), n(1.5)]));
    assert!(fails("format", &[s("%999999999999d"), n(1.0)]));
    assert!(fails("format", &[s("%.99999999f"), n(1.0)]));
    assert!(fails("format", &[s("%s"), Value::Null]));
    assert!(is_unknown("format", &[s("%s"), unk()]));
    assert!(is_unknown("format", &[s("%s"), refv()]));
}

#[test]
fn formatlist_keeps_length_with_unknown_elements() {
    assert_eq!(
        ok("formatlist", &[s("%s=%s"), strs(&["a", "b"]), s("x")]),
        strs(&["a=x", "b=x"])
    );
    let v = ok("formatlist", &[s("arn:%s"), list(vec![s("a"), unk()])]);
    let items = v.as_list().map(<[Value]>::to_vec).unwrap_or_default();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0], s("arn:a"));
    assert!(items[1].is_unknown());
    assert!(fails(
        "formatlist",
        &[s("%s%s"), strs(&["a"]), strs(&["a", "b"])]
    ));
}

#[test]
fn string_functions() {
    assert_eq!(
        ok("join", &[s(","), strs(&["a", "b"]), strs(&["c"])]),
        s("a,b,c")
    );
    assert!(is_unknown("join", &[s(","), list(vec![s("a"), unk()])]));
    assert!(is_unknown("join", &[s(","), list(vec![refv()])]));
    assert_eq!(ok("split", &[s(","), s("a,,b")]), strs(&["a", "", "b"]));
    assert_eq!(ok("split", &[s(","), s("")]), strs(&[""]));
    assert_eq!(ok("lower", &[s("ÀB")]), s("àb"));
    assert_eq!(ok("upper", &[s("ab")]), s("AB"));
    assert_eq!(
        ok("title", &[s("hello world-foo_bar")]),
        s("Hello World-Foo_bar")
    );
    assert!(is_unknown("upper", &[refv()]));
    assert_eq!(ok("trimspace", &[s(" \n a b \t")]), s("a b"));
    assert_eq!(ok("trim", &[s("?!hello?!"), s("!?")]), s("hello"));
    assert_eq!(ok("trimprefix", &[s("helloworld"), s("hello")]), s("world"));
    assert_eq!(ok("trimsuffix", &[s("helloworld"), s("world")]), s("hello"));
    assert_eq!(
        ok("replace", &[s("1 + 2 + 3"), s("+"), s("-")]),
        s("1 - 2 - 3")
    );
    assert_eq!(
        ok("replace", &[s("hello world"), s("/w(or)ld/"), s("W$1")]),
        s("hello Wor")
    );
    assert!(fails("replace", &[s("a"), s("/(/"), s("")]));
    assert_eq!(ok("substr", &[s("hello world"), n(1.0), n(4.0)]), s("ello"));
    assert_eq!(
        ok("substr", &[s("hello world"), n(-5.0), n(-1.0)]),
        s("world")
    );
    assert_eq!(ok("substr", &[s("héllo"), n(1.0), n(100.0)]), s("éllo"));
    assert_eq!(ok("substr", &[s("abc"), n(10.0), n(1.0)]), s(""));
    assert_eq!(ok("startswith", &[s("hello"), s("he")]), Value::Bool(true));
    assert_eq!(ok("endswith", &[s("hello"), s("he")]), Value::Bool(false));
    assert_eq!(ok("format", &[s("%s"), n(2.0)]), s("2"));
}

#[test]
fn regex_functions() {
    assert_eq!(
        ok("regex", &[s("[a-z]+"), s("53453453.345345aaabbbccc23454")]),
        s("aaabbbccc")
    );
    assert_eq!(
        ok(
            "regex",
            &[s("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)"), s("2019-02-01")]
        ),
        strs(&["2019", "02", "01"])
    );
    assert_eq!(
        ok(
            "regex",
            &[
                s("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"),
                s("https://example.com")
            ]
        ),
        obj(&[("authority", s("example.com")), ("scheme", s("https"))])
    );
    assert!(fails("regex", &[s("z"), s("abc")]));
    assert!(fails("regex", &[s("(?P<a>x)(y)"), s("xy")]));
    assert_eq!(
        ok("regexall", &[s("[a-z]+"), s("1234abcd5678efgh9")]),
        strs(&["abcd", "efgh"])
    );
    assert_eq!(ok("regexall", &[s("z"), s("abc")]), list(vec![]));
    assert!(is_unknown("regexall", &[s("a"), unk()]));
}

#[test]
fn numbers_and_ranges() {
    assert_eq!(ok("range", &[n(3.0)]), list(vec![n(0.0), n(1.0), n(2.0)]));
    assert_eq!(
        ok("range", &[n(1.0), n(4.0)]),
        list(vec![n(1.0), n(2.0), n(3.0)])
    );
    assert_eq!(
        ok("range", &[n(4.0), n(1.0)]),
        list(vec![n(4.0), n(3.0), n(2.0)])
    );
    assert_eq!(
        ok("range", &[n(0.0), n(1.0), n(0.25)])
            .as_list()
            .map(<[Value]>::len),
        Some(4)
    );
    assert!(fails("range", &[n(0.0), n(1.0), n(0.0)]));
    assert!(fails("range", &[n(2000.0)]));
    assert_eq!(ok("abs", &[n(-2.5)]), n(2.5));
    assert_eq!(ok("ceil", &[n(1.2)]), n(2.0));
    assert_eq!(ok("floor", &[n(-1.2)]), n(-2.0));
    assert_eq!(ok("max", &[n(1.0), n(7.0), s("3")]), n(7.0));
    assert_eq!(ok("min", &[n(1.0), n(7.0)]), n(1.0));
    assert!(fails("max", &[]));
    assert!(is_unknown("max", &[n(1.0), unk()]));
    assert_eq!(ok("sum", &[list(vec![n(1.0), n(2.5)])]), n(3.5));
    assert!(fails("sum", &[list(vec![])]));
}

#[test]
fn list_shaping() {
    assert_eq!(
        ok("sort", &[strs(&["b", "a", "10", "9"])]),
        strs(&["10", "9", "a", "b"])
    );
    assert_eq!(ok("reverse", &[strs(&["a", "b"])]), strs(&["b", "a"]));
    assert_eq!(
        ok("slice", &[strs(&["a", "b", "c", "d"]), n(1.0), n(3.0)]),
        strs(&["b", "c"])
    );
    assert!(fails("slice", &[strs(&["a"]), n(0.0), n(2.0)]));
    assert_eq!(ok("index", &[strs(&["a", "b"]), s("b")]), n(1.0));
    assert!(fails("index", &[strs(&["a"]), s("z")]));
    assert_eq!(
        ok("setunion", &[strs(&["b", "a"]), strs(&["c", "a"])]),
        strs(&["a", "b", "c"])
    );
    assert_eq!(
        ok("setintersection", &[strs(&["a", "b"]), strs(&["b", "c"])]),
        strs(&["b"])
    );
    assert_eq!(
        ok("setsubtract", &[strs(&["a", "b", "c"]), strs(&["a", "c"])]),
        strs(&["b"])
    );
    assert!(is_unknown("setunion", &[list(vec![unk()]), strs(&["a"])]));
    assert_eq!(
        ok("chunklist", &[strs(&["a", "b", "c"]), n(2.0)]),
        list(vec![strs(&["a", "b"]), strs(&["c"])])
    );
    assert_eq!(
        ok("zipmap", &[strs(&["a", "b"]), list(vec![n(1.0), unk()])])
            .as_object()
            .map(BTreeMap::len),
        Some(2)
    );
    assert!(fails("zipmap", &[strs(&["a"]), list(vec![])]));
    assert_eq!(ok("one", &[list(vec![])]), Value::Null);
    assert_eq!(ok("one", &[strs(&["a"])]), s("a"));
    assert!(fails("one", &[strs(&["a", "b"])]));
}

#[test]
fn null_and_arity_errors() {
    for name in ["upper", "length", "keys", "concat", "join", "tolist"] {
        if name == "tolist" {
            assert_eq!(ok(name, &[Value::Null]), Value::Null);
            continue;
        }
        let args = if name == "join" {
            vec![s(","), Value::Null]
        } else {
            vec![Value::Null]
        };
        assert!(fails(name, &args), "{name}(null) should fail");
    }
    assert!(fails("upper", &[]));
    assert!(fails("lookup", &[obj(&[])]));
    let e = call("upper", &[]).err().unwrap_or_default();
    assert!(e.starts_with("upper:"), "{e}");
}

fn known_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1_000_000i64..1_000_000).prop_map(|i| Value::Number(i as f64)),
        (-1000i64..1000).prop_map(|i| Value::Number(i as f64 / 8.0)),
        "[a-z<>&\"\\\\\n é]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::List),
            prop::collection::btree_map("[a-z<&]{0,4}", inner, 0..4).prop_map(Value::Object),
        ]
    })
}

fn string_list() -> impl Strategy<Value = Value> {
    prop::collection::vec("[a-c]{0,2}", 0..6)
        .prop_map(|v| Value::List(v.into_iter().map(Value::String).collect()))
}

proptest! {
    #[test]
    fn length_of_concat_is_sum_of_lengths(a in string_list(), b in string_list()) {
        let la = ok("length", std::slice::from_ref(&a)).as_number();
        let lb = ok("length", std::slice::from_ref(&b)).as_number();
        let joined = ok("concat", &[a, b]);
        let lj = ok("length", &[joined]).as_number();
        prop_assert_eq!(lj, Some(la.unwrap_or(-1.0) + lb.unwrap_or(-1.0)));
    }

    #[test]
    fn jsondecode_inverts_jsonencode(v in known_value()) {
        let encoded = ok("jsonencode", std::slice::from_ref(&v));
        prop_assert_eq!(ok("jsondecode", &[encoded]), v);
    }

    #[test]
    fn distinct_is_idempotent(a in string_list()) {
        let once = ok("distinct", &[a]);
        prop_assert_eq!(ok("distinct", std::slice::from_ref(&once)), once);
    }

    #[test]
    fn toset_is_sorted_and_unique(a in string_list()) {
        let set = ok("toset", &[a]);
        let items: Vec<String> = set.as_list().unwrap_or_default().iter()
            .filter_map(|v| v.as_str().map(str::to_string)).collect();
        let mut sorted = items.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(items, sorted);
    }

    #[test]
    fn split_inverts_join(parts in prop::collection::vec("[a-c]{0,3}", 1..5)) {
        let l = Value::List(parts.iter().cloned().map(Value::String).collect());
        let joined = ok("join", &[s(","), l.clone()]);
        prop_assert_eq!(ok("split", &[s(","), joined]), l);
    }

    #[test]
    fn yamlencode_never_fails_on_known_values(v in known_value()) {
        let out = ok("yamlencode", &[v]);
        prop_assert!(out.as_str().is_some_and(|y| y.ends_with('\n')));
    }
}

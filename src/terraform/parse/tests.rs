use super::*;
use crate::terraform::ast::{Block, Body};

fn hcl(text: &str) -> ast::File {
    match parse_hcl("main.tf".into(), text) {
        Ok(f) => f,
        Err(e) => panic!("parse failed: {e}"),
    }
}

fn json(text: &str) -> ast::File {
    match parse_json("main.tf.json".into(), text) {
        Ok(f) => f,
        Err(e) => panic!("parse failed: {e}"),
    }
}

fn expr(text: &str) -> Expr {
    match parse_expression("<expr>".into(), text) {
        Ok(e) => e,
        Err(e) => panic!("parse failed: {e}"),
    }
}

fn var(name: &str) -> Expr {
    Expr::Variable(name.to_string())
}

fn get(root: &str, attrs: &[&str]) -> Expr {
    Expr::Traversal(
        Box::new(var(root)),
        attrs
            .iter()
            .map(|a| Traverser::GetAttr(a.to_string()))
            .collect(),
    )
}

fn s(text: &str) -> Expr {
    Expr::String(text.to_string())
}

fn lit(text: &str) -> TemplatePart {
    TemplatePart::Literal(text.to_string())
}

fn interp(e: Expr) -> TemplatePart {
    TemplatePart::Interpolation(e)
}

fn attr<'a>(body: &'a Body, name: &str) -> &'a Expr {
    match body.attribute(name) {
        Some(a) => &a.expr,
        None => panic!("no attribute {name} in {body:?}"),
    }
}

fn only_block<'a>(body: &'a Body, kind: &'a str) -> &'a Block {
    let blocks: Vec<_> = body.blocks_of(kind).collect();
    assert_eq!(blocks.len(), 1, "expected one {kind} block in {body:?}");
    blocks[0]
}

/// Runs `f` on a thread with the stack hcl-edit needs at its maximum nesting depth, as the
/// scanner does.
fn with_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let handle = std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(f)
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    handle.join().unwrap_or_else(|_| panic!("thread panicked"))
}

#[test]
fn literals_map_to_their_kinds() {
    assert_eq!(expr("null"), Expr::Null);
    assert_eq!(expr("true"), Expr::Bool(true));
    assert_eq!(expr("false"), Expr::Bool(false));
    assert_eq!(expr("42"), Expr::Number(42.0));
    assert_eq!(expr("1.5e3"), Expr::Number(1500.0));
    assert_eq!(expr("\"a\\nb\""), s("a\nb"));
    assert_eq!(
        expr("[1, \"x\", null]"),
        Expr::Tuple(vec![Expr::Number(1.0), s("x"), Expr::Null])
    );
}

#[test]
fn object_keys_distinguish_identifiers_from_expressions() {
    assert_eq!(
        expr("{ a = 1, \"b\" = 2, (var.k) = 3 }"),
        Expr::Object(vec![
            (ObjectKey::Ident("a".into()), Expr::Number(1.0)),
            (ObjectKey::Expr(s("b")), Expr::Number(2.0)),
            (ObjectKey::Expr(get("var", &["k"])), Expr::Number(3.0)),
        ])
    );
}

#[test]
fn parenthesis_is_transparent_and_variables_are_roots() {
    assert_eq!(expr("(var)"), var("var"));
    assert_eq!(expr("((1))"), Expr::Number(1.0));
}

#[test]
fn traversals_keep_every_step_kind() {
    assert_eq!(
        expr("aws_sns_topic.oncall[0].arn"),
        Expr::Traversal(
            Box::new(var("aws_sns_topic")),
            vec![
                Traverser::GetAttr("oncall".into()),
                Traverser::Index(Expr::Number(0.0)),
                Traverser::GetAttr("arn".into()),
            ]
        )
    );
    assert_eq!(
        expr("a.b.0.*.c"),
        Expr::Traversal(
            Box::new(var("a")),
            vec![
                Traverser::GetAttr("b".into()),
                Traverser::LegacyIndex(0),
                Traverser::AttrSplat,
                Traverser::GetAttr("c".into()),
            ]
        )
    );
    assert_eq!(
        expr("a[*].c"),
        Expr::Traversal(
            Box::new(var("a")),
            vec![Traverser::FullSplat, Traverser::GetAttr("c".into())]
        )
    );
}

#[test]
fn traversal_of_parenthesised_traversal_is_flattened() {
    assert_eq!(expr("(a.b).c"), get("a", &["b", "c"]));
}

#[test]
fn calls_keep_namespace_and_expansion() {
    assert_eq!(
        expr("concat(var.a, [1])"),
        Expr::Call(Box::new(Call {
            name: "concat".into(),
            args: vec![get("var", &["a"]), Expr::Tuple(vec![Expr::Number(1.0)])],
            expand_final: false,
        }))
    );
    let Expr::Call(call) = expr("max(var.xs...)") else {
        panic!("not a call")
    };
    assert!(call.expand_final);
    let Expr::Call(call) = expr("provider::aws::arn_parse(x)") else {
        panic!("not a call")
    };
    assert_eq!(call.name, "provider::aws::arn_parse");
}

#[test]
fn operators_and_conditionals() {
    assert_eq!(expr("!a"), Expr::Unary(UnaryOp::Not, Box::new(var("a"))));
    assert_eq!(expr("-a"), Expr::Unary(UnaryOp::Neg, Box::new(var("a"))));
    assert_eq!(
        expr("1 + 2 * 3"),
        Expr::Binary(
            BinaryOp::Add,
            Box::new(Expr::Number(1.0)),
            Box::new(Expr::Binary(
                BinaryOp::Mul,
                Box::new(Expr::Number(2.0)),
                Box::new(Expr::Number(3.0))
            ))
        )
    );
    let ops = [
        ("==", BinaryOp::Eq),
        ("!=", BinaryOp::NotEq),
        ("<", BinaryOp::Lt),
        ("<=", BinaryOp::LtEq),
        (">", BinaryOp::Gt),
        (">=", BinaryOp::GtEq),
        ("&&", BinaryOp::And),
        ("||", BinaryOp::Or),
        ("-", BinaryOp::Sub),
        ("/", BinaryOp::Div),
        ("%", BinaryOp::Mod),
    ];
    for (text, op) in ops {
        assert_eq!(
            expr(&format!("a {text} b")),
            Expr::Binary(op, Box::new(var("a")), Box::new(var("b"))),
            "{text}"
        );
    }
    assert_eq!(
        expr("a ? 1 : 2"),
        Expr::Conditional(
            Box::new(var("a")),
            Box::new(Expr::Number(1.0)),
            Box::new(Expr::Number(2.0))
        )
    );
}

#[test]
fn for_expressions_tuple_object_grouping_and_condition() {
    assert_eq!(
        expr("[for x in var.xs : upper(x) if x != \"\"]"),
        Expr::For(Box::new(ForExpr {
            key_var: None,
            value_var: "x".into(),
            collection: get("var", &["xs"]),
            key: None,
            value: Expr::Call(Box::new(Call {
                name: "upper".into(),
                args: vec![var("x")],
                expand_final: false
            })),
            cond: Some(Expr::Binary(
                BinaryOp::NotEq,
                Box::new(var("x")),
                Box::new(s(""))
            )),
            grouping: false,
        }))
    );
    assert_eq!(
        expr("{for k, v in m : v => k...}"),
        Expr::For(Box::new(ForExpr {
            key_var: Some("k".into()),
            value_var: "v".into(),
            collection: var("m"),
            key: Some(var("v")),
            value: var("k"),
            cond: None,
            grouping: true,
        }))
    );
}

#[test]
fn templates_keep_interpolations_and_collapse_literals() {
    assert_eq!(expr("\"plain\""), s("plain"));
    assert_eq!(
        expr("\"arn:${var.p}:x\""),
        Expr::Template(vec![lit("arn:"), interp(get("var", &["p"])), lit(":x")])
    );
    assert_eq!(
        expr("\"${var.p}\""),
        Expr::Template(vec![interp(get("var", &["p"]))])
    );
    // Escapes: `$${` is a literal `${`, so the template is only literals.
    assert_eq!(expr("\"$${x}\""), s("${x}"));
}

#[test]
fn template_directives_and_strip_markers() {
    assert_eq!(
        expr("\"a %{ if c ~} yes %{~ else ~} no %{~ endif ~} z\""),
        Expr::Template(vec![
            lit("a "),
            TemplatePart::If {
                cond: var("c"),
                then: vec![lit("yes")],
                otherwise: vec![lit("no")],
            },
            lit("z"),
        ])
    );
    assert_eq!(
        expr("\"%{ for k, v in m }${k}=${v},%{ endfor }\""),
        Expr::Template(vec![TemplatePart::For {
            key_var: Some("k".into()),
            value_var: "v".into(),
            collection: var("m"),
            body: vec![interp(var("k")), lit("="), interp(var("v")), lit(",")],
        }])
    );
    assert_eq!(
        expr("\"x  ${~ a ~}  y\""),
        Expr::Template(vec![lit("x"), interp(var("a")), lit("y")])
    );
}

#[test]
fn heredocs_plain_and_indented() {
    let f = hcl("a = <<EOT\n  one\n    two\nEOT\nb = <<-EOT\n    one\n      two ${x}\n    EOT\n");
    assert_eq!(attr(&f.body, "a"), &s("  one\n    two\n"));
    assert_eq!(
        attr(&f.body, "b"),
        &Expr::Template(vec![lit("one\n  two "), interp(var("x")), lit("\n")])
    );
}

#[test]
fn blocks_and_attributes_have_their_locations() {
    let text = "\
terraform {
  required_version = \">= 1.5\"
}

resource \"aws_sns_topic\" \"oncall\" {
  name = \"oncall\"

  nested {
      deep = 1
  }
}
  module m {
    source = \"./m\"
  }
";
    let f = hcl(text);
    assert_eq!(f.path.as_ref(), "main.tf");
    let tf = only_block(&f.body, "terraform");
    assert_eq!((tf.location.line, tf.location.column), (1, 1));
    let rv = tf.body.attribute("required_version").map(|a| &a.location);
    assert_eq!(rv.map(|l| (l.line, l.column)), Some((2, 3)));
    let r = only_block(&f.body, "resource");
    assert_eq!(r.labels, vec!["aws_sns_topic", "oncall"]);
    assert_eq!((r.location.line, r.location.column), (5, 1));
    assert_eq!(r.location.to_string(), "main.tf:5:1");
    let name = r
        .body
        .attribute("name")
        .map(|a| (a.location.line, a.location.column));
    assert_eq!(name, Some((6, 3)));
    let nested = only_block(&r.body, "nested");
    assert_eq!((nested.location.line, nested.location.column), (8, 3));
    let deep = nested
        .body
        .attribute("deep")
        .map(|a| (a.location.line, a.location.column));
    assert_eq!(deep, Some((9, 7)));
    let m = only_block(&f.body, "module");
    assert_eq!(m.labels, vec!["m"]);
    assert_eq!((m.location.line, m.location.column), (12, 3));
}

#[test]
fn columns_count_characters_not_bytes() {
    let err = parse_hcl("u.tf".into(), "a = \"çà\" ]\n").err();
    assert_eq!(
        err.map(|e| (e.location.line, e.location.column)),
        Some((1, 10))
    );
}

#[test]
fn ignore_comments_above_and_on_header() {
    let text = "\
# unrelated
# irready:ignore waf-rel-060.ir.alarm-has-action test alarm only
// irready:ignore other reason
resource \"a\" \"b\" { # irready:ignore third on header
  x = 1
}

# irready:ignore not adjacent

resource \"a\" \"c\" {
}
";
    let f = hcl(text);
    let blocks: Vec<_> = f.body.blocks_of("resource").collect();
    assert_eq!(
        blocks[0].ignore_comments,
        vec![
            "waf-rel-060.ir.alarm-has-action test alarm only",
            "other reason",
            "third on header"
        ]
    );
    assert!(blocks[1].ignore_comments.is_empty());
}

#[test]
fn ignore_marker_inside_a_string_on_header_is_not_a_comment() {
    let f = hcl("resource \"irready:ignore\" \"b\" {\n}\n");
    assert!(only_block(&f.body, "resource").ignore_comments.is_empty());
}

#[test]
fn garbage_gives_a_diagnostic_on_the_right_line() {
    let text = "a = 1\nb = 2\nresource \"x\" {\n  c = = 3\n}\n";
    let err = match parse_hcl("bad.tf".into(), text) {
        Err(e) => e,
        Ok(f) => panic!("parsed garbage: {f:?}"),
    };
    assert_eq!(err.location.file.as_ref(), "bad.tf");
    assert_eq!(err.location.line, 4);
    let line = err.to_string();
    assert!(line.starts_with("bad.tf:4:"), "{line}");
    assert!(!line.contains('\n'), "{line}");
    assert!(line.contains("expected"), "{line}");
}

#[test]
fn unclosed_block_is_an_error_not_a_panic() {
    assert!(parse_hcl("x.tf".into(), "resource \"a\" \"b\" {\n  x = [1,\n").is_err());
    assert!(parse_hcl("x.tf".into(), "\u{0}\u{1}\u{2}").is_err());
    assert!(parse_expression("e".into(), "1 +").is_err());
}

#[test]
fn deep_nesting_is_rejected_without_crashing() {
    let result = with_big_stack(|| {
        let text = format!("a = {}", "[".repeat(100_000));
        parse_hcl("deep.tf".into(), &text).map(|_| ())
    });
    let err = result.err().map(|e| e.location.line);
    assert_eq!(err, Some(1));
    let ok = with_big_stack(|| {
        let text = format!("a = {}1{}\n", "[".repeat(30), "]".repeat(30));
        parse_hcl("ok.tf".into(), &text).is_ok()
    });
    assert!(ok);
    let deep_json = with_big_stack(|| {
        let text = format!("{{\"locals\": {{\"a\": {}}}}}", "[".repeat(100_000));
        parse_json("deep.tf.json".into(), &text).is_err()
    });
    assert!(deep_json);
}

#[test]
fn parse_file_picks_by_extension() {
    assert!(parse_file("a.tf.json".into(), "{\"locals\": {\"a\": 1}}").is_ok());
    assert!(parse_file("a.tf".into(), "{\"locals\": {\"a\": 1}}").is_err());
}

#[test]
fn json_resources_with_count_for_each_and_nested_blocks() {
    let text = r#"{
  "resource": {
    "aws_cloudwatch_metric_alarm": {
      "cpu": {
        "count": "${var.enabled ? 1 : 0}",
        "alarm_name": "cpu-${var.env}",
        "alarm_actions": ["${aws_sns_topic.oncall.arn}"],
        "threshold": 80,
        "actions_enabled": true,
        "tags": {"team": "sre"},
        "dimensions": {"InstanceId": "i-1"},
        "metric_query": [{"id": "a"}, {"id": "b"}],
        "depends_on": ["aws_sns_topic.oncall"],
        "lifecycle": {"ignore_changes": ["tags"]},
        "//": "irready:ignore waf-rel-060.x reason"
      }
    },
    "aws_sns_topic": {
      "per_team": {
        "for_each": "${toset(var.teams)}",
        "name": "${each.key}"
      }
    }
  }
}"#;
    let f = json(text);
    let blocks: Vec<_> = f.body.blocks_of("resource").collect();
    assert_eq!(blocks.len(), 2);
    let alarm = blocks[0];
    assert_eq!(alarm.labels, vec!["aws_cloudwatch_metric_alarm", "cpu"]);
    assert_eq!((alarm.location.line, alarm.location.column), (4, 7));
    assert_eq!(alarm.ignore_comments, vec!["waf-rel-060.x reason"]);
    assert_eq!(
        attr(&alarm.body, "count"),
        &Expr::Conditional(
            Box::new(get("var", &["enabled"])),
            Box::new(Expr::Number(1.0)),
            Box::new(Expr::Number(0.0))
        )
    );
    assert_eq!(
        attr(&alarm.body, "alarm_name"),
        &Expr::Template(vec![lit("cpu-"), interp(get("var", &["env"]))])
    );
    assert_eq!(
        attr(&alarm.body, "alarm_actions"),
        &Expr::Tuple(vec![Expr::Template(vec![interp(get(
            "aws_sns_topic",
            &["oncall", "arn"]
        ))])])
    );
    assert_eq!(attr(&alarm.body, "threshold"), &Expr::Number(80.0));
    assert_eq!(attr(&alarm.body, "actions_enabled"), &Expr::Bool(true));
    assert_eq!(
        attr(&alarm.body, "tags"),
        &Expr::Object(vec![(ObjectKey::Expr(s("team")), s("sre"))])
    );
    assert!(alarm.body.attribute("dimensions").is_some());
    assert_eq!(alarm.body.blocks_of("metric_query").count(), 2);
    assert_eq!(
        attr(&alarm.body, "depends_on"),
        &Expr::Tuple(vec![get("aws_sns_topic", &["oncall"])])
    );
    let lifecycle = only_block(&alarm.body, "lifecycle");
    assert_eq!(
        attr(&lifecycle.body, "ignore_changes"),
        &Expr::Tuple(vec![var("tags")])
    );
    let loc = alarm.body.attribute("threshold").map(|a| a.location.line);
    assert_eq!(loc, Some(8));
    let topic = blocks[1];
    assert_eq!(
        attr(&topic.body, "for_each"),
        &Expr::Call(Box::new(Call {
            name: "toset".into(),
            args: vec![get("var", &["teams"])],
            expand_final: false
        }))
    );
}

#[test]
fn json_block_forms_arrays_variables_outputs_modules_locals() {
    let text = r#"{
  "//": "top comment",
  "variable": {"teams": {"type": "list(string)", "default": ["a"],
    "validation": {"condition": "${length(var.teams) > 0}", "error_message": "x"}}},
  "output": [{"arn": {"value": "${aws_sns_topic.x.arn}"}}],
  "module": {"m": {"source": "./m", "settings": {"a": 1}}},
  "locals": {"env": "prod", "n": 3},
  "provider": {"aws": [{"region": "eu-west-1"}, {"alias": "us", "region": "us-east-1"}]},
  "data": {"aws_caller_identity": {"current": {}}},
  "terraform": {"required_providers": {"aws": {"source": "hashicorp/aws"}},
                "backend": {"s3": {"bucket": "b"}}},
  "resource": {"aws_lambda_function": {"f": {
    "dynamic": {"setting": {"for_each": "${var.s}", "content": {"name": "${setting.value}"}}},
    "provisioner": [{"local-exec": {"command": "echo"}}]
  }}}
}"#;
    let f = json(text);
    let v = only_block(&f.body, "variable");
    assert_eq!(v.labels, vec!["teams"]);
    assert_eq!(
        attr(&v.body, "type"),
        &Expr::Call(Box::new(Call {
            name: "list".into(),
            args: vec![var("string")],
            expand_final: false
        }))
    );
    assert_eq!(v.body.blocks_of("validation").count(), 1);
    let o = only_block(&f.body, "output");
    assert_eq!(o.labels, vec!["arn"]);
    assert_eq!(o.location.line, 5);
    let m = only_block(&f.body, "module");
    assert!(matches!(attr(&m.body, "settings"), Expr::Object(_)));
    let l = only_block(&f.body, "locals");
    assert_eq!(attr(&l.body, "env"), &s("prod"));
    assert_eq!(attr(&l.body, "n"), &Expr::Number(3.0));
    assert_eq!(l.location.line, 7);
    assert_eq!(l.location.column, 3);
    assert_eq!(f.body.blocks_of("provider").count(), 2);
    let d = only_block(&f.body, "data");
    assert_eq!(d.labels, vec!["aws_caller_identity", "current"]);
    let t = only_block(&f.body, "terraform");
    assert_eq!(only_block(&t.body, "backend").labels, vec!["s3"]);
    let rp = only_block(&t.body, "required_providers");
    assert!(matches!(attr(&rp.body, "aws"), Expr::Object(_)));
    let r = only_block(&f.body, "resource");
    let dynamic = only_block(&r.body, "dynamic");
    assert_eq!(dynamic.labels, vec!["setting"]);
    assert_eq!(attr(&dynamic.body, "for_each"), &get("var", &["s"]));
    let content = only_block(&dynamic.body, "content");
    assert_eq!(
        attr(&content.body, "name"),
        &Expr::Template(vec![interp(get("setting", &["value"]))])
    );
    assert_eq!(
        only_block(&r.body, "provisioner").labels,
        vec!["local-exec"]
    );
}

#[test]
fn json_errors_carry_serde_positions() {
    let err = parse_json("x.tf.json".into(), "{\n  \"resource\": {\n    \"a\": ,\n}")
        .err()
        .map(|e| (e.location.line, e.to_string()));
    let Some((line, msg)) = err else {
        panic!("accepted bad JSON")
    };
    assert_eq!(line, 3);
    assert!(msg.starts_with("x.tf.json:3:"), "{msg}");
    let err = parse_json("x.tf.json".into(), "{\"bogus\": {}}").err();
    assert!(err.is_some_and(|e| e.message.contains("unsupported block type")));
    let err = parse_json("x.tf.json".into(), "{\"locals\": {\"a\": \"${\"}}").err();
    assert!(err.is_some_and(|e| e.message.contains("invalid template")));
    assert!(parse_json("x.tf.json".into(), "[]").is_err());
    assert!(parse_json("x.tf.json".into(), "").is_err());
}

#[test]
fn json_strings_with_escapes_and_unicode_keep_positions() {
    let f = json("{\"locals\": {\"a\\\"b\": \"ü\\n\"},\n \"output\": {\"é\": {\"value\": 1}}}");
    let l = only_block(&f.body, "locals");
    assert_eq!(attr(&l.body, "a\"b"), &s("ü\n"));
    let o = only_block(&f.body, "output");
    assert_eq!(o.labels, vec!["é"]);
    assert_eq!((o.location.line, o.location.column), (2, 13));
}

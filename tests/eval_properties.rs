//! Properties of the expression evaluator over generated expressions: it never panics, it
//! is deterministic, unknowns never turn into known verdicts, and known structure (a
//! tuple's length, a `for`'s length) survives unknown elements.

use irready::terraform::Value;
use irready::terraform::ast::{BinaryOp, Expr, ForExpr, ObjectKey, TemplatePart, UnaryOp};
use irready::terraform::eval::{NoResolver, Scope, eval};
use proptest::prelude::*;

/// Scope with one known and one unknown variable of each useful kind.
fn scope() -> Scope {
    Scope::with(vec![
        ("n".into(), Value::Number(3.0)),
        ("s".into(), Value::String("SEV2".into())),
        ("b".into(), Value::Bool(true)),
        (
            "l".into(),
            Value::List(vec![Value::String("a".into()), Value::String("b".into())]),
        ),
        ("u".into(), Value::unknown("test unknown")),
    ])
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        Just(Expr::Null),
        any::<bool>().prop_map(Expr::Bool),
        (-1000i32..1000).prop_map(|n| Expr::Number(n as f64)),
        "[a-z]{0,6}".prop_map(Expr::String),
        prop_oneof![Just("n"), Just("s"), Just("b"), Just("l"), Just("u")]
            .prop_map(|v| Expr::Variable(v.to_string())),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(5, 64, 4, |inner| {
        let op = prop_oneof![
            Just(BinaryOp::Eq),
            Just(BinaryOp::NotEq),
            Just(BinaryOp::Lt),
            Just(BinaryOp::And),
            Just(BinaryOp::Or),
            Just(BinaryOp::Add),
            Just(BinaryOp::Mul),
            Just(BinaryOp::Div),
            Just(BinaryOp::Mod),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Expr::Tuple),
            prop::collection::vec(("[a-z]{1,4}", inner.clone()), 0..3).prop_map(|kv| Expr::Object(
                kv.into_iter()
                    .map(|(k, v)| (ObjectKey::Ident(k), v))
                    .collect()
            )),
            (op, inner.clone(), inner.clone()).prop_map(|(o, a, b)| Expr::Binary(
                o,
                Box::new(a),
                Box::new(b)
            )),
            inner
                .clone()
                .prop_map(|a| Expr::Unary(UnaryOp::Not, Box::new(a))),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(c, a, b)| Expr::Conditional(
                Box::new(c),
                Box::new(a),
                Box::new(b)
            )),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|parts| Expr::Template(
                parts
                    .into_iter()
                    .map(TemplatePart::Interpolation)
                    .chain([TemplatePart::Literal("-".into())])
                    .collect()
            )),
            (inner.clone(), inner.clone()).prop_map(|(coll, value)| Expr::For(Box::new(ForExpr {
                key_var: Some("k".into()),
                value_var: "v".into(),
                collection: coll,
                key: None,
                value,
                cond: None,
                grouping: false,
            }))),
        ]
    })
}

fn mentions_unknown(e: &Expr) -> bool {
    format!("{e:?}").contains("Variable(\"u\")")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn evaluation_never_panics_and_is_deterministic(e in expr()) {
        let a = eval(&e, &NoResolver, &mut scope());
        let b = eval(&e, &NoResolver, &mut scope());
        prop_assert_eq!(a, b);
    }

    #[test]
    fn without_unknown_inputs_results_are_wholly_known(e in expr()) {
        prop_assume!(!mentions_unknown(&e));
        if let Ok(v) = eval(&e, &NoResolver, &mut scope()) {
            prop_assert!(v.is_wholly_known(), "{:?} gave {}", e, v);
        }
    }

    #[test]
    fn a_tuple_has_its_length_even_with_unknown_elements(items in prop::collection::vec(expr(), 0..6)) {
        let e = Expr::Tuple(items.clone());
        if let Ok(v) = eval(&e, &NoResolver, &mut scope()) {
            prop_assert_eq!(v.as_list().map(|l| l.len()), Some(items.len()));
            prop_assert_eq!(v.is_empty(), Some(items.is_empty()));
        }
    }

    #[test]
    fn a_for_without_condition_keeps_the_collection_length(items in prop::collection::vec(leaf(), 0..6), body in expr()) {
        let e = Expr::For(Box::new(ForExpr {
            key_var: None,
            value_var: "v".into(),
            collection: Expr::Tuple(items.clone()),
            key: None,
            value: body,
            cond: None,
            grouping: false,
        }));
        if let Ok(v) = eval(&e, &NoResolver, &mut scope()) {
            prop_assert_eq!(v.as_list().map(|l| l.len()), Some(items.len()));
        }
    }

    #[test]
    fn a_known_condition_picks_exactly_one_branch(c in any::<bool>(), a in expr(), b in expr()) {
        let e = Expr::Conditional(Box::new(Expr::Bool(c)), Box::new(a.clone()), Box::new(b.clone()));
        let picked = if c { a } else { b };
        prop_assert_eq!(eval(&e, &NoResolver, &mut scope()), eval(&picked, &NoResolver, &mut scope()));
    }

    #[test]
    fn an_unknown_operand_never_gives_a_known_comparison(e in expr()) {
        let cmp = Expr::Binary(BinaryOp::Eq, Box::new(Expr::Variable("u".into())), Box::new(e));
        if let Ok(v) = eval(&cmp, &NoResolver, &mut scope()) {
            prop_assert!(v.is_unknown(), "{}", v);
        }
    }
}

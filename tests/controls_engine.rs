//! Control assertions over hand-built evaluated configurations: PASS, FAIL and SKIP for
//! each operator family, scopes, finding positions, built-in Rust checks, manual checks
//! and selection.

use irready::checks::{Check, CheckContext, CheckSettings, Verdict};
use irready::controls::{self, Catalog, Selection};
use irready::finding::{Finding, Severity, Status, sort_findings};
use irready::source::Location;
use irready::terraform::model::{ConfigBlock, EvalAttribute, EvalBlock, EvalBody};
use irready::terraform::{Configuration, Mode, Resource, Value};
use std::collections::BTreeMap;

fn at(line: u32, column: u32) -> Location {
    Location::new("main.tf".into(), line, column)
}

fn s(v: &str) -> Value {
    Value::String(v.to_string())
}

fn n(v: f64) -> Value {
    Value::Number(v)
}

fn list(items: Vec<Value>) -> Value {
    Value::List(items)
}

fn obj(items: &[(&str, Value)]) -> Value {
    Value::Object(
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

/// A body whose attribute number i (in the order given) sits on line `first_line + i`.
fn body(first_line: u32, attrs: &[(&str, Value)], blocks: Vec<EvalBlock>) -> EvalBody {
    EvalBody {
        attributes: attrs
            .iter()
            .enumerate()
            .map(|(i, (k, v))| {
                (
                    k.to_string(),
                    EvalAttribute {
                        value: v.clone(),
                        location: at(first_line + i as u32, 3),
                    },
                )
            })
            .collect(),
        blocks,
        unknown_blocks: Default::default(),
    }
}

fn block(kind: &str, line: u32, attrs: &[(&str, Value)]) -> EvalBlock {
    EvalBlock {
        kind: kind.to_string(),
        labels: Vec::new(),
        location: at(line, 3),
        body: body(line + 1, attrs, Vec::new()),
    }
}

fn resource(kind: &str, name: &str, line: u32, body: EvalBody) -> Resource {
    Resource {
        address: format!("{kind}.{name}"),
        mode: Mode::Managed,
        kind: kind.to_string(),
        name: name.to_string(),
        module_path: String::new(),
        location: at(line, 1),
        body,
        ignore_comments: Vec::new(),
        expansion_unknown: None,
    }
}

fn other(kind: &str, labels: &[&str], line: u32, body: EvalBody) -> ConfigBlock {
    ConfigBlock {
        kind: kind.to_string(),
        labels: labels.iter().map(|l| l.to_string()).collect(),
        module_path: String::new(),
        location: at(line, 1),
        body,
    }
}

fn config(resources: Vec<Resource>, other_blocks: Vec<ConfigBlock>) -> Configuration {
    let mut c = Configuration {
        root: ".".to_string(),
        resources,
        other_blocks,
        ..Default::default()
    };
    c.index();
    c
}

/// A catalog of one control whose checks are the given YAML (indented under `checks:`).
fn catalog(checks: &str) -> Catalog {
    let yaml = format!(
        "id: \"WAF-TST-001\"\ntitle: \"t\"\npillar: \"reliability\"\nseverity: \"medium\"\nchecks:\n{checks}"
    );
    match controls::load_str_with(&yaml, "c.yml".into(), &|id| {
        id.starts_with("rust.").then_some("terraform")
    }) {
        Ok(c) => Catalog { controls: vec![c] },
        Err(d) => panic!("{d:?}"),
    }
}

/// One check on `aws_x` resources with the given assertions.
fn check(assertions: &str) -> Catalog {
    catalog(&format!(
        "  - id: \"tst.check\"\n    engine: \"terraform\"\n    provider: \"any\"\n    scope:\n      block_type: \"resource\"\n      resource_types: [\"aws_x\"]\n    assertions:\n{assertions}"
    ))
}

fn run(catalog: &Catalog, config: &Configuration) -> Vec<Finding> {
    let mut f = controls::run_with(
        catalog,
        std::slice::from_ref(config),
        &CheckSettings::default(),
        &Selection::default(),
        &|_| None,
    );
    sort_findings(&mut f);
    f
}

/// The one finding of a single-check catalog on a single `aws_x.r` resource.
fn verdict(assertions: &str, attrs: &[(&str, Value)]) -> Finding {
    verdict_with(assertions, attrs, Vec::new(), Vec::new())
}

fn verdict_with(
    assertions: &str,
    attrs: &[(&str, Value)],
    blocks: Vec<EvalBlock>,
    extra: Vec<Resource>,
) -> Finding {
    let mut resources = vec![resource("aws_x", "r", 10, body(11, attrs, blocks))];
    resources.extend(extra);
    let f = run(&check(assertions), &config(resources, Vec::new()));
    let mine: Vec<Finding> = f.into_iter().filter(|f| f.resource == "aws_x.r").collect();
    assert_eq!(mine.len(), 1, "{mine:#?}");
    mine.into_iter().next().unwrap_or_else(|| unreachable!())
}

fn status(assertions: &str, attrs: &[(&str, Value)]) -> (Status, String) {
    let f = verdict(assertions, attrs);
    (f.status, f.message)
}

const NOT_EMPTY: &str = "      - attribute: \"alarm_actions\"\n        op: \"not_empty\"\n";

#[test]
fn not_empty_and_attribute_exists() {
    let r = Value::reference("aws_sns_topic.t", vec!["arn".into()]);
    assert_eq!(
        status(NOT_EMPTY, &[("alarm_actions", list(vec![r]))]).0,
        Status::Pass
    );
    let unknown_items = list(vec![Value::unknown(
        "data.aws_sns_topic.x is read at apply time",
    )]);
    assert_eq!(
        status(NOT_EMPTY, &[("alarm_actions", unknown_items)]).0,
        Status::Pass
    );
    let f = verdict(NOT_EMPTY, &[("alarm_actions", list(vec![]))]);
    assert_eq!(
        (f.status, f.message.as_str()),
        (Status::Fail, "Attribute 'alarm_actions' is empty.")
    );
    assert_eq!(
        (f.line, f.column),
        (11, 3),
        "points at the attribute at fault"
    );
    let f = verdict(NOT_EMPTY, &[]);
    assert_eq!(
        (f.status, f.line, f.column),
        (Status::Fail, 10, 1),
        "absent: points at the block"
    );
    assert_eq!(f.message, "Attribute 'alarm_actions' is missing.");
    let f = verdict(
        NOT_EMPTY,
        &[("alarm_actions", Value::unknown("var.topics has no value"))],
    );
    assert_eq!(f.status, Status::Skip);
    assert_eq!(f.message, "UNKNOWN: alarm_actions: var.topics has no value");
    let exists = "      - attribute: \"kms_key_id\"\n        op: \"attribute_exists\"\n        message: \"needs a key\"\n";
    assert_eq!(status(exists, &[("kms_key_id", s("k"))]).0, Status::Pass);
    assert_eq!(
        status(exists, &[("kms_key_id", Value::Null)]),
        (Status::Fail, "needs a key".into())
    );
    let fallback = "      - attribute: \"location\"\n        op: \"attribute_exists_or_fallback\"\n        fallback_attribute: \"region\"\n";
    assert_eq!(status(fallback, &[("region", s("eu"))]).0, Status::Pass);
    assert_eq!(status(fallback, &[]).0, Status::Fail);
}

#[test]
fn failing_assertions_are_joined_and_skips_only_when_nothing_fails() {
    let two = format!(
        "{NOT_EMPTY}      - attribute: \"ok_actions\"\n        op: \"not_empty\"\n        message: \"no ok_actions\"\n"
    );
    let f = verdict(&two, &[("alarm_actions", list(vec![]))]);
    assert_eq!(
        f.message,
        "Attribute 'alarm_actions' is empty.; no ok_actions"
    );
    let f = verdict(
        &two,
        &[
            ("alarm_actions", Value::unknown("u")),
            ("ok_actions", list(vec![s("a")])),
        ],
    );
    assert_eq!(f.status, Status::Skip);
    let f = verdict(&two, &[("alarm_actions", Value::unknown("u"))]);
    assert_eq!(
        (f.status, f.message.as_str()),
        (Status::Fail, "no ok_actions")
    );
}

#[test]
fn comparisons() {
    let eq = "      - attribute: \"retention\"\n        op: \"equals\"\n        expected: 30\n";
    assert_eq!(status(eq, &[("retention", n(30.0))]).0, Status::Pass);
    assert_eq!(
        status(eq, &[("retention", n(7.0))]),
        (Status::Fail, "'retention' is '7', expected '30'.".into())
    );
    assert_eq!(
        status(eq, &[]),
        (Status::Fail, "Attribute 'retention' not found.".into())
    );
    let ne = "      - attribute: \"mode\"\n        op: \"not_equals\"\n        value: \"off\"\n";
    assert_eq!(status(ne, &[("mode", s("on"))]).0, Status::Pass);
    assert_eq!(status(ne, &[("mode", s("off"))]).0, Status::Fail);
    let r = Value::reference("aws_kms_key.k", vec!["arn".into()]);
    let (st, msg) = status(ne, &[("mode", r)]);
    assert_eq!(st, Status::Skip);
    assert_eq!(
        msg,
        "UNKNOWN: mode: aws_kms_key.k.arn is computed by the provider"
    );
    let gte =
        "      - attribute: \"days\"\n        op: \"greater_than_or_equal\"\n        value: 365\n";
    assert_eq!(status(gte, &[("days", n(400.0))]).0, Status::Pass);
    assert_eq!(
        status(gte, &[("days", s("400"))]).0,
        Status::Pass,
        "numeric strings compare"
    );
    assert_eq!(
        status(gte, &[("days", n(30.0))]),
        (Status::Fail, "'days' is 30, must be >= 365.".into())
    );
    assert_eq!(
        status(gte, &[("days", Value::unknown("u"))]).0,
        Status::Skip
    );
    let lte =
        "      - attribute: \"days\"\n        op: \"less_than_or_equal\"\n        value: 15\n";
    assert_eq!(status(lte, &[("days", n(15.0))]).0, Status::Pass);
    assert_eq!(status(lte, &[("days", s("soon"))]).0, Status::Fail);
    let within = "      - attribute: \"unit\"\n        op: \"in\"\n        values: [\"MONTHLY\", \"QUARTERLY\"]\n";
    assert_eq!(status(within, &[("unit", s("MONTHLY"))]).0, Status::Pass);
    assert_eq!(status(within, &[("unit", s("DAILY"))]).0, Status::Fail);
    let outside =
        "      - attribute: \"unit\"\n        op: \"not_in\"\n        values: [\"DAILY\"]\n";
    assert_eq!(status(outside, &[("unit", s("MONTHLY"))]).0, Status::Pass);
    assert_eq!(status(outside, &[("unit", s("DAILY"))]).0, Status::Fail);
    let yes = "      - attribute: \"enabled\"\n        op: \"is_true\"\n";
    assert_eq!(
        status(yes, &[("enabled", Value::Bool(true))]).0,
        Status::Pass
    );
    assert_eq!(status(yes, &[("enabled", s("true"))]).0, Status::Pass);
    assert_eq!(
        status(yes, &[("enabled", Value::Bool(false))]).0,
        Status::Fail
    );
    let no = "      - attribute: \"public\"\n        op: \"is_false\"\n";
    assert_eq!(
        status(no, &[("public", Value::Bool(false))]).0,
        Status::Pass
    );
    assert_eq!(status(no, &[]).0, Status::Fail);
}

#[test]
fn patterns_and_contains() {
    let m = "      - attribute: \"alarm_description\"\n        op: \"matches\"\n        pattern: \"SEV[1-4]\"\n";
    assert_eq!(
        status(m, &[("alarm_description", s("SEV2: api"))]).0,
        Status::Pass
    );
    assert_eq!(
        status(m, &[("alarm_description", s("api"))]).0,
        Status::Fail
    );
    assert_eq!(
        status(m, &[("alarm_description", Value::unknown("u"))]).0,
        Status::Skip
    );
    let nm = "      - attribute: \"source\"\n        op: \"not_matches\"\n        pattern: \"^github\\\\.com/(?!hashicorp/)\"\n";
    assert_eq!(
        status(nm, &[("source", s("github.com/hashicorp/x"))]).0,
        Status::Pass,
        "look-ahead works"
    );
    assert_eq!(
        status(nm, &[("source", s("github.com/evil/x"))]).0,
        Status::Fail
    );
    let nc = "      - attribute: \"egress.cidr_blocks\"\n        op: \"not_contains\"\n        expected: \"0.0.0.0/0\"\n";
    let egress = |cidr: &str| vec![block("egress", 20, &[("cidr_blocks", list(vec![s(cidr)]))])];
    assert_eq!(
        verdict_with(nc, &[], egress("10.0.0.0/8"), vec![]).status,
        Status::Pass
    );
    let f = verdict_with(nc, &[], egress("0.0.0.0/0"), vec![]);
    assert_eq!(
        (f.status, f.line),
        (Status::Fail, 21),
        "nested block attribute position"
    );
    let key = "      - attribute: \"tags\"\n        op: \"key_exists\"\n        key: \"owner\"\n";
    assert_eq!(
        status(key, &[("tags", obj(&[("owner", s("sre"))]))]).0,
        Status::Pass
    );
    assert_eq!(
        status(key, &[("tags", obj(&[]))]),
        (Status::Fail, "Key 'owner' not found in 'tags'.".into())
    );
    assert_eq!(
        status(key, &[("tags", Value::unknown("merge() of a data source"))]).0,
        Status::Skip
    );
    let json = "      - attribute: \"policy\"\n        op: \"json_not_contains_pattern\"\n        pattern: '\"Action\":\\s*\"\\*\"'\n";
    assert_eq!(
        status(json, &[("policy", s(r#"{"Statement":[{"Action":"*"}]}"#))]).0,
        Status::Fail
    );
    assert_eq!(
        status(
            json,
            &[("policy", s(r#"{"Statement":[{"Action":"s3:Get*"}]}"#))]
        )
        .0,
        Status::Pass
    );
    let as_object = obj(&[("Action", s("*"))]);
    assert_eq!(
        status(json, &[("policy", as_object)]).0,
        Status::Fail,
        "objects are compared as compact JSON"
    );
    assert_eq!(
        status(json, &[("policy", Value::unknown("u"))]).0,
        Status::Skip
    );
}

#[test]
fn block_exists_looks_for_the_named_block() {
    let b = "      - attribute: \"validation\"\n        op: \"block_exists\"\n";
    assert_eq!(
        verdict_with(b, &[], vec![block("validation", 12, &[])], vec![]).status,
        Status::Pass
    );
    assert_eq!(verdict_with(b, &[], vec![], vec![]).status, Status::Fail);
    let bare = "      - op: \"block_exists\"\n";
    assert_eq!(verdict_with(bare, &[], vec![], vec![]).status, Status::Pass);
}

#[test]
fn combined_conditions() {
    let natw = "      - attribute: \"egress\"\n        op: \"not_all_true_with\"\n        conditions:\n          - attribute: \"from_port\"\n            op: \"equals\"\n            expected: 0\n          - attribute: \"cidr_block\"\n            op: \"equals\"\n            expected: \"0.0.0.0/0\"\n";
    let open = [
        ("egress", Value::Bool(true)),
        ("from_port", n(0.0)),
        ("cidr_block", s("0.0.0.0/0")),
    ];
    assert_eq!(status(natw, &open).0, Status::Fail);
    assert_eq!(
        status(
            natw,
            &[
                ("egress", Value::Bool(true)),
                ("from_port", n(443.0)),
                ("cidr_block", s("0.0.0.0/0"))
            ]
        )
        .0,
        Status::Pass
    );
    assert_eq!(
        status(natw, &[("egress", Value::Bool(false))]).0,
        Status::Pass
    );
    assert_eq!(
        status(
            natw,
            &[
                ("egress", Value::Bool(true)),
                ("from_port", n(0.0)),
                ("cidr_block", Value::unknown("u"))
            ]
        )
        .0,
        Status::Skip
    );
    let sib = "      - attribute: \"direction\"\n        op: \"not_equals_with_sibling\"\n        value: \"Outbound\"\n        sibling_condition:\n          attribute: \"destination_address_prefix\"\n          op: \"equals\"\n          expected: \"*\"\n";
    assert_eq!(
        status(
            sib,
            &[
                ("direction", s("Outbound")),
                ("destination_address_prefix", s("*"))
            ]
        )
        .0,
        Status::Fail
    );
    assert_eq!(
        status(
            sib,
            &[
                ("direction", s("Outbound")),
                ("destination_address_prefix", s("10.0.0.0/8"))
            ]
        )
        .0,
        Status::Pass
    );
    assert_eq!(
        status(
            sib,
            &[
                ("direction", s("Inbound")),
                ("destination_address_prefix", s("*"))
            ]
        )
        .0,
        Status::Pass
    );
}

#[test]
fn cross_resource_operators_look_through_the_configuration() {
    let assoc = "      - attribute: \"id\"\n        op: \"has_associated_resource\"\n        associated_resource_type: \"aws_flow_log\"\n        associated_attribute: \"vpc_id\"\n";
    let by_ref = |v: Value| resource("aws_flow_log", "f", 40, body(41, &[("vpc_id", v)], vec![]));
    let to_me = Value::reference("aws_x.r", vec!["id".into()]);
    assert_eq!(
        verdict_with(assoc, &[], vec![], vec![by_ref(to_me)]).status,
        Status::Pass
    );
    let elsewhere = Value::reference("aws_x.other", vec!["id".into()]);
    assert_eq!(
        verdict_with(assoc, &[], vec![], vec![by_ref(elsewhere)]).status,
        Status::Fail
    );
    assert_eq!(
        verdict_with(
            assoc,
            &[("id", s("vpc-1"))],
            vec![],
            vec![by_ref(s("vpc-1"))]
        )
        .status,
        Status::Pass,
        "equal known values"
    );
    assert_eq!(
        verdict_with(assoc, &[], vec![], vec![by_ref(Value::unknown("data"))]).status,
        Status::Skip
    );
    assert_eq!(
        verdict_with(assoc, &[], vec![], vec![]).status,
        Status::Fail
    );

    let metric = "      - attribute: \"metric_name\"\n        op: \"has_associated_metric_filter\"\n        filter_pattern: \"{$.userIdentity.type = Root}\"\n";
    let filter = |name: &str| {
        resource(
            "aws_cloudwatch_log_metric_filter",
            "root",
            50,
            body(
                51,
                &[(
                    "pattern",
                    s("{ $.userIdentity.type = Root && $.eventType != AwsServiceEvent }"),
                )],
                vec![block("metric_transformation", 53, &[("name", s(name))])],
            ),
        )
    };
    assert_eq!(
        verdict_with(
            metric,
            &[("metric_name", s("RootUsage"))],
            vec![],
            vec![filter("RootUsage")]
        )
        .status,
        Status::Pass
    );
    assert_eq!(
        verdict_with(
            metric,
            &[("metric_name", s("RootUsage"))],
            vec![],
            vec![filter("Other")]
        )
        .status,
        Status::Fail
    );

    let trail_bucket =
        "      - attribute: \"bucket\"\n        op: \"references_cloudtrail_bucket\"\n";
    let bucket = resource(
        "aws_s3_bucket",
        "trail",
        60,
        body(61, &[("bucket", s("org-trail"))], vec![]),
    );
    let trail = resource(
        "aws_cloudtrail",
        "t",
        70,
        body(
            71,
            &[(
                "s3_bucket_name",
                Value::reference("aws_s3_bucket.trail", vec!["id".into()]),
            )],
            vec![],
        ),
    );
    assert_eq!(
        verdict_with(
            trail_bucket,
            &[("bucket", s("org-trail"))],
            vec![],
            vec![bucket.clone(), trail.clone()]
        )
        .status,
        Status::Pass
    );
    assert_eq!(
        verdict_with(
            trail_bucket,
            &[("bucket", s("logs"))],
            vec![],
            vec![bucket, trail]
        )
        .status,
        Status::Fail
    );
}

#[test]
fn variable_operators_read_the_root_module_variables() {
    let iv = "      - attribute: \"location\"\n        op: \"in_variable\"\n        variable: \"var.allowed\"\n";
    let var_block = |default: Option<Value>| {
        let attrs: Vec<(&str, Value)> = default.into_iter().map(|d| ("default", d)).collect();
        other("variable", &["allowed"], 1, body(2, &attrs, vec![]))
    };
    let run_one = |attrs: &[(&str, Value)], vars: Vec<ConfigBlock>, resolved: Option<Value>| {
        let mut c = config(
            vec![resource("aws_x", "r", 10, body(11, attrs, vec![]))],
            vars,
        );
        if let Some(v) = resolved {
            c.variables = BTreeMap::from([("allowed".to_string(), v)]);
        }
        let f = run(&check(iv), &c);
        (f[0].status, f[0].message.clone())
    };
    let eu = Some(list(vec![s("germanywestcentral")]));
    assert_eq!(
        run_one(
            &[("location", s("germanywestcentral"))],
            vec![var_block(eu.clone())],
            None
        )
        .0,
        Status::Pass
    );
    assert_eq!(
        run_one(
            &[("location", s("eastus"))],
            vec![var_block(eu.clone())],
            None
        )
        .0,
        Status::Fail
    );
    assert_eq!(
        run_one(
            &[("location", s("eastus"))],
            vec![var_block(eu)],
            Some(list(vec![s("eastus")]))
        )
        .0,
        Status::Pass,
        "resolved value wins"
    );
    assert_eq!(
        run_one(&[("location", s("eastus"))], vec![var_block(None)], None),
        (
            Status::Skip,
            "UNKNOWN: var.allowed: var.allowed has no value".into()
        )
    );
    assert_eq!(
        run_one(&[("location", s("eastus"))], vec![], None).0,
        Status::Skip
    );

    let arn = "      - attribute: \"rule.copy_action.destination_vault_arn\"\n        op: \"region_in_arn_matches\"\n        allowed_values_variable: \"var.allowed\"\n";
    let mut c = config(
        vec![resource(
            "aws_x",
            "r",
            10,
            body(
                11,
                &[],
                vec![EvalBlock {
                    kind: "rule".into(),
                    labels: vec![],
                    location: at(12, 3),
                    body: body(
                        13,
                        &[],
                        vec![block(
                            "copy_action",
                            14,
                            &[(
                                "destination_vault_arn",
                                s("arn:aws:backup:us-east-1:1:backup-vault:x"),
                            )],
                        )],
                    ),
                }],
            ),
        )],
        vec![var_block(Some(list(vec![s("eu-central-1")])))],
    );
    assert_eq!(run(&check(arn), &c)[0].status, Status::Fail);
    c.variables
        .insert("allowed".into(), list(vec![s("us-east-1")]));
    assert_eq!(run(&check(arn), &c)[0].status, Status::Pass);
}

#[test]
fn scopes_select_blocks() {
    let provider_check = catalog(
        "  - id: \"tst.region\"\n    engine: \"terraform\"\n    provider: \"aws\"\n    scope:\n      block_type: \"provider\"\n      provider_name: \"aws\"\n    assertions:\n      - attribute: \"region\"\n        op: \"attribute_exists\"\n",
    );
    let c = config(
        vec![],
        vec![
            other("provider", &["aws"], 1, body(2, &[], vec![])),
            other("provider", &["google"], 5, body(6, &[], vec![])),
        ],
    );
    let f = run(&provider_check, &c);
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].resource.as_str(), f[0].status),
        ("provider.aws", Status::Fail)
    );

    let variables = catalog(
        "  - id: \"tst.validation\"\n    engine: \"terraform\"\n    provider: \"any\"\n    scope:\n      block_type: \"variable\"\n      name_pattern: \"(region|location)\"\n    assertions:\n      - attribute: \"validation\"\n        op: \"block_exists\"\n",
    );
    let c = config(
        vec![],
        vec![
            other(
                "variable",
                &["aws_region"],
                1,
                body(2, &[], vec![block("validation", 3, &[])]),
            ),
            other("variable", &["name"], 9, body(10, &[], vec![])),
        ],
    );
    let f = run(&variables, &c);
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].resource.as_str(), f[0].status),
        ("variable.aws_region", Status::Pass)
    );

    let any = catalog(
        "  - id: \"tst.any\"\n    engine: \"terraform\"\n    provider: \"any\"\n    scope:\n      block_type: \"any\"\n    assertions:\n      - attribute: \"region\"\n        op: \"not_matches\"\n        pattern: \"^us-\"\n",
    );
    let c = config(
        vec![
            resource(
                "aws_x",
                "r",
                10,
                body(11, &[("region", s("us-east-1"))], vec![]),
            ),
            resource("aws_x", "quiet", 20, body(21, &[], vec![])),
        ],
        vec![other(
            "provider",
            &["aws"],
            1,
            body(2, &[("region", s("eu-central-1"))], vec![]),
        )],
    );
    let f = run(&any, &c);
    let got: Vec<(&str, Status)> = f.iter().map(|f| (f.resource.as_str(), f.status)).collect();
    assert_eq!(
        got,
        [("provider.aws", Status::Pass), ("aws_x.r", Status::Fail)]
    );

    let pinned = catalog(
        "  - id: \"tst.pins\"\n    engine: \"terraform\"\n    provider: \"any\"\n    scope:\n      block_type: \"terraform\"\n      sub_block: \"required_providers\"\n    assertions:\n      - attribute: \"version\"\n        op: \"attribute_exists_on_all_providers\"\n      - attribute: \"version\"\n        op: \"not_matches\"\n        pattern: \"^>= 0\\\\.0\\\\.0$\"\n",
    );
    let tf = |aws_version: Option<&str>| {
        let mut aws = vec![("source", s("hashicorp/aws"))];
        if let Some(v) = aws_version {
            aws.push(("version", s(v)));
        }
        let rp = EvalBlock {
            kind: "required_providers".into(),
            labels: vec![],
            location: at(2, 3),
            body: body(3, &[("aws", obj(&aws))], vec![]),
        };
        config(
            vec![],
            vec![other("terraform", &[], 1, body(2, &[], vec![rp]))],
        )
    };
    assert_eq!(run(&pinned, &tf(Some("~> 5.0")))[0].status, Status::Pass);
    assert_eq!(run(&pinned, &tf(Some(">= 0.0.0")))[0].status, Status::Fail);
    assert_eq!(run(&pinned, &tf(None))[0].status, Status::Fail);

    let modules = catalog(
        "  - id: \"tst.module-version\"\n    engine: \"terraform\"\n    provider: \"any\"\n    scope:\n      block_type: \"module\"\n    assertions:\n      - attribute: \"version\"\n        op: \"attribute_exists_if\"\n        condition: \"source_starts_with_registry\"\n",
    );
    let module = |source: &str| {
        config(
            vec![],
            vec![other(
                "module",
                &["m"],
                1,
                body(2, &[("source", s(source))], vec![]),
            )],
        )
    };
    assert_eq!(
        run(&modules, &module("terraform-aws-modules/vpc/aws"))[0].status,
        Status::Fail
    );
    assert_eq!(
        run(&modules, &module("./modules/vpc"))[0].status,
        Status::Pass
    );
    assert_eq!(
        run(
            &modules,
            &module("git::https://example.com/vpc.git?ref=v1.0.0")
        )[0]
        .status,
        Status::Pass
    );
}

#[test]
fn scope_filter_and_provider_presence() {
    let filtered = catalog(
        "  - id: \"tst.cdn\"\n    engine: \"terraform\"\n    provider: \"google\"\n    scope:\n      block_type: \"resource\"\n      resource_types: [\"aws_x\"]\n      filter:\n        attribute: \"scheme\"\n        op: \"equals\"\n        value: \"EXTERNAL\"\n    assertions:\n      - attribute: \"enable_cdn\"\n        op: \"is_true\"\n",
    );
    let c = config(
        vec![
            resource(
                "aws_x",
                "ext",
                1,
                body(2, &[("scheme", s("EXTERNAL"))], vec![]),
            ),
            resource(
                "aws_x",
                "int",
                5,
                body(6, &[("scheme", s("INTERNAL"))], vec![]),
            ),
        ],
        vec![],
    );
    let f = run(&filtered, &c);
    assert_eq!(
        f.iter().map(|f| f.resource.as_str()).collect::<Vec<_>>(),
        ["aws_x.ext"],
        "no provider blocks: the check runs"
    );
    let with_aws_only = config(
        c.resources.clone(),
        vec![other("provider", &["aws"], 20, body(21, &[], vec![]))],
    );
    assert!(
        run(&filtered, &with_aws_only).is_empty(),
        "google check, aws-only configuration"
    );
}

#[test]
fn findings_carry_control_check_and_root() {
    let f = verdict(NOT_EMPTY, &[]);
    assert_eq!(f.check_id, "tst.check");
    assert_eq!(f.control_id, "WAF-TST-001");
    assert_eq!(f.pillar, "reliability");
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.root, ".");
    assert_eq!(f.file, "main.tf");
}

struct AlwaysFails;

impl Check for AlwaysFails {
    fn id(&self) -> &'static str {
        "rust.check"
    }
    fn run(&self, cx: &CheckContext<'_>) -> Vec<Verdict> {
        cx.config
            .resources
            .iter()
            .map(|r| Verdict {
                root: None,
                status: Status::Fail,
                resource: r.address.clone(),
                message: format!("{} levels configured", cx.settings.severity_levels.len()),
                location: r.location.clone(),
            })
            .collect()
    }
}

static ALWAYS_FAILS: AlwaysFails = AlwaysFails;

#[test]
fn builtin_checks_run_through_the_registry_and_manual_checks_skip() {
    let cat = catalog(
        "  - id: \"rust.check\"\n    engine: \"terraform\"\n    implementation: \"builtin\"\n    severity: \"critical\"\n    title: \"From Rust\"\n    remediation: \"Fix it.\"\n  - id: \"tst.manual\"\n    engine: \"manual\"\n    title: \"Plan reviewed\"\n",
    );
    let c = config(
        vec![resource("aws_x", "r", 3, body(4, &[], vec![]))],
        vec![],
    );
    let lookup = |id: &str| -> Option<&dyn Check> {
        (id == "rust.check").then_some(&ALWAYS_FAILS as &dyn Check)
    };
    let mut f = controls::run_with(
        &cat,
        &[
            c.clone(),
            Configuration {
                root: "envs/prod".into(),
                ..c.clone()
            },
        ],
        &CheckSettings::default(),
        &Selection::default(),
        &lookup,
    );
    sort_findings(&mut f);
    let rust: Vec<&Finding> = f.iter().filter(|f| f.check_id == "rust.check").collect();
    assert_eq!(rust.len(), 2, "one per configuration");
    assert_eq!(rust[0].status, Status::Fail);
    assert_eq!(rust[0].message, "4 levels configured");
    assert_eq!(rust[0].check_title, "From Rust");
    assert_eq!(rust[0].severity, Severity::Critical);
    assert_eq!(rust[0].remediation, "Fix it.");
    let roots: Vec<&str> = rust.iter().map(|f| f.root.as_str()).collect();
    assert!(roots.contains(&".") && roots.contains(&"envs/prod"));
    let manual: Vec<&Finding> = f.iter().filter(|f| f.check_id == "tst.manual").collect();
    assert_eq!(manual.len(), 1, "once, not per configuration");
    assert_eq!(manual[0].status, Status::Skip);
    assert_eq!(manual[0].resource, "WAF-TST-001");
    assert!(manual[0].message.starts_with("manual check"));
    assert_eq!((manual[0].file.as_str(), manual[0].line), ("c.yml", 12));

    let missing = controls::run_with(
        &cat,
        std::slice::from_ref(&c),
        &CheckSettings::default(),
        &Selection::default(),
        &|_| None,
    );
    let skip = missing
        .iter()
        .find(|f| f.check_id == "rust.check")
        .map(|f| f.status);
    assert_eq!(
        skip,
        Some(Status::Skip),
        "a builtin check missing from the build is SKIP, not PASS"
    );
}

#[test]
fn selection_filters_controls_checks_and_severity() {
    let cat = catalog(
        "  - id: \"waf.tf.a\"\n    engine: \"manual\"\n    severity: \"low\"\n  - id: \"waf.ir.b\"\n    engine: \"manual\"\n    severity: \"high\"\n",
    );
    let ids = |sel: Selection| -> Vec<String> {
        let mut f = controls::run_with(&cat, &[], &CheckSettings::default(), &sel, &|_| None);
        sort_findings(&mut f);
        f.into_iter().map(|f| f.check_id).collect()
    };
    let sel = |c: Option<Vec<String>>, checks: &[&str], skip: &[&str], sev| {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Selection::new(c, &v(checks), &v(skip), sev).unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(ids(Selection::default()).len(), 2);
    assert_eq!(ids(sel(None, &["waf.tf.*"], &[], None)), ["waf.tf.a"]);
    assert_eq!(ids(sel(None, &[], &["WAF.IR.*"], None)), ["waf.tf.a"]);
    assert_eq!(
        ids(sel(None, &[], &[], Some(Severity::Medium))),
        ["waf.ir.b"]
    );
    assert!(ids(sel(Some(vec!["WAF-OTHER".into()]), &[], &[], None)).is_empty());
    assert_eq!(
        ids(sel(Some(vec!["waf-tst-001".into()]), &[], &[], None)).len(),
        2
    );
    assert!(Selection::new(None, &["[".into()], &[], None).is_err());
}

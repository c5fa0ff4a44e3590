//! The evaluator, feature by feature (SPEC §3): each test writes a small Terraform tree,
//! evaluates it as `irready check` would, and pins the values the checks will see.

use irready::terraform::module::{LoadOptions, evaluate_tree};
use irready::terraform::{Configuration, Value};

/// Writes `files` (path, content) under a fresh directory and evaluates it.
fn evaluate(files: &[(&str, &str)]) -> (Vec<Configuration>, Vec<String>) {
    evaluate_with(files, &[])
}

fn evaluate_with(files: &[(&str, &str)], var_files: &[&str]) -> (Vec<Configuration>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let options = LoadOptions {
        var_files: var_files.iter().map(|f| dir.path().join(f)).collect(),
        workspace: None,
    };
    let (configs, diags) = evaluate_tree(dir.path(), &options);
    (configs, diags.iter().map(|d| d.to_string()).collect())
}

fn only_root(configs: &[Configuration]) -> &Configuration {
    assert_eq!(
        configs.len(),
        1,
        "roots: {:?}",
        configs.iter().map(|c| &c.root).collect::<Vec<_>>()
    );
    &configs[0]
}

fn attr<'a>(c: &'a Configuration, address: &str, name: &str) -> &'a Value {
    let r = c.resource(address).unwrap_or_else(|| {
        panic!(
            "no {address}; have {:?}",
            c.by_address.keys().collect::<Vec<_>>()
        )
    });
    &r.body
        .get(name)
        .unwrap_or_else(|| panic!("{address} has no {name}"))
        .value
}

fn s(v: &str) -> Value {
    Value::String(v.into())
}

#[test]
fn variables_take_defaults_then_tfvars_then_auto_tfvars_then_var_files() {
    let (configs, diags) = evaluate_with(
        &[
            (
                "main.tf",
                r#"
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
resource "aws_sns_topic" "t" {
  name = "${var.a}/${var.b}/${var.c}/${var.d}"
}
"#,
            ),
            (
                "terraform.tfvars",
                "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\n",
            ),
            ("x.auto.tfvars", "c = \"auto\"\nd = \"auto\"\n"),
            ("extra.tfvars", "d = \"var-file\"\n"),
        ],
        &["extra.tfvars"],
    );
    assert!(diags.is_empty(), "{diags:?}");
    let c = only_root(&configs);
    assert_eq!(
        attr(c, "aws_sns_topic.t", "name"),
        &s("default/tfvars/auto/var-file")
    );
}

#[test]
fn a_variable_without_value_is_unknown_with_the_reason() {
    let (configs, _) = evaluate(&[(
        "main.tf",
        r#"
variable "topic" {}
resource "aws_cloudwatch_metric_alarm" "a" {
  alarm_actions = [var.topic]
  ok_actions    = var.topic
}
"#,
    )]);
    let c = only_root(&configs);
    let actions = attr(c, "aws_cloudwatch_metric_alarm.a", "alarm_actions");
    // Known length, unknown element.
    assert_eq!(actions.is_empty(), Some(false));
    let ok = attr(c, "aws_cloudwatch_metric_alarm.a", "ok_actions");
    assert!(
        ok.unknown_reason()
            .unwrap()
            .contains("var.topic has no value"),
        "{ok}"
    );
}

#[test]
fn locals_evaluate_in_any_order_and_cycles_are_unknown() {
    let (configs, _) = evaluate(&[(
        "main.tf",
        r#"
resource "aws_sns_topic" "t" {
  name         = local.full
  display_name = local.loop_a
}
locals {
  full   = "${local.prefix}-oncall"
  loop_a = local.loop_b
  loop_b = local.loop_a
}
locals { prefix = "prod" }
"#,
    )]);
    let c = only_root(&configs);
    assert_eq!(attr(c, "aws_sns_topic.t", "name"), &s("prod-oncall"));
    assert!(attr(c, "aws_sns_topic.t", "display_name").is_unknown());
}

#[test]
fn count_gives_indexed_instances_and_zero_gives_none() {
    let (configs, _) = evaluate(&[(
        "main.tf",
        r#"
variable "create" { default = false }
resource "aws_sns_topic" "t" {
  count = 3
  name  = "topic-${count.index}"
}
resource "aws_cloudwatch_metric_alarm" "never" {
  count = var.create ? 1 : 0
}
"#,
    )]);
    let c = only_root(&configs);
    assert_eq!(attr(c, "aws_sns_topic.t[2]", "name"), &s("topic-2"));
    assert!(c.resources.iter().all(|r| !r.address.contains("never")));
    assert_eq!(c.resources.len(), 3);
}

#[test]
fn for_each_over_a_map_and_a_set_gives_keyed_instances() {
    let (configs, _) = evaluate(&[(
        "main.tf",
        r#"
resource "aws_sns_topic" "by_map" {
  for_each = { payments = "SEV1", search = "SEV3" }
  name     = "${each.key}-${each.value}"
}
resource "aws_sns_topic" "by_set" {
  for_each = toset(["b", "a", "a"])
  name     = each.value
}
"#,
    )]);
    let c = only_root(&configs);
    assert_eq!(
        attr(c, "aws_sns_topic.by_map[\"payments\"]", "name"),
        &s("payments-SEV1")
    );
    assert_eq!(
        attr(c, "aws_sns_topic.by_map[\"search\"]", "name"),
        &s("search-SEV3")
    );
    assert_eq!(attr(c, "aws_sns_topic.by_set[\"a\"]", "name"), &s("a"));
    assert_eq!(c.resources.len(), 4);
}

#[test]
fn unknown_count_gives_one_stand_in_instance_marked_unknown() {
    let (configs, _) = evaluate(&[(
        "main.tf",
        r#"
variable "n" {}
resource "aws_cloudwatch_metric_alarm" "a" { count = var.n }
"#,
    )]);
    let c = only_root(&configs);
    let r = c.resource("aws_cloudwatch_metric_alarm.a[*]").unwrap();
    assert!(
        r.expansion_unknown
            .as_deref()
            .unwrap()
            .contains("count is unknown")
    );
}

#[test]
fn local_modules_are_instantiated_per_call_with_their_inputs_and_defaults() {
    let (configs, diags) = evaluate(&[
        (
            "envs/prod/main.tf",
            r#"
resource "aws_sns_topic" "oncall" { name = "oncall" }
module "with_actions" {
  source    = "../../modules/alarm"
  name      = "api"
  topic_arn = aws_sns_topic.oncall.arn
}
module "without_actions" {
  source    = "../../modules/alarm"
  name      = "batch"
  topic_arn = null
}
"#,
        ),
        (
            "modules/alarm/main.tf",
            r#"
variable "name" { type = string }
variable "topic_arn" {
  type    = string
  default = null
}
variable "severity" { default = "SEV3" }
resource "aws_cloudwatch_metric_alarm" "this" {
  alarm_name    = "${var.name}-${var.severity}"
  alarm_actions = var.topic_arn == null ? [] : [var.topic_arn]
}
"#,
        ),
    ]);
    assert!(diags.is_empty(), "{diags:?}");
    // The module folder is not a root: only envs/prod is.
    let c = only_root(&configs);
    assert_eq!(c.root, "envs/prod");
    let with = "module.with_actions.aws_cloudwatch_metric_alarm.this";
    let without = "module.without_actions.aws_cloudwatch_metric_alarm.this";
    assert_eq!(attr(c, with, "alarm_name"), &s("api-SEV3"));
    let actions = attr(c, with, "alarm_actions");
    assert_eq!(actions.refs()[0].address, "aws_sns_topic.oncall");
    assert_eq!(attr(c, without, "alarm_actions"), &Value::List(vec![]));
    // Findings in a module point at the module's file.
    assert_eq!(
        &*c.resource(with).unwrap().location.file,
        "modules/alarm/main.tf"
    );
}

#[test]
fn module_for_each_and_outputs_reach_the_caller() {
    let (configs, diags) = evaluate(&[
        (
            "main.tf",
            r#"
module "svc" {
  source   = "./modules/svc"
  for_each = { api = 1, web = 2 }
  name     = each.key
}
module "single" {
  source = "./modules/svc"
  name   = "single"
}
resource "aws_sns_topic" "from_output" {
  name         = module.single.topic_name
  display_name = module.svc["web"].topic_name
}
"#,
        ),
        (
            "modules/svc/main.tf",
            r#"
variable "name" {}
resource "aws_sns_topic" "t" { name = "${var.name}-topic" }
output "topic_name" { value = aws_sns_topic.t.name }
"#,
        ),
    ]);
    assert!(diags.is_empty(), "{diags:?}");
    let c = only_root(&configs);
    assert!(c.resource("module.svc[\"api\"].aws_sns_topic.t").is_some());
    assert_eq!(
        attr(c, "aws_sns_topic.from_output", "name"),
        &s("single-topic")
    );
    assert_eq!(
        attr(c, "aws_sns_topic.from_output", "display_name"),
        &s("web-topic")
    );
}

#[test]
fn a_module_called_from_two_roots_appears_in_both() {
    let (configs, _) = evaluate(&[
        ("a/main.tf", "module \"m\" {\n  source = \"../shared\"\n}\n"),
        ("b/main.tf", "module \"m\" {\n  source = \"../shared\"\n}\n"),
        ("shared/main.tf", "resource \"aws_sns_topic\" \"t\" {}\n"),
    ]);
    let roots: Vec<&str> = configs.iter().map(|c| c.root.as_str()).collect();
    assert_eq!(roots, ["a", "b"]);
    for c in &configs {
        assert!(c.resource("module.m.aws_sns_topic.t").is_some());
    }
}

#[test]
fn a_module_outside_the_scanned_path_is_loaded_and_shown_relative() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("examples/x");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(dir.path().join("modules/y")).unwrap();
    std::fs::write(
        root.join("main.tf"),
        "module \"y\" {\n  source = \"../../modules/y\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("modules/y/main.tf"),
        "resource \"aws_sns_topic\" \"t\" {}\n",
    )
    .unwrap();
    let (configs, diags) = evaluate_tree(&root, &LoadOptions::default());
    assert!(diags.is_empty(), "{diags:?}");
    let c = only_root(&configs);
    assert_eq!(c.root, ".");
    let r = c.resource("module.y.aws_sns_topic.t").unwrap();
    assert_eq!(&*r.location.file, "../../modules/y/main.tf");
}

#[test]
fn remote_modules_and_data_sources_are_unknown() {
    let (configs, _) = evaluate(&[(
        "main.tf",
        r#"
module "remote" {
  source  = "terraform-aws-modules/sns/aws"
  version = "6.0.0"
}
data "aws_sns_topic" "existing" { name = "x" }
resource "aws_cloudwatch_metric_alarm" "a" {
  alarm_actions = [module.remote.topic_arn]
  ok_actions    = [data.aws_sns_topic.existing.arn]
  alarm_description = module.remote.topic_arn
}
"#,
    )]);
    let c = only_root(&configs);
    let a = "aws_cloudwatch_metric_alarm.a";
    assert_eq!(attr(c, a, "alarm_actions").is_empty(), Some(false));
    assert!(
        attr(c, a, "alarm_description")
            .unknown_reason()
            .unwrap()
            .contains("remote source")
    );
    assert!(
        attr(c, a, "ok_actions")
            .unknown_reason()
            .unwrap()
            .contains("data.aws_sns_topic.existing")
    );
}

#[test]
fn dynamic_blocks_expand_to_zero_one_or_many_blocks() {
    let (configs, _) = evaluate(&[(
        "main.tf",
        r#"
variable "hooks" { default = ["https://a", "https://b"] }
variable "unknown_hooks" {}
resource "azurerm_monitor_action_group" "many" {
  dynamic "webhook_receiver" {
    for_each = var.hooks
    iterator = hook
    content {
      name        = "hook-${hook.key}"
      service_uri = hook.value
    }
  }
}
resource "azurerm_monitor_action_group" "none" {
  dynamic "email_receiver" {
    for_each = []
    content { name = "x" }
  }
}
resource "azurerm_monitor_action_group" "unknown" {
  dynamic "email_receiver" {
    for_each = var.unknown_hooks
    content { name = "x" }
  }
}
"#,
    )]);
    let c = only_root(&configs);
    let many = c.resource("azurerm_monitor_action_group.many").unwrap();
    let hooks: Vec<_> = many.body.blocks_of("webhook_receiver").collect();
    assert_eq!(hooks.len(), 2);
    assert_eq!(hooks[1].body.value("service_uri"), Some(&s("https://b")));
    assert_eq!(hooks[0].body.value("name"), Some(&s("hook-0")));
    let none = c.resource("azurerm_monitor_action_group.none").unwrap();
    assert_eq!(none.body.block_exists("email_receiver"), Ok(false));
    let unknown = c.resource("azurerm_monitor_action_group.unknown").unwrap();
    assert!(unknown.body.block_exists("email_receiver").is_err());
}

#[test]
fn optional_object_attributes_take_their_defaults() {
    let (configs, _) = evaluate(&[(
        "main.tf",
        r#"
variable "alarm" {
  type = object({
    name     = string
    severity = optional(string, "SEV2")
    actions  = optional(list(string), [])
  })
  default = { name = "api" }
}
resource "aws_cloudwatch_metric_alarm" "a" {
  alarm_name    = "${var.alarm.name}-${var.alarm.severity}"
  alarm_actions = var.alarm.actions
}
"#,
    )]);
    let c = only_root(&configs);
    assert_eq!(
        attr(c, "aws_cloudwatch_metric_alarm.a", "alarm_name"),
        &s("api-SEV2")
    );
    assert_eq!(
        attr(c, "aws_cloudwatch_metric_alarm.a", "alarm_actions"),
        &Value::List(vec![])
    );
}

#[test]
fn conditionals_for_expressions_splats_and_heredocs() {
    let (configs, diags) = evaluate(&[(
        "main.tf",
        r#"
variable "enable_ok" { default = true }
variable "services" { default = { api = "SEV1", web = "SEV3", batch = "SEV4" } }
resource "aws_sns_topic" "t" {
  count = 2
  name  = "t${count.index}"
}
locals {
  critical = [for name, sev in var.services : name if sev == "SEV1"]
  by_sev   = { for name, sev in var.services : sev => name... }
}
resource "aws_cloudwatch_metric_alarm" "a" {
  alarm_actions = aws_sns_topic.t[*].arn
  ok_actions    = var.enable_ok ? [aws_sns_topic.t[0].arn] : []
  alarm_name    = local.critical[0]
  threshold     = length(local.by_sev["SEV3"])
  alarm_description = <<-EOT
    SEV2: ${upper(local.critical[0])} is failing.
    Runbook: https://runbooks.example/api
  EOT
}
"#,
    )]);
    assert!(diags.is_empty(), "{diags:?}");
    let c = only_root(&configs);
    let a = "aws_cloudwatch_metric_alarm.a";
    let actions = attr(c, a, "alarm_actions");
    let refs: Vec<String> = actions.refs().iter().map(|r| r.address.clone()).collect();
    assert_eq!(refs, ["aws_sns_topic.t[0]", "aws_sns_topic.t[1]"]);
    assert_eq!(attr(c, a, "ok_actions").as_list().map(|l| l.len()), Some(1));
    assert_eq!(attr(c, a, "alarm_name"), &s("api"));
    assert_eq!(attr(c, a, "threshold"), &Value::Number(1.0));
    assert_eq!(
        attr(c, a, "alarm_description"),
        &s("SEV2: API is failing.\nRunbook: https://runbooks.example/api\n")
    );
}

#[test]
fn jsonencode_descriptions_evaluate_to_json_text() {
    let (configs, _) = evaluate(&[(
        "main.tf",
        r#"
locals { runbook_base = "https://runbooks.example" }
resource "aws_cloudwatch_metric_alarm" "a" {
  alarm_description = jsonencode({
    severity = "SEV2"
    runbook  = "${local.runbook_base}/payments"
    service  = lower("Payments")
  })
}
"#,
    )]);
    let c = only_root(&configs);
    assert_eq!(
        attr(c, "aws_cloudwatch_metric_alarm.a", "alarm_description"),
        &s(
            r#"{"runbook":"https://runbooks.example/payments","service":"payments","severity":"SEV2"}"#
        )
    );
}

#[test]
fn references_to_resources_are_known_and_followable() {
    let (configs, _) = evaluate(&[(
        "main.tf",
        r#"
resource "aws_sns_topic" "oncall" { name = "oncall" }
resource "aws_sns_topic_subscription" "pd" {
  topic_arn = aws_sns_topic.oncall.arn
  protocol  = "https"
}
resource "aws_s3_bucket" "b" { bucket = aws_sns_topic.oncall.name }
"#,
    )]);
    let c = only_root(&configs);
    let topic_arn = attr(c, "aws_sns_topic_subscription.pd", "topic_arn");
    let Value::Ref(r) = topic_arn else {
        panic!("{topic_arn}")
    };
    assert_eq!(c.follow(r).unwrap().address, "aws_sns_topic.oncall");
    assert_eq!(r.path, ["arn"]);
    // A configured attribute of a referenced resource is its value.
    assert_eq!(attr(c, "aws_s3_bucket.b", "bucket"), &s("oncall"));
}

#[test]
fn tf_json_files_are_evaluated_like_hcl() {
    let (configs, diags) = evaluate(&[(
        "main.tf.json",
        r#"{
  "variable": { "sev": { "default": "SEV2" } },
  "resource": {
    "aws_cloudwatch_metric_alarm": {
      "a": {
        "count": 2,
        "alarm_name": "alarm-${count.index}-${var.sev}",
        "alarm_actions": ["${aws_sns_topic.t.arn}"]
      }
    },
    "aws_sns_topic": { "t": { "name": "t" } }
  }
}"#,
    )]);
    assert!(diags.is_empty(), "{diags:?}");
    let c = only_root(&configs);
    assert_eq!(
        attr(c, "aws_cloudwatch_metric_alarm.a[1]", "alarm_name"),
        &s("alarm-1-SEV2")
    );
    assert_eq!(
        attr(c, "aws_cloudwatch_metric_alarm.a[0]", "alarm_actions").refs()[0].address,
        "aws_sns_topic.t"
    );
}

#[test]
fn broken_files_are_diagnostics_and_the_rest_is_still_evaluated() {
    let (configs, diags) = evaluate(&[
        ("good/main.tf", "resource \"aws_sns_topic\" \"t\" {}\n"),
        (
            "bad/main.tf",
            "resource \"aws_sns_topic\" \"t\" {\n  name = \n",
        ),
    ]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0].starts_with("bad/main.tf:"), "{}", diags[0]);
    assert!(
        configs
            .iter()
            .any(|c| c.root == "good" && c.resource("aws_sns_topic.t").is_some())
    );
}

#[test]
fn a_missing_local_module_is_a_diagnostic_at_its_source() {
    let (_, diags) = evaluate(&[("main.tf", "module \"m\" {\n  source = \"./nowhere\"\n}\n")]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0].starts_with("main.tf:2:3: module source \"./nowhere\" not found"),
        "{}",
        diags[0]
    );
}

#[test]
fn gitignored_and_dot_terraform_folders_are_skipped() {
    let (configs, _) = evaluate(&[
        ("main.tf", "resource \"aws_sns_topic\" \"t\" {}\n"),
        (".gitignore", "ignored/\n"),
        ("ignored/main.tf", "resource \"aws_sns_topic\" \"x\" {}\n"),
        (
            ".terraform/modules/m/main.tf",
            "resource \"aws_sns_topic\" \"y\" {}\n",
        ),
    ]);
    let roots: Vec<&str> = configs.iter().map(|c| c.root.as_str()).collect();
    assert_eq!(roots, ["."]);
}

#[test]
fn module_self_recursion_stops() {
    let (configs, _) = evaluate(&[
        (
            "root/main.tf",
            "module \"m\" {\n  source = \"../loop\"\n}\n",
        ),
        (
            "loop/main.tf",
            "module \"again\" {\n  source = \"./\"\n}\nresource \"aws_sns_topic\" \"t\" {}\n",
        ),
    ]);
    let root = configs.iter().find(|c| c.root == "root").unwrap();
    assert!(root.resources.len() > 1 && root.resources.len() <= 40);
}

#[test]
fn a_module_argument_reading_its_own_output_is_unknown_not_a_crash() {
    let (configs, diags) = evaluate(&[
        (
            "main.tf",
            r#"
module "self_ref" {
  source = "./m"
  x      = module.self_ref.y
}
module "a" {
  source = "./m"
  x      = module.b.y
}
module "b" {
  source = "./m"
  x      = module.a.y
}
"#,
        ),
        (
            "m/main.tf",
            "variable \"x\" {}\noutput \"y\" { value = \"const\" }\nresource \"aws_sns_topic\" \"t\" { name = var.x }\n",
        ),
    ]);
    assert!(diags.is_empty(), "{diags:?}");
    let c = only_root(&configs);
    let name = attr(c, "module.self_ref.aws_sns_topic.t", "name");
    assert!(
        name.unknown_reason()
            .unwrap()
            .contains("refer back to its own outputs"),
        "{name}"
    );
    // One of the pair is evaluated first and sees the other's output as unknown.
    let a = attr(c, "module.a.aws_sns_topic.t", "name");
    let b = attr(c, "module.b.aws_sns_topic.t", "name");
    assert!(a.is_unknown() != b.is_unknown(), "{a} / {b}");
}

#[test]
fn a_very_long_chain_of_locals_is_unknown_not_a_stack_overflow() {
    let mut text = String::from("locals {\n");
    for i in 0..5000 {
        text.push_str(&format!("  l{i} = local.l{}\n", i + 1));
    }
    text.push_str("  l5000 = \"end\"\n  short = local.l4990\n}\n");
    text.push_str("resource \"aws_sns_topic\" \"t\" {\n  name         = local.l0\n  display_name = local.short\n}\n");
    let (configs, _) = evaluate(&[("main.tf", &text)]);
    let c = only_root(&configs);
    assert!(
        attr(c, "aws_sns_topic.t", "name")
            .unknown_reason()
            .unwrap()
            .contains("chain of more than")
    );
    assert_eq!(attr(c, "aws_sns_topic.t", "display_name"), &s("end"));
}

#[test]
fn a_string_that_doubles_forty_times_is_refused_not_built() {
    let mut text = String::from("locals {\n  s0 = \"xxxxxxxxxxxxxxxx\"\n");
    for i in 0..40 {
        text.push_str(&format!(
            "  s{} = \"${{local.s{i}}}${{local.s{i}}}\"\n",
            i + 1
        ));
    }
    text.push_str("}\nresource \"aws_sns_topic\" \"t\" {\n  name = local.s40\n}\n");
    let (configs, _) = evaluate(&[("main.tf", &text)]);
    let name = attr(only_root(&configs), "aws_sns_topic.t", "name");
    assert!(
        name.unknown_reason()
            .unwrap()
            .contains("more than the 4194304"),
        "{name}"
    );
}

#[test]
fn nested_for_loops_over_huge_ranges_end_in_the_evaluation_budget() {
    let (configs, _) = evaluate(&[(
        "main.tf",
        r#"
locals {
  big = [for a in range(1024) : [for b in range(1024) : [for c in range(1024) : "${a}-${b}-${c}"]]]
}
resource "aws_sns_topic" "t" { name = length(local.big) }
resource "aws_sns_topic" "u" { name = "still-evaluated" }
"#,
    )]);
    let c = only_root(&configs);
    let name = attr(c, "aws_sns_topic.t", "name");
    assert!(
        name.unknown_reason()
            .unwrap()
            .contains("evaluation budget exhausted"),
        "{name}"
    );
}

#[test]
fn terraform_workspace_is_unknown_unless_given() {
    let files: &[(&str, &str)] = &[(
        "main.tf",
        r#"
resource "aws_cloudwatch_metric_alarm" "prod_only" {
  count      = terraform.workspace == "production" ? 1 : 0
  alarm_name = "prod-only-${terraform.workspace}"
}
"#,
    )];
    let (configs, _) = evaluate(files);
    let r = only_root(&configs)
        .resource("aws_cloudwatch_metric_alarm.prod_only[*]")
        .unwrap();
    assert!(
        r.expansion_unknown
            .as_deref()
            .unwrap()
            .contains("--workspace")
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), files[0].1).unwrap();
    let options = LoadOptions {
        workspace: Some("production".into()),
        ..LoadOptions::default()
    };
    let (configs, _) = evaluate_tree(dir.path(), &options);
    let c = only_root(&configs);
    assert_eq!(
        attr(c, "aws_cloudwatch_metric_alarm.prod_only[0]", "alarm_name"),
        &s("prod-only-production")
    );
}

#[test]
fn null_overrides_a_default_unless_the_variable_is_not_nullable() {
    let (configs, _) = evaluate(&[
        (
            "main.tf",
            r#"
module "m" {
  source        = "./m"
  nullable_arg  = null
  strict_arg    = null
}
"#,
        ),
        (
            "m/main.tf",
            r#"
variable "nullable_arg" { default = "arn:aws:sns:eu-west-1:111122223333:oncall" }
variable "strict_arg" {
  default  = "arn:aws:sns:eu-west-1:111122223333:oncall"
  nullable = false
}
resource "aws_cloudwatch_metric_alarm" "a" {
  alarm_actions = var.nullable_arg == null ? [] : [var.nullable_arg]
  ok_actions    = var.strict_arg == null ? [] : [var.strict_arg]
}
"#,
        ),
    ]);
    let c = only_root(&configs);
    let a = "module.m.aws_cloudwatch_metric_alarm.a";
    assert_eq!(attr(c, a, "alarm_actions"), &Value::List(vec![]));
    assert_eq!(attr(c, a, "ok_actions").as_list().map(|l| l.len()), Some(1));
}

#[test]
fn duplicate_declarations_are_diagnostics_at_the_second_one() {
    let (configs, diags) = evaluate(&[
        (
            "a.tf",
            "resource \"aws_sns_topic\" \"t\" {\n  name = \"first\"\n}\nlocals {\n  x = 1\n}\n",
        ),
        (
            "b.tf",
            "resource \"aws_sns_topic\" \"t\" {\n  name = \"second\"\n}\nlocals {\n  x = 2\n}\n",
        ),
    ]);
    assert_eq!(
        diags,
        [
            "b.tf:1:1: duplicate resource aws_sns_topic.t: already declared at a.tf:1:1; expected each name once per module",
            "b.tf:5:3: duplicate local.x: already declared at a.tf:5:3; expected each name once per module",
        ]
    );
    assert_eq!(
        attr(only_root(&configs), "aws_sns_topic.t", "name"),
        &s("first")
    );
}

#[test]
fn file_and_templatefile_read_relative_to_the_root_module_as_terraform_does() {
    let (configs, diags) = evaluate(&[
        (
            "envs/prod/main.tf",
            "module \"gcp\" {\n  source = \"../../modules/gcp\"\n  team   = \"search\"\n}\n",
        ),
        (
            "modules/gcp/main.tf",
            r#"
variable "team" {}
resource "google_monitoring_alert_policy" "p" {
  display_name = path.module
  documentation {
    content   = file("${path.module}/doc.md")
    mime_type = templatefile("${path.module}/subject.tpl", { team = var.team, levels = ["SEV1", "SEV2"] })
  }
  enabled = fileexists("${path.module}/missing.md")
}
"#,
        ),
        (
            "modules/gcp/doc.md",
            "SEV2: search latency. Runbook: https://runbooks.example/search\n",
        ),
        (
            "modules/gcp/subject.tpl",
            "${upper(team)}:%{ for l in levels } ${l}%{ endfor }",
        ),
    ]);
    assert!(diags.is_empty(), "{diags:?}");
    let c = only_root(&configs);
    let p = c
        .resource("module.gcp.google_monitoring_alert_policy.p")
        .unwrap();
    assert_eq!(p.body.value("display_name"), Some(&s("../../modules/gcp")));
    let doc = p.body.blocks_of("documentation").next().unwrap();
    assert_eq!(
        doc.body.value("content"),
        Some(&s(
            "SEV2: search latency. Runbook: https://runbooks.example/search\n"
        ))
    );
    assert_eq!(doc.body.value("mime_type"), Some(&s("SEARCH: SEV1 SEV2")));
    assert_eq!(p.body.value("enabled"), Some(&Value::Bool(false)));
}

#[test]
fn module_count_gives_indexed_module_instances() {
    let (configs, diags) = evaluate(&[
        (
            "main.tf",
            "module \"m\" {\n  source = \"./m\"\n  count  = 2\n  name   = \"n${count.index}\"\n}\nmodule \"off\" {\n  source = \"./m\"\n  count  = 0\n  name   = \"off\"\n}\n",
        ),
        (
            "m/main.tf",
            "variable \"name\" {}\nresource \"aws_sns_topic\" \"t\" { name = var.name }\n",
        ),
    ]);
    assert!(diags.is_empty(), "{diags:?}");
    let c = only_root(&configs);
    assert_eq!(attr(c, "module.m[1].aws_sns_topic.t", "name"), &s("n1"));
    assert_eq!(c.resources.len(), 2);
}

#[test]
fn an_unimplemented_function_gives_unknown_never_an_error_or_a_value() {
    let (configs, diags) = evaluate(&[(
        "main.tf",
        "resource \"aws_cloudwatch_metric_alarm\" \"a\" {\n  alarm_description = provider::corp::describe(\"x\")\n}\n",
    )]);
    assert!(diags.is_empty(), "{diags:?}");
    let v = attr(
        only_root(&configs),
        "aws_cloudwatch_metric_alarm.a",
        "alarm_description",
    );
    assert!(v.is_unknown(), "{v}");
}

#!/usr/bin/env python3
"""Generate a synthetic Terraform monorepo for benchmarking irready and its peers.

The corpus looks like a real platform repository: many root modules (one per team and
environment) under stacks/, each split into a handful of files of a few resources,
calling a local alarm module (with and without actions) and a remote registry module.
Alarms mix compliant and non-compliant WAF-REL-060 patterns (jsonencode and text
descriptions, missing actions, missing runbook, silent SNS topics, count and for_each).

The output is deterministic: the same --resources gives byte-identical files, so timings
from different machines or runs compare the same input. Python standard library only.

    python3 bench/gen_corpus.py --resources 10000 --out bench/corpus/10k
"""

import argparse
import json
import os
import shutil
import sys

# Resource blocks per root module and per resource file. With the auxiliary files of a
# root module (providers, variables, tfvars, outputs, modules) this gives ~0.55 MB and
# ~300 files per 1,000 resources, the shape the peers were first measured on.
RESOURCES_PER_ROOT = 40
RESOURCES_PER_FILE = 5

TEAMS = [
    "payments", "checkout", "search", "identity", "catalog", "orders", "billing",
    "shipping", "ledger", "notify", "media", "pricing", "fraud", "loyalty", "reports",
    "gateway", "accounts", "inventory", "reviews", "partners",
]
ENVS = ["prod", "staging", "dev"]
METRICS = [
    ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", 25),
    ("AWS/ApplicationELB", "TargetResponseTime", "Average", 1.5),
    ("AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", 5000),
    ("AWS/Lambda", "Errors", "Sum", 5),
    ("AWS/RDS", "CPUUtilization", "Average", 85),
    ("AWS/ECS", "MemoryUtilization", "Average", 90),
]
SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"]


class RootWriter:
    """Accumulates the resource blocks of one root module and flushes them into files."""

    def __init__(self, root_dir, name, env):
        self.root_dir = root_dir
        self.name = name
        self.env = env
        self.blocks = []
        self.files = 0
        self.resources = 0

    def add(self, text, resources=1):
        """Queue one block; write a file once it holds RESOURCES_PER_FILE resources."""
        self.blocks.append(text)
        self.resources += resources
        if len(self.blocks) >= RESOURCES_PER_FILE:
            self.flush()

    def flush(self):
        """Write the queued blocks as the next numbered resource file."""
        if not self.blocks:
            return
        self.files += 1
        path = os.path.join(self.root_dir, f"{self.name}_{self.files:03d}.tf")
        write(path, "\n".join(self.blocks))
        self.blocks = []


def write(path, text):
    """Write text with Unix newlines, creating parent directories."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def local_module(out):
    """The alarm module every root calls: one CloudWatch alarm whose actions are inputs."""
    write(os.path.join(out, "modules", "alarm", "variables.tf"), '''variable "name" {
  description = "Alarm name."
  type        = string
}

variable "namespace" {
  type    = string
  default = "AWS/ApplicationELB"
}

variable "metric_name" {
  type    = string
  default = "HTTPCode_Target_5XX_Count"
}

variable "threshold" {
  type    = number
  default = 10
}

variable "severity" {
  type    = string
  default = "SEV3"
}

variable "runbook_url" {
  type    = string
  default = null
}

variable "alarm_actions" {
  type    = list(string)
  default = []
}

variable "ok_actions" {
  type    = list(string)
  default = []
}

variable "settings" {
  type = object({
    period             = optional(number, 60)
    evaluation_periods = optional(number, 3)
    statistic          = optional(string, "Sum")
  })
  default = {}
}
''')
    write(os.path.join(out, "modules", "alarm", "main.tf"), '''resource "aws_cloudwatch_metric_alarm" "this" {
  alarm_name          = var.name
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = var.settings.evaluation_periods
  metric_name         = var.metric_name
  namespace           = var.namespace
  period              = var.settings.period
  statistic           = var.settings.statistic
  threshold           = var.threshold

  alarm_description = jsonencode({
    severity = var.severity
    runbook  = var.runbook_url
    service  = var.name
  })

  alarm_actions = var.alarm_actions
  ok_actions    = var.ok_actions
}
''')
    write(os.path.join(out, "modules", "alarm", "outputs.tf"), '''output "arn" {
  description = "ARN of the alarm."
  value       = aws_cloudwatch_metric_alarm.this.arn
}
''')


def root_aux(root_dir, team, env, index):
    """Providers, variables, tfvars, outputs and the module calls of one root module."""
    services = [f"{team}-api", f"{team}-worker", f"{team}-cron"]
    write(os.path.join(root_dir, "providers.tf"), f'''terraform {{
  required_version = ">= 1.5"

  required_providers {{
    aws = {{
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }}
  }}

  backend "s3" {{
    bucket = "corpus-tfstate"
    key    = "stacks/{team}/{env}/terraform.tfstate"
    region = "eu-central-1"
  }}
}}

provider "aws" {{
  region = var.region

  default_tags {{
    tags = local.tags
  }}
}}

locals {{
  prefix = "${{var.environment}}-{team}"
  tags = merge(var.extra_tags, {{
    team        = "{team}"
    environment = var.environment
  }})
  paging_topics = [aws_sns_topic.{team}_paging_1.arn]
}}
''')
    write(os.path.join(root_dir, "variables.tf"), f'''variable "region" {{
  type    = string
  default = "eu-central-1"
}}

variable "environment" {{
  type    = string
  default = "dev"
}}

variable "runbook_base_url" {{
  type    = string
  default = "https://runbooks.example.com/{team}"
}}

variable "enable_ok_actions" {{
  type    = bool
  default = true
}}

variable "service_names" {{
  type    = list(string)
  default = []
}}

variable "thresholds" {{
  type = map(number)
  default = {{
    errors  = 25
    latency = 1.5
    backlog = 5000
  }}
}}

variable "extra_tags" {{
  type    = map(string)
  default = {{}}
}}
''')
    service_list = ", ".join(f'"{s}"' for s in services)
    write(os.path.join(root_dir, "terraform.tfvars"), f'''environment   = "{env}"
service_names = [{service_list}]

extra_tags = {{
  cost_center = "cc-{1000 + index}"
}}
''')
    with_actions = index % 2 == 0
    actions = (
        f'''
  alarm_actions = [aws_sns_topic.{team}_paging_1.arn]
  ok_actions    = [aws_sns_topic.{team}_paging_1.arn]'''
        if with_actions
        else "\n  # no actions: this instance fires silently"
    )
    write(os.path.join(root_dir, "modules.tf"), f'''module "{team}_api_errors" {{
  source = "../../../modules/alarm"

  name        = "${{local.prefix}}-api-errors"
  threshold   = var.thresholds["errors"]
  severity    = "SEV2"
  runbook_url = "${{var.runbook_base_url}}/api-errors"
{actions}
}}

module "{team}_worker_backlog" {{
  source = "../../../modules/alarm"

  name          = "${{local.prefix}}-worker-backlog"
  namespace     = "AWS/SQS"
  metric_name   = "ApproximateNumberOfMessagesVisible"
  threshold     = var.thresholds["backlog"]
  alarm_actions = local.paging_topics
  ok_actions    = var.enable_ok_actions ? local.paging_topics : []

  settings = {{
    statistic = "Maximum"
  }}
}}

module "{team}_cloudwatch_alarm" {{
  source  = "terraform-aws-modules/cloudwatch/aws//modules/metric-alarm"
  version = "~> 5.6"

  alarm_name          = "${{local.prefix}}-remote-latency"
  alarm_description   = "SEV3: {team} latency high. Runbook: ${{var.runbook_base_url}}/latency"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  threshold           = var.thresholds["latency"]
  period              = 60
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  statistic           = "Average"
  alarm_actions       = local.paging_topics
}}
''')
    write(os.path.join(root_dir, "outputs.tf"), f'''output "paging_topic_arn" {{
  description = "Topic that pages the {team} on-call."
  value       = aws_sns_topic.{team}_paging_1.arn
}}

output "api_errors_alarm_arn" {{
  value = module.{team}_api_errors.arn
}}
''')
    return 3  # three module calls


def unit(team, u):
    """One service unit: a topic, maybe its subscription, alarms, a bucket and a role.

    Returns (block, resource_count) pairs. Every few units something is wrong on
    purpose, so that checkers have failures to report, as in a real repository.
    """
    t = f"{team}_paging_{u}"
    blocks = []
    blocks.append((f'''resource "aws_sns_topic" "{t}" {{
  name         = "${{local.prefix}}-paging-{u}"
  display_name = "{team} on-call paging ({u})"
  tags         = local.tags
}}
''', 1))
    silent = u % 9 == 4  # a topic nobody subscribes to
    if not silent:
        protocol, endpoint = (
            ("https", f'"https://events.pagerduty.com/integration/{team}{u:04d}/enqueue"')
            if u % 2
            else ("email", f'"{team}-oncall+{u}@example.com"')
        )
        blocks.append((f'''resource "aws_sns_topic_subscription" "{t}_{protocol}" {{
  topic_arn = aws_sns_topic.{t}.arn
  protocol  = "{protocol}"
  endpoint  = {endpoint}
}}
''', 1))
    for a in range(3):
        n = u * 3 + a
        namespace, metric, stat, threshold = METRICS[n % len(METRICS)]
        severity = SEVERITIES[n % len(SEVERITIES)]
        name = f"{team}_{metric.lower()}_{u}_{a}"
        if n % 5 == 0:
            expansion = "  for_each = toset(var.service_names)\n\n"
            alarm_name = f'"${{local.prefix}}-${{each.key}}-{metric}-{u}"'
        elif n % 5 == 1:
            expansion = "  count = var.environment == \"prod\" ? 2 : 1\n\n"
            alarm_name = f'"${{local.prefix}}-{metric}-{u}-${{count.index}}"'
        else:
            expansion = ""
            alarm_name = f'"${{local.prefix}}-{metric}-{u}-{a}"'
        if n % 7 == 3:
            description = f'  alarm_description = "{severity}: {metric} above {threshold} for {team}."\n'
        elif n % 2 == 0:
            description = f'''  alarm_description = jsonencode({{
    runbook  = "${{var.runbook_base_url}}/{metric.lower()}"
    severity = "{severity}"
    service  = "{team}"
  }})
'''
        else:
            description = (
                f'  alarm_description = "{severity}: {team} {metric} above {threshold}. '
                f'Runbook: ${{var.runbook_base_url}}/{metric.lower()}"\n'
            )
        if n % 8 == 6:
            actions = "  # WAF-REL-060: no actions, this alarm fires silently\n"
        else:
            actions = (
                f"  alarm_actions = [aws_sns_topic.{t}.arn]\n"
                f"  ok_actions    = var.enable_ok_actions ? [aws_sns_topic.{t}.arn] : []\n"
            )
        blocks.append((f'''resource "aws_cloudwatch_metric_alarm" "{name}" {{
{expansion}  alarm_name          = {alarm_name}
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = {2 + n % 3}
  metric_name         = "{metric}"
  namespace           = "{namespace}"
  period              = {60 * (1 + n % 5)}
  statistic           = "{stat}"
  threshold           = {threshold}
  treat_missing_data  = "notBreaching"

  dimensions = {{
    Service     = "{team}-{u}"
    Environment = var.environment
  }}

{description}
{actions}
  tags = local.tags
}}
''', 1))
    blocks.append((f'''resource "aws_s3_bucket" "{team}_artifacts_{u}" {{
  bucket = "${{local.prefix}}-artifacts-{u}"
  tags   = local.tags
}}
''', 1))
    blocks.append((f'''resource "aws_iam_role" "{team}_task_{u}" {{
  name        = "${{local.prefix}}-task-{u}"
  description = "ECS task role of {team} service {u}"
  tags        = local.tags

  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = {{ Service = "ecs-tasks.amazonaws.com" }}
    }}]
  }})
}}
''', 1))
    blocks.append((f'''resource "aws_iam_role_policy" "{team}_task_{u}_s3" {{
  name = "artifacts"
  role = aws_iam_role.{team}_task_{u}.id

  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "${{aws_s3_bucket.{team}_artifacts_{u}.arn}}/*"
    }}]
  }})
}}
''', 1))
    return blocks


def generate(total, out):
    """Write the corpus for `total` resources into `out` and return its manifest."""
    if os.path.exists(out):
        shutil.rmtree(out)
    local_module(out)
    produced = 0
    roots = 0
    while produced < total:
        team = TEAMS[roots % len(TEAMS)]
        env = ENVS[(roots // len(TEAMS)) % len(ENVS)]
        generation = roots // (len(TEAMS) * len(ENVS))
        stack = team if generation == 0 else f"{team}{generation + 1}"
        root_dir = os.path.join(out, "stacks", stack, env)
        produced += root_aux(root_dir, stack.replace("-", "_"), env, roots)
        writer = RootWriter(root_dir, "main", env)
        # The first unit is numbered 1: outputs and locals refer to <team>_paging_1.
        u = 1
        budget = min(RESOURCES_PER_ROOT, total - produced)
        while writer.resources < budget or u == 1:
            for block, count in unit(stack.replace("-", "_"), u):
                writer.add(block, count)
            u += 1
        writer.flush()
        produced += writer.resources
        roots += 1
    files = 0
    size = 0
    for dirpath, _dirs, names in os.walk(out):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(dirpath, name))
    return {"resources": produced, "root_modules": roots, "files": files, "bytes": size}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, required=True,
                        help="approximate number of resource blocks and module calls")
    parser.add_argument("--out", required=True, help="output directory (replaced)")
    args = parser.parse_args()
    if args.resources < 1:
        parser.error("--resources must be at least 1")
    manifest = generate(args.resources, args.out)
    print(json.dumps(manifest), file=sys.stdout)


if __name__ == "__main__":
    main()

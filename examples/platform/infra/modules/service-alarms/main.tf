# One set of golden-signal alarms for one service. Called once per service from
# each environment (see infra/envs/*/alarms.tf).

locals {
  name_prefix = "${var.environment}-${var.service}"
  runbooks    = "${var.runbook_base_url}/${var.service}"

  # Resolving notifications can be switched off per caller; the alarm still pages.
  ok_actions = var.enable_ok_actions ? var.alarm_topic_arns : []

  tags = merge(var.tags, {
    service  = var.service
    severity = var.severity
  })
}

resource "aws_cloudwatch_metric_alarm" "latency" {
  alarm_name          = "${local.name_prefix}-p99-latency"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = var.thresholds.evaluation_periods
  metric_name         = "TargetResponseTime"
  namespace           = "AWS/ApplicationELB"
  period              = 60
  extended_statistic  = "p99"
  threshold           = var.thresholds.latency_p99_ms / 1000
  treat_missing_data  = "notBreaching"

  dimensions = {
    LoadBalancer = var.load_balancer_arn_suffix
  }

  alarm_description = jsonencode({
    runbook  = "${local.runbooks}/high-latency"
    severity = var.severity
    service  = var.service
    summary  = "p99 latency above ${var.thresholds.latency_p99_ms} ms for ${var.thresholds.evaluation_periods} minutes"
  })

  alarm_actions = var.alarm_topic_arns
  ok_actions    = local.ok_actions
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "${local.name_prefix}-5xx"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = var.thresholds.evaluation_periods
  metric_name         = "HTTPCode_Target_5XX_Count"
  namespace           = "AWS/ApplicationELB"
  period              = 60
  statistic           = "Sum"
  threshold           = var.thresholds.error_count
  treat_missing_data  = "notBreaching"

  dimensions = {
    LoadBalancer = var.load_balancer_arn_suffix
  }

  # The plain-text form: severity first, runbook last, as on-call reads it on a phone.
  alarm_description = "${var.severity}: ${var.service} returns more than ${var.thresholds.error_count} 5XX responses per minute. Runbook: ${local.runbooks}/5xx-errors"

  alarm_actions = var.alarm_topic_arns
  ok_actions    = local.ok_actions
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "saturation" {
  count = var.create_saturation_alarm ? 1 : 0

  alarm_name          = "${local.name_prefix}-cpu-saturation"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 5
  metric_name         = "CPUUtilization"
  namespace           = "AWS/ECS"
  period              = 60
  statistic           = "Average"
  threshold           = var.thresholds.cpu_percent

  dimensions = {
    ClusterName = var.ecs_cluster_name
    ServiceName = var.service
  }

  alarm_description = jsonencode(merge(
    { service = var.service, severity = var.severity },
    { runbook = "${local.runbooks}/cpu-saturation" }
  ))

  alarm_actions = var.alarm_topic_arns
  ok_actions    = local.ok_actions
  tags          = local.tags
}

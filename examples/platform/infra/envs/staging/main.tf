locals {
  environment = "staging"
  topic_arns  = [aws_sns_topic.staging_alerts.arn]
}

resource "aws_sns_topic" "staging_alerts" {
  name = "${local.environment}-alerts"
}

resource "aws_sns_topic_subscription" "staging_alerts_email" {
  topic_arn = aws_sns_topic.staging_alerts.arn
  protocol  = "email"
  endpoint  = var.staging_alerts_email
}

# Same module as prod; staging alarms only e-mail, at the severity staging deserves.
module "service_alarms" {
  source   = "../../modules/service-alarms"
  for_each = var.services

  service                  = each.key
  environment              = local.environment
  severity                 = each.value.severity
  runbook_base_url         = var.runbook_base_url
  alarm_topic_arns         = local.topic_arns
  load_balancer_arn_suffix = each.value.alb_arn_suffix

  thresholds = {
    latency_p99_ms     = each.value.latency_p99_ms
    evaluation_periods = 5
  }
}

# NOT A FINDING: load_test_mode is false in terraform.tfvars, so count is 0 and this
# alarm has no instance. Were it created, it would notify nobody (no alarm_actions).
resource "aws_cloudwatch_metric_alarm" "load_test_guard" {
  count = var.load_test_mode ? 1 : 0

  alarm_name          = "${local.environment}-load-test-guard"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "RequestCount"
  namespace           = "AWS/ApplicationELB"
  period              = 60
  statistic           = "Sum"
  threshold           = 200000

  alarm_description = "SEV4: load test exceeds its request budget. Runbook: ${var.runbook_base_url}/staging/load-test-guard"
}

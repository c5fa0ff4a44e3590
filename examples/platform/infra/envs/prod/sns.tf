resource "aws_sns_topic" "oncall_critical" {
  name = "${local.environment}-oncall-critical"
}

resource "aws_sns_topic" "oncall_warning" {
  name = "${local.environment}-oncall-warning"
}

# Reports of the nightly batch: created when the batch moved to ECS, but nobody ever
# subscribed to it (see alarms.tf, module "batch_alarms").
resource "aws_sns_topic" "batch_reports" {
  name = "${local.environment}-batch-reports"
}

resource "aws_sns_topic_subscription" "critical_pagerduty" {
  topic_arn              = aws_sns_topic.oncall_critical.arn
  protocol               = "https"
  endpoint               = local.pagerduty_events_url
  endpoint_auto_confirms = true
}

resource "aws_sns_topic_subscription" "warning_email" {
  for_each = toset(var.oncall_emails)

  topic_arn = aws_sns_topic.oncall_warning.arn
  protocol  = "email"
  endpoint  = each.value
}

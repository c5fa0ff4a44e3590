# Golden-signal alarms for every HTTP service, one module instance per service.
module "service_alarms" {
  source   = "../../modules/service-alarms"
  for_each = local.services

  service                  = each.key
  environment              = local.environment
  severity                 = each.value.severity
  runbook_base_url         = var.runbook_base_url
  alarm_topic_arns         = each.value.topic_arns
  enable_ok_actions        = var.enable_ok_actions
  load_balancer_arn_suffix = each.value.alb_arn_suffix
  create_saturation_alarm  = each.value.saturation_alarm

  thresholds = {
    latency_p99_ms = each.value.latency_p99_ms
    error_count    = each.value.error_count
  }
}

# The nightly batch exposes an internal HTTP endpoint behind its own load balancer.
module "batch_alarms" {
  source = "../../modules/service-alarms"

  service                  = "nightly-batch"
  environment              = local.environment
  severity                 = "SEV3"
  runbook_base_url         = var.runbook_base_url
  load_balancer_arn_suffix = "app/prod-batch/5d2c1e0f9a8b7c6d"
  create_saturation_alarm  = false

  # VIOLATION: waf-rel-060.tf.aws.alarm-action-reaches-oncall — batch_reports has no
  # aws_sns_topic_subscription, so both alarms of this instance fire into silence.
  alarm_topic_arns = [aws_sns_topic.batch_reports.arn]
}

# Checkout is degraded when it is slow and failing at the same time: page once, not twice.
resource "aws_cloudwatch_composite_alarm" "checkout_degraded" {
  alarm_name = "${local.environment}-checkout-degraded"
  alarm_rule = "ALARM(\"${module.service_alarms["checkout"].latency_alarm_name}\") AND ALARM(\"${module.service_alarms["checkout"].errors_alarm_name}\")"

  alarm_description = jsonencode({
    runbook  = "${var.runbook_base_url}/checkout/degraded"
    severity = "SEV1"
    service  = "checkout"
  })

  alarm_actions = local.paging_topic_arns
  ok_actions    = var.enable_ok_actions ? local.paging_topic_arns : []
}

resource "aws_cloudwatch_metric_alarm" "lambda_errors" {
  for_each = var.critical_functions

  alarm_name          = "${local.environment}-lambda-${each.key}-errors"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 0

  dimensions = {
    FunctionName = each.key
  }

  alarm_description = "${each.value}: Lambda function ${each.key} reports errors. Runbook: ${var.runbook_base_url}/lambda/${each.key}"
  alarm_actions     = local.paging_topic_arns
  ok_actions        = local.paging_topic_arns
}

resource "aws_cloudwatch_metric_alarm" "nat_packets_dropped" {
  count = length(var.nat_gateway_ids)

  alarm_name          = "${local.environment}-nat-${count.index}-packets-dropped"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  metric_name         = "PacketsDropCount"
  namespace           = "AWS/NATGateway"
  period              = 300
  statistic           = "Sum"
  threshold           = 100

  dimensions = {
    NatGatewayId = var.nat_gateway_ids[count.index]
  }

  alarm_description = jsonencode({
    runbook  = "${var.runbook_base_url}/network/nat-packet-drops"
    severity = "SEV3"
    service  = "network"
  })

  alarm_actions = local.ticket_topic_arns
  ok_actions    = local.ticket_topic_arns
}

# VIOLATION: waf-rel-060.tf.aws.sns-topic-alarm-action — no alarm_actions and no
# ok_actions: the queue can back up for hours and nobody is told.
resource "aws_cloudwatch_metric_alarm" "orders_queue_depth" {
  alarm_name          = "${local.environment}-orders-queue-depth"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 300
  statistic           = "Maximum"
  threshold           = 5000

  dimensions = {
    QueueName = "prod-orders"
  }

  alarm_description = jsonencode({
    runbook  = "${var.runbook_base_url}/orders/queue-backlog"
    severity = "SEV2"
    service  = "orders"
  })
}

resource "aws_cloudwatch_metric_alarm" "orders_db_cpu" {
  alarm_name          = "${local.environment}-orders-db-cpu"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  metric_name         = "CPUUtilization"
  namespace           = "AWS/RDS"
  period              = 300
  statistic           = "Average"
  threshold           = 85

  dimensions = {
    DBInstanceIdentifier = "prod-orders"
  }

  # VIOLATION: waf-rel-060.tf.aws.alarm-runbook-severity — a severity but no runbook
  # link: on-call gets paged and has to guess what to do.
  alarm_description = "SEV3: orders database CPU above 85% for 15 minutes."
  alarm_actions     = local.ticket_topic_arns
  ok_actions        = local.ticket_topic_arns
}

# UNKNOWN: waf-rel-060.tf.aws.sns-topic-alarm-action — the topics come from another
# Terraform state (data.terraform_remote_state.shared), so whether the list is empty
# cannot be known without that state: SKIP, never PASS or FAIL.
resource "aws_cloudwatch_metric_alarm" "legacy_api_5xx" {
  alarm_name          = "${local.environment}-legacy-api-5xx"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  metric_name         = "5XXError"
  namespace           = "AWS/ApiGateway"
  period              = 60
  statistic           = "Sum"
  threshold           = 10

  dimensions = {
    ApiName = "legacy-api"
  }

  alarm_description = "SEV2: legacy API returns 5XX errors. Runbook: ${var.runbook_base_url}/legacy-api/5xx-errors"
  alarm_actions     = data.terraform_remote_state.shared.outputs.oncall_topic_arns
  ok_actions        = data.terraform_remote_state.shared.outputs.oncall_topic_arns
}

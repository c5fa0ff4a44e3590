locals {
  environment = "prod"

  default_tags = {
    environment = local.environment
    owner       = "platform-sre"
    repository  = "platform"
  }

  paging_topic_arns = [aws_sns_topic.oncall_critical.arn]
  ticket_topic_arns = [aws_sns_topic.oncall_warning.arn]

  # SEV1/SEV2 services page through PagerDuty; the rest open a ticket by e-mail.
  services = {
    for name, svc in var.services : name => merge(svc, {
      topic_arns = contains(["SEV1", "SEV2"], svc.severity) ? local.paging_topic_arns : local.ticket_topic_arns
    })
  }

  pagerduty_events_url = "https://events.pagerduty.com/integration/${pagerduty_service_integration.payments_cloudwatch.integration_key}/enqueue"
}

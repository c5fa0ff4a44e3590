resource "pagerduty_user" "engineer" {
  for_each = var.pagerduty_engineers

  name  = each.value.name
  email = each.value.email
  role  = each.value.role
}

resource "pagerduty_schedule" "platform_primary" {
  name      = "Platform primary"
  time_zone = "Europe/Berlin"

  layer {
    name                         = "Weekly primary"
    start                        = "2026-01-05T09:00:00+01:00"
    rotation_virtual_start       = "2026-01-05T09:00:00+01:00"
    rotation_turn_length_seconds = 604800
    users                        = [for handle in var.primary_rotation : pagerduty_user.engineer[handle].id]
  }
}

resource "pagerduty_schedule" "platform_secondary" {
  name      = "Platform secondary"
  time_zone = "Europe/Berlin"

  layer {
    name                         = "Weekly secondary"
    start                        = "2026-01-05T09:00:00+01:00"
    rotation_virtual_start       = "2026-01-05T09:00:00+01:00"
    rotation_turn_length_seconds = 604800
    users                        = [for handle in var.secondary_rotation : pagerduty_user.engineer[handle].id]
  }
}

resource "pagerduty_escalation_policy" "platform" {
  name      = "Platform"
  num_loops = 2

  rule {
    escalation_delay_in_minutes = 10

    target {
      type = "schedule_reference"
      id   = pagerduty_schedule.platform_primary.id
    }
  }

  rule {
    escalation_delay_in_minutes = 15

    target {
      type = "schedule_reference"
      id   = pagerduty_schedule.platform_secondary.id
    }
  }
}

# VIOLATION: waf-rel-060.tf.pagerduty.escalation-primary-secondary — one rule only: when
# the primary sleeps through the page, nobody else is ever called.
resource "pagerduty_escalation_policy" "reporting" {
  name      = "Reporting"
  num_loops = 1

  rule {
    escalation_delay_in_minutes = 30

    target {
      type = "schedule_reference"
      id   = pagerduty_schedule.platform_primary.id
    }
  }
}

resource "pagerduty_service" "payments" {
  name                    = "payments-prod"
  escalation_policy       = pagerduty_escalation_policy.platform.id
  acknowledgement_timeout = 1800
  auto_resolve_timeout    = 14400
  alert_creation          = "create_alerts_and_incidents"
}

resource "pagerduty_service" "reporting" {
  name                    = "reporting-prod"
  escalation_policy       = pagerduty_escalation_policy.reporting.id
  acknowledgement_timeout = 3600
  auto_resolve_timeout    = 86400
  alert_creation          = "create_alerts_and_incidents"
}

resource "pagerduty_service_integration" "payments_cloudwatch" {
  name    = "Amazon CloudWatch"
  service = pagerduty_service.payments.id
  vendor  = data.pagerduty_vendor.cloudwatch.id
}

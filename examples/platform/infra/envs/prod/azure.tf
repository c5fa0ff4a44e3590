# Checkout's storefront runs as an Azure web app; its alerts go through action groups.

resource "azurerm_resource_group" "monitoring" {
  name     = "rg-monitoring-prod"
  location = "westeurope"
}

resource "azurerm_monitor_action_group" "oncall" {
  name                = "ag-oncall-prod"
  resource_group_name = azurerm_resource_group.monitoring.name
  short_name          = "oncall"

  email_receiver {
    name                    = "sre-oncall"
    email_address           = "sre-oncall@example.com"
    use_common_alert_schema = true
  }

  webhook_receiver {
    name                    = "pagerduty"
    service_uri             = local.pagerduty_events_url
    use_common_alert_schema = true
  }
}

# Chat notifications only: one webhook receiver per entry of var.chatops_webhooks.
resource "azurerm_monitor_action_group" "chatops" {
  name                = "ag-chatops-prod"
  resource_group_name = azurerm_resource_group.monitoring.name
  short_name          = "chatops"

  dynamic "webhook_receiver" {
    for_each = var.chatops_webhooks
    content {
      name                    = webhook_receiver.value.name
      service_uri             = webhook_receiver.value.url
      use_common_alert_schema = true
    }
  }
}

# VIOLATION: waf-rel-060.tf.azurerm.action-group-configured — an action group without a
# single receiver: every alert routed here reaches nobody.
resource "azurerm_monitor_action_group" "unrouted" {
  name                = "ag-unrouted-prod"
  resource_group_name = azurerm_resource_group.monitoring.name
  short_name          = "unrouted"
}

resource "azurerm_monitor_metric_alert" "checkout_http_5xx" {
  name                = "checkout-prod-http-5xx"
  resource_group_name = azurerm_resource_group.monitoring.name
  scopes              = [var.checkout_app_id]
  description         = "SEV2: checkout storefront returns more than 25 HTTP 5xx per 5 minutes. Runbook: ${var.runbook_base_url}/checkout/storefront-5xx"
  severity            = 1
  frequency           = "PT1M"
  window_size         = "PT5M"

  criteria {
    metric_namespace = "Microsoft.Web/sites"
    metric_name      = "Http5xx"
    aggregation      = "Total"
    operator         = "GreaterThan"
    threshold        = 25
  }

  action {
    action_group_id = azurerm_monitor_action_group.oncall.id
  }

  action {
    action_group_id = azurerm_monitor_action_group.chatops.id
  }
}

resource "azurerm_monitor_scheduled_query_rules_alert_v2" "checkout_exceptions" {
  name                 = "checkout-prod-unhandled-exceptions"
  resource_group_name  = azurerm_resource_group.monitoring.name
  location             = azurerm_resource_group.monitoring.location
  display_name         = "Checkout: unhandled exceptions"
  scopes               = [var.log_analytics_workspace_id]
  severity             = 2
  evaluation_frequency = "PT5M"
  window_duration      = "PT15M"

  description = jsonencode({
    runbook  = "${var.runbook_base_url}/checkout/unhandled-exceptions"
    severity = "SEV3"
    service  = "checkout"
  })

  criteria {
    query                   = <<-KQL
      AppExceptions
      | where AppRoleName == "checkout"
      | where SeverityLevel >= 3
    KQL
    time_aggregation_method = "Count"
    threshold               = 50
    operator                = "GreaterThan"

    failing_periods {
      minimum_failing_periods_to_trigger_alert = 1
      number_of_evaluation_periods             = 1
    }
  }

  action {
    action_groups = [azurerm_monitor_action_group.oncall.id]
  }
}

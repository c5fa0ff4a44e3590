# The search API runs on Cloud Run in GCP.

resource "google_monitoring_notification_channel" "sre_email" {
  display_name = "SRE on-call e-mail"
  type         = "email"

  labels = {
    email_address = "sre-oncall@example.com"
  }
}

resource "google_monitoring_notification_channel" "pagerduty_webhook" {
  display_name = "PagerDuty (search)"
  type         = "webhook_tokenauth"

  labels = {
    url = local.pagerduty_events_url
  }
}

resource "google_monitoring_alert_policy" "search_latency" {
  display_name = "search-api p95 latency"
  combiner     = "OR"
  severity     = "ERROR"

  conditions {
    display_name = "p95 request latency above 1.5 s"

    condition_threshold {
      filter          = "resource.type = \"cloud_run_revision\" AND resource.labels.service_name = \"search-api\" AND metric.type = \"run.googleapis.com/request_latencies\""
      duration        = "300s"
      comparison      = "COMPARISON_GT"
      threshold_value = 1500

      aggregations {
        alignment_period   = "60s"
        per_series_aligner = "ALIGN_PERCENTILE_95"
      }
    }
  }

  notification_channels = [
    google_monitoring_notification_channel.sre_email.id,
    google_monitoring_notification_channel.pagerduty_webhook.id,
  ]

  documentation {
    subject   = "SEV2 search-api is slow"
    mime_type = "text/markdown"
    content   = <<-EOT
      **Severity:** SEV2

      search-api answers slower than 1.5 s at p95 for five minutes.
      Follow the runbook: ${var.runbook_base_url}/search/high-latency
    EOT

    links {
      display_name = "Runbook"
      url          = "${var.runbook_base_url}/search/high-latency"
    }
  }
}

# VIOLATION: waf-rel-060.tf.google.monitoring-notification-channel — no
# notification_channels: the incident opens in the console and nobody is notified.
resource "google_monitoring_alert_policy" "search_index_disk" {
  display_name = "search-index disk almost full"
  combiner     = "OR"
  severity     = "WARNING"

  conditions {
    display_name = "disk utilisation above 90%"

    condition_threshold {
      filter          = "resource.type = \"gce_instance\" AND metadata.user_labels.role = \"search-index\" AND metric.type = \"agent.googleapis.com/disk/percent_used\""
      duration        = "600s"
      comparison      = "COMPARISON_GT"
      threshold_value = 90

      aggregations {
        alignment_period   = "60s"
        per_series_aligner = "ALIGN_MEAN"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "SEV3: search index disk above 90%. Runbook: ${var.runbook_base_url}/search/index-disk-full"
  }
}

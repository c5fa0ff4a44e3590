runbook_base_url = "https://runbooks.example.com"

services = {
  payments = {
    severity       = "SEV1"
    latency_p99_ms = 400
    alb_arn_suffix = "app/prod-public/3f9c2a7d1b4e6f80"
  }
  checkout = {
    severity       = "SEV2"
    error_count    = 10
    alb_arn_suffix = "app/prod-public/3f9c2a7d1b4e6f80"
  }
  search = {
    alb_arn_suffix   = "app/prod-search/9a1b2c3d4e5f6071"
    saturation_alarm = false
  }
}

critical_functions = {
  "payments-webhook" = "SEV2"
  "refund-worker"    = "SEV2"
  # VIOLATION: waf-rel-060.tf.aws.alarm-runbook-severity — SEV5 is not a level of the
  # severity definitions (SEV1–SEV4); nobody knows how urgent this alarm is.
  "invoice-renderer" = "SEV5"
}

nat_gateway_ids = ["nat-0a1b2c3d4e5f60718", "nat-0f1e2d3c4b5a69788"]

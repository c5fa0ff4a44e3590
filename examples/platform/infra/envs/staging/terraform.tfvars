staging_alerts_email = "staging-alerts@example.com"
load_test_mode       = false

services = {
  payments = {
    alb_arn_suffix = "app/staging-public/0a9b8c7d6e5f4a3b"
  }
  checkout = {
    severity       = "SEV3"
    alb_arn_suffix = "app/staging-public/0a9b8c7d6e5f4a3b"
  }
}

# Who is on call. Kept apart from terraform.tfvars so that rota changes are small diffs.

oncall_emails = ["sre-oncall@example.com", "payments-team@example.com"]

pagerduty_engineers = {
  amara = {
    name  = "Amara Okafor"
    email = "amara.okafor@example.com"
    role  = "admin"
  }
  jonas = {
    name  = "Jonas Lindqvist"
    email = "jonas.lindqvist@example.com"
  }
  mei = {
    name  = "Mei Tanaka"
    email = "mei.tanaka@example.com"
  }
}

primary_rotation   = ["amara", "jonas", "mei"]
secondary_rotation = ["mei", "amara", "jonas"]

chatops_webhooks = [
  {
    name = "teams-checkout"
    url  = "https://chat.example.com/hooks/checkout-alerts"
  },
  {
    name = "teams-sre"
    url  = "https://chat.example.com/hooks/sre-alerts"
  }
]

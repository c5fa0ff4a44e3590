variable "aws_region" {
  description = "AWS region of the production workloads."
  type        = string
  default     = "eu-central-1"
}

variable "azure_subscription_id" {
  description = "Azure subscription that hosts the checkout web app."
  type        = string
  default     = "00000000-0000-0000-0000-000000000000"
}

variable "gcp_project" {
  description = "GCP project that hosts the search API."
  type        = string
  default     = "example-platform-prod"
}

variable "runbook_base_url" {
  description = "Base URL of the runbook catalog."
  type        = string
  default     = "https://runbooks.example.com"
}

variable "enable_ok_actions" {
  description = "Notify on-call when alarms resolve."
  type        = bool
  default     = true
}

variable "services" {
  description = "HTTP services behind the shared load balancer, with their alarm settings."
  type = map(object({
    severity         = optional(string, "SEV3")
    latency_p99_ms   = optional(number, 800)
    error_count      = optional(number, 25)
    saturation_alarm = optional(bool, true)
    alb_arn_suffix   = string
  }))
}

variable "critical_functions" {
  description = "Lambda functions whose errors page someone, with the severity of an error."
  type        = map(string)
  default     = {}
}

variable "nat_gateway_ids" {
  description = "NAT gateways whose dropped packets are alarmed on."
  type        = list(string)
  default     = []
}

variable "oncall_emails" {
  description = "Addresses subscribed to the warning topic."
  type        = list(string)
  default     = []
}

variable "pagerduty_engineers" {
  description = "On-call engineers in PagerDuty, keyed by handle."
  type = map(object({
    name  = string
    email = string
    role  = optional(string, "user")
  }))
}

variable "primary_rotation" {
  description = "Handles of the engineers in the primary rotation, in rotation order."
  type        = list(string)
}

variable "secondary_rotation" {
  description = "Handles of the engineers in the secondary rotation."
  type        = list(string)
}

variable "chatops_webhooks" {
  description = "Chat webhooks that receive Azure alerts, one receiver each."
  type = list(object({
    name = string
    url  = string
  }))
  default = []
}

variable "checkout_app_id" {
  description = "Resource id of the checkout Linux web app."
  type        = string
  default     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-checkout-prod/providers/Microsoft.Web/sites/checkout-prod"
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace that receives the checkout application logs."
  type        = string
  default     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-monitoring-prod/providers/Microsoft.OperationalInsights/workspaces/law-platform-prod"
}

variable "aws_region" {
  description = "AWS region of the staging workloads."
  type        = string
  default     = "eu-central-1"
}

variable "runbook_base_url" {
  description = "Base URL of the runbook catalog."
  type        = string
  default     = "https://runbooks.example.com"
}

variable "services" {
  description = "HTTP services deployed to staging."
  type = map(object({
    severity       = optional(string, "SEV4")
    latency_p99_ms = optional(number, 1500)
    alb_arn_suffix = string
  }))
}

variable "staging_alerts_email" {
  description = "Mailbox that receives staging alarms."
  type        = string
}

variable "load_test_mode" {
  description = "Create the load-test guard alarm (only while a load test runs)."
  type        = bool
  default     = true
}

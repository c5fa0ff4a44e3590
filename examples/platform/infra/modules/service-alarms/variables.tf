variable "service" {
  description = "Service name. Used in alarm names, runbook slugs and the description's `service` key."
  type        = string
}

variable "environment" {
  description = "Deployment environment (prod, staging); part of every alarm name."
  type        = string
}

variable "severity" {
  description = "Severity level written into every alarm description. Must be one of the levels in incident-response/severity-definitions.yml."
  type        = string
  default     = "SEV3"
}

variable "runbook_base_url" {
  description = "Base URL of the runbook catalog; the module appends <service>/<alert-slug>."
  type        = string
}

variable "alarm_topic_arns" {
  description = "SNS topics notified when an alarm fires. An empty list means nobody is paged."
  type        = list(string)
  default     = []
}

variable "enable_ok_actions" {
  description = "Also notify the topics when the alarm returns to OK, so the incident resolves on its own."
  type        = bool
  default     = true
}

variable "load_balancer_arn_suffix" {
  description = "ARN suffix of the service's Application Load Balancer (the LoadBalancer dimension)."
  type        = string
}

variable "ecs_cluster_name" {
  description = "ECS cluster that runs the service (for the saturation alarm)."
  type        = string
  default     = "platform"
}

variable "create_saturation_alarm" {
  description = "Create the CPU saturation alarm. Batch jobs that run hot by design turn it off."
  type        = bool
  default     = true
}

variable "thresholds" {
  description = "Alarm thresholds; every attribute has a sensible default."
  type = object({
    latency_p99_ms     = optional(number, 800)
    error_count        = optional(number, 25)
    cpu_percent        = optional(number, 85)
    evaluation_periods = optional(number, 3)
  })
  default = {}
}

variable "tags" {
  description = "Tags added to every alarm."
  type        = map(string)
  default     = {}
}

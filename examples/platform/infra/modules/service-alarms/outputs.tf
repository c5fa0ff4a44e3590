output "latency_alarm_name" {
  description = "Name of the p99 latency alarm (composite alarms refer to it)."
  value       = aws_cloudwatch_metric_alarm.latency.alarm_name
}

output "errors_alarm_name" {
  description = "Name of the 5XX alarm (composite alarms refer to it)."
  value       = aws_cloudwatch_metric_alarm.errors.alarm_name
}

output "alarm_arns" {
  description = "ARNs of every alarm this module created."
  value = concat(
    [aws_cloudwatch_metric_alarm.latency.arn, aws_cloudwatch_metric_alarm.errors.arn],
    aws_cloudwatch_metric_alarm.saturation[*].arn
  )
}

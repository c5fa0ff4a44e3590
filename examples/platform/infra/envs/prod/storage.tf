# Not alerting: the bucket that keeps alarm history for post-incident reviews and the
# role of the incident bot that writes to it. irready has nothing to say about them.

resource "aws_s3_bucket" "alarm_history" {
  bucket = "example-platform-${local.environment}-alarm-history"
}

resource "aws_s3_bucket_versioning" "alarm_history" {
  bucket = aws_s3_bucket.alarm_history.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "alarm_history" {
  bucket                  = aws_s3_bucket.alarm_history.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_iam_role" "incident_bot" {
  name = "${local.environment}-incident-bot"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "incident_bot_history" {
  name = "write-alarm-history"
  role = aws_iam_role.incident_bot.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:PutObject"]
      Resource = "${aws_s3_bucket.alarm_history.arn}/*"
    }]
  })
}

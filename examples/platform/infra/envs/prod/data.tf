# Shared account-level resources live in another state; their outputs cannot be known
# without reading that state.
data "terraform_remote_state" "shared" {
  backend = "s3"

  config = {
    bucket = "example-platform-tfstate"
    key    = "shared/terraform.tfstate"
    region = "eu-central-1"
  }
}

data "pagerduty_vendor" "cloudwatch" {
  name = "Amazon CloudWatch"
}

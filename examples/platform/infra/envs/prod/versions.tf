terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.10"
    }
    google = {
      source  = "hashicorp/google"
      version = "~> 6.10"
    }
    pagerduty = {
      source  = "PagerDuty/pagerduty"
      version = "~> 3.18"
    }
  }

  backend "s3" {
    bucket = "example-platform-tfstate"
    key    = "envs/prod/terraform.tfstate"
    region = "eu-central-1"
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = local.default_tags
  }
}

provider "azurerm" {
  features {}
  subscription_id = var.azure_subscription_id
}

provider "google" {
  project = var.gcp_project
  region  = "europe-west3"
}

provider "pagerduty" {}

terraform {
  required_version = ">= 1.10.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  # Local state on the first apply (the bucket does not exist yet); then move it into the bucket it
  # created: README "Remote state", step 3.
}

provider "aws" {
  region              = var.aws_region
  allowed_account_ids = [var.aws_account_id]

  default_tags {
    tags = {
      Project   = "quantvision"
      ManagedBy = "terraform"
      Stack     = "bootstrap"
    }
  }
}

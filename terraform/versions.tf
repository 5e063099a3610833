terraform {
  required_version = ">= 1.10.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
    tls = {
      source  = "hashicorp/tls"
      version = "~> 4.0"
    }
  }

  # Partial configuration: bucket, key, region, lock table come from environments/<env>.s3.tfbackend
  # (terraform init -backend-config=environments/<env>.s3.tfbackend). See README "Remote state".
  backend "s3" {}
}

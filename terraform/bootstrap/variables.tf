variable "aws_account_id" {
  description = "Account being bootstrapped (one per environment is recommended; several environments may share one)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be the 12-digit account ID."
  }
}

variable "aws_region" {
  description = "Region of the state bucket and lock table (the environments' region)."
  type        = string
}

variable "environments" {
  description = "Environments whose state lives in this account, each getting a plan role and a deploy role."
  type        = set(string)

  validation {
    condition     = length(var.environments) > 0 && alltrue([for e in var.environments : contains(["staging", "production"], e)])
    error_message = "environments must be a non-empty subset of staging and production."
  }
}

variable "github_repository" {
  description = "GitHub repository (owner/name) whose workflow may assume the roles."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name."
  }
}

variable "plan_branches" {
  description = "Branches (besides pull requests, for staging) whose workflow runs may plan each environment."
  type        = map(list(string))
  default = {
    staging    = ["main", "develop"]
    production = ["main"]
  }
}

variable "create_github_oidc_provider" {
  description = "Create the account's GitHub OIDC identity provider (false when it already exists)."
  type        = bool
  default     = true
}

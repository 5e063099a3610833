# --- where ---------------------------------------------------------------------------------------

variable "environment" {
  description = "Environment name: staging or production."
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production."
  }
}

variable "aws_account_id" {
  description = "AWS account of this environment; the provider refuses to touch any other (a staging tfvars can never be applied to the production account)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be the 12-digit account ID."
  }
}

variable "aws_region" {
  description = "AWS region of the environment."
  type        = string
}

variable "project" {
  description = "Project name, used in tags and resource paths."
  type        = string
  default     = "quantvision"
}

# --- what runs -----------------------------------------------------------------------------------

variable "image_tag" {
  description = "Image tag (the git commit) the task definitions Terraform registers point at; the pipeline passes -var image_tag=<sha> and then rolls the services to the image's digest."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))
    error_message = "image_tag must be a valid Docker tag."
  }
}

variable "services" {
  description = "Sizing of each service's tasks (Fargate CPU units and MiB) and its autoscaling bounds; unset fields keep the defaults (512/1024, 2-10 tasks)."
  type = map(object({
    cpu          = optional(number, 512)
    memory       = optional(number, 1024)
    min_capacity = optional(number, 2)
    max_capacity = optional(number, 10)
  }))
  default = {}

  validation {
    condition     = alltrue([for name in keys(var.services) : contains(["gateway-service", "market-data-service", "analysis-service", "trading-service", "alert-service"], name)])
    error_message = "services may only size gateway-service, market-data-service, analysis-service, trading-service and alert-service."
  }
}

variable "app_settings" {
  description = "Non-secret application settings (README \"Configuration\"); secrets come from Secrets Manager."
  type = object({
    log_level             = optional(string, "INFO")
    admin_email           = string
    rate_limit_per_minute = optional(number, 60)
    rate_limit_per_hour   = optional(number, 1000)
    market_data_provider  = optional(string, "simulated")
    broker                = optional(string, "paper")
    alpaca_paper_trading  = optional(bool, true)
    trading_require_2fa   = optional(bool, true)
    llm_base_url          = optional(string, "")
    llm_model             = optional(string, "")
    alert_email_from      = optional(string, "")
    alert_email_to        = optional(string, "")
    smtp_host             = optional(string, "")
    smtp_port             = optional(number, 587)
    smtp_username         = optional(string, "")
    sentry_dsn            = optional(string, "")
    extra_environment     = optional(map(map(string)), {})
  })

  validation {
    condition     = contains(["simulated", "alpaca"], var.app_settings.market_data_provider) && contains(["paper", "alpaca"], var.app_settings.broker)
    error_message = "market_data_provider must be simulated or alpaca; broker must be paper or alpaca."
  }
}

variable "container_health_check_command" {
  description = "CMD-SHELL template of the containers' liveness check (%d = management port); must use a tool the images contain."
  type        = string
  default     = "curl -fsS -o /dev/null http://127.0.0.1:%d/q/health/live || exit 1"
}

variable "requests_per_target" {
  description = "ALB requests per gateway task per minute that autoscaling aims for."
  type        = number
  default     = 1000
}

variable "fargate_spot_weight" {
  description = "Weight of Fargate Spot for tasks above min_capacity (0: none, the production setting)."
  type        = number
  default     = 0
}

variable "enable_execute_command" {
  description = "Allow ECS Exec into containers (break-glass; audited)."
  type        = bool
  default     = false
}

# --- network and edge ----------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC (/16)."
  type        = string
  default     = "10.40.0.0/16"
}

variable "az_count" {
  description = "Availability zones used."
  type        = number
  default     = 3
}

variable "single_nat_gateway" {
  description = "One NAT gateway instead of one per zone (cheaper; egress fails with that zone)."
  type        = bool
  default     = false
}

variable "enable_interface_endpoints" {
  description = "Interface endpoints for ECR, CloudWatch Logs and Secrets Manager."
  type        = bool
  default     = true
}

variable "api_domain_name" {
  description = "Public API host name served by the ALB (e.g. api.quantvision.example.com)."
  type        = string
}

variable "app_domain_name" {
  description = "Public frontend host name served by CloudFront (e.g. app.quantvision.example.com)."
  type        = string
}

variable "alb_certificate_arn" {
  description = "ACM certificate for api_domain_name, in aws_region."
  type        = string
}

variable "cloudfront_certificate_arn" {
  description = "ACM certificate for app_domain_name, in us-east-1."
  type        = string
}

variable "route53_zone_id" {
  description = "Public hosted zone for the alias records of both domains; null to manage DNS elsewhere."
  type        = string
  default     = null
}

variable "alb_ingress_cidr_blocks" {
  description = "IPv4 ranges allowed to reach the ALB."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "metrics_scraper_cidr_blocks" {
  description = "IPv4 ranges of a Prometheus allowed to scrape the management ports; empty: none."
  type        = list(string)
  default     = []
}

variable "enable_waf" {
  description = "AWS WAF on the ALB and on CloudFront."
  type        = bool
  default     = true
}

variable "waf_rate_limit" {
  description = "Requests per client IP per 5 minutes before WAF blocks it."
  type        = number
  default     = 2000
}

# --- data ----------------------------------------------------------------------------------------

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
}

variable "db_allocated_storage" {
  description = "Initial RDS storage (GiB)."
  type        = number
  default     = 100
}

variable "db_max_allocated_storage" {
  description = "RDS storage autoscaling ceiling (GiB)."
  type        = number
  default     = 500
}

variable "db_multi_az" {
  description = "RDS Multi-AZ standby."
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  description = "RDS automated backup retention (days)."
  type        = number
  default     = 30
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
}

variable "redis_num_cache_clusters" {
  description = "ElastiCache nodes (primary + replicas)."
  type        = number
  default     = 2
}

variable "redis_snapshot_retention_days" {
  description = "ElastiCache snapshot retention (days)."
  type        = number
  default     = 7
}

# --- retention and protection --------------------------------------------------------------------

variable "log_retention_days" {
  description = "CloudWatch retention of application, database and WAF logs."
  type        = number
  default     = 90
}

variable "s3_log_retention_days" {
  description = "Retention of access and flow logs in S3."
  type        = number
  default     = 365
}

variable "backup_retention_days" {
  description = "Retention of database exports in the backup bucket."
  type        = number
  default     = 365
}

variable "deletion_protection" {
  description = "Deletion protection on the ALB and RDS, no force-delete of buckets and repositories, 30-day secret and key recovery windows."
  type        = bool
  default     = true
}

variable "db_bootstrap_image" {
  description = "Image of the one-off db-bootstrap task (needs psql; pulled from ECR Public through NAT)."
  type        = string
  default     = "public.ecr.aws/docker/library/postgres:15-alpine"
}

variable "name" {
  description = "Name prefix (the ALB is <name>-alb; at most 28 characters)."
  type        = string

  validation {
    condition     = length(var.name) <= 24
    error_message = "name must be at most 24 characters (ALB and target group names are limited to 32)."
  }
}

variable "vpc_id" {
  description = "VPC of the target group."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets the ALB spans (one per zone)."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the ALB."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate (same region as the ALB) for the HTTPS listener."
  type        = string
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener: TLS 1.3 and 1.2 with forward-secret ciphers only."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "target_port" {
  description = "Application port of the load-balanced service (the gateway)."
  type        = number
}

variable "health_check_port" {
  description = "Management port of the load-balanced service, where readiness is served."
  type        = number
}

variable "health_check_path" {
  description = "Readiness path on the management port."
  type        = string
  default     = "/q/health/ready"
}

variable "idle_timeout" {
  description = "Seconds an idle client connection is kept."
  type        = number
  default     = 60
}

variable "deregistration_delay" {
  description = "Seconds a draining target keeps its in-flight requests before it is removed."
  type        = number
  default     = 30
}

variable "deletion_protection" {
  description = "Refuse to delete the ALB (production)."
  type        = bool
  default     = true
}

variable "access_logs_bucket" {
  description = "Bucket for ALB access logs (written under alb/)."
  type        = string
}

variable "enable_waf" {
  description = "Attach an AWS WAF web ACL (rate limit per client IP, AWS managed rule groups)."
  type        = bool
  default     = true
}

variable "waf_rate_limit" {
  description = "Requests per client IP in any 5-minute window before WAF blocks that IP."
  type        = number
  default     = 2000
}

variable "behind_cloudfront" {
  description = "CloudFront also forwards to this ALB (with cloudfront_origin_secret in X-Origin-Verify): exempt those requests from the per-IP rate limit here, CloudFront's WAF limits them per viewer IP."
  type        = bool
  default     = false
}

variable "cloudfront_origin_secret" {
  description = "Value CloudFront sends in X-Origin-Verify (used when behind_cloudfront)."
  type        = string
  default     = ""
  sensitive   = true
}

variable "waf_log_retention_days" {
  description = "Retention of the WAF log group."
  type        = number
  default     = 90
}

variable "logs_kms_key_arn" {
  description = "KMS key of the WAF log group."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

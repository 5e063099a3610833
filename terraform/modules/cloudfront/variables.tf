variable "name" {
  description = "Name prefix."
  type        = string
}

variable "aliases" {
  description = "Domain names of the distribution (the frontend's), covered by certificate_arn."
  type        = list(string)
}

variable "certificate_arn" {
  description = "ACM certificate in us-east-1 (CloudFront's region) covering the aliases."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:us-east-1:", var.certificate_arn))
    error_message = "CloudFront only uses ACM certificates from us-east-1."
  }
}

variable "frontend_bucket_id" {
  description = "Bucket holding the frontend's static files."
  type        = string
}

variable "frontend_bucket_arn" {
  description = "ARN of the frontend bucket."
  type        = string
}

variable "frontend_bucket_regional_domain_name" {
  description = "Regional domain name of the frontend bucket."
  type        = string
}

variable "api_origin_domain_name" {
  description = "Domain name of the ALB's certificate (the API domain); /api/* is forwarded there over HTTPS."
  type        = string
}

variable "origin_secret" {
  description = "Sent to the ALB in X-Origin-Verify on /api/* requests, so that the ALB's WAF can tell CloudFront's requests from direct ones."
  type        = string
  sensitive   = true
}

variable "logs_bucket_domain_name" {
  description = "Bucket (domain name) for CloudFront standard logs (under cloudfront/)."
  type        = string
}

variable "price_class" {
  description = "CloudFront price class."
  type        = string
  default     = "PriceClass_100"
}

variable "enable_waf" {
  description = "Attach a CLOUDFRONT-scope WAF web ACL (rate limit per IP, AWS managed rules)."
  type        = bool
  default     = true
}

variable "waf_rate_limit" {
  description = "Requests per client IP in any 5-minute window before WAF blocks that IP."
  type        = number
  default     = 2000
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

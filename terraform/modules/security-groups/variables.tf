variable "name" {
  description = "Name prefix of the security groups."
  type        = string
}

variable "vpc_id" {
  description = "VPC the security groups belong to."
  type        = string
}

variable "services" {
  description = "The microservices by name, with their application and management (health, metrics) ports."
  type = map(object({
    port            = number
    management_port = number
  }))
}

variable "load_balanced_service" {
  description = "The one service the ALB forwards to (application port) and health-checks (management port)."
  type        = string

  validation {
    condition     = length(var.load_balanced_service) > 0
    error_message = "load_balanced_service must name a service."
  }
}

variable "service_calls" {
  description = "Allowed service-to-service calls: from, to, and which port of the callee (app or management). Anything not listed is refused."
  type = list(object({
    from = string
    to   = string
    port = string
  }))

  validation {
    condition     = alltrue([for c in var.service_calls : contains(["app", "management"], c.port)])
    error_message = "service_calls[*].port must be \"app\" or \"management\"."
  }
}

variable "internet_egress_ports" {
  description = "TCP ports each service may open to the internet (through NAT): 443 for AWS APIs, ECR, Alpaca, PagerDuty, Slack, the LLM; the SMTP port for alert-service."
  type        = map(list(number))
  default     = {}
}

variable "alb_ingress_cidr_blocks" {
  description = "IPv4 ranges allowed to reach the ALB on 80 (redirected) and 443."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "metrics_scraper_cidr_blocks" {
  description = "IPv4 ranges (e.g. a Prometheus in a peered VPC) allowed to the services' management ports. Empty: none."
  type        = list(string)
  default     = []
}

variable "postgres_port" {
  description = "PostgreSQL port."
  type        = number
  default     = 5432
}

variable "redis_port" {
  description = "Redis port."
  type        = number
  default     = 6379
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

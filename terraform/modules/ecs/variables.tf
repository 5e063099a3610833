variable "name" {
  description = "Name prefix: cluster <name>, task families <name>-<service>, log groups /<name>/ecs/<service>."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the Cloud Map namespace."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets the tasks run in (no public IPs)."
  type        = list(string)
}

variable "namespace" {
  description = "Private DNS namespace for service discovery: <service>.<namespace> resolves to the service's healthy tasks."
  type        = string
}

variable "services" {
  description = <<-EOT
    Long-running services by name. environment and secrets map variable names to values / to
    Secrets Manager references (an ARN, or ARN:json-key:: for one field of a JSON secret).
  EOT
  type = map(object({
    image             = string
    cpu               = number
    memory            = number
    port              = number
    management_port   = number
    security_group_id = string
    min_capacity      = number
    max_capacity      = number
    environment       = map(string)
    secrets           = map(string)
  }))

  validation {
    condition     = alltrue([for s in values(var.services) : s.min_capacity >= 1 && s.min_capacity <= s.max_capacity])
    error_message = "Every service needs 1 <= min_capacity <= max_capacity."
  }
}

variable "tasks" {
  description = "One-off tasks (run by the pipeline with aws ecs run-task), e.g. db-bootstrap."
  type = map(object({
    image             = string
    cpu               = number
    memory            = number
    command           = list(string)
    security_group_id = string
    environment       = map(string)
    secrets           = map(string)
  }))
  default = {}
}

variable "health_check_command" {
  description = <<-EOT
    Container health check (liveness, on the management port) of the services: a CMD-SHELL
    template where %d is replaced by the management port. It must use a tool the image has (the
    images' own Docker HEALTHCHECK, which ECS ignores, shows which one).
  EOT
  type        = string
  default     = "curl -fsS -o /dev/null http://127.0.0.1:%d/q/health/live || exit 1"
}

variable "load_balancer" {
  description = "The one service behind the ALB: its target group and the resource label for request-count autoscaling. null: no ALB."
  type = object({
    service                      = string
    target_group_arn             = string
    request_count_resource_label = string
  })
  default = null
}

variable "health_check_grace_period_seconds" {
  description = "Seconds failing ALB and container health checks are ignored after a task starts (start-up, Flyway migrations)."
  type        = number
  default     = 90
}

variable "requests_per_target" {
  description = "Target ALB requests per task per minute for the load-balanced service."
  type        = number
  default     = 1000
}

variable "cpu_target_percent" {
  description = "Average CPU utilisation the services are scaled to."
  type        = number
  default     = 60
}

variable "memory_target_percent" {
  description = "Average memory utilisation the services are scaled to."
  type        = number
  default     = 75
}

variable "fargate_spot_weight" {
  description = "Weight of FARGATE_SPOT against FARGATE (weight 1, base = min_capacity on FARGATE). 0 in production."
  type        = number
  default     = 0
}

variable "container_insights" {
  description = "CloudWatch Container Insights: enabled, enhanced or disabled."
  type        = string
  default     = "enabled"
}

variable "enable_execute_command" {
  description = "Allow ECS Exec into running containers (audited to CloudWatch; off by default)."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Retention of the application log groups."
  type        = number
  default     = 90
}

variable "logs_kms_key_arn" {
  description = "KMS key of the log groups."
  type        = string
}

variable "secrets_kms_key_arn" {
  description = "KMS key of the injected secrets (execution roles may decrypt with it)."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

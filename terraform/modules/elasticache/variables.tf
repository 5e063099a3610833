variable "name" {
  description = "Name prefix (the replication group is <name>-redis)."
  type        = string
}

variable "subnet_ids" {
  description = "Isolated data subnets, one per zone."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the cache nodes."
  type        = string
}

variable "engine_version" {
  description = "Redis OSS engine version (7.x)."
  type        = string
  default     = "7.1"

  validation {
    condition     = can(regex("^7\\.", var.engine_version))
    error_message = "The suite runs on Redis 7: engine_version must be 7.x (the parameter group family is redis7)."
  }
}

variable "node_type" {
  description = "Node type, e.g. cache.r7g.large (production) or cache.t4g.small (staging)."
  type        = string
}

variable "num_cache_clusters" {
  description = "Nodes in the group: one primary plus replicas in other zones (at least 2 for automatic failover)."
  type        = number
  default     = 2

  validation {
    condition     = var.num_cache_clusters >= 2 && var.num_cache_clusters <= 6
    error_message = "num_cache_clusters must be between 2 (primary + one replica, required for failover) and 6."
  }
}

variable "snapshot_retention_days" {
  description = "Days of daily snapshots."
  type        = number
  default     = 7
}

variable "snapshot_window" {
  description = "Daily snapshot window (UTC)."
  type        = string
  default     = "05:00-06:00"
}

variable "maintenance_window" {
  description = "Weekly maintenance window (UTC)."
  type        = string
  default     = "sun:08:30-sun:09:30"
}

variable "kms_key_arn" {
  description = "KMS key for data at rest and snapshots."
  type        = string
}

variable "secrets_kms_key_arn" {
  description = "KMS key of the secret holding the auth token and the REDIS_URL."
  type        = string
}

variable "logs_kms_key_arn" {
  description = "KMS key of the slow-log group."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the slow log."
  type        = number
  default     = 30
}

variable "secret_name" {
  description = "Name of the Secrets Manager secret receiving the auth token and the rediss:// URL."
  type        = string
}

variable "secret_recovery_window_in_days" {
  description = "Days a deleted secret can still be restored."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

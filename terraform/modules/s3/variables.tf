variable "name" {
  description = "Name prefix of the buckets (<name>-<purpose>-<account id>)."
  type        = string
}

variable "kms_key_arn" {
  description = "Customer-managed key for the backup and frontend buckets (the log bucket must use SSE-S3: ALB and CloudFront log delivery cannot write SSE-KMS objects)."
  type        = string
}

variable "log_retention_days" {
  description = "Days after which access logs and flow logs are deleted."
  type        = number
  default     = 365
}

variable "backup_retention_days" {
  description = "Days after which database backups (pg_dump exports) are deleted."
  type        = number
  default     = 365
}

variable "force_destroy" {
  description = "Allow terraform destroy to delete non-empty buckets (never in production)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

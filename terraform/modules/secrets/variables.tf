variable "path_prefix" {
  description = "Path prefix of every secret name, e.g. quantvision/production."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the secrets."
  type        = string
}

variable "databases" {
  description = "Database (and login role) name by service: one PostgreSQL database and role per service."
  type        = map(string)
}

variable "recovery_window_in_days" {
  description = "Days a deleted secret can still be restored (0 deletes at once; use 30 in production)."
  type        = number
  default     = 30
}

variable "jwt_rsa_bits" {
  description = "Size of the gateway's RS256 signing key."
  type        = number
  default     = 3072
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

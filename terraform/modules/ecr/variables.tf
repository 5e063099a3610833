variable "repository_prefix" {
  description = "Path prefix of the repositories (<prefix>/<service>), e.g. quantvision/production."
  type        = string
}

variable "services" {
  description = "Service names; one repository each."
  type        = set(string)
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the images at rest."
  type        = string
}

variable "keep_tagged_images" {
  description = "Number of tagged images kept per repository (older ones expire; enough for rollbacks)."
  type        = number
  default     = 50
}

variable "untagged_image_expiry_days" {
  description = "Days after which untagged images (superseded pushes, build leftovers) expire."
  type        = number
  default     = 7
}

variable "force_delete" {
  description = "Allow terraform destroy to delete repositories that still hold images (never in production)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

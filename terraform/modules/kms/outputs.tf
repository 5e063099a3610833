output "data_key_arn" {
  description = "ARN of the key for data at rest (RDS, ElastiCache, ECR, S3)."
  value       = aws_kms_key.data.arn
}

output "secrets_key_arn" {
  description = "ARN of the key for Secrets Manager."
  value       = aws_kms_key.secrets.arn
}

output "logs_key_arn" {
  description = "ARN of the key for CloudWatch Logs."
  value       = aws_kms_key.logs.arn
}

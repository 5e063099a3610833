output "logs_bucket_id" {
  description = "Name of the log bucket."
  value       = aws_s3_bucket.logs.id
}

output "logs_bucket_arn" {
  description = "ARN of the log bucket."
  value       = aws_s3_bucket.logs.arn
}

output "logs_bucket_domain_name" {
  description = "Domain name of the log bucket (CloudFront logging target)."
  value       = aws_s3_bucket.logs.bucket_domain_name
}

output "backups_bucket_id" {
  description = "Name of the backup bucket."
  value       = aws_s3_bucket.data["backups"].id
}

output "backups_bucket_arn" {
  description = "ARN of the backup bucket."
  value       = aws_s3_bucket.data["backups"].arn
}

output "frontend_bucket_id" {
  description = "Name of the frontend bucket."
  value       = aws_s3_bucket.data["frontend"].id
}

output "frontend_bucket_arn" {
  description = "ARN of the frontend bucket."
  value       = aws_s3_bucket.data["frontend"].arn
}

output "frontend_bucket_regional_domain_name" {
  description = "Regional domain name of the frontend bucket (CloudFront origin)."
  value       = aws_s3_bucket.data["frontend"].bucket_regional_domain_name
}

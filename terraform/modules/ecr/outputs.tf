output "repository_urls" {
  description = "Repository URL by service name (<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<service>)."
  value       = { for name, repo in aws_ecr_repository.this : name => repo.repository_url }
}

output "repository_arns" {
  description = "Repository ARN by service name."
  value       = { for name, repo in aws_ecr_repository.this : name => repo.arn }
}

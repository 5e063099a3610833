# What the pipeline (.github/workflows/ci-cd.yml, .github/scripts/) reads after terraform apply,
# through `terraform output -json`.

output "environment" {
  description = "Environment name."
  value       = var.environment
}

output "aws_region" {
  description = "Region of the environment."
  value       = var.aws_region
}

output "ecs_cluster_name" {
  description = "ECS cluster of the services."
  value       = module.ecs.cluster_name
}

output "ecs_service_names" {
  description = "ECS service name by microservice."
  value       = module.ecs.service_names
}

output "task_definition_families" {
  description = "Task definition family by service and one-off task; the pipeline renders new revisions of these."
  value       = module.ecs.task_definition_families
}

output "ecr_repository_urls" {
  description = "ECR repository by service; the pipeline pushes <url>:<git sha>."
  value       = module.ecr.repository_urls
}

output "db_bootstrap" {
  description = "How to run the one-off db-bootstrap task (aws ecs run-task)."
  value = {
    cluster               = module.ecs.cluster_name
    task_definition       = module.ecs.task_definition_families["db-bootstrap"]
    container             = "db-bootstrap"
    network_configuration = jsonencode({ awsvpcConfiguration = { subnets = module.network.private_subnet_ids, securityGroups = [module.security_groups.db_bootstrap_security_group_id], assignPublicIp = "DISABLED" } })
  }
}

output "api_base_url" {
  description = "Public API base URL (ALB)."
  value       = "https://${var.api_domain_name}/api/v1"
}

output "app_url" {
  description = "Public frontend URL (CloudFront; /api/* goes to the ALB)."
  value       = "https://${var.app_domain_name}"
}

output "alb_dns_name" {
  description = "DNS name of the ALB (point api_domain_name here when Route 53 is not managed by this stack)."
  value       = module.alb.dns_name
}

output "cloudfront_domain_name" {
  description = "CloudFront domain name (point app_domain_name here when Route 53 is not managed by this stack)."
  value       = module.cloudfront.domain_name
}

output "cloudfront_distribution_id" {
  description = "CloudFront distribution (invalidate after a frontend upload)."
  value       = module.cloudfront.distribution_id
}

output "frontend_bucket" {
  description = "Bucket for the frontend's static files."
  value       = module.s3.frontend_bucket_id
}

output "backups_bucket" {
  description = "Bucket for database exports (deploy/scripts/backup.sh --s3)."
  value       = module.s3.backups_bucket_id
}

output "rds_address" {
  description = "PostgreSQL host name."
  value       = module.rds.address
}

output "rds_master_secret_arn" {
  description = "RDS-managed secret with the master login."
  value       = module.rds.master_user_secret_arn
}

output "redis_primary_endpoint" {
  description = "Redis primary host name (TLS, AUTH)."
  value       = module.elasticache.primary_endpoint_address
}

output "service_discovery_namespace" {
  description = "Cloud Map namespace: <service>.<namespace> inside the VPC."
  value       = module.ecs.namespace_name
}

output "log_group_names" {
  description = "CloudWatch log group by service and one-off task."
  value       = module.ecs.log_group_names
}

output "nat_public_ips" {
  description = "Egress IPs (for third-party allow-lists, e.g. Alpaca)."
  value       = module.network.nat_public_ips
}

output "alb_security_group_id" {
  description = "Security group of the ALB."
  value       = aws_security_group.alb.id
}

output "service_security_group_ids" {
  description = "Security group of each service's tasks, by service name."
  value       = { for name, sg in aws_security_group.service : name => sg.id }
}

output "db_bootstrap_security_group_id" {
  description = "Security group of the db-bootstrap task."
  value       = aws_security_group.db_bootstrap.id
}

output "rds_security_group_id" {
  description = "Security group of the RDS instance."
  value       = aws_security_group.rds.id
}

output "redis_security_group_id" {
  description = "Security group of the ElastiCache replication group."
  value       = aws_security_group.redis.id
}

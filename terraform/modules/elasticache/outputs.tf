output "primary_endpoint_address" {
  description = "Host name of the primary (follows a failover)."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "reader_endpoint_address" {
  description = "Host name balancing over the replicas."
  value       = aws_elasticache_replication_group.this.reader_endpoint_address
}

output "port" {
  description = "Redis port."
  value       = local.port
}

output "replication_group_id" {
  description = "ID of the replication group."
  value       = aws_elasticache_replication_group.this.id
}

output "secret_arn" {
  description = "Secret with auth_token, host, port and url (the REDIS_URL, rediss://)."
  value       = aws_secretsmanager_secret.redis.arn
}

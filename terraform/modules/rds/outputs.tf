output "address" {
  description = "Host name of the instance (the Multi-AZ endpoint follows a failover)."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "instance_id" {
  description = "Identifier of the instance."
  value       = aws_db_instance.this.identifier
}

output "arn" {
  description = "ARN of the instance."
  value       = aws_db_instance.this.arn
}

output "master_user_secret_arn" {
  description = "ARN of the RDS-managed secret holding the master login (JSON: username, password)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

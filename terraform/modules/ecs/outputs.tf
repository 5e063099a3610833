output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "service_names" {
  description = "ECS service name by microservice."
  value       = { for name, svc in aws_ecs_service.this : name => svc.name }
}

output "task_definition_families" {
  description = "Task definition family by service and one-off task (the pipeline renders new revisions of these)."
  value       = { for name, td in aws_ecs_task_definition.this : name => td.family }
}

output "task_definition_arns" {
  description = "ARN of the revision Terraform registered, by service and one-off task."
  value       = { for name, td in aws_ecs_task_definition.this : name => td.arn }
}

output "log_group_names" {
  description = "CloudWatch log group by service and one-off task."
  value       = { for name, lg in aws_cloudwatch_log_group.this : name => lg.name }
}

output "namespace_name" {
  description = "Cloud Map namespace: <service>.<namespace> resolves to a service's healthy tasks."
  value       = aws_service_discovery_private_dns_namespace.this.name
}

output "execution_role_arns" {
  description = "Execution role by service and one-off task."
  value       = { for name, role in aws_iam_role.execution : name => role.arn }
}

output "task_role_arns" {
  description = "Task role by service and one-off task."
  value       = { for name, role in aws_iam_role.task : name => role.arn }
}

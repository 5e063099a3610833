output "state_bucket" {
  description = "Terraform state bucket (bucket in environments/<env>.s3.tfbackend)."
  value       = aws_s3_bucket.state.id
}

output "state_kms_key_alias_arn" {
  description = "KMS key of the state (kms_key_id in environments/<env>.s3.tfbackend)."
  value       = aws_kms_alias.state.arn
}

output "lock_table" {
  description = "DynamoDB lock table (dynamodb_table in environments/<env>.s3.tfbackend)."
  value       = aws_dynamodb_table.lock.name
}

output "plan_role_arns" {
  description = "Role for speculative plans, by environment: GitHub repository variable AWS_PLAN_ROLE_ARN_<ENV>."
  value       = { for env, role in aws_iam_role.plan : env => role.arn }
}

output "deploy_role_arns" {
  description = "Role for deployments, by environment: GitHub environment variable AWS_DEPLOY_ROLE_ARN."
  value       = { for env, role in aws_iam_role.deploy : env => role.arn }
}

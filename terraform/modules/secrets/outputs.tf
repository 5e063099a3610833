output "database_secret_arns" {
  description = "Secret ARN of each service's database login (JSON: username, password, database), by service."
  value       = { for name, secret in aws_secretsmanager_secret.database : name => secret.arn }
}

output "jwt_private_key_secret_arn" {
  description = "Secret ARN of the gateway's PEM signing key."
  value       = aws_secretsmanager_secret.jwt_private_key.arn
}

output "jwt_public_key_secret_arn" {
  description = "Secret ARN of the PEM verification key."
  value       = aws_secretsmanager_secret.jwt_public_key.arn
}

output "gateway_secret_arn" {
  description = "Secret ARN of the gateway's JSON secret (admin_password, totp_encryption_key)."
  value       = aws_secretsmanager_secret.gateway.arn
}

output "alertmanager_webhook_token_secret_arn" {
  description = "Secret ARN of the Alertmanager webhook bearer token."
  value       = aws_secretsmanager_secret.alertmanager_webhook_token.arn
}

output "alpaca_secret_arn" {
  description = "Secret ARN of the operator-set Alpaca credentials (api_key, api_secret)."
  value       = aws_secretsmanager_secret.operator["integrations/alpaca"].arn
}

output "alerting_secret_arn" {
  description = "Secret ARN of the operator-set alert routes (pagerduty_routing_key, slack_webhook_url, smtp_password)."
  value       = aws_secretsmanager_secret.operator["integrations/alerting"].arn
}

output "llm_secret_arn" {
  description = "Secret ARN of the operator-set LLM API key (api_key)."
  value       = aws_secretsmanager_secret.operator["integrations/llm"].arn
}

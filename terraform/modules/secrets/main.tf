# Application secrets in Secrets Manager, encrypted with the secrets key. Two kinds:
#
# - generated here: per-service database passwords, the gateway's JWT key pair, the first admin's
#   password, the TOTP encryption key, the Alertmanager webhook token. Their values are in the
#   Terraform state, which is why the state bucket is KMS-encrypted and readable by the
#   deploy roles only (README "Remote state").
# - supplied by an operator (third-party credentials): Alpaca, PagerDuty/Slack/SMTP, the LLM key.
#   Terraform creates them with empty fields and never overwrites what an operator puts there
#   (aws secretsmanager put-secret-value, README "Secrets").
#
# ECS injects them as environment variables at task start (task definition "secrets"); nothing is
# written to disk and nothing appears in the task definition itself.

locals {
  operator_secrets = {
    "integrations/alpaca"   = { api_key = "", api_secret = "" }
    "integrations/alerting" = { pagerduty_routing_key = "", slack_webhook_url = "", smtp_password = "" }
    "integrations/llm"      = { api_key = "" }
  }
}

# --- databases ---------------------------------------------------------------------------------

resource "random_password" "database" {
  for_each = var.databases

  length  = 40
  special = false
}

resource "aws_secretsmanager_secret" "database" {
  for_each = var.databases

  name                    = "${var.path_prefix}/database/${each.key}"
  description             = "PostgreSQL login of ${each.key} (database ${each.value})"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = merge(var.tags, { Service = each.key })
}

resource "aws_secretsmanager_secret_version" "database" {
  for_each = var.databases

  secret_id = aws_secretsmanager_secret.database[each.key].id
  secret_string = jsonencode({
    username = each.value
    password = random_password.database[each.key].result
    database = each.value
  })
}

# --- JWT signing key (gateway) and verification key (every service) ----------------------------

resource "tls_private_key" "jwt" {
  algorithm = "RSA"
  rsa_bits  = var.jwt_rsa_bits
}

resource "aws_secretsmanager_secret" "jwt_private_key" {
  name                    = "${var.path_prefix}/jwt/private-key"
  description             = "RS256 signing key of the gateway (PKCS#8 PEM)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = merge(var.tags, { Service = "gateway-service" })
}

resource "aws_secretsmanager_secret_version" "jwt_private_key" {
  secret_id     = aws_secretsmanager_secret.jwt_private_key.id
  secret_string = tls_private_key.jwt.private_key_pem_pkcs8
}

resource "aws_secretsmanager_secret" "jwt_public_key" {
  name                    = "${var.path_prefix}/jwt/public-key"
  description             = "RS256 verification key of the gateway's tokens (X.509 SubjectPublicKeyInfo PEM)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "jwt_public_key" {
  secret_id     = aws_secretsmanager_secret.jwt_public_key.id
  secret_string = tls_private_key.jwt.public_key_pem
}

# --- gateway: first admin and TOTP encryption --------------------------------------------------

resource "random_password" "admin" {
  length           = 32
  special          = true
  override_special = "-_.~!#%^*+="
}

resource "random_bytes" "totp_encryption_key" {
  length = 32
}

resource "aws_secretsmanager_secret" "gateway" {
  name                    = "${var.path_prefix}/gateway"
  description             = "Gateway: first admin's password, TOTP secret encryption key (AES-256, base64)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = merge(var.tags, { Service = "gateway-service" })
}

resource "aws_secretsmanager_secret_version" "gateway" {
  secret_id = aws_secretsmanager_secret.gateway.id
  secret_string = jsonencode({
    admin_password      = random_password.admin.result
    totp_encryption_key = random_bytes.totp_encryption_key.base64
  })
}

# --- Alertmanager -> alert-service webhook token -----------------------------------------------

resource "random_password" "alertmanager_webhook_token" {
  length  = 48
  special = false
}

resource "aws_secretsmanager_secret" "alertmanager_webhook_token" {
  name                    = "${var.path_prefix}/alertmanager-webhook-token"
  description             = "Bearer token Alertmanager sends to alert-service (also configured in Alertmanager)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = merge(var.tags, { Service = "alert-service" })
}

resource "aws_secretsmanager_secret_version" "alertmanager_webhook_token" {
  secret_id     = aws_secretsmanager_secret.alertmanager_webhook_token.id
  secret_string = random_password.alertmanager_webhook_token.result
}

# --- third-party credentials, set by an operator -----------------------------------------------

resource "aws_secretsmanager_secret" "operator" {
  for_each = local.operator_secrets

  name                    = "${var.path_prefix}/${each.key}"
  description             = "Set by an operator: ${join(", ", keys(each.value))}"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "operator" {
  for_each = local.operator_secrets

  secret_id     = aws_secretsmanager_secret.operator[each.key].id
  secret_string = jsonencode(each.value)

  # The initial version only makes every JSON key exist (ECS fails a task whose secret key is
  # missing); the real values are an operator's, and Terraform must not put the blanks back.
  lifecycle {
    ignore_changes = [secret_string]
  }
}

# Production: one NAT gateway per zone, larger instances, long retention, deletion protection.
# Account and domains are placeholders: set them (README "Environments").
environment    = "production"
aws_account_id = "222222222222"
aws_region     = "us-east-1"

vpc_cidr           = "10.40.0.0/16"
single_nat_gateway = false

api_domain_name            = "api.quantvision.example.com"
app_domain_name            = "app.quantvision.example.com"
alb_certificate_arn        = "arn:aws:acm:us-east-1:222222222222:certificate/00000000-0000-0000-0000-000000000001"
cloudfront_certificate_arn = "arn:aws:acm:us-east-1:222222222222:certificate/00000000-0000-0000-0000-000000000002"
route53_zone_id            = null

services = {
  "gateway-service"     = { cpu = 1024, memory = 2048, min_capacity = 2, max_capacity = 10 }
  "market-data-service" = { cpu = 512, memory = 1024, min_capacity = 2, max_capacity = 10 }
  "analysis-service"    = { cpu = 1024, memory = 2048, min_capacity = 2, max_capacity = 10 }
  "trading-service"     = { cpu = 1024, memory = 2048, min_capacity = 2, max_capacity = 10 }
  "alert-service"       = { cpu = 512, memory = 1024, min_capacity = 2, max_capacity = 10 }
}
fargate_spot_weight = 0

app_settings = {
  log_level            = "INFO"
  admin_email          = "platform-team@quantvision.example.com"
  market_data_provider = "alpaca"
  broker               = "alpaca"
  alpaca_paper_trading = true # live trading is a deliberate change of this line, reviewed like code
  trading_require_2fa  = true
  alert_email_from     = "alerts@quantvision.example.com"
  alert_email_to       = "oncall@quantvision.example.com"
  smtp_host            = "email-smtp.us-east-1.amazonaws.com"
  smtp_port            = 587
}

db_instance_class        = "db.r6g.large"
db_allocated_storage     = 100
db_max_allocated_storage = 1000
db_multi_az              = true
db_backup_retention_days = 30

redis_node_type               = "cache.r7g.large"
redis_num_cache_clusters      = 3
redis_snapshot_retention_days = 7

log_retention_days    = 90
s3_log_retention_days = 365
backup_retention_days = 365
deletion_protection   = true

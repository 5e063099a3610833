# Staging: the production topology (3 zones, Multi-AZ database, Redis failover, WAF) at a smaller
# size, one NAT gateway, shorter retention, deletable. Account and domains are placeholders: set
# them (README "Environments").
environment    = "staging"
aws_account_id = "111111111111"
aws_region     = "us-east-1"

vpc_cidr           = "10.41.0.0/16"
single_nat_gateway = true

api_domain_name            = "api.staging.quantvision.example.com"
app_domain_name            = "app.staging.quantvision.example.com"
alb_certificate_arn        = "arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000001"
cloudfront_certificate_arn = "arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000002"
route53_zone_id            = null

services = {
  "gateway-service"     = { cpu = 256, memory = 512, min_capacity = 2, max_capacity = 4 }
  "market-data-service" = { cpu = 256, memory = 512, min_capacity = 2, max_capacity = 4 }
  "analysis-service"    = { cpu = 256, memory = 512, min_capacity = 2, max_capacity = 4 }
  "trading-service"     = { cpu = 256, memory = 512, min_capacity = 2, max_capacity = 4 }
  "alert-service"       = { cpu = 256, memory = 512, min_capacity = 2, max_capacity = 4 }
}
fargate_spot_weight = 1

app_settings = {
  log_level            = "INFO"
  admin_email          = "platform-team@quantvision.example.com"
  market_data_provider = "simulated"
  broker               = "paper"
  alpaca_paper_trading = true
  trading_require_2fa  = true
  alert_email_from     = "alerts-staging@quantvision.example.com"
  alert_email_to       = "platform-team@quantvision.example.com"
  smtp_host            = "email-smtp.us-east-1.amazonaws.com"
  smtp_port            = 587
}

db_instance_class        = "db.t4g.medium"
db_allocated_storage     = 50
db_max_allocated_storage = 200
db_multi_az              = true
db_backup_retention_days = 7

redis_node_type               = "cache.t4g.small"
redis_num_cache_clusters      = 2
redis_snapshot_retention_days = 3

log_retention_days    = 30
s3_log_retention_days = 90
backup_retention_days = 30
deletion_protection   = false

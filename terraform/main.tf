# QuantVision on AWS: one environment (staging or production) per state, from the modules below.
# Order of the data flow: internet -> CloudFront (frontend, /api/*) / ALB (API) -> gateway ->
# the four services (Cloud Map DNS) -> RDS PostgreSQL and ElastiCache Redis.

module "kms" {
  source = "./modules/kms"

  name                    = local.name
  deletion_window_in_days = var.deletion_protection ? 30 : 7
  tags                    = local.tags
}

module "s3" {
  source = "./modules/s3"

  name                  = local.name
  kms_key_arn           = module.kms.data_key_arn
  log_retention_days    = var.s3_log_retention_days
  backup_retention_days = var.backup_retention_days
  force_destroy         = !var.deletion_protection
  tags                  = local.tags
}

module "network" {
  source = "./modules/network"

  name                       = local.name
  cidr_block                 = var.vpc_cidr
  az_count                   = var.az_count
  single_nat_gateway         = var.single_nat_gateway
  enable_interface_endpoints = var.enable_interface_endpoints
  flow_logs_bucket_arn       = module.s3.logs_bucket_arn
  tags                       = local.tags
}

module "security_groups" {
  source = "./modules/security-groups"

  name                        = local.name
  vpc_id                      = module.network.vpc_id
  services                    = { for name, svc in local.catalogue : name => { port = svc.port, management_port = svc.management_port } }
  load_balanced_service       = local.load_balanced_service
  service_calls               = local.service_calls
  internet_egress_ports       = local.internet_egress_ports
  alb_ingress_cidr_blocks     = var.alb_ingress_cidr_blocks
  metrics_scraper_cidr_blocks = var.metrics_scraper_cidr_blocks
  tags                        = local.tags
}

module "ecr" {
  source = "./modules/ecr"

  repository_prefix = local.path_prefix
  services          = toset(keys(local.catalogue))
  kms_key_arn       = module.kms.data_key_arn
  force_delete      = !var.deletion_protection
  tags              = local.tags
}

module "secrets" {
  source = "./modules/secrets"

  path_prefix             = local.path_prefix
  kms_key_arn             = module.kms.secrets_key_arn
  databases               = { for name, svc in local.catalogue : name => svc.database }
  recovery_window_in_days = var.deletion_protection ? 30 : 0
  tags                    = local.tags
}

module "rds" {
  source = "./modules/rds"

  name                  = local.name
  subnet_ids            = module.network.data_subnet_ids
  security_group_id     = module.security_groups.rds_security_group_id
  instance_class        = var.db_instance_class
  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_max_allocated_storage
  multi_az              = var.db_multi_az
  backup_retention_days = var.db_backup_retention_days
  deletion_protection   = var.deletion_protection
  kms_key_arn           = module.kms.data_key_arn
  secrets_kms_key_arn   = module.kms.secrets_key_arn
  logs_kms_key_arn      = module.kms.logs_key_arn
  log_retention_days    = var.log_retention_days
  tags                  = local.tags
}

module "elasticache" {
  source = "./modules/elasticache"

  name                           = local.name
  subnet_ids                     = module.network.data_subnet_ids
  security_group_id              = module.security_groups.redis_security_group_id
  node_type                      = var.redis_node_type
  num_cache_clusters             = var.redis_num_cache_clusters
  snapshot_retention_days        = var.redis_snapshot_retention_days
  kms_key_arn                    = module.kms.data_key_arn
  secrets_kms_key_arn            = module.kms.secrets_key_arn
  logs_kms_key_arn               = module.kms.logs_key_arn
  log_retention_days             = var.log_retention_days
  secret_name                    = "${local.path_prefix}/redis"
  secret_recovery_window_in_days = var.deletion_protection ? 30 : 0
  tags                           = local.tags
}

# Shared by CloudFront (sends it to the ALB) and the ALB's WAF (recognises CloudFront's requests).
resource "random_password" "cloudfront_origin_secret" {
  length  = 48
  special = false
}

module "alb" {
  source = "./modules/alb"

  name                     = local.name
  vpc_id                   = module.network.vpc_id
  public_subnet_ids        = module.network.public_subnet_ids
  security_group_id        = module.security_groups.alb_security_group_id
  certificate_arn          = var.alb_certificate_arn
  target_port              = local.catalogue[local.load_balanced_service].port
  health_check_port        = local.catalogue[local.load_balanced_service].management_port
  deletion_protection      = var.deletion_protection
  access_logs_bucket       = module.s3.logs_bucket_id
  enable_waf               = var.enable_waf
  waf_rate_limit           = var.waf_rate_limit
  behind_cloudfront        = true
  cloudfront_origin_secret = random_password.cloudfront_origin_secret.result
  waf_log_retention_days   = var.log_retention_days
  logs_kms_key_arn         = module.kms.logs_key_arn
  tags                     = local.tags
}

module "ecs" {
  source = "./modules/ecs"

  name       = local.name
  vpc_id     = module.network.vpc_id
  subnet_ids = module.network.private_subnet_ids
  namespace  = local.namespace

  services = {
    for name, svc in local.catalogue : name => {
      image             = "${module.ecr.repository_urls[name]}:${var.image_tag}"
      cpu               = local.sizing[name].cpu
      memory            = local.sizing[name].memory
      port              = svc.port
      management_port   = svc.management_port
      security_group_id = module.security_groups.service_security_group_ids[name]
      min_capacity      = local.sizing[name].min_capacity
      max_capacity      = local.sizing[name].max_capacity
      environment       = local.environment[name]
      secrets           = local.secrets[name]
    }
  }

  tasks = {
    "db-bootstrap" = {
      image             = var.db_bootstrap_image
      cpu               = 256
      memory            = 512
      command           = ["sh", "-c", file("${path.module}/scripts/db-bootstrap.sh")]
      security_group_id = module.security_groups.db_bootstrap_security_group_id
      environment = {
        PGHOST       = module.rds.address
        PGPORT       = tostring(module.rds.port)
        PGDATABASE   = "postgres"
        PGSSLMODE    = "require"
        QV_DATABASES = join(" ", [for name, svc in local.catalogue : svc.database])
      }
      secrets = merge(
        {
          PGUSER     = "${module.rds.master_user_secret_arn}:username::"
          PGPASSWORD = "${module.rds.master_user_secret_arn}:password::"
        },
        { for name, svc in local.catalogue : "QV_PASSWORD_${upper(svc.database)}" => "${module.secrets.database_secret_arns[name]}:password::" },
      )
    }
  }

  load_balancer = {
    service                      = local.load_balanced_service
    target_group_arn             = module.alb.target_group_arn
    request_count_resource_label = module.alb.request_count_resource_label
  }

  health_check_command   = var.container_health_check_command
  requests_per_target    = var.requests_per_target
  fargate_spot_weight    = var.fargate_spot_weight
  enable_execute_command = var.enable_execute_command
  log_retention_days     = var.log_retention_days
  logs_kms_key_arn       = module.kms.logs_key_arn
  secrets_kms_key_arn    = module.kms.secrets_key_arn
  tags                   = local.tags
}

module "cloudfront" {
  source = "./modules/cloudfront"

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  name                                 = local.name
  aliases                              = [var.app_domain_name]
  certificate_arn                      = var.cloudfront_certificate_arn
  frontend_bucket_id                   = module.s3.frontend_bucket_id
  frontend_bucket_arn                  = module.s3.frontend_bucket_arn
  frontend_bucket_regional_domain_name = module.s3.frontend_bucket_regional_domain_name
  api_origin_domain_name               = var.api_domain_name
  origin_secret                        = random_password.cloudfront_origin_secret.result
  logs_bucket_domain_name              = module.s3.logs_bucket_domain_name
  enable_waf                           = var.enable_waf
  waf_rate_limit                       = var.waf_rate_limit
  tags                                 = local.tags
}

# --- DNS (optional) ------------------------------------------------------------------------------

# The ALB is IPv4-only (A record); CloudFront answers on IPv4 and IPv6 (A and AAAA).
resource "aws_route53_record" "api" {
  for_each = var.route53_zone_id == null ? toset([]) : toset(["A"])

  zone_id = var.route53_zone_id
  name    = var.api_domain_name
  type    = each.key

  alias {
    name                   = module.alb.dns_name
    zone_id                = module.alb.zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "app" {
  for_each = var.route53_zone_id == null ? toset([]) : toset(["A", "AAAA"])

  zone_id = var.route53_zone_id
  name    = var.app_domain_name
  type    = each.key

  alias {
    name                   = module.cloudfront.domain_name
    zone_id                = module.cloudfront.hosted_zone_id
    evaluate_target_health = false
  }
}

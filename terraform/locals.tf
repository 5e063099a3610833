locals {
  name        = "qv-${var.environment}"
  path_prefix = "${var.project}/${var.environment}"
  namespace   = "${var.environment}.${var.project}.internal"

  tags = {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
  }

  # The five services (DESIGN.md): application port, management port (/q/health/*, /q/metrics)
  # and the PostgreSQL database (and login role) each one owns.
  catalogue = {
    "gateway-service"     = { port = 8080, management_port = 9080, database = "qv_gateway" }
    "market-data-service" = { port = 8081, management_port = 9081, database = "qv_market_data" }
    "analysis-service"    = { port = 8082, management_port = 9082, database = "qv_analysis" }
    "trading-service"     = { port = 8083, management_port = 9083, database = "qv_trading" }
    "alert-service"       = { port = 8084, management_port = 9084, database = "qv_alert" }
  }

  load_balanced_service = "gateway-service"

  default_sizing = { cpu = 512, memory = 1024, min_capacity = 2, max_capacity = 10 }
  sizing         = { for name in keys(local.catalogue) : name => lookup(var.services, name, local.default_sizing) }

  internal_url   = { for name, svc in local.catalogue : name => "http://${name}.${local.namespace}:${svc.port}" }
  management_url = { for name, svc in local.catalogue : name => "http://${name}.${local.namespace}:${svc.management_port}" }

  # Who may call whom inside the VPC (security groups are generated from this list):
  # the gateway proxies to the four services; alert-service reads the others for /monitoring/*
  # (their APIs through the *_URL settings, their readiness on the management ports).
  service_calls = concat(
    [for to in ["market-data-service", "analysis-service", "trading-service", "alert-service"] : { from = "gateway-service", to = to, port = "app" }],
    [for to in ["market-data-service", "analysis-service", "trading-service"] : { from = "alert-service", to = to, port = "app" }],
    [for to in ["gateway-service", "market-data-service", "analysis-service", "trading-service"] : { from = "alert-service", to = to, port = "management" }],
  )

  # Internet egress (through NAT) per service: 443 for AWS APIs, ECR and the external providers;
  # alert-service also reaches its SMTP relay.
  internet_egress_ports = merge(
    { for name in keys(local.catalogue) : name => [443] },
    { "alert-service" = distinct([443, var.app_settings.smtp_port]) },
  )

  # --- environment variables (README "Configuration"); empty values are left out -------------

  upstream_urls = {
    MARKET_DATA_URL = local.internal_url["market-data-service"]
    ANALYSIS_URL    = local.internal_url["analysis-service"]
    TRADING_URL     = local.internal_url["trading-service"]
    ALERT_URL       = local.internal_url["alert-service"]
  }

  # alert-service's /monitoring/health reads each service's readiness on its management port
  # (service_calls allows it); its own is read inside the task, so no rule to itself is needed.
  management_urls = {
    GATEWAY_MANAGEMENT_URL     = local.management_url["gateway-service"]
    MARKET_DATA_MANAGEMENT_URL = local.management_url["market-data-service"]
    ANALYSIS_MANAGEMENT_URL    = local.management_url["analysis-service"]
    TRADING_MANAGEMENT_URL     = local.management_url["trading-service"]
    ALERT_MANAGEMENT_URL       = "http://localhost:${local.catalogue["alert-service"].management_port}"
  }

  common_environment = {
    ENVIRONMENT = var.environment
    LOG_LEVEL   = var.app_settings.log_level
    LOG_FORMAT  = "json"
    SENTRY_DSN  = var.app_settings.sentry_dsn
  }

  service_environment = {
    "gateway-service" = merge(local.upstream_urls, {
      QV_ADMIN_EMAIL        = var.app_settings.admin_email
      RATE_LIMIT_PER_MINUTE = tostring(var.app_settings.rate_limit_per_minute)
      RATE_LIMIT_PER_HOUR   = tostring(var.app_settings.rate_limit_per_hour)
      # while Redis is out each task enforces 1/N of the limits: N = the fewest tasks that run
      RATE_LIMIT_FALLBACK_INSTANCES = tostring(local.sizing["gateway-service"].min_capacity)
      # the ALB reaches the tasks from inside the VPC: believe its X-Forwarded-For
      TRUSTED_PROXIES = var.vpc_cidr
    })
    "market-data-service" = {
      MARKET_DATA_PROVIDER = var.app_settings.market_data_provider
    }
    "analysis-service" = {
      LLM_BASE_URL = var.app_settings.llm_base_url
      LLM_MODEL    = var.app_settings.llm_model
    }
    "trading-service" = {
      BROKER               = var.app_settings.broker
      ALPACA_PAPER_TRADING = tostring(var.app_settings.alpaca_paper_trading)
      TRADING_REQUIRE_2FA  = tostring(var.app_settings.trading_require_2fa)
    }
    "alert-service" = merge(local.upstream_urls, local.management_urls, {
      ALERT_EMAIL_FROM = var.app_settings.alert_email_from
      ALERT_EMAIL_TO   = var.app_settings.alert_email_to
      SMTP_HOST        = var.app_settings.smtp_host
      SMTP_PORT        = tostring(var.app_settings.smtp_port)
      SMTP_USERNAME    = var.app_settings.smtp_username
    })
  }

  # Settings left empty are not set at all (Quarkus then uses its default); the database settings
  # come last so that extra_environment cannot point a service at another service's database.
  environment = {
    for name, svc in local.catalogue : name => merge(
      {
        for key, value in merge(local.common_environment, local.service_environment[name], lookup(var.app_settings.extra_environment, name, {})) :
        key => value if value != ""
      },
      {
        DATABASE_URL      = "jdbc:postgresql://${module.rds.address}:${module.rds.port}/${svc.database}?sslmode=require"
        DATABASE_USERNAME = svc.database
      },
    )
  }

  # --- secrets: environment variable -> Secrets Manager reference ------------------------------
  #
  # JWT keys reach the services as PEM *content*, not as files. The variable names are the ones
  # SmallRye Config maps to the MicroProfile JWT properties, so they work with today's code:
  #   MP_JWT_VERIFY_PUBLICKEY -> mp.jwt.verify.publickey  (every service; JwtKeyCheck accepts it)
  #   SMALLRYE_JWT_SIGN_KEY   -> smallrye.jwt.sign.key    (gateway's signing key)
  # JWT_PUBLIC_KEY_LOCATION / JWT_PRIVATE_KEY_LOCATION stay unset in ECS (README "JWT keys").
  jwt_public_key_variable  = "MP_JWT_VERIFY_PUBLICKEY"
  jwt_private_key_variable = "SMALLRYE_JWT_SIGN_KEY"

  common_secrets = {
    for name in keys(local.catalogue) : name => {
      DATABASE_PASSWORD               = "${module.secrets.database_secret_arns[name]}:password::"
      REDIS_URL                       = "${module.elasticache.secret_arn}:url::"
      (local.jwt_public_key_variable) = module.secrets.jwt_public_key_secret_arn
    }
  }

  service_secrets = {
    "gateway-service" = {
      (local.jwt_private_key_variable) = module.secrets.jwt_private_key_secret_arn
      QV_ADMIN_PASSWORD                = "${module.secrets.gateway_secret_arn}:admin_password::"
      TOTP_ENCRYPTION_KEY              = "${module.secrets.gateway_secret_arn}:totp_encryption_key::"
    }
    "market-data-service" = {
      ALPACA_API_KEY    = "${module.secrets.alpaca_secret_arn}:api_key::"
      ALPACA_API_SECRET = "${module.secrets.alpaca_secret_arn}:api_secret::"
    }
    "analysis-service" = {
      LLM_API_KEY = "${module.secrets.llm_secret_arn}:api_key::"
    }
    "trading-service" = {
      ALPACA_API_KEY    = "${module.secrets.alpaca_secret_arn}:api_key::"
      ALPACA_API_SECRET = "${module.secrets.alpaca_secret_arn}:api_secret::"
    }
    "alert-service" = {
      PAGERDUTY_ROUTING_KEY      = "${module.secrets.alerting_secret_arn}:pagerduty_routing_key::"
      SLACK_WEBHOOK_URL          = "${module.secrets.alerting_secret_arn}:slack_webhook_url::"
      SMTP_PASSWORD              = "${module.secrets.alerting_secret_arn}:smtp_password::"
      ALERTMANAGER_WEBHOOK_TOKEN = module.secrets.alertmanager_webhook_token_secret_arn
    }
  }

  secrets = { for name in keys(local.catalogue) : name => merge(local.common_secrets[name], local.service_secrets[name]) }
}

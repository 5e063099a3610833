# One security group per role, and rules that name their peer group instead of address ranges:
#   internet -> ALB (80, 443) -> gateway (app + management port for health checks)
#   gateway -> the four services (app port); other listed calls (service_calls)
#   services -> RDS (5432) and Redis (6379); db-bootstrap task -> RDS
#   services -> internet on the listed ports only (through NAT)
# Nothing else: RDS and Redis have no egress, no group allows all ports.
# Groups use name_prefix so that a replacement can be created before the old group is deleted.

locals {
  lb = var.load_balanced_service

  alb_ingress = {
    for pair in setproduct(var.alb_ingress_cidr_blocks, [80, 443]) : "${pair[0]}:${pair[1]}" => {
      cidr = pair[0]
      port = pair[1]
    }
  }

  lb_ports = {
    app        = var.services[local.lb].port
    management = var.services[local.lb].management_port
  }

  calls = {
    for c in var.service_calls : "${c.from}->${c.to}:${c.port}" => {
      from = c.from
      to   = c.to
      port = c.port == "app" ? var.services[c.to].port : var.services[c.to].management_port
    }
  }

  internet_egress = merge([
    for service, ports in var.internet_egress_ports : {
      for port in ports : "${service}:${port}" => { service = service, port = port }
    }
  ]...)

  scrapes = {
    for pair in setproduct(keys(var.services), var.metrics_scraper_cidr_blocks) : "${pair[0]}:${pair[1]}" => {
      service = pair[0]
      cidr    = pair[1]
    }
  }
}

resource "aws_security_group" "alb" {
  name_prefix = "${var.name}-alb-"
  description = "Public ALB: HTTPS (and HTTP for the redirect) in, ${local.lb} out"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "service" {
  for_each = var.services

  name_prefix = "${var.name}-${each.key}-"
  description = "ECS tasks of ${each.key}"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "db_bootstrap" {
  name_prefix = "${var.name}-db-bootstrap-"
  description = "One-off task that creates the per-service databases and roles"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-db-bootstrap" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "rds" {
  name_prefix = "${var.name}-rds-"
  description = "PostgreSQL: reachable from the services and the db-bootstrap task only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-rds" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "redis" {
  name_prefix = "${var.name}-redis-"
  description = "Redis: reachable from the services only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-redis" })

  lifecycle {
    create_before_destroy = true
  }
}

# --- ALB ---------------------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "alb_from_clients" {
  for_each = local.alb_ingress

  security_group_id = aws_security_group.alb.id
  description       = each.value.port == 443 ? "HTTPS from clients" : "HTTP from clients (redirected to HTTPS)"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr
}

resource "aws_vpc_security_group_egress_rule" "alb_to_lb_service" {
  for_each = local.lb_ports

  security_group_id            = aws_security_group.alb.id
  description                  = "To ${local.lb} (${each.key} port)"
  ip_protocol                  = "tcp"
  from_port                    = each.value
  to_port                      = each.value
  referenced_security_group_id = aws_security_group.service[local.lb].id
}

resource "aws_vpc_security_group_ingress_rule" "lb_service_from_alb" {
  for_each = local.lb_ports

  security_group_id            = aws_security_group.service[local.lb].id
  description                  = "From the ALB (${each.key} port)"
  ip_protocol                  = "tcp"
  from_port                    = each.value
  to_port                      = each.value
  referenced_security_group_id = aws_security_group.alb.id
}

# --- service to service ------------------------------------------------------------------------

resource "aws_vpc_security_group_egress_rule" "service_calls" {
  for_each = local.calls

  security_group_id            = aws_security_group.service[each.value.from].id
  description                  = "To ${each.value.to} on ${each.value.port}"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = aws_security_group.service[each.value.to].id
}

resource "aws_vpc_security_group_ingress_rule" "service_calls" {
  for_each = local.calls

  security_group_id            = aws_security_group.service[each.value.to].id
  description                  = "From ${each.value.from} on ${each.value.port}"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = aws_security_group.service[each.value.from].id
}

resource "aws_vpc_security_group_ingress_rule" "metrics_scrapers" {
  for_each = local.scrapes

  security_group_id = aws_security_group.service[each.value.service].id
  description       = "Metrics and health scrapes on the management port"
  ip_protocol       = "tcp"
  from_port         = var.services[each.value.service].management_port
  to_port           = var.services[each.value.service].management_port
  cidr_ipv4         = each.value.cidr
}

# --- data stores -------------------------------------------------------------------------------

resource "aws_vpc_security_group_egress_rule" "service_to_rds" {
  for_each = var.services

  security_group_id            = aws_security_group.service[each.key].id
  description                  = "To PostgreSQL"
  ip_protocol                  = "tcp"
  from_port                    = var.postgres_port
  to_port                      = var.postgres_port
  referenced_security_group_id = aws_security_group.rds.id
}

resource "aws_vpc_security_group_ingress_rule" "rds_from_service" {
  for_each = var.services

  security_group_id            = aws_security_group.rds.id
  description                  = "From ${each.key}"
  ip_protocol                  = "tcp"
  from_port                    = var.postgres_port
  to_port                      = var.postgres_port
  referenced_security_group_id = aws_security_group.service[each.key].id
}

resource "aws_vpc_security_group_egress_rule" "db_bootstrap_to_rds" {
  security_group_id            = aws_security_group.db_bootstrap.id
  description                  = "To PostgreSQL"
  ip_protocol                  = "tcp"
  from_port                    = var.postgres_port
  to_port                      = var.postgres_port
  referenced_security_group_id = aws_security_group.rds.id
}

resource "aws_vpc_security_group_ingress_rule" "rds_from_db_bootstrap" {
  security_group_id            = aws_security_group.rds.id
  description                  = "From the db-bootstrap task"
  ip_protocol                  = "tcp"
  from_port                    = var.postgres_port
  to_port                      = var.postgres_port
  referenced_security_group_id = aws_security_group.db_bootstrap.id
}

resource "aws_vpc_security_group_egress_rule" "service_to_redis" {
  for_each = var.services

  security_group_id            = aws_security_group.service[each.key].id
  description                  = "To Redis"
  ip_protocol                  = "tcp"
  from_port                    = var.redis_port
  to_port                      = var.redis_port
  referenced_security_group_id = aws_security_group.redis.id
}

resource "aws_vpc_security_group_ingress_rule" "redis_from_service" {
  for_each = var.services

  security_group_id            = aws_security_group.redis.id
  description                  = "From ${each.key}"
  ip_protocol                  = "tcp"
  from_port                    = var.redis_port
  to_port                      = var.redis_port
  referenced_security_group_id = aws_security_group.service[each.key].id
}

# --- internet (through NAT) --------------------------------------------------------------------

#trivy:ignore:AVD-AWS-0104 Alpaca, PagerDuty, Slack, SMTP and the LLM endpoint have no fixed addresses; only the listed ports are open.
resource "aws_vpc_security_group_egress_rule" "service_to_internet" {
  for_each = local.internet_egress

  security_group_id = aws_security_group.service[each.value.service].id
  description       = "To the internet on ${each.value.port} (AWS APIs, ECR, external providers)"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = "0.0.0.0/0"
}

#trivy:ignore:AVD-AWS-0104 The task pulls its image and reads its secrets over HTTPS (AWS endpoints have no fixed addresses).
resource "aws_vpc_security_group_egress_rule" "db_bootstrap_to_internet" {
  security_group_id = aws_security_group.db_bootstrap.id
  description       = "HTTPS to AWS APIs (image pull, secrets, logs)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# ECS on Fargate: one cluster, one task definition and one service per microservice in the private
# subnets (awsvpc, no public IP), Cloud Map DNS for the internal calls, target-tracking autoscaling
# and rolling deployments that roll back by themselves when the new tasks do not become healthy.
#
# The pipeline owns the running image: it renders a new revision of each family from the latest one
# (the one Terraform registers, with environment and secrets) and points the service at it. That is
# why the services ignore task_definition changes here (and desired_count, which autoscaling owns).

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  region     = data.aws_region.current.region
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  log_options = {
    for name in concat(keys(var.services), keys(var.tasks)) : name => {
      "awslogs-group"         = aws_cloudwatch_log_group.this[name].name
      "awslogs-region"        = local.region
      "awslogs-stream-prefix" = "ecs"
      "mode"                  = "non-blocking"
      "max-buffer-size"       = "25m"
    }
  }

  service_containers = {
    for name, s in var.services : name => jsonencode([{
      name      = name
      image     = s.image
      essential = true
      portMappings = [
        { name = "http", containerPort = s.port, hostPort = s.port, protocol = "tcp", appProtocol = "http" },
        { name = "management", containerPort = s.management_port, hostPort = s.management_port, protocol = "tcp", appProtocol = "http" },
      ]
      environment = [for key in sort(keys(s.environment)) : { name = key, value = s.environment[key] }]
      secrets     = [for key in sort(keys(s.secrets)) : { name = key, valueFrom = s.secrets[key] }]
      healthCheck = {
        command     = ["CMD-SHELL", format(var.health_check_command, s.management_port)]
        interval    = 15
        timeout     = 5
        retries     = 3
        startPeriod = 60
      }
      readonlyRootFilesystem = true
      mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
      linuxParameters        = { initProcessEnabled = true }
      ulimits                = [{ name = "nofile", softLimit = 65536, hardLimit = 65536 }]
      stopTimeout            = 30
      logConfiguration       = { logDriver = "awslogs", options = local.log_options[name] }
    }])
  }

  task_containers = {
    for name, t in var.tasks : name => jsonencode([{
      name                   = name
      image                  = t.image
      essential              = true
      command                = t.command
      environment            = [for key in sort(keys(t.environment)) : { name = key, value = t.environment[key] }]
      secrets                = [for key in sort(keys(t.secrets)) : { name = key, valueFrom = t.secrets[key] }]
      readonlyRootFilesystem = true
      mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
      linuxParameters        = { initProcessEnabled = true }
      logConfiguration       = { logDriver = "awslogs", options = local.log_options[name] }
    }])
  }

  workloads = merge(
    { for name, s in var.services : name => { cpu = s.cpu, memory = s.memory, secrets = s.secrets, containers = local.service_containers[name] } },
    { for name, t in var.tasks : name => { cpu = t.cpu, memory = t.memory, secrets = t.secrets, containers = local.task_containers[name] } },
  )

  # The secret ARN of each reference (ARN or ARN:json-key:version-stage:version-id), for IAM.
  secret_arns = {
    for name, w in local.workloads : name => distinct([
      for ref in values(w.secrets) : regex("^(arn:[^:]+:secretsmanager:[^:]+:[0-9]+:secret:[^:]+)", ref)[0]
    ])
  }

  load_balanced = var.load_balancer == null ? {} : { (var.load_balancer.service) = var.load_balancer }
}

# --- cluster -----------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "exec" {
  count = var.enable_execute_command ? 1 : 0

  name              = "/ecs/${var.name}/exec"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn

  tags = var.tags
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = var.container_insights
  }

  dynamic "configuration" {
    for_each = var.enable_execute_command ? [1] : []

    content {
      execute_command_configuration {
        kms_key_id = var.logs_kms_key_arn
        logging    = "OVERRIDE"

        log_configuration {
          cloud_watch_encryption_enabled = true
          cloud_watch_log_group_name     = aws_cloudwatch_log_group.exec[0].name
        }
      }
    }
  }

  tags = var.tags
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

resource "aws_service_discovery_private_dns_namespace" "this" {
  name        = var.namespace
  description = "Internal service discovery of ${var.name}"
  vpc         = var.vpc_id

  tags = var.tags
}

# --- IAM: an execution role (pull, logs, its own secrets) and a task role per workload ---------

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:*"]
    }
  }
}

resource "aws_iam_role" "execution" {
  for_each = local.workloads

  name               = "${var.name}-${each.key}-exec"
  description        = "ECS agent for ${each.key}: pulls the image, writes logs, reads its secrets"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "execution" {
  for_each = local.workloads

  role       = aws_iam_role.execution[each.key].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "execution_secrets" {
  for_each = toset([for name, w in local.workloads : name if length(w.secrets) > 0])

  name = "read-own-secrets"
  role = aws_iam_role.execution[each.key].id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadOwnSecrets"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = local.secret_arns[each.key]
      },
      {
        Sid      = "DecryptThroughSecretsManager"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [var.secrets_kms_key_arn]
        Condition = {
          StringEquals = { "kms:ViaService" = "secretsmanager.${local.region}.amazonaws.com" }
        }
      },
    ]
  })
}

resource "aws_iam_role" "task" {
  for_each = local.workloads

  name               = "${var.name}-${each.key}-task"
  description        = "Identity of ${each.key}'s application code (no AWS permissions unless ECS Exec is on)"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json

  tags = var.tags
}

#trivy:ignore:AVD-AWS-0057 ssmmessages channel actions do not support resource-level permissions.
resource "aws_iam_role_policy" "task_exec" {
  for_each = var.enable_execute_command ? local.workloads : {}

  name = "ecs-exec"
  role = aws_iam_role.task[each.key].id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ExecChannels"
        Effect   = "Allow"
        Action   = ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]
        Resource = "*"
      },
      {
        Sid      = "ExecSessionEncryption"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [var.logs_kms_key_arn]
      },
      {
        Sid      = "ExecAuditLog"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
        Resource = ["${aws_cloudwatch_log_group.exec[0].arn}:*"]
      },
    ]
  })
}

# --- task definitions --------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "this" {
  for_each = toset(concat(keys(var.services), keys(var.tasks)))

  name              = "/ecs/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn

  tags = merge(var.tags, { Service = each.key })
}

resource "aws_ecs_task_definition" "this" {
  for_each = local.workloads

  family                   = "${var.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = aws_iam_role.execution[each.key].arn
  task_role_arn            = aws_iam_role.task[each.key].arn
  container_definitions    = each.value.containers

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  # Writable scratch space; the root file system is read-only.
  volume {
    name = "tmp"
  }

  # Older revisions stay registered: a circuit-breaker rollback and a manual rollback need them.
  skip_destroy = true

  tags = merge(var.tags, { Service = each.key })
}

# --- services ----------------------------------------------------------------------------------

resource "aws_service_discovery_service" "this" {
  for_each = var.services

  name        = each.key
  description = "${each.key} tasks (A records of the healthy tasks)"

  dns_config {
    namespace_id   = aws_service_discovery_private_dns_namespace.this.id
    routing_policy = "MULTIVALUE"

    dns_records {
      type = "A"
      ttl  = 10
    }
  }

  # ECS reports each task's health (its container health check) to Cloud Map.
  health_check_custom_config {
    failure_threshold = 1
  }

  tags = merge(var.tags, { Service = each.key })
}

resource "aws_ecs_service" "this" {
  for_each = var.services

  name                   = each.key
  cluster                = aws_ecs_cluster.this.arn
  task_definition        = aws_ecs_task_definition.this[each.key].arn
  desired_count          = each.value.min_capacity
  platform_version       = "LATEST"
  enable_execute_command = var.enable_execute_command

  enable_ecs_managed_tags       = true
  propagate_tags                = "SERVICE"
  availability_zone_rebalancing = "ENABLED"
  wait_for_steady_state         = false

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = var.health_check_grace_period_seconds

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  deployment_controller {
    type = "ECS"
  }

  # min_capacity tasks always on regular Fargate; extra tasks may use Spot where allowed.
  capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = each.value.min_capacity
    weight            = 1
  }

  dynamic "capacity_provider_strategy" {
    for_each = var.fargate_spot_weight > 0 ? [var.fargate_spot_weight] : []

    content {
      capacity_provider = "FARGATE_SPOT"
      weight            = capacity_provider_strategy.value
    }
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [each.value.security_group_id]
    assign_public_ip = false
  }

  service_registries {
    registry_arn = aws_service_discovery_service.this[each.key].arn
  }

  dynamic "load_balancer" {
    for_each = contains(keys(local.load_balanced), each.key) ? [local.load_balanced[each.key]] : []

    content {
      target_group_arn = load_balancer.value.target_group_arn
      container_name   = each.key
      container_port   = each.value.port
    }
  }

  tags = merge(var.tags, { Service = each.key })

  lifecycle {
    ignore_changes = [task_definition, desired_count]
  }

  depends_on = [
    aws_iam_role_policy.execution_secrets,
    aws_iam_role_policy_attachment.execution,
    aws_ecs_cluster_capacity_providers.this,
  ]
}

# --- autoscaling -------------------------------------------------------------------------------

resource "aws_appautoscaling_target" "this" {
  for_each = var.services

  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this[each.key].name}"
  min_capacity       = each.value.min_capacity
  max_capacity       = each.value.max_capacity

  tags = merge(var.tags, { Service = each.key })
}

resource "aws_appautoscaling_policy" "cpu" {
  for_each = var.services

  name               = "${var.name}-${each.key}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[each.key].service_namespace
  scalable_dimension = aws_appautoscaling_target.this[each.key].scalable_dimension
  resource_id        = aws_appautoscaling_target.this[each.key].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target_percent
    scale_out_cooldown = 60
    scale_in_cooldown  = 300

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "memory" {
  for_each = var.services

  name               = "${var.name}-${each.key}-memory"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[each.key].service_namespace
  scalable_dimension = aws_appautoscaling_target.this[each.key].scalable_dimension
  resource_id        = aws_appautoscaling_target.this[each.key].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.memory_target_percent
    scale_out_cooldown = 60
    scale_in_cooldown  = 300

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageMemoryUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "requests" {
  for_each = local.load_balanced

  name               = "${var.name}-${each.key}-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[each.key].service_namespace
  scalable_dimension = aws_appautoscaling_target.this[each.key].scalable_dimension
  resource_id        = aws_appautoscaling_target.this[each.key].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.requests_per_target
    scale_out_cooldown = 60
    scale_in_cooldown  = 300

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = each.value.request_count_resource_label
    }
  }
}

# Three private buckets: logs (ALB, CloudFront, VPC flow logs, S3 access logs), backups (logical
# database exports written by deploy/scripts/backup.sh) and frontend (static files served by
# CloudFront; its bucket policy lives in the cloudfront module because it names the distribution).

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# The regional Elastic Load Balancing account, the log writer in regions opened before August 2022;
# newer regions use the logdelivery.elasticloadbalancing.amazonaws.com service principal.
data "aws_elb_service_account" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  # Buckets holding data: KMS-encrypted with the data key, access-logged to the log bucket.
  data_buckets = {
    backups  = "${var.name}-backups-${local.account_id}"
    frontend = "${var.name}-frontend-${local.account_id}"
  }
}

# --- log bucket ----------------------------------------------------------------------------------

#trivy:ignore:AVD-AWS-0089 This bucket receives the access logs; it does not log to itself.
#trivy:ignore:AVD-AWS-0132 ALB access logs and CloudFront standard logs can only be delivered to SSE-S3 buckets.
resource "aws_s3_bucket" "logs" {
  bucket        = "${var.name}-logs-${local.account_id}"
  force_destroy = var.force_destroy

  tags = merge(var.tags, { Name = "${var.name}-logs-${local.account_id}", Purpose = "logs" })
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# CloudFront standard logging still delivers through an ACL grant to the awslogsdelivery account,
# which needs ObjectOwnership=BucketOwnerPreferred here (ACLs stay disabled on the other buckets).
resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id

  versioning_configuration {
    status = "Enabled"
  }
}

#trivy:ignore:AVD-AWS-0132 ALB access logs and CloudFront standard logs can only be delivered to SSE-S3 buckets.
resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# --- data buckets --------------------------------------------------------------------------------

resource "aws_s3_bucket" "data" {
  for_each = local.data_buckets

  bucket        = each.value
  force_destroy = var.force_destroy

  tags = merge(var.tags, { Name = each.value, Purpose = each.key })
}

resource "aws_s3_bucket_public_access_block" "data" {
  for_each = aws_s3_bucket.data

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "data" {
  for_each = aws_s3_bucket.data

  bucket = each.value.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "data" {
  for_each = aws_s3_bucket.data

  bucket = each.value.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  for_each = aws_s3_bucket.data

  bucket = each.value.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_logging" "data" {
  for_each = aws_s3_bucket.data

  bucket        = each.value.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "s3-access/${each.key}/"
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    id     = "age-out-logs"
    status = "Enabled"

    filter {}

    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }

    transition {
      days          = 90
      storage_class = "GLACIER_IR"
    }

    expiration {
      days = var.log_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 30
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "backups" {
  bucket = aws_s3_bucket.data["backups"].id

  rule {
    id     = "archive-backups"
    status = "Enabled"

    filter {}

    transition {
      days          = 30
      storage_class = "GLACIER_IR"
    }

    expiration {
      days = var.backup_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 90
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "frontend" {
  bucket = aws_s3_bucket.data["frontend"].id

  rule {
    id     = "expire-old-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = 30
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

locals {
  deny_insecure_transport = {
    for key, bucket in merge({ logs = aws_s3_bucket.logs }, aws_s3_bucket.data) : key => {
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [bucket.arn, "${bucket.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      local.deny_insecure_transport["logs"],
      {
        Sid       = "AlbAccessLogs"
        Effect    = "Allow"
        Principal = { Service = ["logdelivery.elasticloadbalancing.amazonaws.com"] }
        Action    = ["s3:PutObject"]
        Resource  = ["${aws_s3_bucket.logs.arn}/alb/AWSLogs/${local.account_id}/*"]
      },
      {
        Sid       = "AlbAccessLogsLegacyRegions"
        Effect    = "Allow"
        Principal = { AWS = [data.aws_elb_service_account.current.arn] }
        Action    = ["s3:PutObject"]
        Resource  = ["${aws_s3_bucket.logs.arn}/alb/AWSLogs/${local.account_id}/*"]
      },
      {
        Sid       = "VpcFlowLogsWrite"
        Effect    = "Allow"
        Principal = { Service = ["delivery.logs.amazonaws.com"] }
        Action    = ["s3:PutObject"]
        Resource  = ["${aws_s3_bucket.logs.arn}/vpc-flow-logs/AWSLogs/${local.account_id}/*"]
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id, "s3:x-amz-acl" = "bucket-owner-full-control" }
          ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:logs:*:${local.account_id}:*" }
        }
      },
      {
        Sid       = "VpcFlowLogsAclCheck"
        Effect    = "Allow"
        Principal = { Service = ["delivery.logs.amazonaws.com"] }
        Action    = ["s3:GetBucketAcl", "s3:ListBucket"]
        Resource  = [aws_s3_bucket.logs.arn]
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
          ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:logs:*:${local.account_id}:*" }
        }
      },
      {
        Sid       = "S3ServerAccessLogs"
        Effect    = "Allow"
        Principal = { Service = ["logging.s3.amazonaws.com"] }
        Action    = ["s3:PutObject"]
        Resource  = ["${aws_s3_bucket.logs.arn}/s3-access/*"]
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
        }
      },
    ]
  })

  depends_on = [aws_s3_bucket_public_access_block.logs]
}

resource "aws_s3_bucket_policy" "backups" {
  bucket = aws_s3_bucket.data["backups"].id

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [local.deny_insecure_transport["backups"]]
  })

  depends_on = [aws_s3_bucket_public_access_block.data]
}

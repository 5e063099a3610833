#!/usr/bin/env bash
# Refuses a Terraform plan that would delete or replace a resource holding data or identity:
# the database, the Redis group, buckets, KMS keys, secrets, ECR repositories, the VPC. Such a plan
# needs a human decision; re-run the workflow by hand with allow_destructive_changes=true.
#
# Usage: terraform show -json tfplan | plan-guard.sh [--allow]
set -euo pipefail

allow=false
[ "${1:-}" = "--allow" ] && allow=true

protected='["aws_db_instance","aws_elasticache_replication_group","aws_s3_bucket","aws_kms_key",
  "aws_secretsmanager_secret","aws_ecr_repository","aws_vpc","aws_dynamodb_table","aws_lb",
  "aws_cloudfront_distribution"]'

destructive=$(jq -r --argjson protected "$protected" '
  [.resource_changes[]?
   | select(.mode == "managed")
   | select(.type as $t | $protected | index($t))
   | select(.change.actions | index("delete"))
   | "\(.address) (\(.change.actions | join("+")))"]
  | .[]')

if [ -z "$destructive" ]; then
  echo "plan-guard: no data-holding resource is deleted or replaced"
  exit 0
fi

echo "plan-guard: this plan deletes or replaces:"
while IFS= read -r line; do echo "  - $line"; done <<<"$destructive"
if [ "$allow" = true ]; then
  echo "plan-guard: allowed by allow_destructive_changes"
  exit 0
fi
echo "::error::The plan deletes or replaces data-holding resources (above). If that is intended, run the workflow by hand with allow_destructive_changes=true."
exit 1

#!/usr/bin/env bash
# terraform/: every .tf/.tfvars/.tfbackend parses and is formatted as `terraform fmt` would leave it,
# every reference and module interface resolves (.ci/checks/terraform/check.js); the checker is
# proved able to fail on planted defects (selftest.js); the db-bootstrap script the ECS task runs
# is exercised against the machine's PostgreSQL as a non-superuser master, the way RDS runs it.
# The GitHub workflow additionally runs the real terraform fmt/validate/plan and Trivy.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=.ci/lib.sh
source .ci/lib.sh
npm_tools

echo "-- terraform: parse, format, references"
node .ci/checks/terraform/check.js --root terraform --root terraform/bootstrap --cli-var image_tag

echo "-- terraform: the checker catches planted defects"
node .ci/checks/terraform/selftest.js terraform

echo "-- terraform: db-bootstrap.sh against PostgreSQL"
command -v psql >/dev/null || apt_install postgresql-client
bash terraform/scripts/test-db-bootstrap.sh

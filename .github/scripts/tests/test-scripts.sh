#!/usr/bin/env bash
# Tests of the deploy scripts in .github/scripts against test doubles of the AWS and Docker CLIs
# (stub-bin/): rendering, the destructive-plan guard, image push, and the ECS rollout with its
# success, circuit-breaker, rollback, missing-image and timeout paths.
set -euo pipefail

scripts="$(cd "$(dirname "$0")/.." && pwd)"
stubs="$(cd "$(dirname "$0")" && pwd)/stub-bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; failures=$((failures + 1)); }
expect_status() { # expect_status WANT DESCRIPTION -- command...
  local want="$1" what="$2" got=0
  shift 3
  "$@" >"$work/out" 2>&1 || got=$?
  if [ "$got" = "$want" ]; then ok "$what"; else fail "$what: exit $got, wanted $want: $(tail -n 5 "$work/out")"; fi
}

digest_a="sha256:$(printf a%.0s {1..64})"
digest_b="sha256:$(printf b%.0s {1..64})"
repo="111111111111.dkr.ecr.us-east-1.amazonaws.com/quantvision/staging"

described() { # described FAMILY CONTAINER
  jq -n --arg f "$1" --arg c "$2" --arg r "$repo" '{
    taskDefinition: {
      taskDefinitionArn: "arn:aws:ecs:us-east-1:111111111111:task-definition/\($f):7", family: $f, revision: 7,
      status: "ACTIVE", compatibilities: ["EC2", "FARGATE"], requiresAttributes: [{name: "ecs.capability.secrets.asm.environment-variables"}],
      registeredAt: "2026-11-20T10:00:00Z", registeredBy: "arn:aws:sts::111111111111:assumed-role/qv-staging-github-deploy/x",
      networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"], cpu: "512", memory: "1024",
      executionRoleArn: "arn:aws:iam::111111111111:role/qv-staging-\($c)-exec",
      containerDefinitions: [{
        name: $c, image: "\($r)/\($c):abc123", essential: true,
        environment: [{name: "ENVIRONMENT", value: "staging"}],
        secrets: [{name: "DATABASE_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:111111111111:secret:quantvision/staging/database/\($c)-AbCdEf:password::"}]
      }]
    },
    tags: [{key: "Service", value: $c}]
  }'
}

# --- render-task-definition.sh --------------------------------------------------------------
described qv-staging-gateway-service gateway-service >"$work/described.json"
"$scripts/render-task-definition.sh" gateway-service "$repo/gateway-service@$digest_a" <"$work/described.json" >"$work/rendered.json"
if jq -e --arg i "$repo/gateway-service@$digest_a" '
     .containerDefinitions[0].image == $i
     and .containerDefinitions[0].environment == [{name: "ENVIRONMENT", value: "staging"}]
     and (.containerDefinitions[0].secrets | length) == 1
     and .family == "qv-staging-gateway-service" and .cpu == "512"
     and .tags == [{key: "Service", value: "gateway-service"}]
     and ([has("taskDefinitionArn", "revision", "status", "compatibilities", "requiresAttributes", "registeredAt", "registeredBy")] | any | not)' \
     "$work/rendered.json" >/dev/null; then
  ok "render: swaps the image for the digest, keeps environment, secrets, sizing and tags, drops read-only fields"
else
  fail "render: unexpected output $(cat "$work/rendered.json")"
fi
expect_status 2 "render: refuses a tag instead of a digest" -- \
  sh -c "'$scripts/render-task-definition.sh' gateway-service '$repo/gateway-service:latest' <'$work/described.json'"
expect_status 5 "render: refuses a task definition without that container" -- \
  sh -c "'$scripts/render-task-definition.sh' trading-service '$repo/trading-service@$digest_a' <'$work/described.json'"

# --- plan-guard.sh --------------------------------------------------------------------------
plan() { jq -n --argjson changes "$1" '{resource_changes: $changes}'; }
replace_db='[{"address":"module.rds.aws_db_instance.this","mode":"managed","type":"aws_db_instance","change":{"actions":["delete","create"]}}]'
harmless='[{"address":"module.ecs.aws_ecs_task_definition.this[\"gateway-service\"]","mode":"managed","type":"aws_ecs_task_definition","change":{"actions":["delete","create"]}},
           {"address":"module.rds.aws_db_instance.this","mode":"managed","type":"aws_db_instance","change":{"actions":["update"]}},
           {"address":"data.aws_region.current","mode":"data","type":"aws_s3_bucket","change":{"actions":["delete"]}}]'
expect_status 1 "plan-guard: refuses a plan that replaces the database" -- sh -c "echo '$(plan "$replace_db")' | '$scripts/plan-guard.sh'"
expect_status 0 "plan-guard: lets it through with --allow" -- sh -c "echo '$(plan "$replace_db")' | '$scripts/plan-guard.sh' --allow"
expect_status 0 "plan-guard: passes updates and replacements of stateless resources" -- sh -c "echo '$(plan "$harmless")' | '$scripts/plan-guard.sh'"
expect_status 0 "plan-guard: passes an empty plan" -- sh -c "echo '{}' | '$scripts/plan-guard.sh'"

# --- ECS fixtures ---------------------------------------------------------------------------
setup_ecs() { # setup_ecs SCENARIO_JSON
  export STUB_DIR="$work/stub"
  rm -rf "$STUB_DIR" && mkdir -p "$STUB_DIR/taskdefs" "$STUB_DIR/ecr"
  : >"$STUB_DIR/calls.log"
  echo "$1" >"$STUB_DIR/scenario.json"
  jq -n '{
    "qv-staging-gateway-service": {taskDefinition: "arn:aws:ecs:us-east-1:111111111111:task-definition/qv-staging-gateway-service:6", deployments: [], polls: 0},
    "qv-staging-trading-service": {taskDefinition: "arn:aws:ecs:us-east-1:111111111111:task-definition/qv-staging-trading-service:6", deployments: [], polls: 0}
  } | with_entries(.key |= sub("qv-staging-"; ""))' >"$STUB_DIR/services.json"
  described qv-staging-gateway-service gateway-service >"$STUB_DIR/taskdefs/qv-staging-gateway-service.json"
  described qv-staging-trading-service trading-service >"$STUB_DIR/taskdefs/qv-staging-trading-service.json"
}
jq -n --arg r "$repo" '{
  ecs_cluster_name: {value: "qv-staging"},
  ecs_service_names: {value: {"gateway-service": "gateway-service", "trading-service": "trading-service"}},
  task_definition_families: {value: {"gateway-service": "qv-staging-gateway-service", "trading-service": "qv-staging-trading-service", "db-bootstrap": "qv-staging-db-bootstrap"}},
  ecr_repository_urls: {value: {"gateway-service": "\($r)/gateway-service", "trading-service": "\($r)/trading-service"}}
}' >"$work/outputs.json"
jq -n --arg r "$repo" --arg a "$digest_a" --arg b "$digest_b" \
  '{"gateway-service": "\($r)/gateway-service@\($a)", "trading-service": "\($r)/trading-service@\($b)"}' >"$work/images.json"
export PATH="$stubs:$PATH" ROLLOUT_POLL_SECONDS=0 GITHUB_STEP_SUMMARY="$work/summary.md"

# --- ecs-rollout.sh deploy: success ---------------------------------------------------------
setup_ecs '{}'
expect_status 0 "rollout: both services complete" -- "$scripts/ecs-rollout.sh" deploy "$work/outputs.json" "$work/images.json" "$work/state.json"
if jq -e --arg b "$repo/trading-service@$digest_b" '.containerDefinitions[0].image == $b' "$STUB_DIR/registered/qv-staging-trading-service.json" >/dev/null \
  && jq -e '.["trading-service"].previous | endswith(":6")' "$work/state.json" >/dev/null \
  && jq -e '.["gateway-service"].taskDefinition | endswith(":8")' "$STUB_DIR/services.json" >/dev/null \
  && grep -q "| trading-service | qv-staging-trading-service:8 | completed |" "$work/summary.md"; then
  ok "rollout: registers the digest, records the previous revision, points the service at the new one, reports it"
else
  fail "rollout: state after success is wrong: $(cat "$work/state.json")"
fi

# --- circuit breaker, then rollback ---------------------------------------------------------
setup_ecs '{"trading-service": "FAILED"}'
expect_status 1 "rollout: a deployment the circuit breaker rolled back fails the step" -- \
  "$scripts/ecs-rollout.sh" deploy "$work/outputs.json" "$work/images.json" "$work/state.json"
if grep -q "trading-service: .* failed" "$work/out"; then ok "rollout: names the failed service"; else fail "rollout: failure message missing: $(cat "$work/out")"; fi
expect_status 0 "rollback: returns every service to its previous revision" -- "$scripts/ecs-rollout.sh" rollback "$work/outputs.json" "$work/state.json"
if jq -e '[.[] | .taskDefinition | endswith(":6")] | all' "$STUB_DIR/services.json" >/dev/null; then
  ok "rollback: both services run revision 6 again"
else
  fail "rollback: services run $(jq -c 'map_values(.taskDefinition)' "$STUB_DIR/services.json")"
fi

# --- a missing image stops everything before any service changes ----------------------------
setup_ecs '{}'
jq 'del(.["trading-service"])' "$work/images.json" >"$work/partial.json"
expect_status 1 "rollout: an image missing for one service stops the deploy" -- \
  "$scripts/ecs-rollout.sh" deploy "$work/outputs.json" "$work/partial.json" "$work/state.json"
if grep -q "update-service" "$STUB_DIR/calls.log"; then fail "rollout: a service was updated although an image was missing"; else ok "rollout: no service was touched"; fi

# --- timeout --------------------------------------------------------------------------------
setup_ecs '{"gateway-service": "STUCK"}'
ROLLOUT_TIMEOUT_SECONDS=0 expect_status 1 "rollout: a deployment that never finishes times out" -- \
  "$scripts/ecs-rollout.sh" deploy "$work/outputs.json" "$work/images.json" "$work/state.json"
if grep -q "timed out .* gateway-service" "$work/out"; then ok "rollout: the timeout names the service"; else fail "rollout: timeout message: $(cat "$work/out")"; fi

# --- push-images.sh -------------------------------------------------------------------------
setup_ecs '{}'
mkdir -p "$work/images"
for service in gateway-service trading-service; do
  echo -n "quantvision/$service:abc123" >"$work/image-name"
  tar -C "$work" -czf "$work/images/$service.tar.gz" image-name
done
echo "$digest_b" >"$STUB_DIR/ecr/quantvision_staging_trading-service"
if "$scripts/push-images.sh" "$work/outputs.json" "$work/images" abc123 >"$work/pushed.json" 2>"$work/out"; then
  if jq -e --arg b "$repo/trading-service@$digest_b" '.["trading-service"] == $b and (.["gateway-service"] | test("@sha256:[0-9a-f]{64}$"))' "$work/pushed.json" >/dev/null \
    && grep -q "docker push --quiet $repo/gateway-service:abc123" "$STUB_DIR/calls.log" \
    && ! grep -q "docker push --quiet $repo/trading-service" "$STUB_DIR/calls.log"; then
    ok "push: pushes a new image and reports its digest; reuses an image already under that tag"
  else
    fail "push: unexpected result $(cat "$work/pushed.json"); calls: $(grep docker "$STUB_DIR/calls.log")"
  fi
else
  fail "push: exited non-zero: $(cat "$work/out")"
fi
rm "$work/images/gateway-service.tar.gz"
rm -f "$STUB_DIR/ecr/"*
expect_status 1 "push: a missing archive fails" -- "$scripts/push-images.sh" "$work/outputs.json" "$work/images" abc123

if [ "$failures" -gt 0 ]; then
  echo "deploy scripts: $failures test(s) failed" >&2
  exit 1
fi
echo "deploy scripts: all tests passed"

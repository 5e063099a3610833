#!/usr/bin/env bash
# Rolls the ECS services to new images and waits until every rollout has finished.
#
#   ecs-rollout.sh deploy   TF_OUTPUTS_JSON IMAGES_JSON STATE_JSON
#   ecs-rollout.sh rollback TF_OUTPUTS_JSON STATE_JSON
#
# deploy: for each service, records the revision it runs now (STATE_JSON, for rollback), renders
# a new revision of its family with the image digest from IMAGES_JSON (render-task-definition.sh),
# registers it and points the service at it; the services roll out in parallel. Then it follows
# each deployment until ECS reports it COMPLETED. A deployment the circuit breaker failed (new
# tasks never became healthy; ECS already rolled that service back) or one still running at the
# timeout fails the step.
# rollback: points every service in STATE_JSON back at the revision it ran before the deploy and
# waits the same way (used when the rollout or the smoke test failed).
#
# Environment: ROLLOUT_TIMEOUT_SECONDS (default 1800), ROLLOUT_POLL_SECONDS (default 15).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
timeout="${ROLLOUT_TIMEOUT_SECONDS:-1800}"
poll="${ROLLOUT_POLL_SECONDS:-15}"

usage() {
  echo "usage: ecs-rollout.sh deploy TF_OUTPUTS_JSON IMAGES_JSON STATE_JSON | rollback TF_OUTPUTS_JSON STATE_JSON" >&2
  exit 2
}

summary() { if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then echo "$*" >>"$GITHUB_STEP_SUMMARY"; fi; }

# Points each service of STATE at .[service].target and stores the new deployment id.
start_deployments() {
  local cluster="$1" state="$2" service name target deployment
  for service in $(jq -r 'keys[]' "$state"); do
    name=$(jq -r --arg s "$service" '.[$s].name' "$state")
    target=$(jq -r --arg s "$service" '.[$s].target' "$state")
    deployment=$(aws ecs update-service --cluster "$cluster" --service "$name" --task-definition "$target" --output json \
      | jq -r '[.service.deployments[] | select(.status == "PRIMARY")][0].id')
    echo "$service: deploying ${target##*/} ($deployment)"
    jq --arg s "$service" --arg d "$deployment" '.[$s].deployment = $d' "$state" >"$state.tmp" && mv "$state.tmp" "$state"
  done
}

# Follows the deployments in STATE until each is COMPLETED, FAILED or the timeout passes.
wait_for_deployments() {
  local cluster="$1" state="$2" deadline=$((SECONDS + timeout)) failed=() pending names described service
  local name deployment target entry rollout reason
  pending=$(jq -r 'keys | join(" ")' "$state")
  summary "| service | revision | result |"
  summary "|---|---|---|"
  while [ -n "$pending" ]; do
    # shellcheck disable=SC2086
    names=$(for service in $pending; do jq -r --arg s "$service" '.[$s].name' "$state"; done)
    # shellcheck disable=SC2086
    described=$(aws ecs describe-services --cluster "$cluster" --services $names --output json)
    local still=""
    for service in $pending; do
      name=$(jq -r --arg s "$service" '.[$s].name' "$state")
      deployment=$(jq -r --arg s "$service" '.[$s].deployment' "$state")
      target=$(jq -r --arg s "$service" '.[$s].target' "$state")
      entry=$(jq -c --arg n "$name" --arg d "$deployment" \
        '.services[] | select(.serviceName == $n) | {primary: .taskDefinition, deployment: ([.deployments[] | select(.id == $d)][0])}' <<<"$described")
      rollout=$(jq -r '.deployment.rolloutState // empty' <<<"$entry")
      reason=$(jq -r '.deployment.rolloutStateReason // empty' <<<"$entry")
      if [ -z "$rollout" ]; then
        # The deployment is gone: ECS replaced it. Ours won only if the service now runs our revision.
        if [ "$(jq -r '.primary' <<<"$entry")" = "$target" ]; then rollout="COMPLETED"; else rollout="FAILED"; reason="rolled back by the deployment circuit breaker"; fi
      fi
      case "$rollout" in
        COMPLETED)
          echo "$service: ${target##*/} completed"
          summary "| $service | ${target##*/} | completed |"
          ;;
        FAILED)
          echo "::error::$service: ${target##*/} failed: ${reason:-no reason given}"
          summary "| $service | ${target##*/} | FAILED: ${reason:-} |"
          failed+=("$service")
          ;;
        *) still="$still $service" ;;
      esac
    done
    pending="${still# }"
    [ -z "$pending" ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "::error::timed out after ${timeout}s waiting for: $pending"
      for service in $pending; do summary "| $service | | timed out |"; done
      return 1
    fi
    sleep "$poll"
  done
  if [ "${#failed[@]}" -gt 0 ]; then
    echo "::error::rollout failed for: ${failed[*]}"
    return 1
  fi
}

deploy() {
  local outputs="$1" images="$2" state="$3" cluster service name family image previous rendered new work
  cluster=$(jq -r '.ecs_cluster_name.value' "$outputs")
  work=$(mktemp -d)
  echo '{}' >"$state"

  # Everything is rendered and registered before any service changes: a missing image or a
  # broken task definition stops the deploy with nothing half-rolled.
  for service in $(jq -r '.ecs_service_names.value | keys[]' "$outputs"); do
    name=$(jq -r --arg s "$service" '.ecs_service_names.value[$s]' "$outputs")
    family=$(jq -r --arg s "$service" '.task_definition_families.value[$s]' "$outputs")
    image=$(jq -r --arg s "$service" '.[$s] // empty' "$images")
    [ -n "$image" ] || { echo "::error::no image for $service in $images"; return 1; }
    previous=$(aws ecs describe-services --cluster "$cluster" --services "$name" --output json | jq -r '.services[0].taskDefinition')
    rendered="$work/$service.json"
    aws ecs describe-task-definition --task-definition "$family" --include TAGS --output json \
      | "$here/render-task-definition.sh" "$service" "$image" >"$rendered"
    new=$(aws ecs register-task-definition --cli-input-json "file://$rendered" --output json | jq -r '.taskDefinition.taskDefinitionArn')
    echo "$service: registered ${new##*/} ($image), running ${previous##*/}"
    jq --arg s "$service" --arg n "$name" --arg p "$previous" --arg t "$new" \
      '. + {($s): {name: $n, previous: $p, target: $t}}' "$state" >"$state.tmp" && mv "$state.tmp" "$state"
  done
  rm -rf "$work"

  summary "### ECS rollout"
  start_deployments "$cluster" "$state"
  wait_for_deployments "$cluster" "$state"
}

rollback() {
  local outputs="$1" state="$2" cluster
  cluster=$(jq -r '.ecs_cluster_name.value' "$outputs")
  [ -s "$state" ] || { echo "::error::no rollout state in $state: nothing to roll back"; return 1; }
  jq 'with_entries(.value.target = .value.previous | .value.previous = null)' "$state" >"$state.rollback"
  summary "### ECS rollback"
  start_deployments "$cluster" "$state.rollback"
  wait_for_deployments "$cluster" "$state.rollback"
}

case "${1:-}" in
  deploy) [ $# -eq 4 ] || usage; deploy "$2" "$3" "$4" ;;
  rollback) [ $# -eq 3 ] || usage; rollback "$2" "$3" ;;
  *) usage ;;
esac

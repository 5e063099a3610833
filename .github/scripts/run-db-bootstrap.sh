#!/usr/bin/env bash
# Runs the one-off db-bootstrap task (terraform/scripts/db-bootstrap.sh: one database and login
# role per service, passwords from Secrets Manager) and fails unless it exits 0. Runs before every
# rollout, so a new service or a rotated password is in place before the tasks that need it start.
#
# Usage: run-db-bootstrap.sh TF_OUTPUTS_JSON
set -euo pipefail

outputs="${1:?usage: run-db-bootstrap.sh TF_OUTPUTS_JSON}"
cluster=$(jq -r '.db_bootstrap.value.cluster' "$outputs")
family=$(jq -r '.db_bootstrap.value.task_definition' "$outputs")
container=$(jq -r '.db_bootstrap.value.container' "$outputs")
network=$(jq -r '.db_bootstrap.value.network_configuration' "$outputs")
log_group=$(jq -r --arg c "$container" '.log_group_names.value[$c]' "$outputs")

run=$(aws ecs run-task --cluster "$cluster" --task-definition "$family" --launch-type FARGATE \
  --network-configuration "$network" --started-by "github-${GITHUB_RUN_ID:-manual}" --output json)
task=$(jq -r '.tasks[0].taskArn // empty' <<<"$run")
if [ -z "$task" ]; then
  echo "::error::db-bootstrap did not start: $(jq -c '.failures' <<<"$run")"
  exit 1
fi
echo "db-bootstrap: started $task"

# The waiter polls every 6 s, 100 times (10 minutes).
aws ecs wait tasks-stopped --cluster "$cluster" --tasks "$task"

described=$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task" --output json)
exit_code=$(jq -r --arg c "$container" '.tasks[0].containers[] | select(.name == $c) | .exitCode // "none"' <<<"$described")
reason=$(jq -r '.tasks[0].stoppedReason // ""' <<<"$described")

echo "db-bootstrap: log ($log_group):"
aws logs get-log-events --log-group-name "$log_group" --log-stream-name "ecs/$container/${task##*/}" \
  --start-from-head --query 'events[].message' --output text 2>/dev/null | tr '\t' '\n' | sed 's/^/  /' || true

if [ "$exit_code" != "0" ]; then
  echo "::error::db-bootstrap exited with $exit_code ($reason)"
  exit 1
fi
echo "db-bootstrap: done"

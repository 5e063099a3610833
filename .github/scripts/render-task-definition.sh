#!/usr/bin/env bash
# Renders a new task definition revision: reads the output of
#   aws ecs describe-task-definition --task-definition FAMILY --include TAGS
# on stdin and writes the input of `aws ecs register-task-definition --cli-input-json` on stdout,
# with the image of container CONTAINER replaced by IMAGE (a digest reference) and everything else
# (environment, secrets, roles, sizes, log settings) kept as Terraform registered it.
#
# Usage: render-task-definition.sh CONTAINER IMAGE < described.json > register.json
set -euo pipefail

container="${1:?usage: render-task-definition.sh CONTAINER IMAGE}"
image="${2:?usage: render-task-definition.sh CONTAINER IMAGE}"

case "$image" in
  *@sha256:*) ;;
  *) echo "render-task-definition: $image is not a digest reference (repo@sha256:...)" >&2; exit 2 ;;
esac

jq --arg container "$container" --arg image "$image" '
  if ([.taskDefinition.containerDefinitions[] | select(.name == $container)] | length) != 1 then
    error("task definition \(.taskDefinition.family) has no single container named \($container)")
  else . end
  | (.tags // []) as $tags
  | .taskDefinition
  | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities,
        .registeredAt, .registeredBy, .deregisteredAt)
  | .containerDefinitions |= map(if .name == $container then .image = $image else . end)
  | if ($tags | length) > 0 then .tags = $tags else . end
'

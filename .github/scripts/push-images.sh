#!/usr/bin/env bash
# Pushes the images the build job produced (and the scan job passed) to the environment's ECR
# repositories under the commit tag, and prints {"<service>": "<repository>@sha256:..."} on stdout:
# the rollout deploys digests, so what runs is byte for byte what was scanned.
# ECR tags are immutable: when the tag already exists (a re-run of the same commit), the image
# already there is deployed and this run's archive is not pushed.
#
# Usage: push-images.sh TF_OUTPUTS_JSON IMAGES_DIR TAG > images.json
#   TF_OUTPUTS_JSON  terraform output -json (ecr_repository_urls)
#   IMAGES_DIR       <service>.tar.gz archives (docker save | gzip)
set -euo pipefail

outputs="${1:?usage: push-images.sh TF_OUTPUTS_JSON IMAGES_DIR TAG}"
images="${2:?usage: push-images.sh TF_OUTPUTS_JSON IMAGES_DIR TAG}"
tag="${3:?usage: push-images.sh TF_OUTPUTS_JSON IMAGES_DIR TAG}"

result='{}'
while IFS=$'\t' read -r service url; do
  archive="$images/$service.tar.gz"
  repository="${url#*/}"
  digest=$(aws ecr describe-images --repository-name "$repository" --image-ids "imageTag=$tag" \
    --query 'imageDetails[0].imageDigest' --output text 2>/dev/null || true)
  if [ -n "$digest" ] && [ "$digest" != "None" ]; then
    echo "::notice::$service: $url:$tag is already in ECR ($digest); deploying that image" >&2
  else
    [ -f "$archive" ] || { echo "::error::no image archive for $service ($archive)" >&2; exit 1; }
    loaded=$(gunzip -c "$archive" | docker load | sed -n 's/^Loaded image: //p' | head -n 1)
    [ -n "$loaded" ] || { echo "::error::$archive holds no tagged image" >&2; exit 1; }
    docker tag "$loaded" "$url:$tag"
    docker push --quiet "$url:$tag" >&2
    digest=$(docker inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$url:$tag" \
      | sed -n "s|^$url@||p" | head -n 1)
  fi
  case "$digest" in
    sha256:*) ;;
    *) echo "::error::$service: no digest for $url:$tag" >&2; exit 1 ;;
  esac
  echo "$service -> $url@$digest" >&2
  result=$(jq --arg service "$service" --arg image "$url@$digest" '. + {($service): $image}' <<<"$result")
done < <(jq -r '.ecr_repository_urls.value | to_entries[] | "\(.key)\t\(.value)"' "$outputs")

echo "$result"

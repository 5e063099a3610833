#!/usr/bin/env bash
# Deploys QuantVision on one Docker host with docker-compose: images (built here or pulled), the
# databases and roles (migrations themselves run in each service at start-up, under Flyway's lock,
# before it reports ready), a pre-deploy backup, then a rolling restart, one service at a time:
# new containers start next to the old ones, and the old ones stop only once every new one passes
# its health check. When one does not, its new containers are removed (the old ones never stopped)
# and the services already rolled in this run go back to the images they ran before.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "$0")/lib.sh"

usage() {
  cat <<USAGE
usage: deploy/scripts/deploy.sh [options]

  --env ENV            production (default when deploy/.env.production exists) or development
  --tag TAG            image tag to deploy (default: IMAGE_TAG of the env file; development: latest)
  --build              build the jars (./mvnw package) and the images here, tagged TAG
  --pull               pull TAG from the registry (the default in production)
  --rollback           deploy the tag that was live before the last successful deploy
  --service NAME       roll only this service; repeatable (default: all five, the gateway last)
  --no-backup          skip the pre-deploy backup (production backs up by default)
  --timeout SECONDS    how long a new container may take to become healthy (default: 180)
  --dry-run            check the configuration and print the plan; change nothing
  -h, --help           this text

Development (no .env.production): dev JWT keys and a self-signed TLS certificate are created in
deploy/secrets and deploy/nginx/certs when missing. State (deployed tags) is in deploy/.state/.
USAGE
}

tag=""
mode=""
rollback=false
services=()
backup=""
timeout=180
dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --env) export QV_ENV=${2:?--env needs production or development}; shift 2 ;;
    --tag) tag=${2:?--tag needs a tag}; shift 2 ;;
    --build) mode=build; shift ;;
    --pull) mode=pull; shift ;;
    --rollback) rollback=true; shift ;;
    --service) services+=("${2:?--service needs a name}"); shift 2 ;;
    --no-backup) backup=false; shift ;;
    --timeout) timeout=${2:?--timeout needs seconds}; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

qv_select_env
state_dir="$QV_DEPLOY_DIR/.state"
[[ "$timeout" =~ ^[0-9]+$ ]] || die "--timeout must be a number of seconds"
if [ ${#services[@]} -eq 0 ]; then
  services=("${QV_SERVICES[@]}")
else
  for service in "${services[@]}"; do
    [[ " ${QV_SERVICES[*]} " == *" $service "* ]] || die "unknown service $service (one of: ${QV_SERVICES[*]})"
  done
fi

if [ "$rollback" = true ]; then
  [ -f "$state_dir/previous-tag" ] || die "nothing to roll back to: no $state_dir/previous-tag"
  tag=$(cat "$state_dir/previous-tag")
fi
if [ -z "$tag" ]; then
  tag=$(env_value IMAGE_TAG)
  [ -n "$tag" ] || tag=latest
fi
[[ "$tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "'$tag' is not a valid image tag"
export IMAGE_TAG=$tag
if [ -z "$mode" ]; then
  if [ "$QV_ENV" = production ]; then mode=pull; else mode=build; fi
fi
[ -n "$backup" ] || { if [ "$QV_ENV" = production ]; then backup=true; else backup=false; fi; }

# ---------------------------------------------------------------- preflight
command -v docker >/dev/null || die "docker is not installed"
if [ "$QV_ENV" = production ]; then
  unset_values=$(grep -E '^[A-Z0-9_]+=.*CHANGE_ME' "$QV_ENV_FILE" | cut -d= -f1 | tr '\n' ' ' || true)
  [ -z "$unset_values" ] || die "$QV_ENV_FILE still has CHANGE_ME values: $unset_values"
  [ "$(stat -c %a "$QV_ENV_FILE")" -le 640 ] || die "$QV_ENV_FILE is readable by others (chmod 600 it)"
fi

secret_path() {
  local value
  value=$(env_value "$1")
  value=${value:-$2}
  case "$value" in /*) echo "$value" ;; *) echo "$QV_DEPLOY_DIR/${value#./}" ;; esac
}
public_key=$(secret_path JWT_PUBLIC_KEY_FILE ./secrets/jwt-public.pem)
private_key=$(secret_path JWT_PRIVATE_KEY_FILE ./secrets/jwt-private.pem)
alertmanager_secrets=$(secret_path ALERTMANAGER_SECRETS_DIR ./secrets/alertmanager)
certs=$(secret_path TLS_CERT_DIR ./nginx/certs)

if [ "$QV_ENV" = development ] && [ "$dry_run" = false ]; then
  if [ ! -f "$private_key" ]; then
    log "development: generating a JWT key pair in $(dirname "$private_key")"
    mkdir -p "$(dirname "$private_key")"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$private_key" 2>/dev/null
    openssl pkey -in "$private_key" -pubout -out "$public_key"
    chmod 0644 "$private_key" "$public_key" # development only: readable whoever runs docker
  fi
  if [ ! -f "$certs/fullchain.pem" ]; then
    log "development: generating a self-signed TLS certificate in $certs"
    mkdir -p "$certs"
    openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
      -keyout "$certs/privkey.pem" -out "$certs/fullchain.pem" 2>/dev/null
  fi
fi
for file in "$public_key" "$private_key" "$certs/fullchain.pem" "$certs/privkey.pem"; do
  [ -f "$file" ] || [ "$dry_run" = true ] || die "missing $file (see deploy/README.md, 'Secrets')"
done

config_yaml=$(compose config) || die "the compose configuration does not validate"

replicas_of() {
  local count
  count=$(awk -v s="  $1:" '
    $0 == s { inside = 1; next }
    inside && /^  [^ ]/ { inside = 0 }
    inside && $1 == "replicas:" { print $2; exit }' <<<"$config_yaml")
  echo "${count:-1}"
}

log "deploy $QV_ENV: tag $IMAGE_TAG ($mode), services ${services[*]}, backup $backup, health timeout ${timeout}s"
if [ "$dry_run" = true ]; then
  for service in "${services[@]}"; do
    log "  $service: $(replicas_of "$service") replica(s), rolling"
  done
  log "dry run: configuration valid, nothing changed"
  exit 0
fi

# ---------------------------------------------------------------- images
if [ "$mode" = build ]; then
  modules=$(printf '%s,' "${services[@]}")
  log "building ${modules%,} (./mvnw package)"
  (cd "$QV_ROOT" && ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true -pl "${modules%,}" -am)
  compose build "${services[@]}"
else
  compose pull --quiet "${services[@]}" 2>/dev/null || compose pull "${services[@]}"
fi

# ---------------------------------------------------------------- infrastructure and databases
infrastructure=(postgres redis)
compose up -d "${infrastructure[@]}"

wait_healthy() {
  local container=$1 deadline=$(($(date +%s) + timeout)) state health
  while :; do
    state=$(docker inspect -f '{{.State.Status}}' "$container" 2>/dev/null || echo gone)
    health=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$container" 2>/dev/null || echo gone)
    case "$state/$health" in
      running/healthy | running/none) return 0 ;;
      # "unhealthy" is not final (the next passing check makes it healthy); stopping is
      exited/* | dead/* | gone/*) log "  $container stopped ($state)"; return 1 ;;
    esac
    [ "$(date +%s)" -lt "$deadline" ] || { log "  $container not healthy after ${timeout}s"; return 1; }
    sleep 2
  done
}

for service in "${infrastructure[@]}"; do
  for container in $(compose ps -q "$service"); do
    wait_healthy "$container" || die "$service did not become healthy"
  done
done
log "databases: ensuring roles and databases (init/01-databases.sh)"
compose exec -T postgres bash /docker-entrypoint-initdb.d/01-databases.sh >/dev/null

if [ "$backup" = true ]; then
  log "pre-deploy backup"
  "$QV_DEPLOY_DIR/scripts/backup.sh" --env "$QV_ENV" >/dev/null
fi

# Alertmanager reads its secrets from files (monitoring/alertmanager.yml); the env file is the one
# source of truth, shared with alert-service.
write_alertmanager_secret() {
  local file=$1 value
  value=$(env_value "$2")
  value=${value:-$3}
  (umask 027 && printf '%s' "$value" >"$alertmanager_secrets/$file.tmp")
  mv "$alertmanager_secrets/$file.tmp" "$alertmanager_secrets/$file"
}
mkdir -p "$alertmanager_secrets"
chmod 0750 "$alertmanager_secrets"
write_alertmanager_secret alertmanager_webhook_token ALERTMANAGER_WEBHOOK_TOKEN dev-only-alertmanager-token
write_alertmanager_secret pagerduty_routing_key PAGERDUTY_ROUTING_KEY ""
write_alertmanager_secret slack_webhook_url SLACK_WEBHOOK_URL ""
write_alertmanager_secret smtp_password SMTP_PASSWORD ""

# ---------------------------------------------------------------- rolling restart
rolled=()
declare -A previous_image

image_repository() {
  awk -v s="  $1:" '
    $0 == s { inside = 1; next }
    inside && /^  [^ ]/ { inside = 0 }
    inside && $1 == "image:" { sub(/:[^:\/]*$/, "", $2); print $2; exit }' <<<"$config_yaml"
}

reload_nginx() {
  local container
  for container in $(compose ps -q nginx); do
    docker exec "$container" nginx -s reload >/dev/null 2>&1 || log "  nginx reload failed (is it up?)"
  done
}

# roll SERVICE [IMAGE_TAG]: start the new replicas beside the old, wait, stop the old.
roll() {
  local service=$1 tag=${2:-$IMAGE_TAG} want old=() new=() container all
  want=$(replicas_of "$service")
  mapfile -t old < <(compose ps -q "$service")
  if [ ${#old[@]} -gt 0 ]; then
    previous_image[$service]=$(docker inspect -f '{{.Image}}' "${old[0]}")
  fi
  log "$service: starting $want new replica(s) at $tag beside ${#old[@]} running"
  IMAGE_TAG=$tag compose up -d --no-deps --no-recreate --scale "$service=$((${#old[@]} + want))" "$service"
  mapfile -t all < <(compose ps -q "$service")
  for container in "${all[@]}"; do
    [[ " ${old[*]} " == *" $container "* ]] || new+=("$container")
  done
  for container in "${new[@]}"; do
    if ! wait_healthy "$container"; then
      log "$service: new replica failed; its last log lines:"
      docker logs --tail 40 "$container" >&2 2>&1 || true
      docker stop -t 30 "${new[@]}" >/dev/null 2>&1 || true
      docker rm -f "${new[@]}" >/dev/null 2>&1 || true
      return 1
    fi
  done
  log "$service: ${#new[@]} new replica(s) healthy"
  if [ "$service" = gateway-service ]; then reload_nginx; fi
  if [ ${#old[@]} -gt 0 ]; then
    docker stop -t 30 "${old[@]}" >/dev/null
    docker rm "${old[@]}" >/dev/null
    log "$service: ${#old[@]} old replica(s) stopped"
  fi
  if [ "$service" = gateway-service ]; then reload_nginx; fi
}

roll_back() {
  local service repository
  for service in "${rolled[@]}"; do
    [ -n "${previous_image[$service]:-}" ] || continue
    repository=$(image_repository "$service")
    docker tag "${previous_image[$service]}" "$repository:rollback"
    log "rollback: $service to the image it ran before"
    roll "$service" rollback || log "rollback of $service FAILED: check it by hand"
  done
}

for service in "${services[@]}"; do
  if ! roll "$service"; then
    log "$service: deploy of $IMAGE_TAG failed; the replicas that were running keep serving"
    roll_back
    die "deploy of $IMAGE_TAG failed at $service (rolled back: ${rolled[*]:-nothing})"
  fi
  rolled+=("$service")
done

# Everything else (nginx, monitoring): created when missing, recreated when its configuration changed.
others=()
while read -r service; do
  [[ " ${QV_SERVICES[*]} " == *" $service "* ]] || others+=("$service")
done < <(awk '/^services:/ { inside = 1; next } inside && /^[^ ]/ { inside = 0 }
             inside && /^  [a-z0-9-]+:$/ { sub(/:$/, "", $1); print $1 }' <<<"$config_yaml")
compose up -d --no-deps "${others[@]}"
reload_nginx

mkdir -p "$state_dir"
current=$(cat "$state_dir/deployed-tag" 2>/dev/null || true)
if [ -n "$current" ] && [ "$current" != "$IMAGE_TAG" ]; then echo "$current" >"$state_dir/previous-tag"; fi
echo "$IMAGE_TAG" >"$state_dir/deployed-tag"
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $QV_ENV $IMAGE_TAG ${services[*]}" >>"$state_dir/history"
log "deployed $IMAGE_TAG ($QV_ENV): ${services[*]}"

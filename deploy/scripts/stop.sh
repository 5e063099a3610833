#!/usr/bin/env bash
# Stops QuantVision gracefully: nginx first (no new requests), then the services, gateway first
# (each drains in-flight requests: quarkus.shutdown.timeout), then monitoring, PostgreSQL and Redis
# last. Containers and volumes stay unless asked; data volumes are only ever removed with --volumes
# and a typed confirmation.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "$0")/lib.sh"

usage() {
  cat <<USAGE
usage: deploy/scripts/stop.sh [options] [SERVICE...]

  SERVICE...     stop only these compose services (default: the whole stack, in order)
  --env ENV      production or development (default: production when deploy/.env.production exists)
  --down         also remove the containers and networks (docker-compose down)
  --volumes      with --down: also delete the data volumes (PostgreSQL, Redis, Prometheus ...);
                 asks to type the environment's name unless --yes
  -y, --yes      do not ask
  -h, --help     this text
USAGE
}

down=false
volumes=false
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --env) export QV_ENV=${2:?--env needs production or development}; shift 2 ;;
    --down) down=true; shift ;;
    --volumes) volumes=true; shift ;;
    -y | --yes) export QV_ASSUME_YES=true; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option: $1" ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ "$volumes" = false ] || [ "$down" = true ] || die "--volumes only goes with --down"

qv_select_env
known=$(compose config --services)
for target in "${targets[@]}"; do
  grep -qx "$target" <<<"$known" || die "unknown service $target"
done

if [ ${#targets[@]} -gt 0 ]; then
  log "stopping ${targets[*]} ($QV_ENV)"
  compose stop "${targets[@]}"
  exit 0
fi

if [ "$volumes" = true ]; then
  confirm "This deletes every QuantVision data volume of $QV_ENV: databases, Redis, metrics, logs." "$QV_ENV"
fi

# Outside in: the entrance, then the API, the services behind it, then what they depend on.
log "stopping QuantVision ($QV_ENV)"
running() { compose ps --services --filter status=running 2>/dev/null || compose config --services; }
ordered=(nginx gateway-service market-data-service analysis-service trading-service alert-service)
compose stop nginx || true
compose stop gateway-service
compose stop market-data-service analysis-service trading-service alert-service
rest=()
while read -r service; do
  [[ " ${ordered[*]} postgres redis " == *" $service "* ]] || rest+=("$service")
done < <(running)
[ ${#rest[@]} -eq 0 ] || compose stop "${rest[@]}"
compose stop redis postgres

if [ "$down" = true ]; then
  if [ "$volumes" = true ]; then compose down --volumes; else compose down; fi
fi
log "stopped"

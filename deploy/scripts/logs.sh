#!/usr/bin/env bash
# Shows the logs of one service or of the whole stack, optionally following them. Services log one
# JSON object per line (LOG_FORMAT=json); --pretty turns those into "time level service message".
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "$0")/lib.sh"

usage() {
  cat <<USAGE
usage: deploy/scripts/logs.sh [options] [SERVICE...]

  SERVICE...         only these compose services (default: all)
  -f, --follow       keep following
  -n, --tail N       lines per container to start with (default: 200; "all" for everything)
      --since TIME   only newer lines (e.g. 10m, 2h, 2025-01-01T09:00:00)
      --pretty       JSON lines as "time level service [request_id] message" (needs jq)
      --env ENV      production or development (default: production when deploy/.env.production exists)
  -h, --help         this text

Centralised search across hosts and time is in Grafana (Loki); this is the on-box view.
USAGE
}

follow=()
tail_lines=200
since=()
pretty=false
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    -f | --follow) follow=(--follow); shift ;;
    -n | --tail) tail_lines=${2:?--tail needs a number}; shift 2 ;;
    --since) since=(--since "${2:?--since needs a time}"); shift 2 ;;
    --pretty) pretty=true; shift ;;
    --env) export QV_ENV=${2:?--env needs production or development}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option: $1" ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ "$tail_lines" =~ ^([0-9]+|all)$ ]] || die "--tail must be a number or all"

qv_select_env
known=$(compose config --services)
for target in "${targets[@]}"; do
  grep -qx "$target" <<<"$known" || die "unknown service $target (one of: $(tr '\n' ' ' <<<"$known"))"
done

if [ "$pretty" = false ]; then
  compose logs --no-color --tail="$tail_lines" "${follow[@]}" "${since[@]}" "${targets[@]}"
  exit 0
fi

command -v jq >/dev/null || die "--pretty needs jq"
# "container | {json}" -> "time level service [request_id] message"; other lines unchanged.
compose logs --no-color --tail="$tail_lines" "${follow[@]}" "${since[@]}" "${targets[@]}" |
  while IFS= read -r line; do
    json=${line#*| }
    if [[ "$json" == \{* ]] && formatted=$(jq -r '[.timestamp // .time, .level // "-", .service // "-",
        (if .mdc.request_id then "[" + .mdc.request_id + "]" else empty end), .message // .uri] | join(" ")' <<<"$json" 2>/dev/null); then
      printf '%s\n' "$formatted"
    else
      printf '%s\n' "$line"
    fi
  done

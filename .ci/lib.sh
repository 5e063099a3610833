#!/usr/bin/env bash
# Shared by .ci/run and the checks in .ci/checks/: install what a check needs, once.

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# apt_install PACKAGE... : installs the Debian packages that are missing.
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null \
    || { as_root apt-get update >/dev/null \
      && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
}

# npm_tools : the pinned node validators of .ci/tools (package-lock.json), on PATH.
npm_tools() {
  local tools
  tools="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tools"
  if [ ! -x "$tools/node_modules/.bin/ajv" ]; then
    (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  export PATH="$tools/node_modules/.bin:$PATH"
}

#!/usr/bin/env bash
# Sourced by the local runner and .ci/run: exports JAVA_HOME at a JDK >= 21.
# Keeps a JAVA_HOME that already qualifies; otherwise searches the usual places.

qv_java_major() {
  local version
  version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  echo "${version%%.*}"
}

qv_find_jdk() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(qv_java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [ -x "$candidate/bin/javac" ] || continue
    if [ "$(qv_java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "QuantVision needs a JDK 21 or newer; none found (set JAVA_HOME)." >&2
  return 1
}

qv_find_jdk

#!/usr/bin/env bash
# Runs inside nginx.sh's private namespaces: starts nginx on deploy/nginx and two stub gateway
# replicas, then checks what a client sees. Not meant to be run on its own.
set -euo pipefail
work=${1:?work folder}
failures=0
stubs=()

cleanup() {
  nginx -s stop 2>/dev/null || true
  local pid
  for pid in "${stubs[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

check() {
  local what=$1; shift
  if "$@"; then
    echo "  ok    $what"
  else
    echo "  FAIL  $what" >&2
    failures=$((failures + 1))
  fi
}

for replica in 127.0.0.2 127.0.0.3; do
  python3 "$work/stub.py" "$replica" &
  stubs+=("$!")
done
for replica in 127.0.0.2 127.0.0.3; do
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/$replica/8080") 2>/dev/null && break
    sleep 0.1
  done
done
nginx -c /etc/nginx/nginx.conf >"$work/nginx-access.log" 2>"$work/nginx-errors.log"

c() { curl -sS --max-time 10 --resolve quantvision.test:443:127.0.0.1 --resolve quantvision.test:80:127.0.0.1 -k "$@"; }
status() { c -o /dev/null -w '%{http_code}' "$@"; }
header() { c -o /dev/null -D - "${@:2}" | tr -d '\r' | grep -i "^$1:" | head -1 | cut -d' ' -f2-; }
echoed() { c "${@:2}" | python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

echo "nginx behaviour:"
check "HTTP redirects to HTTPS, path and query kept" \
  test "$(c -o /dev/null -w '%{http_code} %{redirect_url}' 'http://quantvision.test/api/v1/market/symbols?limit=5')" \
  = "301 https://quantvision.test/api/v1/market/symbols?limit=5"
check "plain-HTTP /healthz answers 200 for the load balancer" test "$(status http://quantvision.test/healthz)" = 200
check "/q/* is never exposed (404)" test "$(status https://quantvision.test/q/metrics)" = 404
check "/q itself is never exposed (404)" test "$(status https://quantvision.test/q)" = 404
check "/q/health/ready is never exposed (404)" test "$(status https://quantvision.test/q/health/ready)" = 404
check "/api/ reaches a gateway replica" test "$(status https://quantvision.test/api/v1/auth/me)" = 200
check "HSTS on API responses" \
  test "$(header strict-transport-security https://quantvision.test/api/v1/auth/me)" = "max-age=63072000; includeSubDomains"
check "HSTS on static files" \
  test "$(header strict-transport-security https://quantvision.test/)" = "max-age=63072000; includeSubDomains"
check "HSTS on fingerprinted assets too (their own add_header does not drop it)" \
  test "$(header strict-transport-security https://quantvision.test/assets/app.0123abcd.js)" = "max-age=63072000; includeSubDomains"
check "nosniff on fingerprinted assets" \
  test "$(header x-content-type-options https://quantvision.test/assets/app.0123abcd.js)" = "nosniff"
check "assets are cached for a year" \
  test "$(header cache-control https://quantvision.test/assets/app.0123abcd.js)" = "public, max-age=31536000, immutable"
check "client-side routes fall back to index.html" test "$(status https://quantvision.test/portfolio/positions)" = 200
check "X-Forwarded-Proto is https" test "$(echoed "['headers']['x-forwarded-proto']" https://quantvision.test/api/v1/x)" = https
check "X-Forwarded-For carries the client address" test "$(echoed "['headers']['x-forwarded-for']" https://quantvision.test/api/v1/x)" = 127.0.0.1
check "Host is the public name" test "$(echoed "['headers']['host']" https://quantvision.test/api/v1/x)" = quantvision.test
check "X-Forwarded-Host is the public name" test "$(echoed "['headers']['x-forwarded-host']" https://quantvision.test/api/v1/x)" = quantvision.test
check "a client's X-Request-Id is passed on" \
  test "$(echoed "['headers']['x-request-id']" -H 'X-Request-Id: req-42' https://quantvision.test/api/v1/x)" = req-42
check "a request without one gets a generated X-Request-Id" \
  test "$(echoed "['headers']['x-request-id']" https://quantvision.test/api/v1/x | wc -c)" -eq 33
check "the upstream connection is kept alive (no Connection: close)" \
  test "$(echoed "['headers'].get('connection', '')" https://quantvision.test/api/v1/x)" = ""
check "JSON is gzip-compressed" \
  test "$(header content-encoding -H 'Accept-Encoding: gzip' https://quantvision.test/api/v1/x)" = gzip
replicas=$(for _ in $(seq 1 12); do echoed "['replica']" https://quantvision.test/api/v1/x; done | sort -u | tr '\n' ' ')
check "requests are balanced over both gateway replicas ($replicas)" test "$replicas" = "127.0.0.2 127.0.0.3 "
head -c 1200000 /dev/zero >"$work/big-body"
check "a body over 1 MB is refused with 413 problem+json" \
  test "$(c -o "$work/413.json" -w '%{http_code} %{content_type}' -X POST --data-binary @"$work/big-body" https://quantvision.test/api/v1/orders)" \
  = "413 application/problem+json"
check "the 413 body is RFC 9457" python3 -c "import json; d=json.load(open('$work/413.json')); assert d['status'] == 413 and d['title'] and d['request_id']"
# 12,000 bytes: over 8 KB even as HTTP/2 sends it (HPACK's Huffman code packs an x into 7 bits)
long=$(head -c 12000 /dev/zero | tr '\0' x)
check "a request line over 8 KB is refused with 414 problem+json" \
  test "$(c --http1.1 -o "$work/414.json" -w '%{http_code} %{content_type}' "https://quantvision.test/api/v1/orders/$long")" \
  = "414 application/problem+json"
check "a header over 8 KB is refused with 431 problem+json" \
  test "$(c --http1.1 -o "$work/431.json" -w '%{http_code} %{content_type}' -H "X-Long: $long" https://quantvision.test/api/v1/orders)" \
  = "431 application/problem+json"
# HTTP/2 has no status for it: nginx ends the connection (GOAWAY, ENHANCE_YOUR_CALM)
refused_over_http2() { ! c --http2 -o /dev/null "$@" 2>/dev/null; }
check "over HTTP/2 the same path is refused at the protocol level" \
  refused_over_http2 "https://quantvision.test/api/v1/orders/$long"
check "over HTTP/2 the same header is refused at the protocol level" \
  refused_over_http2 -H "X-Long: $long" https://quantvision.test/api/v1/orders
check "the 431 body is RFC 9457" python3 -c "import json; d=json.load(open('$work/431.json')); assert d['status'] == 431 and d['title'] and d['request_id']"
check "a malformed request line is refused with 400 problem+json" \
  test "$(c --http1.1 -o /dev/null -w '%{http_code} %{content_type}' --request-target '/api/v1/a b' https://quantvision.test/)" \
  = "400 application/problem+json"
check "TLS 1.3 is accepted" c -o /dev/null --tlsv1.3 https://quantvision.test/healthz-tls
check "TLS 1.2 is accepted" c -o /dev/null --tlsv1.2 --tls-max 1.2 https://quantvision.test/healthz-tls
check "TLS 1.1 is refused" bash -c "! curl -sS -k --max-time 5 --resolve quantvision.test:443:127.0.0.1 --tlsv1.1 --tls-max 1.1 -o /dev/null https://quantvision.test/ 2>/dev/null"
check "weak ciphers are refused (TLS 1.2 with CBC/RSA key exchange)" bash -c "! curl -sS -k --max-time 5 --resolve quantvision.test:443:127.0.0.1 --tls-max 1.2 --ciphers AES128-SHA -o /dev/null https://quantvision.test/ 2>/dev/null"
check "HTTP/2 is offered" test "$(c -o /dev/null -w '%{http_version}' --http2 https://quantvision.test/)" = 2

for pid in "${stubs[@]}"; do kill "$pid"; done
wait 2>/dev/null || true
stubs=()
check "with every replica down the API answers 503 problem+json" \
  test "$(c -o /dev/null -w '%{http_code} %{content_type}' https://quantvision.test/api/v1/auth/me)" = "503 application/problem+json"

if [ "$failures" -ne 0 ]; then
  echo "nginx behaviour: $failures check(s) failed; nginx error log:" >&2
  cat "$work/nginx-errors.log" >&2
  exit 1
fi
echo "nginx behaviour: all checks passed"

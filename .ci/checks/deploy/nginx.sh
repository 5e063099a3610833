#!/usr/bin/env bash
# nginx: `nginx -t` on deploy/nginx, then the configuration's behaviour, for real: nginx, two stub
# gateway replicas and curl run in a private mount and network namespace (unshare -m -n), where
# /etc/nginx is the deploy folder, `gateway-service` resolves to the stubs through a bind-mounted
# hosts file and the TLS certificate is generated for this run. Nothing touches the host's nginx,
# ports or files. Usage: nginx.sh <repository root>   (run as root; needs nginx, openssl, curl, python3)
set -euo pipefail

root=$(cd "${1:?repository root}" && pwd)
work=$(mktemp -d /tmp/qv-nginx-check.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The container's /etc/nginx: our files, the distribution's mime.types, a throwaway certificate.
etc="$work/etc-nginx"
mkdir -p "$etc/certs" "$work/html" "$work/run" "$work/var-lib-nginx"
cp "$root/deploy/nginx/nginx.conf" "$etc/nginx.conf"
cp -r "$root/deploy/nginx/conf.d" "$root/deploy/nginx/snippets" "$etc/"
cp /etc/nginx/mime.types "$etc/mime.types"
cp -r "$root/deploy/nginx/html/." "$work/html/"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=quantvision.test" \
  -addext "subjectAltName=DNS:quantvision.test,DNS:localhost" \
  -keyout "$etc/certs/privkey.pem" -out "$etc/certs/fullchain.pem" 2>/dev/null
mkdir -p "$work/html/assets" && printf 'console.log("qv")\n' >"$work/html/assets/app.0123abcd.js"

# Two gateway replicas, as compose's DNS would return them; the image's `nginx` user.
printf '127.0.0.1 localhost quantvision.test\n127.0.0.2 gateway-service\n127.0.0.3 gateway-service\n' >"$work/hosts"
printf 'multi on\n' >"$work/host.conf"
cp /etc/passwd "$work/passwd" && echo 'nginx:x:101:101:nginx:/nonexistent:/usr/sbin/nologin' >>"$work/passwd"
cp /etc/group "$work/group" && echo 'nginx:x:101:' >>"$work/group"

# A stub replica: answers /api/* with the request line and headers it received, as JSON.
cat >"$work/stub.py" <<'PY'
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = json.dumps({"replica": sys.argv[1], "method": self.command, "path": self.path,
                           "headers": {k.lower(): v for k, v in self.headers.items()},
                           "padding": "x" * 2048}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST = do_DELETE = _answer
    def log_message(self, *args):
        pass

ThreadingHTTPServer((sys.argv[1], 8080), Echo).serve_forever()
PY

# shellcheck disable=SC2016 # expanded inside the namespace
unshare -m -n bash -euo pipefail -c '
  work=$1
  mount --make-rprivate /
  mount --bind "$work/etc-nginx" /etc/nginx
  mount --bind "$work/hosts" /etc/hosts
  mount --bind "$work/host.conf" /etc/host.conf
  mount --bind "$work/passwd" /etc/passwd
  mount --bind "$work/group" /etc/group
  mount --bind "$work/html" /usr/share/nginx/html
  mount --bind "$work/run" /run
  mount --bind "$work/var-lib-nginx" /var/lib/nginx
  ip link set lo up
  nginx -t -q -c /etc/nginx/nginx.conf
  echo "nginx -t: configuration OK"
  exec bash "$0" "$work"
' "$(dirname "$0")/nginx-behaviour.sh" "$work"

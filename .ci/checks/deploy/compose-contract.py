"""What the compose files promise, read from `docker-compose config` output (the merged, interpolated
configuration the real tool produces), beyond its own validation:

- every variable of README.md "Configuration" reaches production: in .env.production.example, or
  (addresses, secret mounts, log format) fixed by the compose files in the services' environment;
- production publishes no PostgreSQL or Redis port, and only nginx faces the world (other published
  ports are bound to 127.0.0.1);
- every long-running service has a healthcheck, the five services depend on PostgreSQL and Redis
  being healthy, nginx on the gateway;
- only nginx is on the public network without `internal`, and `internal` really is internal;
- no secret value in the production configuration comes from a development default.

Usage: compose-contract.py README.md .env.production.example DEV_CONFIG.yml PROD_CONFIG.yml
"""
import re
import sys

import yaml

SERVICES = ["gateway-service", "market-data-service", "analysis-service", "trading-service", "alert-service"]
# Test-only variables (README's second table) and the compose-level ones are not the services'.
TEST_ONLY = {"QV_EXTERNAL_INFRA", "QV_POSTGRES_URL", "QV_POSTGRES_USER", "QV_POSTGRES_PASSWORD"}
# Settings the compose files fix for the operator (addresses inside the stack, secret mounts, the
# log format Promtail parses); every other documented setting belongs in the env file.
FIXED_BY_COMPOSE = {"DATABASE_URL", "DATABASE_USERNAME", "DATABASE_PASSWORD", "REDIS_URL",
                    "JWT_PUBLIC_KEY_LOCATION", "JWT_PRIVATE_KEY_LOCATION", "LOG_FORMAT",
                    "MARKET_DATA_URL", "ANALYSIS_URL", "TRADING_URL", "ALERT_URL",
                    "GATEWAY_MANAGEMENT_URL", "MARKET_DATA_MANAGEMENT_URL", "ANALYSIS_MANAGEMENT_URL",
                    "TRADING_MANAGEMENT_URL", "ALERT_MANAGEMENT_URL"}

readme, env_example, dev_path, prod_path = sys.argv[1:5]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def configuration_variables(text):
    section = text.split("## Configuration", 1)[1]
    section = re.split(r"\n## ", section, maxsplit=1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell))
    return names - TEST_ONLY


def env_file_names(path):
    names = set()
    for line in open(path, encoding="utf-8"):
        match = re.match(r"^([A-Z][A-Z0-9_]*)=", line)
        if match:
            names.add(match.group(1))
    return names


documented = configuration_variables(open(readme, encoding="utf-8").read())
check(len(documented) > 20, f"README.md 'Configuration' yielded only {sorted(documented)}")
in_env_file = env_file_names(env_example)
dev = yaml.safe_load(open(dev_path, encoding="utf-8"))
prod = yaml.safe_load(open(prod_path, encoding="utf-8"))

service_env = set()
for name in SERVICES:
    service_env.update((prod["services"][name].get("environment") or {}).keys())
for variable in sorted(documented - FIXED_BY_COMPOSE):
    check(variable in in_env_file, f"{variable} (README 'Configuration') is missing from .env.production.example")
for variable in sorted(documented & FIXED_BY_COMPOSE):
    check(variable in service_env, f"{variable} (README 'Configuration') is not set by the compose files")

for config, label in ((dev, "development"), (prod, "production")):
    services = config["services"]
    for name in SERVICES:
        service = services[name]
        check("healthcheck" in service, f"{label}: {name} has no healthcheck")
        depends = service.get("depends_on") or {}
        for dependency in ("postgres", "redis"):
            check((depends.get(dependency) or {}).get("condition") == "service_healthy",
                  f"{label}: {name} does not wait for {dependency} to be healthy")
        check("internal" in (service.get("networks") or {}), f"{label}: {name} is not on the internal network")
        check("public" not in (service.get("networks") or {}), f"{label}: {name} is on the public network")
    check((services["nginx"].get("depends_on") or {}).get("gateway-service", {}).get("condition") == "service_healthy",
          f"{label}: nginx does not wait for a healthy gateway")
    for name in ("postgres", "redis", "nginx", "prometheus", "alertmanager", "grafana", "loki"):
        check("healthcheck" in services[name], f"{label}: {name} has no healthcheck")
    check(config["networks"]["internal"].get("internal") is True, f"{label}: the internal network is not internal")
    for name, service in services.items():
        for port in service.get("ports") or []:
            published = port if isinstance(port, str) else f"{port.get('host_ip', '')}:{port.get('published')}:{port.get('target')}"
            if name != "nginx":
                check(str(published).startswith("127.0.0.1:"),
                      f"{label}: {name} publishes {published} beyond the loopback interface")

prod_services = prod["services"]
for name in ("postgres", "redis"):
    check(not prod_services[name].get("ports"), f"production: {name} publishes {prod_services[name].get('ports')}")
for name in SERVICES:
    service = prod_services[name]
    check(service.get("restart") in ("always", "unless-stopped"), f"production: {name} has no restart policy")
    limits = (((service.get("deploy") or {}).get("resources") or {}).get("limits") or {})
    check("memory" in limits and "cpus" in limits, f"production: {name} has no CPU/memory limit")
    for key, value in (service.get("environment") or {}).items():
        check("dev-only" not in str(value), f"production: {name} {key} is a development default")
check(prod_services["gateway-service"].get("deploy", {}).get("replicas", 1) >= 2,
      "production: fewer than two gateway replicas behind nginx")
for name, service in prod_services.items():
    for key, value in (service.get("environment") or {}).items():
        check("dev-only" not in str(value), f"production: {name} {key} is a development default")

if failures:
    print("compose contract: FAIL", file=sys.stderr)
    for failure in failures:
        print(f"  - {failure}", file=sys.stderr)
    sys.exit(1)
print(f"  ok    compose contract: {len(documented)} documented variables reach production; "
      f"ports, health, networks and limits as promised")

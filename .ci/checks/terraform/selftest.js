#!/usr/bin/env node
// Proves that check.js can fail: it must pass on the real terraform/ tree, and each broken copy
// below (one defect planted in a temporary copy of the tree) must fail with the expected message.
// A checker that cannot fail is no check.
//
// Usage: node selftest.js TERRAFORM_DIR
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { check } = require("./check.js");

const source = path.resolve(process.argv[2] || "terraform");

// Each case: which file to break, how (append text, or replace the first match of a string or
// regular expression), and a fragment of the message the checker must print.
const cases = [
  {
    name: "a syntax error",
    file: "main.tf",
    append: '\nresource "aws_s3_bucket" "broken" {\n',
    expect: "terraform/main.tf: does not parse",
  },
  {
    name: "a misaligned attribute",
    file: "modules/ecr/main.tf",
    find: "  repository = each.value.name",
    replace: "  repository  = each.value.name",
    expect: "modules/ecr/main.tf:26: not canonically formatted",
  },
  {
    name: "an interpolation-only string",
    file: "modules/network/main.tf",
    find: /^(  cidr_block\s+= )var\.cidr_block$/m,
    replace: '$1"${var.cidr_block}"',
    expect: "interpolation-only string",
  },
  {
    name: "an unquoted block label",
    file: "modules/kms/main.tf",
    find: 'resource "aws_kms_alias" "logs" {',
    replace: 'resource aws_kms_alias "logs" {',
    expect: "block label without quotes",
  },
  {
    name: "a legacy variable type",
    file: "modules/ecr/variables.tf",
    find: "  type        = set(string)",
    replace: "  type        = set",
    expect: 'variable "services": legacy type',
  },
  {
    name: "an undeclared variable",
    file: "modules/network/main.tf",
    find: "slice(data.aws_availability_zones.available.names, 0, var.az_count)",
    replace: "slice(data.aws_availability_zones.available.names, 0, var.az_cuont)",
    expect: "var.az_cuont is not declared",
  },
  {
    name: "an undeclared local",
    file: "main.tf",
    find: /^(  namespace\s+= )local\.namespace$/m,
    replace: "$1local.namespaces",
    expect: "local.namespaces is not declared",
  },
  {
    name: "an undeclared module",
    file: "outputs.tf",
    find: "module.rds.address",
    replace: "module.database.address",
    expect: "module.database is not declared",
  },
  {
    name: "a module output that does not exist",
    file: "outputs.tf",
    find: "module.alb.dns_name",
    replace: "module.alb.dns",
    expect: 'module.alb has no output "dns"',
  },
  {
    name: "an undeclared resource",
    file: "modules/alb/main.tf",
    find: "target_group_arn = aws_lb_target_group.gateway.arn",
    replace: "target_group_arn = aws_lb_target_group.gw.arn",
    expect: "resource aws_lb_target_group.gw is not declared",
  },
  {
    name: "a resource type used nowhere",
    file: "modules/alb/main.tf",
    find: "resource_arn = aws_lb.this.arn",
    replace: "resource_arn = aws_alb.this.arn",
    expect: "resource type aws_alb is not used in this module",
  },
  {
    name: "an undeclared data source",
    file: "modules/ecs/main.tf",
    find: "partition  = data.aws_partition.current.partition",
    replace: "partition  = data.aws_partition.this.partition",
    expect: "data.aws_partition.this is not declared",
  },
  {
    name: "each outside for_each",
    file: "modules/kms/main.tf",
    find: /(name\s+= )"alias\/\$\{var\.name\}-secrets"/,
    replace: '$1"alias/${each.key}-secrets"',
    expect: "each used in a block without for_each",
  },
  {
    name: "a for-expression variable misspelt",
    file: "locals.tf",
    find: '[for to in ["market-data-service", "analysis-service", "trading-service", "alert-service"] : { from = "gateway-service", to = to, port = "app" }]',
    replace: '[for to in ["market-data-service", "analysis-service", "trading-service", "alert-service"] : { from = "gateway-service", to = too, port = "app" }]',
    expect: '"too" is not a known name',
  },
  {
    name: "a dynamic block iterator misspelt",
    file: "modules/ecs/main.tf",
    find: "weight            = capacity_provider_strategy.value",
    replace: "weight            = capacity_provider.value",
    expect: "resource type capacity_provider is not used",
  },
  {
    name: "a module argument the module does not declare",
    file: "main.tf",
    find: /^(  repository_prefix\s+= local\.path_prefix)$/m,
    replace: '$1\n  scan_frequency = "daily"',
    expect: 'argument "scan_frequency" is not a variable of terraform/modules/ecr',
  },
  {
    name: "a required module variable left out",
    file: "main.tf",
    find: /^  certificate_arn\s+= var\.alb_certificate_arn\n/m,
    replace: "",
    expect: 'required variable "certificate_arn" of terraform/modules/alb is not set',
  },
  {
    name: "a provider alias the module needs, not passed",
    file: "main.tf",
    find: "    aws.us_east_1 = aws.us_east_1\n",
    replace: "",
    expect: "provider aws.us_east_1 required by the module is not passed",
  },
  {
    name: "a resource on a provider that is not configured",
    file: "modules/cloudfront/main.tf",
    find: "provider = aws.us_east_1",
    replace: "provider = aws.eu_west_1",
    expect: "provider aws.eu_west_1 is not configured",
  },
  {
    name: "an unused variable",
    file: "modules/ecr/variables.tf",
    append: '\nvariable "retention" {\n  description = "Never used."\n  type        = number\n  default     = 1\n}\n',
    expect: 'variable "retention" is declared but never used',
  },
  {
    name: "a tfvars key that is no variable",
    file: "environments/staging.tfvars",
    append: 'db_instance_size = "large"\n',
    expect: '"db_instance_size" is not a variable of terraform',
  },
  {
    name: "a required variable missing from a tfvars file",
    file: "environments/production.tfvars",
    find: /^db_instance_class\s+= .*\n/m,
    replace: "",
    expect: 'production.tfvars: required variable "db_instance_class" is not set',
  },
];

function copyTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name === ".terraform") continue;
    const a = path.join(from, entry.name);
    const b = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(a, b);
    else fs.copyFileSync(a, b);
  }
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "tf-selftest-"));
  const cwd = process.cwd();
  process.chdir(work);
  let failures = 0;
  try {
    copyTree(source, path.join(work, "terraform"));
    const roots = ["terraform", "terraform/bootstrap"];
    const cliVars = new Set(["image_tag"]);

    const baseline = await check(roots, cliVars);
    if (baseline.problems.length > 0) {
      console.error(`selftest: the unmodified tree must pass, but:\n  ${baseline.problems.join("\n  ")}`);
      process.exit(1);
    }

    for (const c of cases) {
      const file = path.join(work, "terraform", c.file);
      const original = fs.readFileSync(file, "utf8");
      let broken;
      if (c.append !== undefined) {
        broken = original + c.append;
      } else {
        const present = c.find instanceof RegExp ? c.find.test(original) : original.includes(c.find);
        if (!present) {
          console.error(`selftest: case "${c.name}": ${c.file} no longer contains ${c.find instanceof RegExp ? c.find : JSON.stringify(c.find)}; update the case`);
          failures++;
          continue;
        }
        broken = original.replace(c.find, c.replace);
      }
      fs.writeFileSync(file, broken);
      const result = await check(roots, cliVars);
      fs.writeFileSync(file, original);
      const hit = result.problems.find((p) => p.includes(c.expect));
      if (hit) {
        console.log(`ok   ${c.name}: ${hit}`);
      } else {
        failures++;
        console.error(`FAIL ${c.name}: expected a problem containing ${JSON.stringify(c.expect)}, got ${result.problems.length === 0 ? "none" : `\n       ${result.problems.join("\n       ")}`}`);
      }
    }
  } finally {
    process.chdir(cwd);
    fs.rmSync(work, { recursive: true, force: true });
  }
  if (failures > 0) {
    console.error(`selftest: ${failures} of ${cases.length} broken samples were not caught`);
    process.exit(1);
  }
  console.log(`selftest: all ${cases.length} broken samples caught, the real tree passes`);
}

main().catch((error) => {
  console.error(error.stack || error);
  process.exit(2);
});

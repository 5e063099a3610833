#!/usr/bin/env node
// Static checks of the Terraform code where no terraform binary exists (the workflow runs the real
// `terraform fmt -check`, `terraform validate` and `plan`). For every root given with --root:
//
//   1. every .tf, .tfvars and .tfbackend file parses (HashiCorp's hclsyntax, via @cdktf/hcl2json);
//   2. every file is canonically formatted: hclwrite.Format (via @cdktf/hcl-tools, the formatter
//      `terraform fmt` uses) leaves it unchanged, and none of the rewrites `terraform fmt` adds on
//      top is pending (interpolation-only strings, unquoted block labels, legacy variable types);
//   3. references resolve, in the root and in every local module it calls: each var., local.,
//      module., data. and resource address is declared; module.X.Y names an output of X; count.,
//      each. and self. appear only where they exist; provider references name a configured provider;
//   4. module calls match the called module: every argument is a variable of the module, every
//      variable without a default is given, every provider alias passed is one the module declares;
//   5. nothing declared is unused (variables, locals, data sources);
//   6. tfvars files set only declared variables, and every variable without a default (except the
//      ones given with --cli-var, passed on the command line by the pipeline).
//
// Usage: node check.js --root DIR [--root DIR...] [--cli-var NAME...]
// Exit status 0 when all checks pass, 1 with one line per problem otherwise.
"use strict";

const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

const toolsRequire = createRequire(path.resolve(__dirname, "../../tools/package.json"));
const hcl2json = toolsRequire("@cdktf/hcl2json");
const hclTools = toolsRequire("@cdktf/hcl-tools");

const MODULE_META_ARGS = new Set(["source", "version", "count", "for_each", "providers", "depends_on"]);
const BUILTIN_ROOTS = new Set(["var", "local", "module", "data", "path", "terraform", "count", "each", "self"]);

let problems = [];
const report = (file, line, message) => problems.push(`${path.relative(process.cwd(), file) || "."}${line ? `:${line}` : ""}: ${message}`);

function parseArgs(argv) {
  const roots = [];
  const cliVars = new Set();
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--root" && argv[i + 1]) roots.push(argv[++i]);
    else if (argv[i] === "--cli-var" && argv[i + 1]) cliVars.add(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]} (usage: --root DIR [--root DIR] [--cli-var NAME])`);
  }
  if (roots.length === 0) throw new Error("usage: check.js --root DIR [--root DIR] [--cli-var NAME]");
  return { roots, cliVars };
}

function listFiles(dir, predicate) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === ".terraform" || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listFiles(full, predicate));
    else if (predicate(entry.name)) found.push(full);
  }
  return found.sort();
}

const lineOf = (src, index) => (index < 0 ? 0 : src.slice(0, index).split("\n").length);

// --- 1 and 2: parse and format ------------------------------------------------------------------

let parsed = new Map(); // file -> { src, json }

async function parseAndFormat(file) {
  const src = fs.readFileSync(file, "utf8");
  let json;
  try {
    json = await hcl2json.parse(path.basename(file), src);
  } catch (error) {
    report(file, 0, `does not parse: ${String(error.message || error).replace(/\s+/g, " ")}`);
    return;
  }
  parsed.set(file, { src, json });

  const formatted = await hclTools.format(src);
  if (formatted !== src) {
    const a = src.split("\n");
    const b = formatted.split("\n");
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    report(file, i + 1, `not canonically formatted (terraform fmt would change it): "${(a[i] || "").trim()}" -> "${(b[i] || "").trim()}"`);
  }

  src.split("\n").forEach((text, i) => {
    if (/^\s*(resource|data|module|variable|output|provider)\s+[A-Za-z_]/.test(text)) {
      report(file, i + 1, "block label without quotes (terraform fmt quotes it)");
    }
    const attr = /^\s*[A-Za-z_][A-Za-z0-9_-]*\s*=\s*"(.*)"\s*(#.*)?$/.exec(text);
    if (attr && isInterpolationOnly(attr[1])) {
      report(file, i + 1, `interpolation-only string "${attr[1]}" (terraform fmt unwraps it; write the expression)`);
    }
  });

  if (file.endsWith(".tf")) {
    for (const [name, decls] of Object.entries(json.variable || {})) {
      const type = decls[0].type;
      if (type !== undefined && (typeof type !== "string" || !type.startsWith("${") || /^\$\{(list|map|set)\}$/.test(type))) {
        report(file, lineOf(src, src.indexOf(`variable "${name}"`)), `variable "${name}": legacy type ${JSON.stringify(type)} (terraform fmt rewrites it)`);
      }
    }
  }
}

function isInterpolationOnly(value) {
  if (!value.startsWith("${") || !value.endsWith("}")) return false;
  let depth = 0;
  let inQuote = false;
  for (let i = 2; i < value.length; i++) {
    const c = value[i];
    if (c === '"' && value[i - 1] !== "\\") inQuote = !inQuote;
    if (inQuote) continue;
    if (c === "{") depth++;
    if (c === "}") {
      if (depth === 0) return i === value.length - 1; // the first interpolation closes at the very end
      depth--;
    }
  }
  return false;
}

// --- 3 to 5: declarations and references --------------------------------------------------------

let modules = new Map(); // dir -> module summary

function summarize(dir) {
  if (modules.has(dir)) return modules.get(dir);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".tf")).map((f) => path.join(dir, f)).sort() : [];
  const m = {
    dir,
    files,
    variables: new Map(), // name -> { file, hasDefault }
    locals: new Map(), // name -> file
    outputs: new Map(),
    moduleCalls: new Map(), // name -> { file, body }
    resources: new Map(), // "type.name" -> file
    resourceTypes: new Set(),
    data: new Map(), // "type.name" -> file
    providers: new Set(), // "aws", "aws.us_east_1"
    requiredProviders: new Set(),
    configurationAliases: new Set(),
    used: new Set(), // "var.x", "local.y", "data.t.n"
  };
  modules.set(dir, m);
  for (const file of files) {
    const p = parsed.get(file);
    if (!p) continue;
    const j = p.json;
    for (const [name, decls] of Object.entries(j.variable || {})) {
      if (m.variables.has(name)) report(file, 0, `variable "${name}" declared twice`);
      m.variables.set(name, { file, hasDefault: Object.prototype.hasOwnProperty.call(decls[0], "default") });
    }
    for (const block of j.locals || []) {
      for (const name of Object.keys(block)) {
        if (m.locals.has(name)) report(file, 0, `local "${name}" declared twice`);
        m.locals.set(name, file);
      }
    }
    for (const name of Object.keys(j.output || {})) m.outputs.set(name, file);
    for (const [name, bodies] of Object.entries(j.module || {})) m.moduleCalls.set(name, { file, body: bodies[0] });
    for (const [type, byName] of Object.entries(j.resource || {})) {
      m.resourceTypes.add(type);
      for (const name of Object.keys(byName)) m.resources.set(`${type}.${name}`, file);
    }
    for (const [type, byName] of Object.entries(j.data || {})) {
      for (const name of Object.keys(byName)) m.data.set(`${type}.${name}`, file);
    }
    for (const [name, bodies] of Object.entries(j.provider || {})) {
      for (const body of bodies) m.providers.add(body.alias ? `${name}.${body.alias}` : name);
    }
    for (const terraform of j.terraform || []) {
      for (const required of terraform.required_providers || []) {
        for (const [name, spec] of Object.entries(required)) {
          m.requiredProviders.add(name);
          for (const alias of (spec && spec.configuration_aliases) || []) {
            m.configurationAliases.add(String(alias).replace(/^\$\{|\}$/g, ""));
          }
        }
      }
    }
  }
  return m;
}

// A provider reference is valid when the module configures it, requires it (the default
// configuration is then implicit or passed in) or declares it as a configuration alias.
function providerDeclared(m, ref) {
  if (m.providers.has(ref) || m.configurationAliases.has(ref)) return true;
  return !ref.includes(".") && m.requiredProviders.has(ref);
}

async function expressionAst(text) {
  let delimiter = "QV_EOT";
  while (text.split("\n").includes(delimiter)) delimiter += "_";
  return hcl2json.getExpressionAst("check.tf", `<<${delimiter}\n${text}\n${delimiter}\n`);
}

// Every traversal in the expression with its root and names (index steps dropped), minus the
// variables a for expression binds.
async function traversals(text) {
  if (typeof text !== "string" || !/[$%]\{/.test(text)) return [];
  const ast = await expressionAst(text);
  const found = [];
  const visit = (node, bound) => {
    if (!node) return;
    if (node.type === "scopeTraversal" && node.meta && node.meta.traversal) {
      const names = node.meta.traversal.filter((t) => t.type === "nameTraversal").map((t) => t.segment);
      if (names.length > 0 && !bound.has(names[0])) found.push({ names, text: node.meta.fullAccessor || names.join(".") });
      return;
    }
    let scope = bound;
    if (node.type === "for" && node.meta) {
      scope = new Set(bound);
      if (node.meta.keyVar) scope.add(node.meta.keyVar);
      if (node.meta.valVar) scope.add(node.meta.valVar);
    }
    for (const child of node.children || []) visit(child, scope);
  };
  visit(ast, new Set());
  return found;
}

async function checkReference(m, file, ref, context) {
  const [root, a, b] = ref.names;
  const src = parsed.get(file).src;
  const where = lineOf(src, src.indexOf(ref.text));
  const fail = (message) => report(file, where, `${context.name}: ${message}`);
  if (context.iterators.has(root)) return;
  switch (root) {
    case "var":
      if (!a) return fail(`"${ref.text}" names no variable`);
      m.used.add(`var.${a}`);
      if (!m.variables.has(a)) fail(`var.${a} is not declared`);
      return;
    case "local":
      if (!a) return fail(`"${ref.text}" names no local`);
      m.used.add(`local.${a}`);
      if (!m.locals.has(a)) fail(`local.${a} is not declared`);
      return;
    case "module": {
      if (!a) return fail(`"${ref.text}" names no module`);
      const call = m.moduleCalls.get(a);
      if (!call) return fail(`module.${a} is not declared`);
      const child = childModule(m, call);
      if (b && child && !child.outputs.has(b)) fail(`module.${a} has no output "${b}"`);
      return;
    }
    case "data":
      if (!a || !b) return fail(`"${ref.text}" is not a data source address`);
      m.used.add(`data.${a}.${b}`);
      if (!m.data.has(`${a}.${b}`)) fail(`data.${a}.${b} is not declared`);
      return;
    case "path":
      if (!["module", "root", "cwd"].includes(a)) fail(`path.${a} does not exist`);
      return;
    case "terraform":
      if (a !== "workspace") fail(`terraform.${a} does not exist`);
      return;
    case "count":
      if (!context.count) fail("count.index used in a block without count");
      else if (a !== "index") fail(`count.${a} does not exist`);
      return;
    case "each":
      if (!context.forEach) fail("each used in a block without for_each");
      else if (a !== "key" && a !== "value") fail(`each.${a} does not exist`);
      return;
    case "self":
      if (!context.self) fail("self used outside a resource");
      return;
    default:
      if (BUILTIN_ROOTS.has(root)) return;
      if (!a) return fail(`"${root}" is not a known name (no such variable, resource type or iterator)`);
      if (!m.resourceTypes.has(root)) return fail(`resource type ${root} is not used in this module ("${ref.text}")`);
      if (!m.resources.has(`${root}.${a}`)) fail(`resource ${root}.${a} is not declared`);
  }
}

function childModule(m, call) {
  const source = call.body.source;
  if (typeof source !== "string" || !(source.startsWith("./") || source.startsWith("../"))) return null;
  const dir = path.resolve(m.dir, source);
  if (!fs.existsSync(dir)) return null;
  return summarize(dir);
}

// Walk a block body: every string (and every object key holding an expression) is an expression.
async function walkBody(m, file, body, context) {
  if (body === null || body === undefined) return;
  if (typeof body === "string") {
    for (const ref of await traversals(body)) await checkReference(m, file, ref, context);
    return;
  }
  if (Array.isArray(body)) {
    for (const item of body) await walkBody(m, file, item, context);
    return;
  }
  if (typeof body !== "object") return;
  for (const [key, value] of Object.entries(body)) {
    if (key.includes("${")) await walkBody(m, file, key, context);
    if (key === "lifecycle") {
      for (const lifecycle of value) {
        for (const [lkey, lvalue] of Object.entries(lifecycle)) {
          if (lkey === "ignore_changes") continue; // attribute names, not references
          await walkBody(m, file, lvalue, { ...context, self: true });
        }
      }
      continue;
    }
    if (key === "dynamic") {
      for (const [label, blocks] of Object.entries(value)) {
        for (const block of blocks) {
          const iterator = typeof block.iterator === "string" ? block.iterator.replace(/^\$\{|\}$/g, "") : label;
          await walkBody(m, file, block.for_each, context);
          await walkBody(m, file, block.labels, context);
          const inner = { ...context, iterators: new Set([...context.iterators, iterator]) };
          await walkBody(m, file, block.content, inner);
        }
      }
      continue;
    }
    await walkBody(m, file, value, context);
  }
}

const baseContext = (name) => ({ name, count: false, forEach: false, self: false, iterators: new Set() });

async function checkProviderRef(m, file, expr, what) {
  const ref = String(expr).replace(/^\$\{|\}$/g, "");
  if (!providerDeclared(m, ref)) report(file, lineOf(parsed.get(file).src, parsed.get(file).src.indexOf(ref)), `${what}: provider ${ref} is not configured in this module`);
}

async function checkModule(dir, checkedDirs) {
  if (checkedDirs.has(dir)) return;
  checkedDirs.add(dir);
  const m = summarize(dir);
  if (m.files.length === 0) return report(dir, 0, "no .tf files");

  for (const file of m.files) {
    const p = parsed.get(file);
    if (!p) continue;
    const j = p.json;

    for (const [name, decls] of Object.entries(j.variable || {})) {
      const { type, ...rest } = decls[0]; // type constraints are not references
      await walkBody(m, file, rest, baseContext(`variable "${name}"`));
    }
    for (const block of j.locals || []) {
      for (const [name, value] of Object.entries(block)) await walkBody(m, file, value, baseContext(`local "${name}"`));
    }
    for (const [name, decls] of Object.entries(j.output || {})) {
      await walkBody(m, file, decls[0], baseContext(`output "${name}"`));
    }
    for (const kind of ["resource", "data"]) {
      for (const [type, byName] of Object.entries(j[kind] || {})) {
        for (const [name, bodies] of Object.entries(byName)) {
          const body = { ...bodies[0] };
          const address = `${kind === "data" ? "data." : ""}${type}.${name}`;
          if (body.provider !== undefined) {
            await checkProviderRef(m, file, body.provider, address);
            delete body.provider;
          }
          const context = { ...baseContext(address), count: "count" in body, forEach: "for_each" in body, self: kind === "resource" };
          await walkBody(m, file, body, context);
        }
      }
    }
    for (const [name, bodies] of Object.entries(j.module || {})) {
      const body = { ...bodies[0] };
      const call = m.moduleCalls.get(name);
      const child = childModule(m, call);
      const context = { ...baseContext(`module "${name}"`), count: "count" in body, forEach: "for_each" in body };
      if (body.providers) {
        for (const [inner, outer] of Object.entries(body.providers)) {
          await checkProviderRef(m, file, outer, `module "${name}" providers`);
          if (child && !providerDeclared(child, inner)) {
            report(file, lineOf(p.src, p.src.indexOf(inner)), `module "${name}": passes provider ${inner}, which ${path.relative(process.cwd(), child.dir)} does not declare`);
          }
        }
      }
      if (child) {
        for (const arg of Object.keys(body)) {
          if (!MODULE_META_ARGS.has(arg) && !child.variables.has(arg)) {
            report(file, lineOf(p.src, p.src.search(new RegExp(`^\\s*${arg}\\s*=`, "m"))), `module "${name}": argument "${arg}" is not a variable of ${path.relative(process.cwd(), child.dir)}`);
          }
        }
        for (const [variable, decl] of child.variables) {
          if (!decl.hasDefault && !(variable in body)) {
            report(file, lineOf(p.src, p.src.indexOf(`module "${name}"`)), `module "${name}": required variable "${variable}" of ${path.relative(process.cwd(), child.dir)} is not set`);
          }
        }
        for (const alias of child.configurationAliases) {
          if (!body.providers || !(alias in body.providers)) {
            report(file, lineOf(p.src, p.src.indexOf(`module "${name}"`)), `module "${name}": provider ${alias} required by the module is not passed`);
          }
        }
      } else if (typeof body.source === "string" && (body.source.startsWith("./") || body.source.startsWith("../"))) {
        report(file, lineOf(p.src, p.src.indexOf(`module "${name}"`)), `module "${name}": source ${body.source} does not exist`);
      }
      for (const meta of ["source", "version", "providers"]) delete body[meta];
      await walkBody(m, file, body, context);
    }
  }

  for (const [name, decl] of m.variables) if (!m.used.has(`var.${name}`)) report(decl.file, 0, `variable "${name}" is declared but never used`);
  for (const [name, file] of m.locals) if (!m.used.has(`local.${name}`)) report(file, 0, `local "${name}" is declared but never used`);
  for (const [address, file] of m.data) if (!m.used.has(`data.${address}`)) report(file, 0, `data.${address} is declared but never used`);

  for (const call of m.moduleCalls.values()) {
    const child = childModule(m, call);
    if (child) await checkModule(child.dir, checkedDirs);
  }
}

// --- 6: tfvars ----------------------------------------------------------------------------------

function checkTfvars(root, files, cliVars) {
  const m = summarize(root);
  for (const file of files) {
    const p = parsed.get(file);
    if (!p) continue;
    for (const key of Object.keys(p.json)) {
      if (!m.variables.has(key)) report(file, lineOf(p.src, p.src.search(new RegExp(`^${key}\\s*=`, "m"))), `"${key}" is not a variable of ${path.relative(process.cwd(), root)}`);
    }
    for (const [name, decl] of m.variables) {
      if (!decl.hasDefault && !(name in p.json) && !cliVars.has(name)) report(file, 0, `required variable "${name}" is not set`);
    }
  }
}

// Runs every check over the roots; returns the problems found (empty: all good).
async function check(roots, cliVars = new Set()) {
  problems = [];
  parsed = new Map();
  modules = new Map();
  const all = [];
  for (const root of roots) {
    if (!fs.existsSync(root)) {
      report(root, 0, "does not exist");
      continue;
    }
    all.push(...listFiles(path.resolve(root), (n) => /\.(tf|tfvars|tfbackend)$/.test(n)));
  }
  const files = [...new Set(all)];
  for (const file of files) await parseAndFormat(file);
  if (files.some((f) => !parsed.has(f))) {
    report(process.cwd(), 0, "reference checks skipped until every file parses");
    return { problems: [...new Set(problems)], files, modules: 0 };
  }

  const checked = new Set();
  for (const root of roots) {
    if (!fs.existsSync(root)) continue;
    const dir = path.resolve(root);
    await checkModule(dir, checked);
    const tfvars = files.filter((f) => f.endsWith(".tfvars") && (path.dirname(f) === dir || path.dirname(f) === path.join(dir, "environments")));
    checkTfvars(dir, tfvars, cliVars);
  }
  // Modules in the tree that no root calls would escape the reference check.
  for (const dir of new Set(files.filter((f) => f.endsWith(".tf")).map((f) => path.dirname(f)))) {
    if (!checked.has(dir)) report(dir, 0, "module is not called from any root (dead code, or a missing --root)");
  }
  return { problems: [...new Set(problems)], files, modules: checked.size };
}

async function main() {
  const { roots, cliVars } = parseArgs(process.argv.slice(2));
  const result = await check(roots, cliVars);
  if (result.problems.length > 0) {
    for (const problem of result.problems) console.error(problem);
    console.error(`terraform check: ${result.problems.length} problem(s) in ${result.files.length} files`);
    process.exit(1);
  }
  const tfCount = result.files.filter((f) => f.endsWith(".tf")).length;
  console.log(`terraform check: ${result.files.length} files (${tfCount} .tf) parse, are formatted, and all references and module interfaces resolve (${result.modules} modules)`);
}

module.exports = { check };

if (require.main === module) {
  main().catch((error) => {
    console.error(`terraform check: ${error.stack || error}`);
    process.exit(2);
  });
}

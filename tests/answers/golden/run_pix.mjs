// Judge the golden inputs with Pix's own answer-checking modules and write the expected file.
//
//   node tests/answers/golden/run_pix.mjs --pix /tmp/pix-golden/pix --in /tmp/pix-golden/inputs.jsonl \
//        --out tests/answers/data/pix_golden.jsonl [--manifest tests/answers/golden/pix_files.json] [--date YYYY-MM-DD]
//
// --pix is a directory holding Pix's files at their repository paths (api/src/..., api/lib/...), the
// stand-ins of ./shims copied over it, and api/node_modules with js-yaml, lodash and fast-levenshtein
// (see README.md). Nothing of Pix is in this repository; this file only imports it from --pix.
// --manifest (default: pix_files.json next to this file) lists the Pix files used, with the commit each was
// taken from; it goes into the header with each file's SHA-256 as read from --pix.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    pix: { type: 'string' },
    manifest: { type: 'string' },
    in: { type: 'string' },
    out: { type: 'string' },
    date: { type: 'string' },
  },
});
args.manifest ??= join(dirname(fileURLToPath(import.meta.url)), 'pix_files.json');
for (const name of ['pix', 'in', 'out']) {
  if (!args[name]) throw new Error(`--${name} is required`);
}

const api = join(args.pix, 'api');
const load = (path) => import(pathToFileURL(join(api, path)).href);

const qroc = await load('src/evaluation/domain/services/solution/solution-service-qroc.js');
const qrocmInd = await load('src/evaluation/domain/services/solution/solution-service-qrocm-ind.js');
const qrocmDep = await load('src/evaluation/domain/services/solution/solution-service-qrocm-dep.js');
const qcm = await load('lib/domain/services/solution-service-qcm.js');
const { getEnabledTreatments } = await load('src/evaluation/domain/services/services-utils.js');
const { AnswerStatus } = await load('src/shared/domain/models/AnswerStatus.js');
const { logged } = await load('src/shared/infrastructure/utils/logger.js');

// Answer.FAKE_VALUE_FOR_SKIPPED_QUESTIONS (api/src/evaluation/domain/models/Answer.js).
const SKIPPED = '#ABAND#';

// api/lib/domain/services/solution-service-qcu.js: the only stored copy is CommonJS (@cbd3c5f); its whole
// body is `answer === solution ? AnswerStatus.OK : AnswerStatus.KO`, reproduced here.
const qcuMatch = (answer, solution) => (answer === solution ? AnswerStatus.OK : AnswerStatus.KO);

// The Solution that Pix's solution adapter builds: a deactivation per tolerance that is off.
function deactivations(tolerances) {
  return Object.fromEntries(['t1', 't2', 't3'].map((t) => [t, !tolerances.includes(t)]));
}

// How a row's solution is given to Pix, as the challenge's `solution` string.
function solutionText(row) {
  switch (row.kind) {
    case 'qcu':
      return row.solution;
    case 'qcm':
      return row.solution.join(', ');
    case 'qroc':
      return row.solution.join('\n');
    default:
      // JSON is YAML: one key per line (so the text holds the '\n' Pix requires), strings written
      // literally except the control characters that JSON must escape.
      return JSON.stringify(row.solution, null, 1);
  }
}

// Validator.assess for the row's kind (ValidatorQCU, ValidatorQCM, ValidatorQROC, ValidatorQROCMInd,
// ValidatorQROCMDep), then Examiner.evaluate's rules: '#ABAND#' is skipped before any validator runs, a
// correct answer that timed out is TIMEDOUT.
function evaluate(row) {
  if (row.answer === SKIPPED) return { result: AnswerStatus.SKIPPED, resultDetails: null };
  const value = solutionText(row);
  let validation;
  switch (row.kind) {
    case 'qcu':
      validation = { result: qcuMatch(row.answer, value), resultDetails: null };
      break;
    case 'qcm':
      validation = { result: qcm.match(row.answer, value), resultDetails: null };
      break;
    case 'qroc': {
      const qrocBlocksTypes = { rep: row.first_blank_is_select ? 'select' : 'input' };
      const solution = { value, deactivations: deactivations(row.tolerances), qrocBlocksTypes };
      validation = {
        result: qroc.match({ answer: row.answer, solution, challengeFormat: row.format }),
        resultDetails: null,
      };
      break;
    }
    case 'qrocm-ind': {
      const qrocBlocksTypes = Object.fromEntries(
        Object.keys(row.solution).map((k) => [k, row.selects.includes(k) ? 'select' : 'input']),
      );
      const solution = {
        value,
        deactivations: deactivations(row.tolerances),
        enabledTreatments: getEnabledTreatments(true, deactivations(row.tolerances)),
        qrocBlocksTypes,
      };
      validation = qrocmInd.match({ answerValue: row.answer, solution });
      break;
    }
    case 'qrocm-dep': {
      const solution = { value, deactivations: deactivations(row.tolerances) };
      validation = { result: qrocmDep.match({ answerValue: row.answer, solution }), resultDetails: null };
      break;
    }
    default:
      throw new Error(`unknown kind ${row.kind}`);
  }
  if (validation.result.isOK() && row.timed_out) {
    return { result: AnswerStatus.TIMEDOUT, resultDetails: validation.resultDetails };
  }
  return validation;
}

function judge(row) {
  logged.length = 0;
  try {
    const { result, resultDetails } = evaluate(row);
    const out = { pix: result.status };
    if (resultDetails) out.details = JSON.parse(JSON.stringify(resultDetails));
    return out;
  } catch (error) {
    const pix = { error: error.constructor.name, message: error.message };
    const events = logged.map((entry) => entry.event).filter(Boolean);
    if (events.length) pix.logged = events;
    return { pix };
  }
}

// JSON with every non-ASCII character escaped, as Python's json.dumps writes it (so that U+2028, U+0085…
// never split a line of the JSONL file).
const asciiJson = (value) =>
  JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const require = createRequire(join(api, 'package.json'));
const version = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;

const lines = readFileSync(args.in, 'utf8').split('\n').filter(Boolean);
const inputHeader = JSON.parse(lines[0]).provenance;
const rows = lines.slice(1).map((line) => JSON.parse(line));
const manifest = JSON.parse(readFileSync(args.manifest, 'utf8'));
const files = manifest.files.map(({ path, commit }) => ({
  path,
  commit,
  sha256: createHash('sha256').update(readFileSync(join(args.pix, path))).digest('hex'),
}));

const provenance = {
  pix_repository: 'https://github.com/1024pix/pix',
  pix_commit: manifest.commit,
  pix_files: files,
  pix_note: manifest.note,
  dependencies_note: manifest.dependencies_note,
  harness: 'tests/answers/golden/run_pix.mjs',
  shims: 'tests/answers/golden/shims',
  node: process.version,
  'js-yaml': version('js-yaml'),
  lodash: version('lodash'),
  'fast-levenshtein': version('fast-levenshtein'),
  generator: inputHeader.generator,
  seed: inputHeader.seed,
  date: args.date ?? new Date().toISOString().slice(0, 10),
  rows: rows.length,
};

const out = [asciiJson({ provenance })];
for (const row of rows) out.push(asciiJson({ ...row, ...judge(row) }));
writeFileSync(args.out, `${out.join('\n')}\n`);
console.log(`${rows.length} rows judged by Pix, written to ${args.out}`);

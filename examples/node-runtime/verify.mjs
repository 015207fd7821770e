// Example runtime integration in Node.js: verify one parcours of an epreuve-tools release with
// tuf-js (the TUF client npm's own CLI uses), then apply the bundle rules that hold even for a
// validly signed bundle (SIGNING.md §2, §4), then install it atomically.
//
//   node verify.mjs --repo https://contenu.example.gouv.fr/release --root 1.root.json \
//                   --state etat/ --parcours tableur --dest parcours/
//
// Exit code: 0 installed or already current, 1 refused (the reason on stderr), 2 usage.
// Output (stdout): one JSON line {status, parcours, version, sha256, epreuves}.
//
// What it checks, in order:
// 1. TUF (tuf-js): the root chain from the root shipped with the runtime, timestamp, snapshot,
//    targets and delegations (signatures, thresholds, versions, expiry), then the bundle's length
//    and hash as the signed targets metadata lists them.
// 2. The bundle: a ZIP of stored entries only, names in the safe alphabet, no duplicates, every
//    entry listed once in bundle.json with its length and SHA-256, for the parcours asked for, at
//    the version the signed metadata announces, not lower than the version installed.
// 3. Install: unpack into a new folder beside the destination, rename it into place, then record
//    the version in the state folder, last.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Updater } from 'tuf-js';

const NAME = /^[a-z0-9][a-z0-9._-]{0,99}(\/[a-z0-9][a-z0-9._-]{0,99}){0,2}$/;
const ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const MAX_ENTRIES = 10000;
const CONTENT_SCHEMA = 'epreuve-bundle/1';

class Refused extends Error {}

function options() {
  const { values } = parseArgs({
    options: {
      repo: { type: 'string' },
      root: { type: 'string' },
      state: { type: 'string' },
      parcours: { type: 'string' },
      dest: { type: 'string' },
    },
  });
  for (const name of ['repo', 'root', 'state', 'parcours', 'dest']) {
    if (!values[name]) {
      process.stderr.write(`option --${name} obligatoire\n`);
      process.exit(2);
    }
  }
  if (!ID.test(values.parcours)) {
    process.stderr.write(`id de parcours invalide : ${values.parcours}\n`);
    process.exit(2);
  }
  return values;
}

// A ZIP of stored entries, read from its central directory, every local header cross-checked.
function readStoredZip(data) {
  const end = data.length - 22;
  if (end < 0 || data.readUInt32LE(end) !== 0x06054b50) throw new Refused('zip : fin d\'archive absente ou commentaire');
  const count = data.readUInt16LE(end + 10);
  const cdSize = data.readUInt32LE(end + 12);
  let offset = data.readUInt32LE(end + 16);
  if (count > MAX_ENTRIES || offset + cdSize !== end) throw new Refused('zip : répertoire central incohérent');
  const entries = new Map();
  let expectedLocal = 0;
  for (let i = 0; i < count; i += 1) {
    if (data.readUInt32LE(offset) !== 0x02014b50) throw new Refused('zip : entrée centrale invalide');
    const method = data.readUInt16LE(offset + 10);
    const size = data.readUInt32LE(offset + 20);
    const stored = data.readUInt32LE(offset + 24);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const external = data.readUInt32LE(offset + 38) >>> 16;
    const local = data.readUInt32LE(offset + 42);
    const name = data.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (method !== 0 || size !== stored) throw new Refused(`zip : entrée compressée ${name}`);
    if (!NAME.test(name)) throw new Refused(`zip : nom interdit ${JSON.stringify(name)}`);
    if ((external & 0o170000) !== 0o100000) throw new Refused(`zip : ${name} n'est pas un fichier ordinaire`);
    if (entries.has(name)) throw new Refused(`zip : nom en double ${name}`);
    if (local !== expectedLocal || data.readUInt32LE(local) !== 0x04034b50) throw new Refused('zip : entrées non contiguës');
    const localName = data.toString('utf8', local + 30, local + 30 + data.readUInt16LE(local + 26));
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    if (localName !== name || data.readUInt32LE(local + 18) !== size) throw new Refused(`zip : en-tête local de ${name} différent`);
    entries.set(name, data.subarray(start, start + size));
    expectedLocal = start + size;
    offset += 46 + nameLength + extraLength + commentLength;
  }
  if (expectedLocal !== end - cdSize) throw new Refused('zip : données hors des entrées');
  for (const name of entries.keys()) {
    for (const other of entries.keys()) {
      if (other.startsWith(`${name}/`)) throw new Refused(`zip : ${name} est à la fois fichier et dossier`);
    }
  }
  return entries;
}

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

function checkBundle(entries, parcours, version) {
  const manifestBytes = entries.get('bundle.json');
  if (!manifestBytes) throw new Refused('bundle.json absent');
  const manifest = JSON.parse(manifestBytes.toString('utf8'));
  if (manifest.content_schema !== CONTENT_SCHEMA) throw new Refused(`format ${manifest.content_schema} inconnu`);
  if (manifest.parcours !== parcours) throw new Refused(`paquet du parcours ${manifest.parcours}, pas de ${parcours}`);
  if (manifest.version !== version) throw new Refused(`bundle.json annonce la version ${manifest.version}, les métadonnées ${version}`);
  const listed = Object.keys(manifest.files).sort();
  const present = [...entries.keys()].filter((name) => name !== 'bundle.json').sort();
  if (JSON.stringify(listed) !== JSON.stringify(present)) throw new Refused('entrées non listées ou absentes de bundle.json');
  for (const name of present) {
    const expected = manifest.files[name];
    if (expected.length !== entries.get(name).length || expected.sha256 !== sha256(entries.get(name))) {
      throw new Refused(`empreinte de ${name} différente de bundle.json`);
    }
  }
  const records = manifest.epreuves.map((id) => `epreuves/${id}.json`).sort();
  if (JSON.stringify(records) !== JSON.stringify(present.filter((name) => name.startsWith('epreuves/')))) {
    throw new Refused('les enregistrements ne sont pas ceux de bundle.json');
  }
  return manifest;
}

function installed(state) {
  const file = path.join(state, 'installed.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

function install(entries, dest, parcours) {
  fs.mkdirSync(dest, { recursive: true });
  const staging = fs.mkdtempSync(path.join(dest, `.${parcours}-`));
  for (const [name, bytes] of entries) {
    const target = path.join(staging, ...name.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, bytes, { flag: 'wx', mode: 0o644 });
  }
  const final = path.join(dest, parcours);
  if (fs.existsSync(final)) {
    const aside = fs.mkdtempSync(path.join(dest, `.${parcours}-old-`));
    fs.renameSync(final, path.join(aside, parcours));
    fs.renameSync(staging, final);
    fs.rmSync(aside, { recursive: true, force: true });
  } else {
    fs.renameSync(staging, final);
  }
  return final;
}

async function main() {
  const args = options();
  const metadataDir = path.join(args.state, 'metadata');
  fs.mkdirSync(metadataDir, { recursive: true });
  if (!fs.existsSync(path.join(metadataDir, 'root.json'))) {
    // the trust anchor shipped with the runtime, never downloaded
    fs.copyFileSync(args.root, path.join(metadataDir, 'root.json'));
  }
  const downloads = fs.mkdtempSync(path.join(args.state, '.telechargement-'));
  try {
    const repo = args.repo.replace(/\/+$/, '');
    const updater = new Updater({
      metadataDir,
      metadataBaseUrl: `${repo}/metadata`,
      targetBaseUrl: `${repo}/targets`,
      targetDir: downloads,
    });
    await updater.refresh();
    const info = await updater.getTargetInfo(`parcours/${args.parcours}.zip`);
    if (!info) throw new Refused(`parcours inconnu de la publication : ${args.parcours}`);
    const version = info.custom?.version;
    if (!Number.isInteger(version) || info.custom?.parcours !== args.parcours) {
      throw new Refused('champs custom de la cible signée invalides');
    }
    const state = installed(args.state);
    const current = state[args.parcours];
    if (current && version < current.version) {
      throw new Refused(`version ${version} plus ancienne que la version installée ${current.version}`);
    }
    const digest = info.hashes.sha256;
    if (current && current.version === version && current.sha256 === digest) {
      process.stdout.write(`${JSON.stringify({ status: 'current', parcours: args.parcours, version, sha256: digest })}\n`);
      return 0;
    }
    const file = await updater.downloadTarget(info, path.join(downloads, 'paquet.zip'));
    const entries = readStoredZip(fs.readFileSync(file));
    const manifest = checkBundle(entries, args.parcours, version);
    install(entries, args.dest, args.parcours);
    state[args.parcours] = { version, sha256: digest };
    const temporary = path.join(args.state, '.installed.json.tmp');
    fs.writeFileSync(temporary, JSON.stringify(state));
    fs.renameSync(temporary, path.join(args.state, 'installed.json')); // last: after every check passed
    process.stdout.write(
      `${JSON.stringify({ status: 'installed', parcours: args.parcours, version, sha256: digest, epreuves: manifest.epreuves.length })}\n`,
    );
    return 0;
  } finally {
    fs.rmSync(downloads, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const kind = error instanceof Refused ? 'paquet refusé' : `refusé par tuf-js (${error.constructor.name})`;
    process.stderr.write(`${kind} : ${error.message}\n`);
    process.exit(1);
  },
);

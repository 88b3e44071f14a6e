// Runs Electronegativity (its module API) over the main-process sources and the built renderer
// page (which carries the CSP), and fails on any finding above INFORMATIONAL that is not in
// reviewed.json with a reason, on any file it could not parse, and on stale reviewed entries.
// Usage: node tools/electronegativity/check.mjs DIR  (DIR holds electron/ and renderer/index.html)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const here = import.meta.dirname;
const say = (line) => process.stdout.write(`${line}\n`);
const input = process.argv[2];
if (!input) {
  process.stderr.write('usage: node tools/electronegativity/check.mjs DIR\n');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const electronVersion = JSON.parse(
  readFileSync(join(here, '../../node_modules/electron/package.json'), 'utf8'),
).version;

const result = await run({
  input,
  customScan: [],
  // The one check that needs the network (it downloads Electron's release list); advisories for
  // the Electron version are npm audit's job (scripts/audit-deps.sh).
  excludeFromScan: ['availablesecurityfixesglobalcheck'],
  severitySet: undefined,
  confidenceSet: undefined,
  isRelative: false,
  isVerbose: false,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
});
const reviewed = JSON.parse(readFileSync(join(here, 'reviewed.json'), 'utf8'));
const file = (i) => (i.file === 'N/A' ? 'N/A' : relative(input, i.file));
const above = result.issues.filter((i) => i.severity.name !== 'INFORMATIONAL');
const isReviewed = (i) => reviewed.some((x) => x.check === i.id && x.file === file(i));
const accepted = above.filter(isReviewed);
const open = above.filter((i) => !isReviewed(i));
const stale = reviewed.filter((x) => !above.some((i) => i.id === x.check && file(i) === x.file));
const show = (i) =>
  `  ${i.id} ${i.severity.name}/${i.confidence.name} ${file(i)}:${String(i.location.line)} ${i.description}`;
say(
  `electronegativity (Electron ${electronVersion}): ${String(result.globalChecks + result.atomicChecks)} checks; ` +
    `${String(result.issues.length)} findings: ${String(result.issues.length - above.length)} informational, ` +
    `${String(accepted.length)} reviewed (tools/electronegativity/reviewed.json), ${String(open.length)} open; ` +
    `${String(result.errors.length)} files it could not parse`,
);
for (const i of accepted) say(`${show(i)}  [reviewed]`);
for (const i of open) say(`${show(i)}  [OPEN]`);
for (const e of result.errors) say(`  could not parse ${relative(input, e.file)}: ${e.message}`);
for (const x of stale) say(`  reviewed entry no longer found, remove it: ${x.check} ${x.file}`);
process.exit(open.length > 0 || result.errors.length > 0 || stale.length > 0 ? 1 : 0);

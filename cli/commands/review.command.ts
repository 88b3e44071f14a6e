import type { Command } from 'commander';
import { AUDIT_GROUPS, auditGroupOf, type AuditGroup } from '../../shared/domain/audit-catalog';
import type { ExportVerdict } from '../../shared/domain/audit';
import { parseArg } from '../io';
import { fingerprintArg, pathArg } from '../audit-args';
import { printable, reportVerdict } from '../verdict';
import { verifyFile } from '../verify-run';
import { nestsDeeperThan } from '../../electron/main/services/audit/open-export';

/** `at` and `code` come early in every event line; reading them needs no full JSON parse. */
const HEAD =
  /^\{"prev":"[0-9a-f]{64}","n":\d+,"id":-?\d+,"at":("(?:[^"\\]|\\.)*"),"code":("(?:[^"\\]|\\.)*"),/;

/** Counts by event group and the first and last event time, gathered while the file verifies. */
export class ReviewTally {
  readonly groups = new Map<AuditGroup, number>();
  first = Infinity;
  last = -Infinity;
  undated = 0;

  /** Adds one verified event line. */
  add(line: Buffer): void {
    let at: unknown;
    let code: unknown;
    const m = HEAD.exec(line.toString('utf8', 0, Math.min(line.length, 1024)));
    try {
      if (m) {
        at = JSON.parse(m[1] ?? '""');
        code = JSON.parse(m[2] ?? '""');
      } else if (line.length <= 64 * 1024 && !nestsDeeperThan(line, 64)) {
        // Unusual spelling (escapes before `code`): a full parse, only of a small, shallow line.
        const e = JSON.parse(line.toString('utf8')) as { at?: unknown; code?: unknown };
        at = e.at;
        code = e.code;
      }
    } catch {
      // A line the verifier accepted is valid JSON; anything else only counts as undated.
    }
    const group = auditGroupOf(typeof code === 'string' ? code : '');
    this.groups.set(group, (this.groups.get(group) ?? 0) + 1);
    const t = typeof at === 'string' ? Date.parse(at) : NaN;
    if (Number.isNaN(t)) {
      this.undated++;
      return;
    }
    if (t < this.first) this.first = t;
    if (t > this.last) this.last = t;
  }

  /** The summary lines. */
  lines(): string[] {
    const out = ['events by group:'];
    for (const g of AUDIT_GROUPS) {
      const n = this.groups.get(g);
      if (n) out.push(`  ${g.padEnd(10)} ${n.toLocaleString('en').padStart(12)}`);
    }
    if (this.first <= this.last) {
      out.push(`first event:  ${new Date(this.first).toISOString()} (UTC)`);
      out.push(`last event:   ${new Date(this.last).toISOString()} (UTC)`);
    }
    if (this.undated) out.push(`events without a readable time: ${this.undated}`);
    return out;
  }
}

function scopeLines(v: ExportVerdict): string[] {
  if (v.status !== 'intact') return [];
  const f = Object.entries(v.scope.filter).filter(([, value]) => value !== undefined && value !== null);
  return [
    `export scope: ${f.length === 0 ? 'the whole audit log' : printable(f.map(([k, value]) => `${k}=${String(value)}`).join(', '), 500)}`,
    `format:       version ${v.scope.version}`,
  ];
}

/** `portcullis review FILE`: verdict and summary of an export, with no database and no keychain. */
export function reviewCommand(program: Command): void {
  program
    .command('review')
    .description(
      'review an audit export offline: verdict, signer, scope, counts by event group, first and last time (no database, no keychain); exit codes as audit verify',
    )
    .argument('<file>', 'the exported .jsonl file')
    .option(
      '--key <fingerprint>',
      'require this signer (or a successor it endorsed) instead of the trusted list',
    )
    .action(async (file: string, o: { key?: string }) => {
      const path = parseArg(pathArg, file, 'FILE');
      const key = o.key === undefined ? undefined : parseArg(fingerprintArg, o.key, '--key');
      const tally = new ReviewTally();
      const v = await verifyFile(path, key, (line) => {
        tally.add(line);
      });
      // Counts are shown only for an intact file: an altered one's lines prove nothing.
      reportVerdict(v, v.status === 'intact' ? [...scopeLines(v), ...tally.lines()] : []);
    });
}

import type { Services } from '../services/services';
import type { AuditFilter, AuditPage } from '../../../shared/domain/audit';
import { AppError } from '../../../shared/result';
import { SigningKeyOwner } from '../services/audit/signing-key-owner';
import { signedIn, type HandlerMap } from './handler';

type AuditChannels =
  | 'audit:list'
  | 'audit:mine'
  | 'audit:timeline'
  | 'audit:mineTimeline'
  | 'audit:export'
  | 'audit:exportStatus'
  | 'audit:exportCancel'
  | 'audit:signingKey'
  | 'audit:setOrganisation'
  | 'audit:rotateSigningKey'
  | 'audit:revokeSigningKey'
  | 'audit:savePublicKeyFile'
  | 'audit:publicKeyFile';

interface PageInput {
  filter: AuditFilter;
  before?: number | undefined;
  after?: number | undefined;
  pageSize: number;
  withCount?: boolean | undefined;
}

/** A page, or (with `after`) the rows that arrived since. */
async function pageOrNewer(s: Services, q: PageInput): Promise<AuditPage> {
  if (q.after !== undefined)
    return { items: await s.audit.newer(q.filter, q.after), nextCursor: null, approxTotal: null };
  return s.audit.page(q);
}

/** audit:* channels: the live log (everyone's or one's own), its chart, signed exports and the signing key. */
export function auditHandlers(s: Services): Pick<HandlerMap, AuditChannels> {
  const owner = new SigningKeyOwner(s.signingKeys, s.fileDialog);
  return {
    'audit:list': (input) => pageOrNewer(s, input),
    'audit:mine': (input, ctx) => {
      const { user } = signedIn(ctx);
      return pageOrNewer(s, { ...input, filter: { ...input.filter, user: undefined, userId: user.id } });
    },
    'audit:timeline': (input) => s.audit.timeline(input.filter),
    'audit:mineTimeline': (input, ctx) =>
      s.audit.timeline({ ...input.filter, user: undefined, userId: signedIn(ctx).user.id }),
    'audit:export': async (input, ctx) => {
      const { actor } = signedIn(ctx);
      const dialog = s.auditExport.saveDialog(input.format);
      // A connected desktop names the file its person chose; the server's exports keep that name, so its audit records it.
      const out = await s.fileDialog.chooseSavePath(
        input.file ? { ...dialog, defaultName: input.file } : dialog,
      );
      if (!out) return null;
      return s.auditExport.start({
        filter: input.filter,
        format: input.format,
        bom: input.bom,
        out,
        actor,
        client: ctx.client,
        exportedBy: actor.username,
      });
    },
    'audit:exportStatus': (input) => {
      const status = s.auditExport.status(input.id);
      if (!status) return Promise.reject(new AppError('not_found', 'No such export.'));
      return Promise.resolve(status);
    },
    'audit:exportCancel': (input) => Promise.resolve({ cancelled: s.auditExport.cancel(input.id) }),
    'audit:signingKey': () => owner.view(),
    'audit:setOrganisation': (input, ctx) =>
      owner.setOrganisation(input.name, signedIn(ctx).actor, ctx.client),
    'audit:rotateSigningKey': (input, ctx) => owner.rotate(input.confirm, signedIn(ctx).actor, ctx.client),
    'audit:revokeSigningKey': (input, ctx) =>
      owner.revoke(input.fingerprint, input.confirm, signedIn(ctx).actor, ctx.client),
    'audit:savePublicKeyFile': (_input, ctx) => owner.savePublicKeyFile(signedIn(ctx).actor, ctx.client),
    // The same file over the API (a connected desktop writes it locally); recorded as handed out.
    'audit:publicKeyFile': async (input, ctx) => {
      const { actor } = signedIn(ctx);
      const file = await s.signingKeys.publicKeyFile();
      await s.signingKeys.recordPublicKeySaved(input.file, file.fingerprint, actor, ctx.client);
      return file;
    },
  };
}

import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/connection';
import type { LinkedTokenRepository, LinkedTokenRow } from '../../db/repositories/linked-token.repository';
import type { SettingsRepository } from '../../db/repositories/settings.repository';
import type { Clock } from '../../adapters/clock';
import type { FieldCipher } from '../../security/field-cipher';
import { AppError } from '../../../../shared/result';
import type {
  LinkedRegion,
  LinkedTokenCheck,
  LinkedTokenView,
} from '../../../../shared/ipc/contracts/linked-token.contract';
import type { AuditService } from '../audit/audit.service';
import type { Actor, ClientInfo } from '../context';

const endpoint = z.object({ authorizeUrl: z.url(), tokenInfoUrl: z.url() });
/** Provider endpoints per region, stored in settings under `linkedTokenProvider`. */
export const providerEndpointsSchema = z.object({
  ru: endpoint.default({
    authorizeUrl: 'https://flespi.ru/oauth/authorize',
    tokenInfoUrl: 'https://flespi.ru/auth/info',
  }),
  eu: endpoint.default({
    authorizeUrl: 'https://flespi.io/oauth/authorize',
    tokenInfoUrl: 'https://flespi.io/auth/info',
  }),
});
export type ProviderEndpoints = z.infer<typeof providerEndpointsSchema>;
export const PROVIDER_SETTINGS_KEY = 'linkedTokenProvider';

/** Where the provider sends the browser back; intercepted by the opener, never loaded. */
export const LINKED_REDIRECT_URI = 'http://127.0.0.1/portcullis/linked-token/callback';

/**
 * Shows the provider's authorization page and resolves with the URL the provider redirected
 * to (starting with `redirectPrefix`). Electron: a child window; tests: an HTTP client.
 */
export type AuthorizationOpener = (url: string, redirectPrefix: string) => Promise<string>;

const YEAR_MS = 365 * 86_400_000;

function mask(token: string): string {
  return token.length <= 12 ? '••••' : `${token.slice(0, 4)}…${token.slice(-4)}`;
}

/** The owner's linked service (flespi) token: login, check, manual edit; sealed at rest. */
export class LinkedTokenService {
  private opener: AuthorizationOpener | null = null;

  constructor(
    private readonly db: Db,
    private readonly repo: LinkedTokenRepository,
    private readonly settings: SettingsRepository,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Installs how the provider's page is shown (the desktop app's child window, or a test's). */
  setOpener(opener: AuthorizationOpener | null): void {
    this.opener = opener;
  }

  async endpoints(): Promise<ProviderEndpoints> {
    const parsed = providerEndpointsSchema.safeParse((await this.settings.get(PROVIDER_SETTINGS_KEY)) ?? {});
    return parsed.success ? parsed.data : providerEndpointsSchema.parse({});
  }

  /** Points a region at other provider URLs (tests use a loopback provider). */
  async setEndpoints(value: z.input<typeof providerEndpointsSchema>): Promise<void> {
    await this.settings.set(
      PROVIDER_SETTINGS_KEY,
      providerEndpointsSchema.parse(value),
      this.clock.now().toISOString(),
    );
  }

  async get(userId: number): Promise<LinkedTokenView> {
    return this.view(await this.repo.find(userId));
  }

  /** Runs the provider's authorization and stores the token it returns. */
  async login(actor: Actor, region: LinkedRegion, client: ClientInfo): Promise<LinkedTokenView> {
    if (!this.opener)
      throw new AppError('provider_unavailable', 'Signing in to flespi needs the desktop app window.', {
        rule: 'flespi_needs_window',
      });
    const { authorizeUrl } = (await this.endpoints())[region];
    const state = randomBytes(16).toString('hex');
    const url = new URL(authorizeUrl);
    url.searchParams.set('redirect_uri', LINKED_REDIRECT_URI);
    url.searchParams.set('state', state);
    url.searchParams.set('region', region);
    let back: URL;
    try {
      back = new URL(await this.opener(url.toString(), LINKED_REDIRECT_URI));
    } catch (e) {
      throw new AppError(
        'provider_unavailable',
        `flespi authorization did not finish: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const token = back.searchParams.get('token');
    if (back.searchParams.get('state') !== state || !token || !/^[A-Za-z0-9._~+/=-]{16,512}$/.test(token))
      throw new AppError('provider_unavailable', 'flespi did not return a usable token. Try again.');
    const backRegion = back.searchParams.get('region');
    const finalRegion: LinkedRegion = backRegion === 'ru' || backRegion === 'eu' ? backRegion : region;
    const now = this.clock.now();
    return this.store(
      actor,
      token,
      finalRegion,
      'login',
      new Date(now.getTime() + YEAR_MS).toISOString(),
      client,
    );
  }

  /** Stores a token typed in by hand, with its region; Check fills in the expiry. */
  async save(
    actor: Actor,
    token: string,
    region: LinkedRegion,
    client: ClientInfo,
  ): Promise<LinkedTokenView> {
    return this.store(actor, token, region, 'manual', null, client);
  }

  /** Asks the provider whether the token is active and until when. */
  async check(userId: number): Promise<LinkedTokenCheck> {
    const row = await this.repo.find(userId);
    if (!row)
      throw new AppError('not_found', 'There is no flespi token yet. Log in or enter one first.', {
        rule: 'no_linked_token',
      });
    const token = this.cipher.decrypt(row.token_sealed, `linked_token:${userId}`);
    const { tokenInfoUrl } = (await this.endpoints())[row.region as LinkedRegion];
    let response: Response;
    try {
      response = await fetch(tokenInfoUrl, {
        headers: { Authorization: `FlespiToken ${token}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(10_000),
        redirect: 'error',
      });
    } catch (e) {
      throw new AppError(
        'provider_unavailable',
        `flespi could not be reached: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    if (response.status === 401 || response.status === 403) return { status: 'invalid', expiresAt: null };
    if (!response.ok)
      throw new AppError('provider_unavailable', `flespi answered with HTTP ${response.status}.`);
    const body = z
      .object({ result: z.array(z.object({ expire: z.number().nonnegative() })).min(1) })
      .safeParse(await response.json().catch(() => null));
    if (!body.success)
      throw new AppError('provider_unavailable', 'flespi sent an answer Portcullis does not understand.');
    const expire = body.data.result[0]?.expire ?? 0;
    // flespi reports 0 for a token without an expiry.
    const expiresAt = expire > 0 ? new Date(expire * 1000).toISOString() : null;
    await this.repo.setExpiry(userId, expiresAt);
    const expired = expiresAt !== null && expiresAt <= this.clock.now().toISOString();
    return { status: expired ? 'expired' : 'active', expiresAt };
  }

  private async store(
    actor: Actor,
    token: string,
    region: LinkedRegion,
    source: 'login' | 'manual',
    expiresAt: string | null,
    client: ClientInfo,
  ): Promise<LinkedTokenView> {
    const now = this.clock.now();
    const location = await this.audit.locate(client);
    const sealed = this.cipher.encrypt(token, `linked_token:${actor.id}`);
    await this.db.transaction().execute(async (trx) => {
      await this.repo.upsert(
        {
          user_id: actor.id,
          region,
          token_sealed: sealed,
          expires_at: expiresAt,
          source,
          updated_at: now.toISOString(),
        },
        trx,
      );
      await this.audit.record(
        trx,
        {
          code: 'linked_token:updated',
          at: now,
          actor,
          subject: actor,
          client,
          sessionId: actor.sessionId,
          details: { region, source },
        },
        location,
      );
    });
    return this.get(actor.id);
  }

  private view(row: LinkedTokenRow | undefined): LinkedTokenView {
    if (!row)
      return { present: false, region: null, masked: null, expiresAt: null, source: null, updatedAt: null };
    const token = this.cipher.decrypt(row.token_sealed, `linked_token:${row.user_id}`);
    return {
      present: true,
      region: row.region as LinkedRegion,
      masked: mask(token),
      expiresAt: row.expires_at,
      source: row.source as 'login' | 'manual',
      updatedAt: row.updated_at,
    };
  }
}

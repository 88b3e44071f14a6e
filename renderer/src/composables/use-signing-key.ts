import { ref, shallowRef } from 'vue';
import type { SigningKeyView } from '@shared/ipc/contracts/audit.contract';
import type { Result } from '@shared/result';
import { auditApi } from '@/api/audit.api';

// The directory's signing key card: page-local state (docs/renderer.md), one instance per card.

/**
 * The signing key as main last reported it (null until loaded, or before the first key), and the
 * owner's actions on it. Each action answers its Result for the dialog that asked; a success
 * replaces `key`, and a `conflict` (the key moved on in another window) reloads it so the card
 * shows what is true now.
 */
export function useSigningKey() {
  const key = shallowRef<SigningKeyView | null>(null);
  const loaded = ref(false);

  async function load(): Promise<Result<SigningKeyView | null>> {
    const r = await auditApi.signingKey();
    if (r.ok) key.value = r.value;
    loaded.value = true;
    return r;
  }

  async function after<T>(
    r: Result<T>,
    next: (v: T) => SigningKeyView | null | undefined,
  ): Promise<Result<T>> {
    if (r.ok) {
      const view = next(r.value);
      if (view === undefined) await load();
      else key.value = view;
    } else if (r.code === 'conflict' || r.code === 'not_found') await load();
    return r;
  }

  /** Owner: saves the organisation name, then reloads the card. */
  async function setOrganisation(name: string) {
    return after(await auditApi.setOrganisation(name), () => undefined);
  }

  /** Owner: rotates the key the card shows. */
  async function rotate() {
    const current = key.value?.fingerprint ?? '';
    return after(await auditApi.rotateSigningKey(current), (v) => v);
  }

  /** Owner: marks `fingerprint` compromised, confirming the key state the card shows. */
  async function revoke(fingerprint: string) {
    const current = key.value?.fingerprint ?? '';
    return after(await auditApi.revokeSigningKey(fingerprint, current), (v) => v);
  }

  /** Saves the public key file (main asks where); reloads, as the first key may just have been made. */
  async function savePublicKeyFile() {
    return after(await auditApi.savePublicKeyFile(), () => undefined);
  }

  return { key, loaded, load, setOrganisation, rotate, revoke, savePublicKeyFile };
}

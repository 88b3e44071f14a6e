import { ref, shallowRef } from 'vue';
import type {
  LinkedRegion,
  LinkedTokenCheck,
  LinkedTokenView,
} from '@shared/ipc/contracts/linked-token.contract';
import type { Result } from '@shared/result';
import { linkedTokenApi } from '@/api/linked-token.api';
import { useRequest } from './use-request';

/**
 * The linked service token on the owner's own page (page-local state, docs/renderer.md):
 * Login, Check, manual save. `busy` names the step in flight, for its button's spinner.
 */
export function useLinkedToken() {
  const view = shallowRef<LinkedTokenView | null>(null);
  const region = ref<LinkedRegion>('eu');
  const checked = shallowRef<LinkedTokenCheck | null>(null);
  const busy = ref<'login' | 'check' | 'save' | null>(null);
  const { errorMessage, run } = useRequest();

  function apply(v: LinkedTokenView): void {
    view.value = v;
    if (v.region) region.value = v.region;
  }

  async function step<T>(name: 'login' | 'check' | 'save', request: () => Promise<Result<T>>) {
    busy.value = name;
    try {
      return await run(request);
    } finally {
      busy.value = null;
    }
  }

  async function load(): Promise<void> {
    const r = await run(linkedTokenApi.get);
    if (r.ok) apply(r.value);
  }

  /** Signs in at the service in the chosen region; true when a token came back. */
  async function login(): Promise<boolean> {
    const r = await step('login', () => linkedTokenApi.login(region.value));
    checked.value = null;
    if (r.ok) apply(r.value);
    return r.ok;
  }

  async function check(): Promise<void> {
    const r = await step('check', linkedTokenApi.check);
    if (!r.ok) return;
    checked.value = r.value;
    await load();
  }

  /** Stores a token typed by hand; true when main accepted it. */
  async function save(token: string): Promise<boolean> {
    const r = await step('save', () => linkedTokenApi.save(token, region.value));
    if (!r.ok) return false;
    checked.value = null;
    apply(r.value);
    return true;
  }

  return { view, region, checked, busy, error: errorMessage, load, login, check, save };
}

// Relative import on purpose: tsconfig.e2e.json includes this file without the `@shared` alias.
import type { PortcullisApi } from '../../shared/ipc/api';

declare global {
  /** The preload exposes exactly the typed contract as `window.portcullis`. */
  interface Window {
    portcullis: PortcullisApi;
  }
}

export {};

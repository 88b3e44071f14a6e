import { rmSync } from 'node:fs';
import { AT_REST_DIR } from './secrets';

/** Starts each e2e run with no databases kept from an earlier run. */
export default function globalSetup(): void {
  rmSync(AT_REST_DIR, { recursive: true, force: true });
}

import { buildOpenApi } from '../../../shared/ipc/openapi';
import type { Logger } from '../adapters/logger';

/**
 * The OpenAPI document of the directory channels (shared/ipc/openapi.ts, generated from the zod
 * contract), built on first request and kept; null (served as 503) when it cannot be built.
 */
export function openApiDocument(serverUrl: () => string, logger: Logger): () => object | null {
  let doc: object | null | undefined;
  return () => {
    if (doc !== undefined) return doc;
    try {
      doc = buildOpenApi({ serverUrl: serverUrl() });
    } catch (e) {
      logger.error('The OpenAPI document could not be built', {
        error: e instanceof Error ? e.message : String(e),
      });
      doc = null;
    }
    return doc;
  };
}

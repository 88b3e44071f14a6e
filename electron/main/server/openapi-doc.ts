/**
 * The OpenAPI document of the directory channels (shared/ipc/openapi.ts, generated from the zod
 * contract), built once at start; null (served as 503) when it cannot be built.
 */
export function loadOpenApi(): Promise<() => object | null> {
  return Promise.resolve(() => null);
}

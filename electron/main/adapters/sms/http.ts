import { DeliveryError } from '../mail/mailer.port';

/** POSTs to a gateway and turns failures into plain words; resolves on any 2xx answer. */
export async function postToGateway(
  name: string,
  url: string,
  init: { headers: Record<string, string>; body: string },
  timeoutMs = 15_000,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    if (cause === 'ECONNREFUSED')
      throw new DeliveryError(`Could not connect to the ${name} at ${url}: the connection was refused.`);
    if ((e as Error).name === 'TimeoutError')
      throw new DeliveryError(`The ${name} at ${url} did not answer in time.`);
    throw new DeliveryError(`Could not reach the ${name} at ${url}: ${cause ?? (e as Error).message}.`);
  }
  if (response.ok) return;
  const text = (await response.text().catch(() => '')).slice(0, 500);
  let detail = text.trim();
  try {
    const json = JSON.parse(text) as { message?: unknown; error?: unknown };
    const m = json.message ?? json.error;
    if (typeof m === 'string') detail = m;
  } catch {
    // Not JSON: keep the raw text.
  }
  const auth = response.status === 401 || response.status === 403 ? ' (check the credentials)' : '';
  throw new DeliveryError(
    `The ${name} answered ${response.status} ${response.statusText}${auth}${detail ? `: ${detail}` : '.'}`,
    response.status >= 500 || response.status === 429,
  );
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryClipboard } from '../../adapters/clipboard.port';
import { ClipboardService, SECRET_CLEAR_MS } from './clipboard.service';

describe('copy through main (issue 17): a secret leaves the clipboard after 60 s', () => {
  let port: MemoryClipboard;
  let service: ClipboardService;
  const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

  beforeEach(() => {
    vi.useFakeTimers();
    port = new MemoryClipboard();
    service = new ClipboardService(port);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('clears a secret exactly at 60 s when the clipboard still holds it', async () => {
    expect(SECRET_CLEAR_MS).toBe(60_000);
    await service.writeText('ptk_secret-token', true);
    expect(port.text).toBe('ptk_secret-token');
    await advance(59_999);
    expect(port.text).toBe('ptk_secret-token');
    await advance(1);
    expect(port.text).toBe('');
  });

  it('leaves the clipboard alone when the person copied something else meanwhile', async () => {
    await service.writeText('abcd-efgh-jk', true);
    await advance(10_000);
    port.text = 'copied in another app';
    await advance(60_000);
    expect(port.text).toBe('copied in another app');
  });

  it('keeps a non-secret (a fingerprint) for good', async () => {
    await service.writeText('a1'.repeat(32), false);
    expect(vi.getTimerCount()).toBe(0);
    await advance(24 * 3_600_000);
    expect(port.text).toBe('a1'.repeat(32));
  });

  it('a newer copy replaces the pending clear: the second secret gets its own full 60 s', async () => {
    await service.writeText('first secret', true);
    await advance(30_000);
    await service.writeText('second secret', true);
    expect(vi.getTimerCount()).toBe(1);
    await advance(59_999);
    expect(port.text).toBe('second secret');
    await advance(1);
    expect(port.text).toBe('');
  });

  it('a fingerprint copied over a secret cancels the clear, so the fingerprint stays', async () => {
    await service.writeText('secret', true);
    await service.writeText('fingerprint', false);
    expect(vi.getTimerCount()).toBe(0);
    await advance(120_000);
    expect(port.text).toBe('fingerprint');
  });

  it('a clear racing a newer copy (slow clipboard read) leaves the newer text', async () => {
    let release: () => void = () => undefined;
    const slow = new MemoryClipboard();
    const read = slow.readText.bind(slow);
    slow.readText = () =>
      new Promise<string>((resolve) => {
        release = () => {
          void read().then(resolve);
        };
      });
    const s = new ClipboardService(slow);
    await s.writeText('secret', true);
    await advance(60_000); // the clear has read... and waits
    await s.writeText('secret', false); // the person copies the same text again, not as a secret
    release();
    await advance(0);
    expect(slow.text).toBe('secret');
  });

  it('flush (at quit) clears a pending secret now, but never what the person copied since', async () => {
    await service.writeText('secret', true);
    await service.flush();
    expect(port.text).toBe('');
    expect(vi.getTimerCount()).toBe(0);
    await service.writeText('secret 2', true);
    port.text = 'theirs';
    await service.flush();
    expect(port.text).toBe('theirs');
  });

  it('keeps only a hash of the pending secret, not the text', async () => {
    await service.writeText('do-not-keep-me', true);
    const own = JSON.stringify(service, (key, value: unknown) => (key === 'port' ? null : value));
    expect(own).toContain('"hash"');
    expect(own).not.toContain('do-not-keep-me');
  });
});

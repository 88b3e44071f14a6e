/**
 * The installed app opens audit exports (issue 18, item 5): electron-builder.yml declares the
 * `.jsonl` association, and electron-builder's own schema accepts the configuration, so a
 * misspelt key fails here rather than at packaging time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DebugLogger } from 'builder-util';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';

const root = join(__dirname, '..');

function builderConfig(): Configuration {
  const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
  return yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Configuration;
}

describe('file association', () => {
  it('declares .jsonl as a Portcullis audit export, opened as a viewer, with a MIME type for Linux', () => {
    const associations = [builderConfig().fileAssociations ?? []].flat();
    expect(associations).toEqual([
      {
        ext: 'jsonl',
        name: 'Portcullis audit export',
        description: expect.stringContaining('audit') as unknown,
        role: 'Viewer',
        mimeType: expect.stringMatching(/^application\/(x-ndjson|jsonl)$/) as unknown,
      },
    ]);
  });

  it('passes electron-builder’s configuration schema (and a misspelt key does not)', async () => {
    await expect(validateConfiguration(builderConfig(), new DebugLogger(false))).resolves.toBeUndefined();
    const broken: Configuration = {
      ...builderConfig(),
      fileAssociations: [{ ext: 'jsonl', mime: 'application/x-ndjson' } as { ext: string }],
    };
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/mime/);
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingCodes } from '../../src/validation/codes/index.js';

describe('the code table', () => {
  it('is fully exercised by the test suite', () => {
    const dirs = [
      import.meta.dirname,
      join(import.meta.dirname, '..', '..', 'src', 'validation', 'checks'),
    ];
    const text = dirs
      .flatMap((dir) =>
        readdirSync(dir)
          .filter((f) => f.endsWith('.test.ts'))
          .map((f) => join(dir, f)),
      )
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    const missing = Object.keys(findingCodes).filter((code) => !text.includes(`'${code}'`));
    expect(missing).toEqual([]);
  });

  it('is documented in docs/validation.md with each severity', () => {
    const doc = readFileSync(
      join(import.meta.dirname, '..', '..', 'docs', 'validation.md'),
      'utf8',
    );
    for (const [code, info] of Object.entries(findingCodes)) {
      expect(doc, code).toContain(`| \`${code}\` | ${info.severity} |`);
    }
  });
});

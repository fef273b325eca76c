import { describe, expect, it } from 'vitest';
import {
  compareLevels,
  formatLevelVersion,
  parseLevel,
  parseLevelVersion,
  parseVersion,
} from './levels.js';

describe('parseLevel', () => {
  it.each(['privileged', 'baseline', 'restricted'])('accepts %s', (raw) => {
    expect(parseLevel(raw)).toEqual({ value: raw });
  });
  it.each(['', 'Restricted', 'strict', ' baseline'])(
    'falls back to restricted for %j, with an error',
    (raw) => {
      expect(parseLevel(raw)).toEqual({
        value: 'restricted',
        error: 'must be one of privileged, baseline, restricted',
      });
    },
  );
});

describe('parseVersion', () => {
  it.each([
    ['latest', 'latest'],
    ['v1.0', 0],
    ['v1.9', 9],
    ['v1.30', 30],
    ['v1.999', 999],
  ] as const)('parses %s', (raw, value) => {
    expect(parseVersion(raw)).toEqual({ value });
  });
  it.each([
    '',
    'v1',
    'v1.',
    'v1.01',
    'v2.0',
    '1.30',
    'v1.30.1',
    'v1.x',
    'LATEST',
    'v1.99999999999999999999',
  ])('falls back to latest for the malformed %j, with an error', (raw) => {
    expect(parseVersion(raw)).toEqual({ value: 'latest', error: 'must be "latest" or "v1.x"' });
  });
});

describe('parseLevelVersion', () => {
  it('parses level:version and defaults the version to latest', () => {
    expect(parseLevelVersion('restricted:v1.30')).toEqual({
      value: { level: 'restricted', version: 30 },
    });
    expect(parseLevelVersion('baseline')).toEqual({
      value: { level: 'baseline', version: 'latest' },
    });
  });
  it('reports a bad level, a bad version, or too many parts', () => {
    expect(parseLevelVersion('strict:v1.30').error).toBe(
      'must be one of privileged, baseline, restricted',
    );
    expect(parseLevelVersion('restricted:1.30').error).toBe('must be "latest" or "v1.x"');
    expect(parseLevelVersion('restricted:v1.30:x').error).toBe(
      'expected <level> or <level>:<version>',
    );
  });
});

describe('formatting and ordering', () => {
  it('prints level:version as upstream', () => {
    expect(formatLevelVersion({ level: 'restricted', version: 30 })).toBe('restricted:v1.30');
    expect(formatLevelVersion({ level: 'baseline', version: 'latest' })).toBe('baseline:latest');
  });
  it('orders levels by strictness', () => {
    expect(compareLevels('privileged', 'baseline')).toBeLessThan(0);
    expect(compareLevels('restricted', 'baseline')).toBeGreaterThan(0);
    expect(compareLevels('baseline', 'baseline')).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { localServerUri } from './agent-xds.js';
import { parseDownwardLabels } from './pod-labels.js';

describe('parseDownwardLabels', () => {
  it('reads the key="value" lines the downward API writes', () => {
    const text = 'app="web"\napp.kubernetes.io/name="shop"\nempty=""\n';
    expect(parseDownwardLabels(text)).toEqual({
      app: 'web',
      'app.kubernetes.io/name': 'shop',
      empty: '',
    });
  });

  it('skips lines that are not key="value" instead of trusting them', () => {
    const text = 'good="1"\nno-quotes=2\n="orphan"\nbad="unterminated\n\nlast="x"';
    expect(parseDownwardLabels(text)).toEqual({ good: '1', last: 'x' });
  });
});

describe('localServerUri', () => {
  it('names the bound port when port 0 was asked for, and keeps Unix sockets as they are', () => {
    expect(localServerUri('127.0.0.1:0', 41234)).toBe('127.0.0.1:41234');
    expect(localServerUri('127.0.0.1:15010', 15010)).toBe('127.0.0.1:15010');
    expect(localServerUri('unix:///var/run/gangway/xds.sock', 0)).toBe(
      'unix:///var/run/gangway/xds.sock',
    );
  });
});

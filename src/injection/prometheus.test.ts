import { describe, expect, it } from 'vitest';
import { mergePrometheusAnnotations } from './prometheus.js';

const merged = {
  'prometheus.io/scrape': 'true',
  'prometheus.io/port': '15020',
  'prometheus.io/path': '/stats/prometheus',
};

describe('mergePrometheusAnnotations', () => {
  it("keeps the app's annotations for the agent and points the pod at the merged endpoint", () => {
    const annotations = {
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9090',
      'prometheus.io/path': '/m',
    };
    expect(mergePrometheusAnnotations(annotations)).toBe(
      '{"path":"/m","port":"9090","scrape":"true"}',
    );
    expect(annotations).toEqual(merged);
  });

  it('points a pod without annotations at the merged endpoint, with nothing to keep', () => {
    const annotations: Record<string, string> = {};
    expect(mergePrometheusAnnotations(annotations)).toBeUndefined();
    expect(annotations).toEqual(merged);
  });

  it('leaves a pod that turned scraping off alone', () => {
    const annotations = { 'prometheus.io/scrape': 'false', 'prometheus.io/port': '9090' };
    expect(mergePrometheusAnnotations(annotations)).toBeUndefined();
    expect(annotations).toEqual({ 'prometheus.io/scrape': 'false', 'prometheus.io/port': '9090' });
  });

  it('does not capture its own merged endpoint on a second pass', () => {
    const annotations = { ...merged };
    expect(mergePrometheusAnnotations(annotations)).toBeUndefined();
    expect(annotations).toEqual(merged);
  });
});

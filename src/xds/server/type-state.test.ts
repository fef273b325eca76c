import { describe, expect, it } from 'vitest';
import { createResource } from '../cache/resource.js';
import { createSnapshot } from '../cache/snapshot.js';
import {
  classifyRequest,
  createTypeState,
  planResponse,
  recordReply,
  recordSent,
  setNames,
} from './type-state.js';

const routes = (tags: Record<string, string>) =>
  createSnapshot(
    Object.entries(tags).map(([name, tag]) =>
      createResource('route', name, { name, virtual_hosts: [{ name: tag }] }),
    ),
    { createdAt: 1 },
  );

describe('ADS type state', () => {
  it('classifies: empty nonce subscribes, other nonces are stale, errors are NACKs', () => {
    const state = createTypeState('route');
    expect(classifyRequest(undefined, { nonce: '', names: [], errorMessage: undefined })).toEqual({
      type: 'subscribe',
    });
    setNames(state, ['a'], true);
    recordSent(
      state,
      { snapshot: routes({ a: '1' }), resources: [], push: false, fallback: false },
      'n1',
      0,
    );
    expect(classifyRequest(state, { nonce: 'n0', names: ['a'], errorMessage: undefined })).toEqual({
      type: 'stale',
    });
    expect(classifyRequest(state, { nonce: 'n1', names: ['a'], errorMessage: undefined })).toEqual({
      type: 'ack',
      namesChanged: false,
    });
    expect(classifyRequest(state, { nonce: 'n1', names: ['a', 'b'], errorMessage: 'x' })).toEqual({
      type: 'nack',
      namesChanged: true,
      message: 'x',
    });
  });

  it('pushes only changed routes, and nothing while a response is outstanding', () => {
    const state = createTypeState('route');
    setNames(state, ['a', 'b'], true);
    state.owedFull = true;
    const first = planResponse(state, routes({ a: '1', b: '1', c: '1' }))!;
    expect(first.resources.map((r) => r.name)).toEqual(['a', 'b']);
    recordSent(state, first, 'n1', 0);
    state.dirty = true;
    expect(planResponse(state, routes({ a: '1', b: '2' }))).toBeUndefined();
    recordReply(state, { type: 'ack', namesChanged: false }, 1);
    expect(planResponse(state, routes({ a: '1', b: '2' }))!.resources.map((r) => r.name)).toEqual([
      'b',
    ]);
  });

  it('does not push a rejected version again, and answers requests from the last accepted one', () => {
    const state = createTypeState('route');
    setNames(state, ['a'], true);
    const good = routes({ a: 'good' });
    const bad = routes({ a: 'bad' });
    state.owedFull = true;
    recordSent(state, planResponse(state, good)!, 'n1', 0);
    recordReply(state, { type: 'ack', namesChanged: false }, 1);
    state.dirty = true;
    recordSent(state, planResponse(state, bad)!, 'n2', 2);
    recordReply(state, { type: 'nack', namesChanged: false, message: 'no' }, 3);
    state.dirty = true;
    expect(planResponse(state, bad)).toBeUndefined();
    state.owedFull = true;
    expect(planResponse(state, bad)).toMatchObject({ snapshot: good, fallback: true });
    expect(state.nack).toMatchObject({ version: bad.sets.route.version, message: 'no' });
  });

  it('makes empty listener names on a first request a wildcard, but not route names', () => {
    const listeners = createTypeState('listener');
    setNames(listeners, [], true);
    expect(listeners.wildcard).toBe(true);
    const routesState = createTypeState('route');
    setNames(routesState, [], true);
    expect(routesState.wildcard).toBe(false);
  });
});

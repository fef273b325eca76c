import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import https from 'node:https';
import { copyFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { startAdmissionServer, type RunningAdmissionServer } from '../../src/server/serve.js';
import { createLogger } from '../../src/shared/logger.js';
import { createWebhookMetrics } from '../../src/shared/metrics.js';
import type { AdmissionHandler } from '../../src/admission/handler.js';
import { allowed, denied } from '../../src/admission/response.js';
import { REVIEW_BODY_LIMIT_BYTES } from '../../src/server/app.js';
import { makeServingMaterial, review } from '../helpers/tls.js';

/** What handlers in `await-abort` and `late-signal` mode saw of their AbortSignal. */
const signalSeen: { uid: string; aborted: boolean }[] = [];

/** A handler whose behaviour the test object chooses: `{mode: 'throw' | 'slow' | 'deny' | ...}`. */
const scriptedHandler: AdmissionHandler = {
  name: 'inject',
  async handle(req, ctx) {
    const mode = (req.object as { mode?: string } | undefined)?.mode;
    if (mode === 'throw') throw new Error('secret internal detail /etc/passwd');
    if (mode === 'slow') {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return allowed('slow-done');
    }
    if (mode === 'deny') return denied('test-deny', 'denied by test', 403);
    if (mode === 'await-abort') {
      // Reads the signal at once and waits for the deadline to abort it.
      const signal = ctx.signal;
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      signalSeen.push({ uid: req.uid, aborted: signal.aborted });
      return allowed('aborted');
    }
    if (mode === 'late-signal') {
      // Reads the signal only after the deadline has passed.
      await new Promise((resolve) => setTimeout(resolve, 1200));
      signalSeen.push({ uid: req.uid, aborted: ctx.signal.aborted });
      return allowed('late');
    }
    return allowed(ctx.dryRun ? 'dry-run' : 'allowed');
  },
};

const logLines: Record<string, unknown>[] = [];
const logSink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean))
      logLines.push(JSON.parse(line));
    done();
  },
});

let server: RunningAdmissionServer;
let material: Awaited<ReturnType<typeof makeServingMaterial>>;
let base: string;

beforeAll(async () => {
  material = await makeServingMaterial();
  server = await startAdmissionServer({
    inject: scriptedHandler,
    validate: { ...scriptedHandler, name: 'validate' },
    logger: createLogger({ destination: logSink }),
    metrics: createWebhookMetrics(),
    certFile: material.certFile,
    keyFile: material.keyFile,
    host: '127.0.0.1',
    port: 0,
    healthPort: 0,
  });
  base = `https://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
});

function post(path: string, body: string | object, contentType = 'application/json') {
  return request(base)
    .post(path)
    .ca(material.ca)
    .set('content-type', contentType)
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

describe('admission server over real HTTPS (CA pinned)', () => {
  it('answers a review with the uid echoed', async () => {
    const res = await post('/inject', review({ kind: 'Pod' }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'uid-1', allowed: true },
    });
  });

  it('rejects a body that is not JSON with 400 GANGWAY_ERR_REVIEW_NOT_JSON', async () => {
    const res = await post('/inject', '{"apiVersion": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('GANGWAY_ERR_REVIEW_NOT_JSON');
  });

  it('rejects an empty body with 400 GANGWAY_ERR_REVIEW_NOT_JSON', async () => {
    const res = await post('/validate', '');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('GANGWAY_ERR_REVIEW_NOT_JSON');
  });

  it('rejects JSON that is not an AdmissionReview, naming the field', async () => {
    const res = await post('/inject', { apiVersion: 'v1', kind: 'Pod', request: { uid: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('GANGWAY_ERR_REVIEW_INVALID');
    expect(res.body.error.message).toContain('apiVersion');
  });

  it('rejects a review without request.uid with GANGWAY_ERR_REVIEW_NO_UID', async () => {
    const body = review({});
    delete (body['request'] as Record<string, unknown>)['uid'];
    const res = await post('/inject', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('GANGWAY_ERR_REVIEW_NO_UID');
    expect(res.body.error.field).toBe('request.uid');
  });

  it('rejects a non-JSON content type with 415', async () => {
    const res = await post('/inject', 'hello', 'text/plain');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('GANGWAY_ERR_REVIEW_UNSUPPORTED_MEDIA');
  });

  it('refuses a body over the limit with 413', async () => {
    const huge = review({ pad: 'x'.repeat(REVIEW_BODY_LIMIT_BYTES) });
    const res = await post('/inject', huge);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('GANGWAY_ERR_REVIEW_TOO_LARGE');
  });

  it('turns a handler crash into allowed:false code 500, uid echoed, nothing leaked, and keeps serving', async () => {
    const res = await post('/inject', review({ mode: 'throw' }, { uid: 'crash-uid' }));
    expect(res.status).toBe(200);
    expect(res.body.response.uid).toBe('crash-uid');
    expect(res.body.response.allowed).toBe(false);
    expect(res.body.response.status.code).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('/etc/passwd');
    const after = await post('/inject', review({}));
    expect(after.body.response.allowed).toBe(true);
  });

  it('respects the ?timeout= the API server sends', async () => {
    const res = await post('/inject?timeout=1s', review({ mode: 'slow' }, { uid: 'slow-uid' }));
    expect(res.body.response.uid).toBe('slow-uid');
    expect(res.body.response.allowed).toBe(false);
    expect(res.body.response.status.message).toContain('could not decide within 750 ms');
  });

  it("aborts the handler's signal at the deadline, whether read before or after it", async () => {
    const [early, late] = await Promise.all([
      post('/inject?timeout=1s', review({ mode: 'await-abort' }, { uid: 'abort-early' })),
      post('/inject?timeout=1s', review({ mode: 'late-signal' }, { uid: 'abort-late' })),
    ]);
    expect(early.body.response.status.message).toContain('could not decide within 750 ms');
    expect(late.body.response.status.message).toContain('could not decide within 750 ms');
    await expect
      .poll(() => [...signalSeen].sort((a, b) => a.uid.localeCompare(b.uid)), { timeout: 3000 })
      .toEqual([
        { uid: 'abort-early', aborted: true },
        { uid: 'abort-late', aborted: true },
      ]);
  });

  it('passes dryRun through to the handler', async () => {
    await post('/inject', review({}, { uid: 'dry-uid', dryRun: true }));
    const line = logLines.find((l) => l['uid'] === 'dry-uid');
    expect(line).toMatchObject({ dryRun: true, reason: 'dry-run', decision: 'allowed' });
  });

  it('logs one structured line per review', async () => {
    await post(
      '/validate',
      review({ mode: 'deny', metadata: { name: 'web' } }, { uid: 'log-uid' }),
    );
    const lines = logLines.filter((l) => l['uid'] === 'log-uid');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      webhook: 'validate',
      kind: 'Pod',
      namespace: 'default',
      name: 'web',
      decision: 'denied',
      reason: 'test-deny',
    });
    expect(typeof lines[0]!['ms']).toBe('number');
  });

  it('exposes request counts and latency on /metrics', async () => {
    const res = await request(base).get('/metrics').ca(material.ca);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /gangway_webhook_requests_total\{webhook="validate",decision="denied",code="403"\} [1-9]/,
    );
    expect(res.text).toMatch(
      /gangway_webhook_requests_total\{webhook="inject",decision="errored",code="500"\} [1-9]/,
    );
    expect(res.text).toContain('gangway_webhook_duration_seconds_bucket');
  });

  it('serves health and metrics on the plain-HTTP health port', async () => {
    const health = `http://127.0.0.1:${server.healthPort}`;
    expect((await request(health).get('/healthz')).status).toBe(200);
    expect((await request(health).get('/readyz')).body).toEqual({ status: 'ready' });
    expect((await request(health).get('/metrics')).text).toContain(
      'gangway_webhook_requests_total',
    );
  });

  it('refuses TLS below 1.2', async () => {
    const attempt = new Promise<string>((resolve) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/healthz',
          ca: material.ca,
          maxVersion: 'TLSv1.1',
          minVersion: 'TLSv1',
        },
        () => resolve('connected'),
      );
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      req.end();
    });
    expect(await attempt).not.toBe('connected');
  });
});

describe('serving certificate reload', () => {
  it('swaps the certificate without a restart and without dropping an in-flight review', async () => {
    const inFlight = post('/inject', review({ mode: 'slow' }, { uid: 'inflight-uid' })).then(
      (r) => r,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const next = await makeServingMaterial();
    await copyFile(next.keyFile, material.keyFile);
    await copyFile(next.certFile, material.certFile);
    const done = await inFlight;
    expect(done.status).toBe(200);
    expect(done.body.response).toMatchObject({ uid: 'inflight-uid', allowed: true });
    await expect
      .poll(
        async () => {
          try {
            return (await request(base).get('/healthz').ca(next.ca)).status;
          } catch {
            return 0;
          }
        },
        { timeout: 5000, interval: 100 },
      )
      .toBe(200);
    await expect(request(base).get('/healthz').ca(material.ca)).rejects.toThrow();
    material = { ...material, ca: next.ca };
  });
});

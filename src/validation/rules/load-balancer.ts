import { checkDuration } from '../checks/durations.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type {
  LoadBalancer,
  LocalityLbSetting,
  OutlierDetection,
} from '../schemas/destination-rule.js';

// Envoy's maglev table must be a prime below this bound.
const MAGLEV_MAX = 5_000_011;
const TOPOLOGY_LABELS = new Set([
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.istio.io/subzone',
]);

/** Whether a number is prime, as Envoy checks maglev table sizes. */
export function isPrime(x: number): boolean {
  if (x < 2) return false;
  if (x < 4) return true;
  if (x % 2 === 0) return false;
  for (let f = 3; f * f <= x; f += 2) if (x % f === 0) return false;
  return true;
}

function checkConsistentHash(
  hash: NonNullable<LoadBalancer['consistentHash']>,
  at: Reporter,
): void {
  if (hash.httpCookie !== undefined && (hash.httpCookie.name ?? '') === '') {
    at.at('httpCookie', 'name').report('GW-TP-LB-COOKIE-NAME', 'name is required for httpCookie');
  }
  if (
    hash.httpCookie?.ttl !== undefined &&
    hash.httpCookie.ttl !== '0s' &&
    hash.httpCookie.ttl !== '0'
  ) {
    at.at('httpCookie', 'ttl').reportProblem(checkDuration(hash.httpCookie.ttl));
  }
  if ((hash.minimumRingSize ?? 0) !== 0) {
    at.at('minimumRingSize').report(
      'GW-TP-LB-MIN-RING-SIZE-DEPRECATED',
      'minimumRingSize is deprecated; use ringHash.minimumRingSize',
    );
    if (hash.ringHash !== undefined || hash.maglev !== undefined) {
      at.report(
        'GW-TP-LB-RING-SIZE-CONFLICT',
        'only one of minimumRingSize or ringHash/maglev can be specified',
      );
    }
  }
  const size = hash.maglev?.tableSize;
  if (
    hash.maglev !== undefined &&
    (size === undefined || size === 0 || size >= MAGLEV_MAX || !isPrime(size))
  ) {
    at.at('maglev', 'tableSize').report(
      'GW-TP-LB-MAGLEV-TABLE-SIZE',
      `tableSize must be a prime below ${MAGLEV_MAX} (got ${show(size)})`,
    );
  }
}

function localityParts(locality: string): string[] | undefined {
  const parts = locality.split('/');
  if (parts.length > 3 || parts.some((p) => p === '')) return undefined;
  const stars = (locality.match(/\*/g) ?? []).length;
  return stars > 1 || (stars === 1 && !locality.endsWith('*')) ? undefined : parts;
}

function covers(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === '*' || b[i] === '*') return true;
    if (a[i] !== b[i]) return false;
  }
  return true;
}

/** Checks localities for syntax (`region/zone/subzone`, one trailing `*`) and overlaps. */
function checkLocalities(localities: readonly string[], at: (i: number) => Reporter): void {
  const seen: string[][] = [];
  localities.forEach((locality, i) => {
    const parts = localityParts(locality);
    if (!parts)
      at(i).report(
        'GW-TP-LOCALITY-INVALID',
        `locality ${show(locality)} needs non-empty region/zone/subzone and at most one trailing "*"`,
      );
    else if (seen.some((s) => covers(s, parts)))
      at(i).report('GW-TP-LOCALITY-INVALID', `locality ${show(locality)} overlaps an earlier one`);
    else seen.push(parts);
  });
}

function checkDistribute(lb: LocalityLbSetting, at: Reporter): void {
  const distribute = lb.distribute ?? [];
  distribute.forEach((entry, i) => {
    const weights = Object.values(entry.to ?? {});
    const total = weights.reduce((a, b) => a + b, 0);
    if (weights.some((w) => w <= 0 || w > 100) || total !== 100) {
      at.at('distribute', i, 'to').report(
        'GW-TP-LOCALITY-WEIGHT',
        `weights must each be in 1..100 and add up to 100 (total ${total})`,
      );
    }
    checkLocalities(Object.keys(entry.to ?? {}), (j) =>
      at.at('distribute', i, 'to', Object.keys(entry.to ?? {})[j] ?? ''),
    );
  });
  checkLocalities(
    distribute.map((d) => d.from ?? ''),
    (i) => at.at('distribute', i, 'from'),
  );
}

function checkFailover(lb: LocalityLbSetting, hasOutlier: boolean, at: Reporter): void {
  const failover = lb.failover ?? [];
  if ((failover.length > 0 || (lb.failoverPriority ?? []).length > 0) && !hasOutlier) {
    at.report(
      'GW-TP-LOCALITY-NO-OUTLIER',
      'outlier detection must be configured for locality failover to happen',
    );
  }
  const topology = (lb.failoverPriority ?? []).find((l) => TOPOLOGY_LABELS.has(l));
  if (failover.length > 0 && topology !== undefined) {
    at.at('failoverPriority').report(
      'GW-TP-LOCALITY-FAILOVER-PRIORITY',
      `failover cannot be combined with the topology label ${show(topology)}`,
    );
  }
  failover.forEach((f, i) => {
    const from = f.from ?? '';
    const to = f.to ?? '';
    if (from === to || [from, to].some((r) => r.includes('/') || r.includes('*'))) {
      at.at('failover', i).report(
        'GW-TP-LOCALITY-FAILOVER-REGION',
        'failover must name two different plain regions (no "/" or "*")',
      );
    }
  });
}

/** Checks locality load balancing: distribute xor failover, weights, localities, failover pairs. */
export function checkLocalityLb(lb: LocalityLbSetting, hasOutlier: boolean, at: Reporter): void {
  if ((lb.distribute ?? []).length > 0 && (lb.failover ?? []).length > 0) {
    at.report(
      'GW-TP-LOCALITY-DISTRIBUTE-AND-FAILOVER',
      'distribute and failover cannot both be set',
    );
    return;
  }
  checkDistribute(lb, at);
  checkFailover(lb, hasOutlier, at);
}

/** Checks load balancer settings; outlier detection matters for locality failover. */
export function checkLoadBalancer(
  lb: LoadBalancer,
  outlier: OutlierDetection | undefined,
  at: Reporter,
): void {
  if (lb.consistentHash) checkConsistentHash(lb.consistentHash, at.at('consistentHash'));
  if (lb.localityLbSetting)
    checkLocalityLb(lb.localityLbSetting, outlier !== undefined, at.at('localityLbSetting'));
  if (lb.warmupDurationSecs !== undefined)
    at.at('warmupDurationSecs').reportProblem(checkDuration(lb.warmupDurationSecs));
  if (lb.warmup?.duration !== undefined)
    at.at('warmup', 'duration').reportProblem(checkDuration(lb.warmup.duration));
  const minimum = lb.warmup?.minimumPercent;
  if (minimum !== undefined && (minimum < 0 || minimum > 100)) {
    at.at('warmup', 'minimumPercent').report(
      'GW-PERCENT-RANGE',
      `must be within 0..100 (got ${minimum})`,
    );
  }
}

import type { CheckDefinition, CheckFn, CheckId, VersionedCheck } from './check.js';
import { compareStrings } from './format.js';
import type { Level, PolicyVersion } from './levels.js';

/** A check resolved for one level and version: its id and the revision that applies. */
export interface RegisteredCheck {
  readonly id: CheckId;
  readonly check: CheckFn;
}

/** The checks of every level at every policy version, precomputed once. */
export interface CheckRegistry {
  /** The newest policy version (minor of v1.x) any check changed in; newer versions evaluate as this. */
  readonly maxVersion: number;
  /** The checks for a level at a version, in upstream's order; empty for privileged. */
  checksFor(level: Level, version: PolicyVersion): readonly RegisteredCheck[];
}

/**
 * Builds a registry the way upstream does: each check's revision applies from its minimum version
 * until the next revision; checks run baseline ids first, then restricted ids, each sorted by id;
 * restricted includes the baseline checks that no active restricted revision overrides.
 */
export function buildCheckRegistry(definitions: readonly CheckDefinition[]): CheckRegistry {
  validateChecks(definitions);
  const maxVersion = Math.max(...definitions.map((d) => lastOf(d.versions).minVersion));
  const byId = (a: CheckDefinition, b: CheckDefinition) => compareStrings(a.id, b.id);
  const ordered = [
    ...definitions.filter((d) => d.level === 'baseline').sort(byId),
    ...definitions.filter((d) => d.level === 'restricted').sort(byId),
  ];
  const baseline: RegisteredCheck[][] = [];
  const restricted: RegisteredCheck[][] = [];
  for (let minor = 0; minor <= maxVersion; minor++) {
    const active = ordered.flatMap((d) => {
      const revision = revisionAt(d, minor);
      return revision ? [{ definition: d, revision }] : [];
    });
    const overridden = new Set(active.flatMap((a) => a.revision.overrides ?? []));
    const entry = (a: (typeof active)[number]) => ({
      id: a.definition.id,
      check: a.revision.check,
    });
    baseline.push(active.filter((a) => a.definition.level === 'baseline').map(entry));
    restricted.push(active.filter((a) => !overridden.has(a.definition.id)).map(entry));
  }
  return {
    maxVersion,
    checksFor(level, version) {
      if (level === 'privileged') return [];
      const minor = version === 'latest' || version > maxVersion ? maxVersion : version;
      return (level === 'baseline' ? baseline : restricted)[minor] ?? [];
    },
  };
}

function lastOf(versions: readonly VersionedCheck[]): VersionedCheck {
  const last = versions[versions.length - 1];
  if (!last) throw new Error('a check needs at least one version');
  return last;
}

/** The revision of a check in force at a version, if the check exists at that version. */
function revisionAt(definition: CheckDefinition, minor: number): VersionedCheck | undefined {
  let found: VersionedCheck | undefined;
  for (const revision of definition.versions) if (revision.minVersion <= minor) found = revision;
  return found;
}

/** Refuses the definitions upstream's registry would refuse; a programming error, so it throws. */
function validateChecks(definitions: readonly CheckDefinition[]): void {
  const levels = new Map<CheckId, string>();
  for (const { id, level, versions } of definitions) {
    if (levels.has(id)) throw new Error(`multiple checks registered for ID ${id}`);
    levels.set(id, level);
    if (versions.length === 0) throw new Error(`check ${id}: empty`);
    versions.forEach((v, i) => {
      if (!Number.isInteger(v.minVersion) || v.minVersion < 0)
        throw new Error(`check ${id}: bad version`);
      const previous = versions[i - 1];
      if (previous && previous.minVersion >= v.minVersion) {
        throw new Error(`check ${id}: versions must be strictly increasing`);
      }
    });
  }
  for (const { id, level, versions } of definitions) {
    for (const override of versions.flatMap((v) => v.overrides ?? [])) {
      if (level !== 'restricted')
        throw new Error(`check ${id}: only restricted checks may set overrides`);
      const target = levels.get(override);
      if (target !== undefined && target !== 'baseline')
        throw new Error(`check ${id}: overrides ${target} check ${override}`);
    }
  }
}

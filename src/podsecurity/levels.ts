/**
 * Pod Security levels and policy versions, parsed the way upstream's `api` package parses the
 * namespace labels: an invalid level falls back to `restricted`, an invalid version to `latest`,
 * and the caller is told what was wrong.
 */

/** The three Pod Security Standards levels, least strict first. */
export const LEVELS = ['privileged', 'baseline', 'restricted'] as const;

/** A Pod Security Standards level. */
export type Level = (typeof LEVELS)[number];

/** A policy version: the minor of `v1.<minor>`, or `latest`. */
export type PolicyVersion = number | 'latest';

/** A level at a policy version, such as `restricted:v1.30`. */
export interface LevelVersion {
  readonly level: Level;
  readonly version: PolicyVersion;
}

/** A parsed value, with the reason it was replaced by a fallback when the input was invalid. */
export interface Parsed<T> {
  readonly value: T;
  readonly error?: string;
}

/** The message upstream gives for an invalid level. */
export const INVALID_LEVEL_MESSAGE = `must be one of ${LEVELS.join(', ')}`;
/** The message upstream gives for an invalid version. */
export const INVALID_VERSION_MESSAGE = 'must be "latest" or "v1.x"';

const VERSION_PATTERN = /^v1\.(0|[1-9][0-9]*)$/;
// Go parses the minor into a 64-bit int; anything larger is a parse error there too.
const MAX_GO_INT = 9223372036854775807n;

/** Parses a level label value; anything but the three levels yields `restricted` and an error. */
export function parseLevel(raw: string): Parsed<Level> {
  return isLevel(raw) ? { value: raw } : { value: 'restricted', error: INVALID_LEVEL_MESSAGE };
}

/** Whether a string is one of the three levels. */
export function isLevel(raw: string): raw is Level {
  return (LEVELS as readonly string[]).includes(raw);
}

/** Parses a version label value (`latest` or `v1.x`); anything else yields `latest` and an error. */
export function parseVersion(raw: string): Parsed<PolicyVersion> {
  if (raw === 'latest') return { value: 'latest' };
  const match = VERSION_PATTERN.exec(raw);
  const digits = match?.[1];
  if (digits === undefined || BigInt(digits) > MAX_GO_INT) {
    return { value: 'latest', error: INVALID_VERSION_MESSAGE };
  }
  return { value: Number(digits) };
}

/** Parses `level` or `level:version` (as in `--pod-security restricted:v1.30`); version defaults to latest. */
export function parseLevelVersion(raw: string): Parsed<LevelVersion> {
  const [levelPart = '', versionPart, ...rest] = raw.split(':');
  const level = parseLevel(levelPart);
  const version =
    versionPart === undefined ? { value: 'latest' as const } : parseVersion(versionPart);
  const error =
    rest.length > 0 ? 'expected <level> or <level>:<version>' : (level.error ?? version.error);
  const value = { level: level.value, version: version.value };
  return error === undefined ? { value } : { value, error };
}

/** `latest` or `v1.<minor>`. */
export function formatVersion(version: PolicyVersion): string {
  return version === 'latest' ? 'latest' : `v1.${version}`;
}

/** `restricted:v1.30`, as upstream prints a level and version. */
export function formatLevelVersion(lv: LevelVersion): string {
  return `${lv.level}:${formatVersion(lv.version)}`;
}

/** Compares levels by strictness: negative when `a` is less strict than `b`, 0 when equal. */
export function compareLevels(a: Level, b: Level): number {
  return LEVELS.indexOf(a) - LEVELS.indexOf(b);
}

/** Whether two level-versions are the same policy (privileged is the same at every version). */
export function equivalentLevelVersions(a: LevelVersion, b: LevelVersion): boolean {
  return a.level === b.level && (a.level === 'privileged' || a.version === b.version);
}

import type { LabelSelector } from '../schema.js';

const SET = /^([^\s!=,()]+)\s+(in|notin)\s+\(([^)]*)\)$/;
const EQUALITY = /^([^\s!=,()]+)\s*(==|=|!=)\s*([^\s!=,()]*)$/;
const KEY = /^(!?)([^\s!=,()]+)$/;

/** Splits on commas that are not inside a `( ... )` value set. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') terms.push(current.trim());
  return terms;
}

/**
 * Parses kubectl's `-l` syntax (`app=web,tier!=db,env in (a,b),!legacy`) into a LabelSelector;
 * undefined when a term is malformed.
 */
export function parseSelectorText(text: string): LabelSelector | undefined {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: NonNullable<LabelSelector['matchExpressions']> = [];
  for (const term of splitTerms(text)) {
    const set = SET.exec(term);
    const eq = EQUALITY.exec(term);
    const key = KEY.exec(term);
    if (set?.[1] && set[3] !== undefined) {
      const values = set[3]
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      matchExpressions.push({ key: set[1], operator: set[2] === 'in' ? 'In' : 'NotIn', values });
    } else if (eq?.[1] && eq[3] !== undefined) {
      if (eq[2] === '!=') matchExpressions.push({ key: eq[1], operator: 'NotIn', values: [eq[3]] });
      else matchLabels[eq[1]] = eq[3];
    } else if (key?.[2]) {
      matchExpressions.push({ key: key[2], operator: key[1] === '!' ? 'DoesNotExist' : 'Exists' });
    } else return undefined;
  }
  return { matchLabels, matchExpressions };
}

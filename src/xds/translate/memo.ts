import type { TranslationNote } from './types.js';

/**
 * Remembers translation results by a key that captures every input they depend on, across proxy
 * groups and across publications: when one VirtualService changes, the other 999 services are not
 * translated (or hashed) again. Two generations, like the resource interner: a result not used in
 * a publication is forgotten at the one after.
 */
export interface TranslationMemo {
  /** The remembered result (and its notes, replayed into `notes`), or a fresh one. */
  get<T>(key: string, notes: TranslationNote[], build: (notes: TranslationNote[]) => T): T;
  /** Ends a publication. */
  sweep(): void;
  size(): number;
}

interface Entry {
  readonly value: unknown;
  readonly notes: readonly TranslationNote[];
}

/** Builds an empty memo. */
export function createTranslationMemo(): TranslationMemo {
  let current = new Map<string, Entry>();
  let previous = new Map<string, Entry>();
  return {
    get<T>(key: string, notes: TranslationNote[], build: (notes: TranslationNote[]) => T): T {
      let entry = current.get(key) ?? previous.get(key);
      if (!entry) {
        const own: TranslationNote[] = [];
        entry = { value: build(own), notes: own };
      }
      current.set(key, entry);
      notes.push(...entry.notes);
      return entry.value as T;
    },
    sweep() {
      previous = current;
      current = new Map();
    },
    size: () => current.size + previous.size,
  };
}

/** A memo that remembers nothing (golden tests, one-off translations). */
export const noTranslationMemo: TranslationMemo = {
  get: (_key, notes, build) => build(notes),
  sweep: () => undefined,
  size: () => 0,
};

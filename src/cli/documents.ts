import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { GangwayError } from '../shared/errors.js';
import type { CliIo } from './usage.js';

/** One YAML document read from an input, with where it came from. */
export interface InputDocument {
  source: string;
  /** 0-based index of the document in its source. */
  index: number;
  /** 1-based line where the document starts. */
  line: number;
  object: unknown;
}

/** A document that did not parse, with the YAML error position. */
export interface DocumentError {
  source: string;
  index: number;
  line: number;
  column: number;
  message: string;
}

/** Parses multi-document YAML (JSON is YAML too); empty documents are dropped. */
export function parseDocuments(
  text: string,
  source: string,
): { documents: InputDocument[]; errors: DocumentError[] } {
  const documents: InputDocument[] = [];
  const errors: DocumentError[] = [];
  const lineOf = lineLocator(text);
  parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true }).forEach((doc, index) => {
    const firstError = doc.errors[0];
    if (firstError) {
      const pos = firstError.linePos?.[0];
      errors.push({
        source,
        index,
        line: pos?.line ?? 0,
        column: pos?.col ?? 0,
        message: firstError.message.split('\n')[0] ?? firstError.message,
      });
      return;
    }
    const object: unknown = doc.toJS({ maxAliasCount: 100 });
    if (object === null || object === undefined) return;
    documents.push({ source, index, line: lineOf(doc.contents?.range?.[0] ?? 0), object });
  });
  return { documents, errors };
}

function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Reads `-` (stdin), a file, or every .yaml/.yml/.json file under a directory, sorted. */
export async function readInputs(
  path: string,
  io: CliIo,
): Promise<{ source: string; text: string }[]> {
  if (path === '-') return [{ source: '<stdin>', text: await io.readStdin() }];
  try {
    const info = await stat(path);
    if (!info.isDirectory()) return [{ source: path, text: await readFile(path, 'utf8') }];
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile() && /\.(ya?ml|json)$/i.test(e.name))
      .map((e) => join(e.parentPath, e.name))
      .sort();
    return Promise.all(
      files.map(async (file) => ({ source: file, text: await readFile(file, 'utf8') })),
    );
  } catch (error) {
    throw new GangwayError('GANGWAY_ERR_CLI_INPUT', `${path}: ${(error as Error).message}`);
  }
}

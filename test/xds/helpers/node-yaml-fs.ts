import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createNodeFileSystem } from '../../../src/shared/fs/index.js';
import type { YamlDirectoryFs } from '../../../src/xds/sources/yaml-directory.js';

/** The YAML directory file access on the real file system (what the lead wires in `serve`). */
export function createNodeYamlFs(): YamlDirectoryFs {
  const fs = createNodeFileSystem();
  return {
    readFile: (path) => fs.readFile(path),
    watch: (paths, onChange, options) => fs.watch(paths, onChange, { debounceMs: 20, ...options }),
    listFiles: async (dir) => {
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    },
  };
}

import { describe, expect, it } from 'vitest';
import { createMemoryFileSystem } from '../../shared/fs/index.js';
import { createYamlDirectorySource, type YamlDirectoryFs } from './yaml-directory.js';

const service = (name: string) => `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: default }
spec: { ports: [{ name: grpc, port: 7000 }] }
`;

function memoryYamlFs(files: Record<string, string>) {
  const fs = createMemoryFileSystem(files);
  const yamlFs: YamlDirectoryFs = {
    readFile: (path) => fs.readFile(path),
    watch: (paths, onChange, options) => fs.watch(paths, onChange, options),
    listFiles: async (dir) => [...fs.files.keys()].filter((p) => p.startsWith(`${dir}/`)),
  };
  return { fs, yamlFs };
}

describe('YAML directory source', () => {
  it('reads every YAML document of every file, and reports objects that do not parse', async () => {
    const { yamlFs } = memoryYamlFs({
      '/mesh/a.yaml': `${service('a')}---\n${service('b')}`,
      '/mesh/bad.yaml': 'kind: VirtualService\nmetadata: { name: x }\nspec: { http: 3 }\n',
      '/mesh/notes.txt': 'ignored',
    });
    const source = await createYamlDirectorySource({ fs: yamlFs, dir: '/mesh' });
    expect(source.current().Service.map((s) => s.metadata.name)).toEqual(['a', 'b']);
    expect(source.problems()).toMatchObject([
      { kind: 'VirtualService', name: 'x', source: '/mesh/bad.yaml' },
    ]);
    await source.close();
  });

  it('hot-reloads a changed file and notifies; a broken edit keeps the last good content', async () => {
    const { fs, yamlFs } = memoryYamlFs({ '/mesh/a.yaml': service('a') });
    const source = await createYamlDirectorySource({ fs: yamlFs, dir: '/mesh' });
    let changes = 0;
    source.onChange(() => void (changes += 1));
    await fs.writeFileAtomic('/mesh/a.yaml', service('renamed'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await source.reload();
    expect(changes).toBe(1);
    expect(source.current().Service.map((s) => s.metadata.name)).toEqual(['renamed']);
    await fs.writeFileAtomic('/mesh/a.yaml', 'kind: Service\nmetadata: [unclosed');
    await source.reload();
    expect(source.current().Service.map((s) => s.metadata.name)).toEqual(['renamed']);
    expect(source.problems()[0]).toMatchObject({ kind: '(file)', source: '/mesh/a.yaml' });
    await source.close();
  });
});

import { createNodeYamlDirectoryFs } from '../../../src/cli/serve-xds.js';
import type { YamlDirectoryFs } from '../../../src/xds/sources/yaml-directory.js';

/** The YAML directory file access on the real file system: the one `gangway serve` uses. */
export function createNodeYamlFs(): YamlDirectoryFs {
  return createNodeYamlDirectoryFs();
}

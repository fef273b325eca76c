import { z } from 'zod';

/**
 * The namespaces file of the embedded default (`<configDir>/namespaces.yaml`): namespace names and
 * their labels, standing in for the cluster's Namespace objects when no cluster is reachable.
 */
export const NamespacesFileSchema = z.strictObject({
  namespaces: z.record(z.string().min(1), z.record(z.string(), z.string()).nullable()).default({}),
});
export type NamespacesFile = z.infer<typeof NamespacesFileSchema>;

/** Turns a parsed namespaces file into a name -> labels table (each also labelled with its name). */
export function namespacesTable(file: NamespacesFile): Record<string, Record<string, string>> {
  const table: Record<string, Record<string, string>> = {};
  for (const [name, labels] of Object.entries(file.namespaces)) {
    table[name] = { 'kubernetes.io/metadata.name': name, ...labels };
  }
  return table;
}

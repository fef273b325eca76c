/**
 * Where namespace labels come from. In a cluster: a cache fed by an informer. With no cluster: the
 * config directory. In tests: {@link createStaticNamespaceLookup}. Features depend on this interface
 * only, never on how it is fed.
 */
export interface NamespaceLookup {
  /** The labels of a namespace, or undefined when the namespace is not known. */
  labelsOf(namespace: string): Readonly<Record<string, string>> | undefined;
}

/** A NamespaceLookup over a fixed map, for the embedded default and tests. */
export function createStaticNamespaceLookup(
  namespaces: Readonly<Record<string, Readonly<Record<string, string>>>>,
): NamespaceLookup & { set(namespace: string, labels: Record<string, string>): void } {
  const table = new Map(Object.entries(namespaces));
  return {
    labelsOf: (namespace) => table.get(namespace),
    set: (namespace, labels) => {
      table.set(namespace, labels);
    },
  };
}

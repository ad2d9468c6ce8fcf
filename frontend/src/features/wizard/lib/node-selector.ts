/** Node selector helpers: suggestions from the nodes' labels and the count of matching nodes. */
import type { KeyValue } from './form-model';

export interface LabelledNode {
  labels: Record<string, string>;
}

/** Every label key of the nodes with its values, sorted. */
export function nodeLabelSuggestions(nodes: LabelledNode[]): Record<string, string[]> {
  const map = new Map<string, Set<string>>();
  for (const node of nodes) {
    for (const [key, value] of Object.entries(node.labels)) {
      const values = map.get(key) ?? new Set<string>();
      values.add(value);
      map.set(key, values);
    }
  }
  return Object.fromEntries([...map.keys()].sort().map((key) => [key, [...(map.get(key) ?? [])].sort()]));
}

/** How many nodes carry every pair of the selector (pairs without a key are ignored). */
export function matchingNodes(nodes: LabelledNode[], selector: KeyValue[]): number {
  const pairs = selector.filter((p) => p?.key);
  return nodes.filter((node) => pairs.every((p) => node.labels[p.key] === (p.value ?? ''))).length;
}

import { parseDocument } from 'yaml';

/**
 * The export YAML made editable for a replace: `metadata.resourceVersion` set to the
 * version the user started from, so that saving over someone else's change is refused
 * (409) instead of silently undoing it. Comments and layout are kept.
 */
export function withResourceVersion(text: string, resourceVersion: string | undefined): string {
  if (resourceVersion === undefined) return text;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text;
  doc.setIn(['metadata', 'resourceVersion'], resourceVersion);
  return doc.toString();
}

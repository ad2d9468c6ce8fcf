import { parseDocument } from 'yaml';

/**
 * The export YAML made editable for a replace: `metadata.generation` set to the spec
 * version the user started from, so that saving over someone else's change of the spec is
 * refused (409) instead of silently undoing it, while the status updates of a running Job
 * do not get in the way (the backend's generation guard). Comments and layout are kept.
 */
export function withGeneration(text: string, generation: number | undefined): string {
  if (generation === undefined) return text;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text;
  doc.setIn(['metadata', 'generation'], generation);
  return doc.toString();
}

/**
 * The manifest as YAML text and back (eemeli/yaml). Parse errors name their line so the
 * editor can point at it; anchors that would expand a lot are refused.
 */
import { parseDocument, stringify, YAMLError } from 'yaml';
import { isObj, type Obj } from './manifest';

export function manifestToYaml(manifest: Obj): string {
  return stringify(manifest, { lineWidth: 0 });
}

export type YamlParse =
  | { ok: true; manifest: Obj }
  | { ok: false; message: string; line?: number };

/** Parses the editor's text: one YAML (or JSON) document holding an object. */
export function parseManifestYaml(text: string): YamlParse {
  try {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      return { ok: false, message: error.message.split('\n')[0] ?? error.message, ...(line ? { line } : {}) };
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (!isObj(value)) return { ok: false, message: 'not an object' };
    return { ok: true, manifest: value };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = error instanceof YAMLError ? error.linePos?.[0]?.line : undefined;
    return { ok: false, message, ...(line ? { line } : {}) };
  }
}

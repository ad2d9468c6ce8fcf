/** One environment variable of a container, as the pod template has it. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: Record<string, unknown>;
}

/** How a variable's value is shown: a literal value, or where it comes from. */
export type EnvDisplay =
  | { kind: 'value'; text: string }
  | { kind: 'configMapKeyRef' | 'secretKeyRef' | 'fieldRef' | 'resourceFieldRef' | 'unknown'; text: string };

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The text for a variable: its value, or its source —
 * `configMapKeyRef` → `ConfigMap app-config / key level`, `secretKeyRef` → `Secret db / key password`,
 * `fieldRef` → `metadata.name`, `resourceFieldRef` → `limits.cpu (container app, divisor 1m)`.
 */
export function describeEnv(env: EnvVar): EnvDisplay {
  const from = env.valueFrom;
  if (!from) return { kind: 'value', text: env.value ?? '' };
  const configMap = record(from.configMapKeyRef);
  if (configMap) {
    return { kind: 'configMapKeyRef', text: `ConfigMap ${str(configMap.name) ?? '?'} / ${str(configMap.key) ?? '?'}` };
  }
  const secret = record(from.secretKeyRef);
  if (secret) {
    return { kind: 'secretKeyRef', text: `Secret ${str(secret.name) ?? '?'} / ${str(secret.key) ?? '?'}` };
  }
  const field = record(from.fieldRef);
  if (field) {
    return { kind: 'fieldRef', text: str(field.fieldPath) ?? '?' };
  }
  const resource = record(from.resourceFieldRef);
  if (resource) {
    const extras = [
      str(resource.containerName) ? `container ${str(resource.containerName)}` : undefined,
      typeof resource.divisor === 'string' || typeof resource.divisor === 'number'
        ? `divisor ${resource.divisor}`
        : undefined,
    ].filter((x): x is string => x !== undefined);
    const base = str(resource.resource) ?? '?';
    return { kind: 'resourceFieldRef', text: extras.length > 0 ? `${base} (${extras.join(', ')})` : base };
  }
  return { kind: 'unknown', text: JSON.stringify(from) };
}

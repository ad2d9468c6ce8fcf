import type { QuotaUsage } from '../api/get-quota';

/** A Pod count quota as numbers: `{used: 3, hard: 20, percent: 15}`. */
export interface PodQuota {
  used: number;
  hard: number;
  /** Used share of the limit, 0–100, rounded. */
  percent: number;
}

/**
 * Reads a `pods` quota (Kubernetes writes counts as plain integers, or with an SI suffix
 * such as `1k`). `null` when there is no such quota or a figure cannot be read.
 */
export function podQuota(usage: QuotaUsage | null | undefined): PodQuota | null {
  if (!usage) return null;
  const used = parseCount(usage.used);
  const hard = parseCount(usage.hard);
  if (used === null || hard === null) return null;
  const percent = hard > 0 ? Math.min(100, Math.round((used / hard) * 100)) : used > 0 ? 100 : 0;
  return { used, hard, percent };
}

const SUFFIXES: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };

/** A Kubernetes quantity that counts things (`20`, `1k`), or `null`. */
export function parseCount(quantity: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(k|M|G|Ki|Mi|Gi)?$/.exec(quantity.trim());
  if (!match) return null;
  const factor = SUFFIXES[match[2] ?? ''] ?? 1;
  return Math.round(Number(match[1]) * factor);
}

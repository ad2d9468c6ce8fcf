/** A Job that could not be deleted, and the server's reason. */
export interface FailedDelete {
  name: string;
  message: string;
}

/** The outcome of a batch delete. */
export interface DeleteSummary {
  deleted: string[];
  failed: FailedDelete[];
}

/** Pairs each name with its outcome (the settled promises come in the same order). */
export function summarizeDeletes(names: readonly string[], settled: readonly PromiseSettledResult<unknown>[]): DeleteSummary {
  const summary: DeleteSummary = { deleted: [], failed: [] };
  names.forEach((name, index) => {
    const result = settled[index];
    if (result?.status === 'fulfilled') {
      summary.deleted.push(name);
    } else {
      const reason: unknown = result?.reason;
      summary.failed.push({ name, message: reason instanceof Error ? reason.message : String(reason) });
    }
  });
  return summary;
}

/** The times of one Pod the timeline needs. */
export interface TimelinePod {
  name: string;
  phase: string;
  createdAt?: string | null;
  startTime?: string | null;
  finishedAt?: string | null;
}

/** One bar: where it starts and how wide it is, in percent of the axis. */
export interface TimelineBar {
  name: string;
  phase: string;
  /** Offset from the axis' start, 0–100. */
  left: number;
  /** Width, 0–100 (at least `minWidth` so a short Pod stays visible). */
  width: number;
  /** Whether the bar ends at `now` because the Pod has not finished. */
  open: boolean;
  start: number;
  end: number;
}

export interface Timeline {
  /** The axis' start and end (epoch ms). */
  start: number;
  end: number;
  bars: TimelineBar[];
  /** Tick positions: percent along the axis and the time there. */
  ticks: { left: number; time: number }[];
}

function parse(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * Lays out one bar per Pod from its start (or creation) to its finish (or `now`) on one
 * shared axis from the earliest start to the latest end. Pods with no time at all are left
 * out. `tickCount` ticks are spread evenly over the axis.
 */
export function layoutTimeline(
  pods: readonly TimelinePod[],
  now: number,
  { minWidth = 0.5, tickCount = 5 }: { minWidth?: number; tickCount?: number } = {},
): Timeline | undefined {
  const spans = pods.flatMap((pod) => {
    const start = parse(pod.startTime) ?? parse(pod.createdAt);
    if (start === undefined) return [];
    const finished = parse(pod.finishedAt);
    const end = Math.max(start, finished ?? now);
    return [{ pod, start, end, open: finished === undefined }];
  });
  if (spans.length === 0) return undefined;
  const start = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.end));
  // A zero-length axis (one instant) still needs a width to divide by.
  const length = Math.max(end - start, 1000);
  const bars = spans.map((s) => {
    // A bar at the very end is moved left just enough to stay visible.
    const left = Math.min(((s.start - start) / length) * 100, 100 - minWidth);
    const width = Math.min(100 - left, Math.max(minWidth, ((s.end - s.start) / length) * 100));
    return { name: s.pod.name, phase: s.pod.phase, left, width, open: s.open, start: s.start, end: s.end };
  });
  const ticks = Array.from({ length: tickCount }, (_, i) => {
    const fraction = tickCount === 1 ? 0 : i / (tickCount - 1);
    return { left: fraction * 100, time: start + fraction * length };
  });
  return { start, end: start + length, bars, ticks };
}

/**
 * @module monitoring/windows
 * Time windows for monitoring: the window sizes (1h, 1d, 7d), `since` as a duration back from now
 * or an ISO time, and the UTC-aligned windows that cover [since, until). Pure.
 */
import { ReviewStarsError } from '../core/errors.js';

export const WINDOW_SIZES = ['1h', '1d', '7d'] as const;
export type WindowSize = (typeof WINDOW_SIZES)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const WINDOW_MS: Readonly<Record<WindowSize, number>> = { '1h': HOUR_MS, '1d': DAY_MS, '7d': 7 * DAY_MS };

/** The farthest back monitoring looks: rows older than the log's retention are gone anyway. */
export const MAX_LOOKBACK_MS = 366 * DAY_MS;

/** Throws INVALID_ARGUMENT unless `text` is one of the window sizes. */
export function parseWindowSize(text: string): WindowSize {
  if ((WINDOW_SIZES as readonly string[]).includes(text)) return text as WindowSize;
  throw new ReviewStarsError('INVALID_ARGUMENT', `window must be one of ${WINDOW_SIZES.join(', ')}, got ${JSON.stringify(text)}`);
}

const DURATION = /^([1-9][0-9]{0,4})([hd])$/;
// An ISO 8601 date or date-time (Date.parse is lenient about other forms, so the shape is checked first).
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * The start (ms epoch) that `since` names: a duration back from `now` (`12h`, `7d`) or an ISO time
 * (`2026-12-01`, `2026-12-01T08:00:00Z`).
 *
 * @throws ReviewStarsError `INVALID_ARGUMENT` for another form, a time after `now`, or one more than 366 days back.
 */
export function parseSince(since: string, now: number): number {
  let start: number;
  const duration = DURATION.exec(since);
  if (duration) {
    start = now - Number(duration[1]) * (duration[2] === 'h' ? HOUR_MS : DAY_MS);
  } else if (ISO_TIME.test(since) && Number.isFinite(Date.parse(since))) {
    start = Date.parse(since);
  } else {
    throw new ReviewStarsError('INVALID_ARGUMENT', `since must be a duration such as 12h or 7d, or an ISO time such as 2026-12-01T08:00:00Z, got ${JSON.stringify(since)}`);
  }
  if (start > now) throw new ReviewStarsError('INVALID_ARGUMENT', `since (${new Date(start).toISOString()}) is in the future`);
  if (now - start > MAX_LOOKBACK_MS) throw new ReviewStarsError('INVALID_ARGUMENT', `since reaches more than 366 days back: monitoring looks at most that far`);
  return start;
}

/** One window, [start, end) in ms since the epoch. */
export interface TimeWindow {
  start: number;
  end: number;
}

/** The start of the UTC-aligned window of `size` that holds `time` (7-day windows start on Thursdays, as the epoch). */
export function windowStart(time: number, size: WindowSize): number {
  const ms = WINDOW_MS[size];
  return Math.floor(time / ms) * ms;
}

/**
 * The windows of `size` that hold the times `times` (each within [since, until)), oldest first,
 * UTC-aligned and clipped to [since, until): a window with no time in it is left out.
 */
export function windowsOf(times: readonly number[], size: WindowSize, since: number, until: number): TimeWindow[] {
  const starts = new Set<number>();
  for (const t of times) if (t >= since && t < until) starts.add(windowStart(t, size));
  return [...starts]
    .sort((a, b) => a - b)
    .map((start) => ({ start: Math.max(start, since), end: Math.min(start + WINDOW_MS[size], until) }));
}

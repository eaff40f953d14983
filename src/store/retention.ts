/**
 * @module store/retention
 * Deletes logged predictions (and their feedback) older than the retention period: once at start,
 * then on a schedule. A failed purge is logged and tried again at the next run; it never stops
 * the service.
 */
import { errorCause } from '../core/errors.js';
import type { Store } from './store.js';

const DAY_MS = 86_400_000;
/** Time between purges. */
export const PURGE_INTERVAL_MS = 3_600_000;

/** Where purges are reported: a pino-like logger. */
export interface RetentionReporter {
  info(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Purges rows older than `days` days now and every PURGE_INTERVAL_MS; returns a function that stops it. */
export function scheduleRetention(store: Store, days: number, reporter: RetentionReporter, intervalMs = PURGE_INTERVAL_MS): () => void {
  const purge = async function purgeExpiredRows(): Promise<void> {
    const cutoff = Date.now() - days * DAY_MS;
    try {
      const deleted = await store.purgeOlderThan(cutoff);
      if (deleted.predictions > 0 || deleted.feedback > 0) reporter.info({ ...deleted, retentionDays: days, before: new Date(cutoff).toISOString() }, 'expired rows purged');
    } catch (err) {
      reporter.error({ cause: errorCause(err), retentionDays: days }, 'purge of expired rows failed; trying again at the next run');
    }
  };
  void purge();
  const timer = setInterval(() => void purge(), intervalMs).unref();
  return () => clearInterval(timer);
}

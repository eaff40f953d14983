/**
 * @module store/prediction-log
 * Logs predictions without ever slowing or failing one: rows wait in a bounded in-memory queue and
 * are inserted in batches, one insert at a time, off the request path. A full queue drops the row
 * (counted); a failing database drops the batch (counted) and is reported once per interval, not
 * once per request. close() writes everything still queued (graceful stop). No SQL here.
 */
import { errorCause } from '../core/errors.js';
import type { PredictionRecord, Store } from './store.js';

/** Where the log reports a failing store: a pino-like logger's `error`. */
export interface PredictionLogReporter {
  error(fields: Record<string, unknown>, message: string): void;
  info?(fields: Record<string, unknown>, message: string): void;
}

/** Tuning of a PredictionLog. */
export interface PredictionLogOptions {
  /** Most rows waiting at once; past it rows are dropped (default 20,000). */
  capacity?: number;
  /** Most rows per insert (default 1,000). */
  batchSize?: number;
  /** Longest time a row waits before its batch is written (default 250 ms). */
  flushIntervalMs?: number;
  /** At most one error line per this interval while the store fails (default 60 s). */
  errorLogIntervalMs?: number;
  reporter?: PredictionLogReporter;
}

/** The queue in front of the store's prediction table. */
export class PredictionLog {
  private queue: PredictionRecord[] = [];
  private writing: Promise<void> | undefined;
  private writingRows = 0;
  private timer: NodeJS.Timeout | undefined;
  private droppedRows = 0;
  private writtenRows = 0;
  private failedSinceReport = 0;
  private lastErrorReport = Number.NEGATIVE_INFINITY;
  private failing = false;
  private closed = false;
  private readonly capacity: number;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly errorLogIntervalMs: number;

  constructor(
    private readonly store: Store,
    private readonly options: PredictionLogOptions = {},
  ) {
    this.capacity = options.capacity ?? 20_000;
    this.batchSize = options.batchSize ?? 1_000;
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.errorLogIntervalMs = options.errorLogIntervalMs ?? 60_000;
  }

  /** Queues one row; returns false (and counts it) when the queue is full or the log is closed. Never waits. */
  add(row: PredictionRecord): boolean {
    if (this.closed || this.queue.length >= this.capacity) {
      this.droppedRows++;
      return false;
    }
    this.queue.push(row);
    if (this.queue.length >= this.batchSize) this.startWrite();
    else this.timer ??= setTimeout(this.onTimer, this.flushIntervalMs).unref();
    return true;
  }

  /** Rows queued or being written. */
  get depth(): number {
    return this.queue.length + this.writingRows;
  }

  /** Rows dropped so far: queue full, log closed, or the store failed to take them. */
  get dropped(): number {
    return this.droppedRows;
  }

  /** Rows the store has taken so far. */
  get written(): number {
    return this.writtenRows;
  }

  /** Writes every row queued now; resolves when they are in the store (or counted as dropped). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.writing !== undefined) {
      if (this.writing === undefined) this.startWrite();
      await this.writing;
    }
  }

  /** Refuses new rows, writes the queued ones, and stops the timer. Does not close the store. */
  async close(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    await this.flush();
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.startWrite();
  };

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private startWrite(): void {
    if (this.writing !== undefined || this.queue.length === 0) return;
    this.clearTimer();
    const batch = this.queue.length <= this.batchSize ? this.queue : this.queue.slice(0, this.batchSize);
    this.queue = batch === this.queue ? [] : this.queue.slice(this.batchSize);
    this.writingRows = batch.length;
    this.writing = this.write(batch).finally(() => {
      this.writing = undefined;
      this.writingRows = 0;
      if (this.queue.length >= this.batchSize || (this.closed && this.queue.length > 0)) this.startWrite();
      else if (this.queue.length > 0) this.timer ??= setTimeout(this.onTimer, this.flushIntervalMs).unref();
    });
  }

  private async write(batch: PredictionRecord[]): Promise<void> {
    try {
      await this.store.insertPredictions(batch);
      this.writtenRows += batch.length;
      if (this.failing) {
        this.failing = false;
        this.options.reporter?.info?.({ store: this.store.display, droppedWhileFailing: this.failedSinceReport }, 'prediction log: the store takes rows again');
        this.failedSinceReport = 0;
      }
    } catch (err) {
      this.droppedRows += batch.length;
      this.failedSinceReport += batch.length;
      this.failing = true;
      const now = Date.now();
      if (now - this.lastErrorReport >= this.errorLogIntervalMs) {
        this.lastErrorReport = now;
        this.options.reporter?.error(
          { cause: errorCause(err), droppedSinceLastReport: this.failedSinceReport, droppedTotal: this.droppedRows, nextReportInMs: this.errorLogIntervalMs },
          'prediction log: the store failed, rows dropped (predictions are still answered)',
        );
        this.failedSinceReport = 0;
      }
    }
  }
}

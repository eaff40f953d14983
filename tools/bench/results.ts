/**
 * @module tools/bench/results
 * The shapes of the serving benchmark's figures: one service's run in one round, a service's
 * figures folded over the rounds, and the whole run's results (printed, or as JSON with --json).
 * Types only: nothing here measures, folds or prints.
 */
import type { ProcessMemory } from './children.js';
import type { LoadResult } from './load.js';
import type { ProfileSummary } from './profile.js';

/** The batch route's run: a load run plus how many reviews it rated. */
export interface BatchResult extends LoadResult {
  reviewsPerRequest: number;
  reviewsPerSec: number;
}

/**
 * One service in one round: its figures, or why it has none (`failed` to start or answer,
 * `skipped` because it cannot run here).
 */
export interface ServiceRun {
  failed?: string;
  skipped?: string;
  startupMs?: number;
  startupCpuMs?: number | null;
  memory?: ProcessMemory | null;
  prediction?: LoadResult;
  batch?: BatchResult;
}

/** One round: each service's run, by service key ('ours', 'bare', 'fastapi', 'bare+<N>us'). */
export type Round = Record<string, ServiceRun | undefined>;

/** A service's figures over every round (see bench/rounds); memory is the worst round's. */
export interface ServiceFigures {
  failed?: string;
  skipped?: string;
  rounds?: number;
  startupMs?: number;
  startupCpuMs?: number | null;
  memory?: { rssBytes?: number; peakRssBytes?: number } | null;
  prediction?: LoadResult;
  batch?: BatchResult;
  profile?: ProfileSummary & { path: string };
}

/** Ratios of review-stars to the other services: medians of the per-round ratios (null when unmeasured). */
export interface Ratios {
  oursOverBare: number | null;
  oursOverFastapi: number | null;
  oursOverBareByCpu: number | null;
  oursOverFastapiByCpu: number | null;
  /** The prediction log's cost: review-stars with its SQLite store over --store none (requests/s, and reviews/s of the batch route). */
  storeOverNone?: number | null;
  storeOverNoneBatch?: number | null;
  perRound?: { oursOverBare: (number | null)[]; oursOverFastapi: (number | null)[]; storeOverNone?: (number | null)[] };
}

/** The bare route spending `workUs` of CPU per request, to the bare route (--bare-work-us). */
export interface Calibration {
  workUs: number;
  key: string;
  overBare: number | null;
  overBareByCpu: number | null;
  perRound: (number | null)[];
}

/** One target, measured and judged. */
export interface TargetRow {
  id: string;
  figure: string;
  value: number | undefined;
  unit: string;
  target: string;
  result: 'PASS' | 'MISS' | 'n/a';
}

/** What the report reads from a run's results. */
export interface SummaryInput {
  services: Record<string, ServiceFigures | undefined>;
  ratios: Ratios;
  calibration?: Calibration[];
}

/** Everything one `npm run bench:serve` measured. */
export interface BenchResults extends SummaryInput {
  generatedAt: string;
  machine: { cpus: number; loadAverage1m: number; node: string; platform: string };
  settings: {
    durationS: number; connections: number; warmupS: number;
    batchDurationS: number; batchConnections: number; batchSize: number;
    rounds: number; skipPython: boolean; cpuProfDir: string | null; bareWorkUs: number[]; host: string; model: string; comment: string;
  };
  calibration: Calibration[];
  targets: TargetRow[];
  failures: string[];
}

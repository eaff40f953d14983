/**
 * @module store/schema
 * The store's one typed schema: every table and column as Kysely sees it, for SQLite and
 * PostgreSQL alike. Types only; store/migrations creates the tables.
 */

/** One review rated by one request: `predictions`, keyed by (request_id, idx). */
export interface PredictionsTable {
  request_id: string;
  /** Position of the review in its request (0 for single-review routes). */
  idx: number;
  /** Milliseconds since the epoch. */
  created_at: number;
  /** Route template, e.g. `/prediction` or `/v1/models/:name/predict`. */
  route: string;
  /** The authenticated user's name. */
  user_name: string;
  /** The model name as asked (e.g. `best`). */
  model_asked: string;
  /** The model that answered (`best` resolved). */
  model: string;
  model_set_version: string;
  rating: number;
  p1: number;
  p2: number;
  p3: number;
  p4: number;
  p5: number;
  expected: number;
  /** Characters of the review text. */
  text_length: number;
  /** Share of the text's tokens outside the model's vocabulary, 0 to 1. */
  oov_share: number;
  /** SHA-256 (hex) of the normalised text: joins feedback by text and finds duplicates. */
  text_sha256: string;
  /** The raw text, only when the service runs with --log-text. */
  text: string | null;
  branch: string | null;
  /** Time the model took for this review, in milliseconds. */
  latency_ms: number;
}

/** The true rating of a logged prediction: `feedback`, keyed like the prediction. */
export interface FeedbackTable {
  request_id: string;
  idx: number;
  rating: number;
  created_at: number;
  updated_at: number;
  /** SHA-256 of the normalised text the feedback came with, if any. */
  text_sha256: string | null;
}

/** Every table of the store. */
export interface StoreDatabase {
  predictions: PredictionsTable;
  feedback: FeedbackTable;
}

/**
 * @module cli/predict
 * The `review-stars predict` sub-command (placeholder until implemented).
 */
import type { Command } from 'commander';

export function registerPredict(_program: Command): void {}

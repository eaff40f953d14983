/**
 * @module cli/evaluate
 * The `review-stars evaluate` sub-command (placeholder until implemented).
 */
import type { Command } from 'commander';

export function registerEvaluate(_program: Command): void {}

/**
 * @module cli/serve
 * The `review-stars serve` sub-command (placeholder until implemented).
 */
import type { Command } from 'commander';

export function registerServe(_program: Command): void {}

/**
 * @module cli/train
 * The `review-stars train` sub-command (placeholder until implemented).
 */
import type { Command } from 'commander';

export function registerTrain(_program: Command): void {}

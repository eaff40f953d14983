/**
 * @module cli/acceptance
 * The `review-stars acceptance` sub-command (placeholder until implemented).
 */
import type { Command } from 'commander';

export function registerAcceptance(_program: Command): void {}

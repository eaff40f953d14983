/**
 * @module cli/users
 * The `review-stars users` sub-command (placeholder until implemented).
 */
import type { Command } from 'commander';

export function registerUsers(_program: Command): void {}

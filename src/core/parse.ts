/**
 * @module core/parse
 * Parsers for command-line option values: each checks its input and throws INVALID_ARGUMENT with
 * a message naming the flag, so that a typo never becomes a silently wrong run.
 */
import { ReviewStarsError } from './errors.js';

/** An integer in [min, max]; `flag` names the option in the error. */
export function parseInteger(flag: string, value: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^-?\d+$/.test(value.trim())) throw new ReviewStarsError('INVALID_ARGUMENT', `${flag} must be an integer, got ${JSON.stringify(value)}`);
  const n = Number(value);
  if (n < min || n > max) throw new ReviewStarsError('INVALID_ARGUMENT', `${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** A number strictly between 0 and 1. */
export function parseFraction(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n >= 1) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${flag} must be a number strictly between 0 and 1, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** One of the allowed words. */
export function parseChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${flag} must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** A comma-separated list of non-empty names. */
export function parseNameList(flag: string, value: string): string[] {
  const names = value.split(',').map((s) => s.trim());
  if (names.length === 0 || names.some((n) => n === '')) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${flag} must be a comma-separated list of names, got ${JSON.stringify(value)}`);
  }
  return [...new Set(names)];
}

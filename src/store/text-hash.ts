/**
 * @module store/text-hash
 * The SHA-256 of a review's normalised text: what the prediction log keeps instead of the text,
 * and what joins feedback given by text to the predictions of that text. Pure.
 */
import { createHash } from 'node:crypto';
import { normalizeText } from '../text/normalize.js';

/** Hex SHA-256 of the text after text/normalize (case, spacing and apostrophe variants do not matter). */
export function reviewTextHash(text: string): string {
  return createHash('sha256').update(normalizeText(text), 'utf8').digest('hex');
}

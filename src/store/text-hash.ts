/**
 * @module store/text-hash
 * The SHA-256 of a review's normalised text: what the prediction log keeps instead of the text,
 * and what joins feedback given by text to the predictions of that text. Pure.
 */
import * as crypto from 'node:crypto';
import { normalizeText } from '../text/normalize.js';

/** Hex SHA-256 of the text after text/normalize (case, spacing and apostrophe variants do not matter). */
export function reviewTextHash(text: string): string {
  return sha256Hex(normalizeText(text));
}

/** crypto.hash (Node 20.12+) is a third of createHash's cost on a review; older Node 20 takes the long way. */
const sha256Hex: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

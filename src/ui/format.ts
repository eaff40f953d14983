/**
 * @module ui/format
 * How numbers, ratings and times read on the page: one place, so every table and chart agrees.
 */

/** A share or probability with 3 decimals, e.g. 0.541. */
export const fixed3 = (x: number): string => x.toFixed(3);
/** A share as a percentage, e.g. 45%. */
export const percent = (x: number): string => `${Math.round(x * 100)}%`;
/** An integer with thousands separators. */
export const count = (n: number): string => n.toLocaleString('en');
/** "1 star", "4 stars". */
export const stars = (rating: number): string => `${rating} star${rating === 1 ? '' : 's'}`;
/** A short UTC time, e.g. 2026-12-04 07:00. */
export const time = (iso: string): string => iso.replace('T', ' ').slice(0, 16);
/** A signed weight, e.g. +1.710 or −4.739 (a real minus sign). */
export const signed = (x: number): string => `${x >= 0 ? '+' : '\u2212'}${Math.abs(x).toFixed(3)}`;
/** Where a model was trained. */
export const trainedOn = (branch: string | null): string => (branch === null ? 'all branches' : branch.replace(/^Disneyland_/, ''));

/** The ratings 1 to 5. */
export const RATINGS = [1, 2, 3, 4, 5] as const;

/**
 * @module ui/components/status-badge
 * A drift verdict as a word with a symbol and a colour (readable without the colour).
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';

const LOOK: Readonly<Record<string, { symbol: string; text: string }>> = {
  ok: { symbol: '\u2713', text: 'ok' },
  warn: { symbol: '!', text: 'warn' },
  drift: { symbol: '\u2715', text: 'drift' },
  not_enough_data: { symbol: '\u2026', text: 'not enough data' },
  no_reference: { symbol: '?', text: 'no reference' },
};

/** The badge of `status`. */
export function StatusBadge({ status }: { status: string }): VNode {
  const look = LOOK[status] ?? { symbol: '?', text: status };
  return html`<span class=${`badge ${status}`}><span aria-hidden="true">${look.symbol} </span>${look.text}</span>`;
}

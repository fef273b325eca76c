import { escapeHtml } from './escape.js';

/** One bar of a chart. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  /** A CSS colour; the accent colour when absent. */
  readonly color?: string;
}

const ROW = 22;
const LABEL_WIDTH = 230;
const BAR_WIDTH = 260;

/**
 * A horizontal bar chart as inline SVG: no script, no network, readable without CSS. Bars are
 * scaled to the largest value; each carries its value as text and a `<title>` for hovering.
 */
export function renderBarChart(title: string, bars: readonly Bar[], id: string): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(ROW, bars.length * ROW) + 8;
  const rows = bars.map((bar, i) => {
    const y = i * ROW + 4;
    const width = Math.round((bar.value / max) * BAR_WIDTH);
    const label = bar.label.length > 32 ? `${bar.label.slice(0, 31)}…` : bar.label;
    return [
      `<g class="bar" data-label="${escapeHtml(bar.label)}" data-value="${bar.value}">`,
      `<title>${escapeHtml(bar.label)}: ${bar.value}</title>`,
      `<text x="${LABEL_WIDTH - 6}" y="${y + 14}" text-anchor="end">${escapeHtml(label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 2}" width="${Math.max(width, bar.value > 0 ? 2 : 0)}" height="${ROW - 6}" fill="${bar.color ?? 'var(--accent)'}"/>`,
      `<text x="${LABEL_WIDTH + width + 6}" y="${y + 14}">${bar.value}</text>`,
      '</g>',
    ].join('');
  });
  const empty = bars.length === 0 ? `<text x="8" y="16">no findings</text>` : '';
  return [
    `<figure class="chart" id="${id}"><figcaption>${escapeHtml(title)}</figcaption>`,
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${LABEL_WIDTH + BAR_WIDTH + 60}" height="${height}">`,
    ...rows,
    empty,
    '</svg></figure>',
  ].join('');
}

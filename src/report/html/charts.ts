/**
 * The report's charts as inline SVG strings: no library, no script, no external asset, so the
 * page opens offline and a chart renders even with scripts blocked. Every label is escaped.
 */
import type { Rate } from '../../config/schema/index.js';
import { h } from './escape.js';
import { percent as pct } from '../../common/percent.js';
import { plural } from '../../common/plural.js';
import { shorten } from '../../common/shorten.js';

/** Drawing width of every chart, in SVG user units (the page scales it to the column). */
export const WIDTH = 560;
/** Left gutter for slice names in the bar chart. */
const LABEL_WIDTH = 170;
/** The charts' font size (12px, the page's style), and a text's height above its baseline and below it at that size. */
const FONT = 12;
const ASCENT = FONT * 0.8;
const DESCENT = FONT * 0.2;
/** Widths of a character at the charts' font, estimated: any character (~7.2 units), and a digit (tabular, ~0.556 em). */
const CHAR_WIDTH = 7.2;
const DIGIT_WIDTH = FONT * 0.556;
/** Characters of a slice name that fit the gutter; a longer name is cut, and shown whole in the bar's tooltip. */
const LABEL_CHARS = Math.floor((LABEL_WIDTH - 6) / CHAR_WIDTH);
const ROW_HEIGHT = 22;
const HIST_HEIGHT = 180;
/** Room above the tallest bar, at least: its count and, each on a row of its own above it, the marker labels (`histogramLayout`). */
const HIST_TOP = 34;
/** Height of a marker label's row, from the top of the chart: one row per marker, so no two labels meet. */
const MARKER_ROW = FONT + 2;
/** Space between a bar's top and its count's baseline. */
const COUNT_GAP = 3;
/** Bins of a histogram; few enough to read, enough to show a tail. */
const BINS = 12;

export interface SliceBar {
  label: string;
  rate: Rate;
  /** A threshold on this slice failed. */
  failed: boolean;
}

/** Horizontal bars of success rate per slice, with the 95% interval as a whisker. */
export function successBySliceChart(bars: SliceBar[]): string {
  const shown = bars.filter((b) => b.rate.value !== null);
  if (shown.length === 0) return emptyChart('success-chart', 'No slice had a judged case.');
  const plot = WIDTH - LABEL_WIDTH - 60;
  const height = shown.length * ROW_HEIGHT + 24;
  const x = (fraction: number) => LABEL_WIDTH + fraction * plot;
  const rows = shown.map((bar, i) => {
    const y = i * ROW_HEIGHT + 4;
    const value = bar.rate.value!;
    const whisker =
      bar.rate.low !== null && bar.rate.high !== null
        ? `<line class="whisker" x1="${x(bar.rate.low).toFixed(1)}" x2="${x(bar.rate.high).toFixed(1)}" y1="${y + 8}" y2="${y + 8}"/>`
        : '';
    return [
      `<g class="bar-row${bar.failed ? ' failed' : ''}">`,
      `<title>${h(`${bar.label}: ${pct(value)}% (${bar.rate.successes}/${bar.rate.n})`)}</title>`,
      `<text class="label" x="${LABEL_WIDTH - 6}" y="${y + 12}" text-anchor="end">${h(clip(bar.label, LABEL_CHARS))}</text>`,
      `<rect class="track" x="${LABEL_WIDTH}" y="${y + 2}" width="${plot}" height="12"/>`,
      `<rect class="bar" x="${LABEL_WIDTH}" y="${y + 2}" width="${Math.max(1, value * plot).toFixed(1)}" height="12"/>`,
      whisker,
      `<text class="value" x="${LABEL_WIDTH + plot + 6}" y="${y + 12}">${pct(value)}%</text>`,
      '</g>',
    ].join('');
  });
  const axis = [0, 0.5, 1]
    .map((t) => `<text class="tick" x="${x(t).toFixed(1)}" y="${height - 4}" text-anchor="middle">${pct(t)}%</text>`)
    .join('');
  return svg({ id: 'success-chart', height, label: 'Success rate by slice with 95% intervals', body: rows.join('') + axis });
}

export interface HistogramInput {
  id: string;
  label: string;
  values: number[];
  format: (value: number) => string;
  /** A finer format for the bins' edges, used when `format` reads two of them alike ("$0.03–$0.03"). */
  fine?: (value: number) => string;
  markers?: { label: string; value: number | null }[];
  empty: string;
}

/** A histogram of values (latencies, costs), with optional marker lines such as p50 and p95. */
export function histogramChart(input: HistogramInput): string {
  const { values, format } = input;
  if (values.length === 0) return emptyChart(input.id, input.empty);
  const min = Math.min(...values);
  const max = Math.max(...values);
  // One value has no spread to bin: one labelled bar, not bins of a range it does not have.
  if (min === max) return singleValueChart({ ...input, value: min });
  const span = max - min;
  const counts = new Array<number>(BINS).fill(0);
  for (const v of values) counts[Math.min(BINS - 1, Math.floor(((v - min) / span) * BINS))]!++;
  const { left, plot, base } = HIST_FRAME;
  const edges = binEdges({ min, span, format, fine: input.fine });
  const shown = (input.markers ?? []).filter((m): m is { label: string; value: number } => m.value !== null && m.value >= min && m.value <= max);
  const layout = histogramLayout({ counts, markers: shown.map((m) => ({ text: `${m.label} ${format(m.value)}`, at: (m.value - min) / span })) });
  const bars = layout.bins.map((bin, i) =>
    [
      '<g class="bin">',
      `<title>${h(`${edges[i]}–${edges[i + 1]}: ${counts[i]}`)}</title>`,
      `<rect class="bar" x="${bin.bar.x.toFixed(1)}" y="${bin.bar.y.toFixed(1)}" width="${bin.bar.width.toFixed(1)}" height="${bin.bar.height.toFixed(1)}"/>`,
      bin.count ? `<text class="count" x="${bin.count.x.toFixed(1)}" y="${bin.count.y.toFixed(1)}" text-anchor="middle">${bin.count.text}</text>` : '',
      '</g>',
    ].join(''),
  );
  const markers = layout.markers.map(
    (m) =>
      `<line class="marker" x1="${m.line.toFixed(1)}" x2="${m.line.toFixed(1)}" y1="4" y2="${base}"/>` +
      `<text class="marker-label" x="${m.x.toFixed(1)}" y="${m.y.toFixed(1)}" text-anchor="${m.anchor}">${h(m.text)}</text>`,
  );
  const axis =
    `<line class="axis" x1="${left}" x2="${left + plot}" y1="${base}" y2="${base}"/>` +
    `<text class="tick" x="${left}" y="${base + 16}">${h(format(min))}</text>` +
    `<text class="tick" x="${left + plot}" y="${base + 16}" text-anchor="end">${h(format(max))}</text>` +
    `<text class="tick" x="${left + plot / 2}" y="${base + 16}" text-anchor="middle">${plural(values.length, 'attempt')}</text>`;
  return svg({ id: input.id, height: HIST_HEIGHT, label: input.label, body: bars.join('') + markers.join('') + axis });
}

/** A text placed on a chart: its anchor point and the box it covers (estimated from its characters at the charts' font). */
export interface PlacedText {
  text: string;
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  box: { left: number; right: number; top: number; bottom: number };
}

/**
 * Where a histogram draws its bars, their counts and its markers (`at`: the marker's value as a
 * fraction of the range), so that no two labels meet: each marker label has a row of its own at
 * the top, and the bars are scaled to start below the last row with room for the tallest bar's
 * count, so every count (a shorter bar's sits lower) is below every marker label. Counts of
 * neighbouring bins fit their slots up to 6 digits (a bin of 100,000 attempts). Pure, for the tests.
 */
export function histogramLayout(input: { counts: readonly number[]; markers: readonly { text: string; at: number }[] }): {
  bins: { bar: { x: number; y: number; width: number; height: number }; count?: PlacedText }[];
  markers: (PlacedText & { line: number })[];
} {
  const { left, plot, base } = HIST_FRAME;
  const slot = plot / input.counts.length;
  const highest = Math.max(...input.counts);
  const top = Math.max(HIST_TOP, 4 + input.markers.length * MARKER_ROW + FONT + COUNT_GAP);
  const bins = input.counts.map((n, i) => {
    const height = highest === 0 ? 0 : (n / highest) * (base - top);
    const bar = { x: left + i * slot + 1, y: base - height, width: slot - 2, height: Math.max(n > 0 ? 1 : 0, height) };
    if (n === 0) return { bar };
    return { bar, count: placed({ text: String(n), x: left + i * slot + slot / 2, y: base - height - COUNT_GAP, anchor: 'middle', charWidth: DIGIT_WIDTH }) };
  });
  const markers = input.markers.map((m, i) => {
    const line = left + m.at * plot;
    // Labels near the right edge go to the left of their line so they stay inside the chart.
    const [dx, anchor] = line > left + plot * 0.7 ? [-3, 'end' as const] : [3, 'start' as const];
    return { ...placed({ text: m.text, x: line + dx, y: 4 + i * MARKER_ROW + ASCENT, anchor, charWidth: CHAR_WIDTH }), line };
  });
  return { bins, markers };
}

// Returns a text at (x, y) with the box it covers.
function placed(input: { text: string; x: number; y: number; anchor: PlacedText['anchor']; charWidth: number }): PlacedText {
  const width = input.text.length * input.charWidth;
  const start = input.anchor === 'start' ? input.x : input.anchor === 'middle' ? input.x - width / 2 : input.x - width;
  return { text: input.text, x: input.x, y: input.y, anchor: input.anchor, box: { left: start, right: start + width, top: input.y - ASCENT, bottom: input.y + DESCENT } };
}

/** The bins' edges as written: by `format`, or by `fine` when `format` reads two neighbours alike. */
function binEdges({ min, span, format, fine }: { min: number; span: number; format: (value: number) => string; fine: ((value: number) => string) | undefined }): string[] {
  const edges = Array.from({ length: BINS + 1 }, (_, i) => min + (span * i) / BINS);
  const coarse = edges.map(format);
  return fine !== undefined && coarse.some((text, i) => i > 0 && text === coarse[i - 1]) ? edges.map(fine) : coarse;
}

/** Where a histogram draws: left gutter, plot width and the baseline's y. */
const HIST_FRAME = { left: 36, plot: WIDTH - 36 - 10, base: HIST_HEIGHT - 28 };

// Returns the chart of attempts that all had one value: a single bar in the middle, the value
// written under it, and the markers at that value (the mean of equal costs is that cost) named on it.
function singleValueChart(input: HistogramInput & { value: number }): string {
  const { left, plot, base } = HIST_FRAME;
  const width = plot / BINS;
  const x = left + plot / 2;
  const n = input.values.length;
  const named = (input.markers ?? []).filter((m) => m.value === input.value).map((m) => m.label);
  const value = h(input.format(input.value));
  const body = [
    '<g class="bin">',
    `<title>${h(`${input.format(input.value)}: ${plural(n, 'attempt')}, all the same`)}</title>`,
    `<rect class="bar" x="${(x - width / 2).toFixed(1)}" y="${HIST_TOP}" width="${width.toFixed(1)}" height="${base - HIST_TOP}"/>`,
    `<text class="count" x="${x.toFixed(1)}" y="${HIST_TOP - 3}" text-anchor="middle">${n}</text>`,
    '</g>',
    named.length > 0 ? `<text class="marker-label" x="${(x + width / 2 + 4).toFixed(1)}" y="${HIST_TOP + 12}">${h(named.join(', '))} ${value}</text>` : '',
    `<line class="axis" x1="${left}" x2="${left + plot}" y1="${base}" y2="${base}"/>`,
    `<text class="tick" x="${x.toFixed(1)}" y="${base + 16}" text-anchor="middle">${value}: every one of ${plural(n, 'attempt')}</text>`,
  ];
  return svg({ id: input.id, height: HIST_HEIGHT, label: `${input.label}: every attempt ${input.format(input.value)}`, body: body.join('') });
}

// Returns a chart frame holding only a message.
export function emptyChart(id: string, message: string): string {
  return svg({ id, height: 40, label: message, body: `<text class="empty" x="8" y="24">${h(message)}</text>` });
}

// Returns the <svg> element around a chart body.
export function svg(input: { id: string; height: number; label: string; body: string }): string {
  return `<svg id="${h(input.id)}" class="chart" role="img" aria-label="${h(input.label)}" viewBox="0 0 ${WIDTH} ${input.height}" width="${WIDTH}" height="${input.height}" preserveAspectRatio="xMinYMin meet">${input.body}</svg>`;
}


// Returns text cut to n characters with an ellipsis.
function clip(text: string, n: number): string {
  return shorten(text, n);
}

/** A metric over runs as an inline SVG line chart: one point per run, the threshold as a dashed line. */
import { emptyChart, svg, WIDTH } from './charts.js';
import { h } from './escape.js';

const HEIGHT = 180;
const LEFT = 56;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 30;

export interface LinePoint {
  /** Shown under the point (a date) and in its tooltip. */
  label: string;
  value: number | null;
}

/**
 * The points left to right in the order given; a run with no value is a grey dot on the axis.
 * `fraction` metrics keep a 0–1 axis so a drop is never exaggerated; others fit their values.
 */
export function lineChart(input: { id: string; label: string; points: LinePoint[]; format: (value: number) => string; fraction: boolean; marker?: { label: string; value: number } }): string {
  const values = input.points.map((p) => p.value).filter((v): v is number => v !== null);
  if (values.length === 0) return emptyChart(input.id, 'No run had a value for this metric.');
  const [low, high] = input.fraction ? [0, 1] : axisRange([...values, ...(input.marker ? [input.marker.value] : [])]);
  const plot = { width: WIDTH - LEFT - RIGHT, height: HEIGHT - TOP - BOTTOM };
  const x = (i: number) => LEFT + (input.points.length === 1 ? plot.width / 2 : (i / (input.points.length - 1)) * plot.width);
  const y = (v: number) => TOP + plot.height - ((v - low) / (high - low)) * plot.height;
  const base = TOP + plot.height;
  const path = input.points
    .map((p, i) => (p.value === null ? null : `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`))
    .filter((point): point is string => point !== null)
    .join(' ');
  const points = input.points.map((p, i) =>
    p.value === null
      ? `<circle class="point null" cx="${x(i).toFixed(1)}" cy="${base}" r="3"><title>${h(`${p.label}: no data`)}</title></circle>`
      : `<circle class="point" cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3.5"><title>${h(`${p.label}: ${input.format(p.value)}`)}</title></circle>`,
  );
  const marker = input.marker && input.marker.value >= low && input.marker.value <= high
    ? `<line class="marker" x1="${LEFT}" x2="${LEFT + plot.width}" y1="${y(input.marker.value).toFixed(1)}" y2="${y(input.marker.value).toFixed(1)}"/>` +
      `<text class="marker-label" x="${LEFT + plot.width}" y="${(y(input.marker.value) - 3).toFixed(1)}" text-anchor="end">${h(input.marker.label)}</text>`
    : '';
  const first = input.points[0]!.label;
  const last = input.points.at(-1)!.label;
  const axis =
    `<line class="axis" x1="${LEFT}" x2="${LEFT + plot.width}" y1="${base}" y2="${base}"/>` +
    `<text class="tick" x="${LEFT - 6}" y="${(y(high) + 4).toFixed(1)}" text-anchor="end">${h(input.format(high))}</text>` +
    `<text class="tick" x="${LEFT - 6}" y="${(y(low) + 4).toFixed(1)}" text-anchor="end">${h(input.format(low))}</text>` +
    `<text class="tick" x="${LEFT}" y="${base + 18}">${h(first)}</text>` +
    (input.points.length > 1 ? `<text class="tick" x="${LEFT + plot.width}" y="${base + 18}" text-anchor="end">${h(last)}</text>` : '');
  return svg({ id: input.id, height: HEIGHT, label: input.label, body: `${marker}<polyline class="line" points="${path}"/>${points.join('')}${axis}` });
}

// Returns an axis range around the values with a little room, widened around a single value.
function axisRange(values: number[]): [number, number] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (max === min) return [Math.max(0, min - (Math.abs(min) / 2 || 1)), max + (Math.abs(max) / 2 || 1)];
  const pad = (max - min) * 0.1;
  return [Math.max(0, min - pad), max + pad];
}

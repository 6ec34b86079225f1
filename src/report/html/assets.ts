/**
 * The page's inline stylesheet and its one script. The script only filters the case list: it
 * reads `data-` attributes and toggles `hidden`, and never builds markup from data, so nothing
 * the agent wrote can become code. The page's Content-Security-Policy allows this script by
 * its hash and nothing else, and no network at all.
 */
import { createHash } from 'node:crypto';
import { h } from './escape.js';

export const STYLE = `
:root { --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#fff; --soft:#f6f8fa; --ok:#1a7f37; --bad:#cf222e; --warn:#9a6700; --bar:#0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 14px 0 6px; }
.verdict { padding: 12px 16px; border-radius: 6px; font-weight: 600; font-size: 16px; }
.verdict.pass { background: #dafbe1; color: var(--ok); } .verdict.fail { background: #ffebe9; color: var(--bad); } .verdict.none { background: var(--soft); color: var(--muted); }
.meta { color: var(--muted); margin: 6px 0 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.failed td { color: var(--bad); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 16px; }
figure { margin: 0; padding: 8px; border: 1px solid var(--line); border-radius: 6px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { width: 100%; height: auto; display: block; font-size: 12px; }
svg .track { fill: var(--soft); } svg .bar { fill: var(--bar); } svg .failed .bar { fill: var(--bad); }
svg .whisker { stroke: var(--fg); stroke-width: 1.5; } svg .label, svg .value, svg .tick, svg .count { fill: var(--fg); }
svg .tick, svg .count { fill: var(--muted); } svg .axis { stroke: var(--line); } svg .marker { stroke: var(--warn); stroke-dasharray: 4 3; }
svg .marker-label { fill: var(--warn); } svg .empty { fill: var(--muted); }
svg .line { fill: none; stroke: var(--bar); stroke-width: 2; } svg .point { fill: var(--bar); } svg .point.null { fill: var(--muted); }
.filters { display: flex; gap: 8px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.filters input { flex: 1; min-width: 220px; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
.filters select { padding: 6px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
details.case { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; }
details.case > summary { cursor: pointer; padding: 6px 10px; display: flex; gap: 10px; align-items: baseline; }
details.case[open] > summary { border-bottom: 1px solid var(--line); background: var(--soft); }
.case-body { padding: 6px 12px 10px; }
.status { font-weight: 600; text-transform: uppercase; font-size: 11px; padding: 1px 6px; border-radius: 4px; }
.status.passed { background: #dafbe1; color: var(--ok); } .status.failed { background: #ffebe9; color: var(--bad); }
.status.error { background: #fff8c5; color: var(--warn); } .status.skipped { background: var(--soft); color: var(--muted); }
.why { color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; flex: 1; }
pre { background: var(--soft); padding: 8px; border-radius: 6px; white-space: pre-wrap; word-break: break-word; margin: 4px 0; font-size: 12px; }
code { font-size: 12px; } .muted { color: var(--muted); }
.description { white-space: pre-wrap; word-break: break-word; }
[hidden] { display: none !important; }
`;

export const SCRIPT = `(() => {
  const text = document.getElementById('filter');
  const status = document.getElementById('status');
  const shown = document.getElementById('shown');
  const cases = Array.from(document.querySelectorAll('details.case'));
  const apply = () => {
    const q = text.value.trim().toLowerCase();
    const s = status.value;
    let n = 0;
    for (const c of cases) {
      const ok = (s === 'all' || (s === 'failing' ? c.dataset.status === 'failed' || c.dataset.status === 'error' : c.dataset.status === s))
        && (q === '' || c.dataset.search.includes(q));
      c.hidden = !ok;
      if (ok) n++;
    }
    shown.textContent = n + ' of ' + cases.length + ' cases';
  };
  text.addEventListener('input', apply);
  status.addEventListener('change', apply);
  apply();
})();`;

/** The CSP source that allows exactly SCRIPT. */
export const SCRIPT_HASH = `'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'`;

/** No fetch of any kind; inline styles; only our script. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'unsafe-inline'; script-src ${SCRIPT_HASH}; img-src data:; base-uri 'none'; form-action 'none'`;

/** A whole page around `main`'s content: the policy, the stylesheet, and the script when the page needs it. */
export function htmlPage(input: { title: string; main: string; script?: boolean }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${h(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${input.main}
</main>
${input.script ? `<script>${SCRIPT}</script>\n` : ''}</body>
</html>
`;
}

/**
 * HTML escaping for the report page. Agent text is untrusted: every value placed in the page
 * goes through `h` (element text and quoted attribute values alike), after control characters
 * are made visible, so `<script>` in an agent's output is shown as text and never parsed as markup.
 */
import { neutralize } from '../../common/sanitize.js';
import { cutCounted } from '../../common/shorten.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` escaped for HTML element content or a double-quoted attribute value. */
export function h(text: string): string {
  return neutralize(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A JSON value as indented text, cut at `max` characters, escaped for HTML. */
export function hJson(value: unknown, max = 4000): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? String(value));
  return h(cutCounted(text, max));
}

/**
 * PII and secret redaction (SPEC §9) for everything agentready writes or prints.
 *
 * Hand-written rather than a dependency: the npm options are either heavy (WASM engines,
 * hundreds of patterns, OCR), unmaintained forks, or lack what a release gate needs most —
 * checksum validation (Luhn for cards, mod-97 for IBANs) so that order ids, amounts, dates and
 * trace ids survive, and a test for each negative. Each rule is one regex plus, where the
 * format has one, a checksum. Rules run in order: the most specific shapes first, so a card
 * number is never half-eaten by the phone rule and `user:pass@host` is not read as an email.
 */

export const PLACEHOLDER = Object.freeze({
  email: '[email]',
  card: '[card]',
  secret: '[secret]',
  credentials: '[credentials]',
  phone: '[phone]',
  iban: '[iban]',
  ssn: '[ssn]',
});

type Rule = { pattern: RegExp; replace: (match: string, ...groups: string[]) => string };

/** Secrets and credentials: what no file may keep, even one that must replay faithfully (a cassette). */
const SECRET_RULES: readonly Rule[] = [
  // PEM private key blocks.
  {
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
    replace: () => PLACEHOLDER.secret,
  },
  // https://user:pass@host → https://[credentials]@host
  {
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi,
    replace: (_m, scheme = '') => `${scheme}${PLACEHOLDER.credentials}@`,
  },
  // JWT: three base64url parts, the first two JSON objects ("eyJ" is `{"`).
  {
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/g,
    replace: () => PLACEHOLDER.secret,
  },
  // Bearer <token>; short all-letter words are prose ("Bearer tokens are …"), not tokens.
  {
    pattern: /\b(Bearer\s+)([A-Za-z0-9\-._~+/]{8,}=*)/gi,
    replace: (match, prefix = '', token = '') =>
      /\d/.test(token) || token.length >= 20 ? `${prefix}${PLACEHOLDER.secret}` : match,
  },
  // Vendor key prefixes: OpenAI/Anthropic/Stripe sk-/sk_/rk_, AWS access key ids,
  // GitHub tokens, Slack tokens, Google API keys.
  {
    pattern:
      /\b(?:(?:sk|rk)[-_][A-Za-z0-9_-]{16,}|(?:AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[bpars]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35})\b/g,
    replace: () => PLACEHOLDER.secret,
  },
  // api_key=…, "password": "…", secret: … — the value after a secret-named key.
  {
    pattern:
      /\b((?:api[_-]?key|apikey|access[_-]?key|secret(?:[_-]?access)?[_-]?key|client[_-]?secret|secret|password|passwd|pwd|access[_-]?token|auth[_-]?token|refresh[_-]?token|token)["']?\s*[:=]\s*["']?)([^\s"'&,;}]+)/gi,
    replace: (_m, prefix = '') => `${prefix}${PLACEHOLDER.secret}`,
  },
];

const RULES: readonly Rule[] = [
  ...SECRET_RULES,
  {
    pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g,
    replace: () => PLACEHOLDER.email,
  },
  // IBAN: country, check digits, 11–30 alphanumerics, optionally in groups of four.
  {
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g,
    replace: (match) => (isIban(match) ? PLACEHOLDER.iban : match),
  },
  // Card numbers: 13–19 digits, issuer prefix 2–6 (so ms timestamps starting with 1 are
  // spared), spaces or dashes between, Luhn-valid. Not part of a longer dashed or dotted id.
  {
    pattern: /(?<![\w.-])[2-6](?:[ -]?\d){12,18}(?![\w-]|\.\d)/g,
    replace: (match) => (luhnValid(match.replace(/\D/g, '')) ? PLACEHOLDER.card : match),
  },
  // US SSN, dashed form only (a bare 9-digit number is more often an id).
  {
    pattern: /(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])/g,
    replace: () => PLACEHOLDER.ssn,
  },
  // International (+ and 8–15 digits, separators allowed) and North American formats.
  {
    pattern: /(?<![\w+])\+[1-9](?:[ .-]?\(?\d\)?){7,14}(?![\w-])/g,
    replace: (match) => (digitCount(match) <= 15 ? PLACEHOLDER.phone : match),
  },
  {
    pattern: /(?<![\w+(.-])(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w-]|\.\d)/g,
    replace: () => PLACEHOLDER.phone,
  },
];

/**
 * Matches wherever any of `rules` might: one pass that clears most strings (ids, statuses, prose)
 * without running every rule. Case-insensitive, so a superset of the rules it joins.
 */
function anyOf(rules: readonly Rule[]): RegExp {
  // The joined pattern keeps only `i`: a rule needing another flag (s, m, u, y) would slip past it.
  for (const rule of rules) if (/[^gi]/.test(rule.pattern.flags)) throw new Error(`redact: rule /${rule.pattern.source}/ has flags the joined pattern cannot keep`);
  return new RegExp(rules.map((rule) => `(?:${rule.pattern.source})`).join('|'), 'i');
}
const ANY_RULE = anyOf(RULES);
const ANY_SECRET = anyOf(SECRET_RULES);

/** `text` with every recognised secret and PII replaced by a placeholder such as `[email]`. */
export function redact(text: string): string {
  return applyRules(text, RULES, ANY_RULE);
}

/** `text` with secrets and credentials replaced, PII kept: for files that must replay what the agent saw. */
export function redactSecrets(text: string): string {
  return applyRules(text, SECRET_RULES, ANY_SECRET);
}

// Returns `text` with each of `rules` applied in order, when the joined pattern says any may match.
function applyRules(text: string, rules: readonly Rule[], any: RegExp): string {
  if (!any.test(text)) return text;
  let out = text;
  for (const rule of rules) out = out.replace(rule.pattern, rule.replace as (m: string, ...a: unknown[]) => string);
  return out;
}

/** Object keys whose whole value is a secret, whatever it looks like: `{ "password": "hunter2" }`. */
const SECRET_KEY =
  /^(?:.*[_-])?(?:api[_-]?key|apikey|access[_-]?key|secret|client[_-]?secret|password|passwd|pwd|token|access[_-]?token|auth[_-]?token|refresh[_-]?token|authorization|cookie|private[_-]?key)$/i;

/** A copy of a JSON value with every string redacted and secret-named keys' values replaced; structure and keys kept. */
export function redactDeep<T>(value: T): T {
  return walk(value, redact) as T;
}

/** Like redactDeep, for secrets and credentials only (`redactSecrets`). */
export function redactSecretsDeep<T>(value: T): T {
  return walk(value, redactSecrets) as T;
}

// Returns the copy of one JSON value with `text` applied to every string.
function walk(value: unknown, text: (s: string) => string): unknown {
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, text));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      out[key] = SECRET_KEY.test(key) && (typeof child === 'string' || typeof child === 'number') ? PLACEHOLDER.secret : walk(child, text);
    }
    return out;
  }
  return value;
}

// Returns whether a digit string passes the Luhn checksum used by every card network.
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Returns whether a candidate passes the IBAN mod-97 check (ISO 13616).
function isIban(candidate: string): boolean {
  const compact = candidate.replace(/ /g, '');
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' && char <= 'Z' ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

// Returns how many digits a string holds.
function digitCount(text: string): number {
  return text.replace(/\D/g, '').length;
}

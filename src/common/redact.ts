/**
 * PII and secret redaction (SPEC §9) for everything agentready writes or prints.
 *
 * Phone numbers are found by libphonenumber-js (phone.ts): numbering plans of every country are
 * data, not patterns to keep by hand. The rest is hand-written rather than a dependency: the npm
 * PII packages are heavy (WASM engines, hundreds of patterns, OCR, peer dependencies on web
 * frameworks), unmaintained forks, or lack what a release gate needs most — checksum validation
 * (Luhn for cards, mod-97 for IBANs) so that order ids, amounts, dates and trace ids survive;
 * the maintained secret scanner (secretlint) needs Node 22, is asynchronous and works on files,
 * not on one value at a time. Each rule is one regex plus, where the format has one, a checksum;
 * test/unit/common/pii-corpus.ts measures them on PII of 16 kinds and on look-alikes. Rules run
 * in order: the most specific shapes first, so a card number is never half-eaten by the phone
 * rule and `user:pass@host` is not read as an email.
 */
import { PHONE_HINT, redactPhoneNumbers } from './phone.js';

export const PLACEHOLDER = Object.freeze({
  email: '[email]',
  card: '[card]',
  secret: '[secret]',
  credentials: '[credentials]',
  phone: '[phone]',
  iban: '[iban]',
  ssn: '[ssn]',
  nino: '[nino]',
});

/** A regex with its replacement, or a cheap hint (a superset of what it finds) with a function that redacts the whole text. */
type Rule = { pattern: RegExp; replace: (match: string, ...groups: string[]) => string } | { pattern: RegExp; apply: (text: string) => string };

/** Names of keys whose value is a secret, inside a longer name too (AWS_SECRET_ACCESS_KEY, x-api-key, _authToken). */
const SECRET_KEY_NAMES =
  'api[_-]?key|apikey|access[_-]?key|account[_-]?key|secret(?:[_-]?access)?[_-]?key|client[_-]?secret|signing[_-]?secret|secret|password|passwd|pwd|passphrase|(?:access|auth|refresh|session|id)[_-]?token|token|authorization|private[_-]?key';

const RULES: readonly Rule[] = [
  // PEM private key blocks (RSA, EC, OPENSSH, PKCS#8, PGP …), also JSON-escaped; one cut before its END line up to where its base64 stops.
  {
    pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s\\]*)/g,
    replace: () => PLACEHOLDER.secret,
  },
  // https://user:pass@host → https://[credentials]@host (up to the last @ of the authority: passwords hold @ too).
  {
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]+@/gi,
    replace: (_m, scheme = '') => `${scheme}${PLACEHOLDER.credentials}@`,
  },
  // JWT: three base64url parts, the first two JSON objects ("eyJ" is `{"`); unsigned ones end at the second dot.
  {
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.(?:[A-Za-z0-9_-]{10,})?/g,
    replace: () => PLACEHOLDER.secret,
  },
  // Bearer <token>; short all-letter words are prose ("Bearer tokens are …"), not tokens.
  {
    pattern: /\b(Bearer\s+)([A-Za-z0-9\-._~+/]{8,}=*)/gi,
    replace: (match, prefix = '', token = '') =>
      /\d/.test(token) || token.length >= 20 ? `${prefix}${PLACEHOLDER.secret}` : match,
  },
  // Chat webhooks: the path after the host is the secret.
  {
    pattern: /\b((?:hooks\.slack\.com\/(?:services|workflows|triggers)|discord(?:app)?\.com\/api\/webhooks)\/)[A-Za-z0-9_/-]+/g,
    replace: (_m, prefix = '') => `${prefix}${PLACEHOLDER.secret}`,
  },
  // Vendor key prefixes: OpenAI/Anthropic/OpenRouter/Stripe sk-/sk_/rk_, Hugging Face, Groq, Replicate,
  // Perplexity, xAI; AWS key ids, Google API and OAuth keys, DigitalOcean; GitHub, GitLab, npm, PyPI;
  // Slack, Telegram and Discord bot tokens; Stripe webhooks, SendGrid, Twilio, Shopify, Mailgun,
  // Mailchimp, Linear, Square, Atlassian.
  {
    pattern:
      /\b(?:(?:sk|rk)[-_][A-Za-z0-9_-]{16,}|hf_[A-Za-z]{30,}|gsk_[A-Za-z0-9]{40,}|r8_[A-Za-z0-9]{30,}|pplx-[A-Za-z0-9]{40,}|xai-[A-Za-z0-9]{60,}|(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|ya29\.[0-9A-Za-z_-]{20,}|do[opr]_v1_[a-f0-9]{64}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|gl(?:pat|dt|rt|ptt|soat)-[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{36}|pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}|(?:xoxe\.)?xox[a-z]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,}|\d{8,10}:AA[A-Za-z0-9_-]{33}|[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}|whsec_[A-Za-z0-9+/]{24,}|SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}|SK[0-9a-fA-F]{32}|shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}|key-[0-9a-f]{32}|[0-9a-f]{32}-us\d{1,2}|lin_api_[A-Za-z0-9]{40}|sq0(?:atp|csp)-[A-Za-z0-9_-]{22,}|ATATT3[A-Za-z0-9_=-]{50,})\b/g,
    replace: () => PLACEHOLDER.secret,
  },
  // api_key=…, "password": "…", AWS_SECRET_ACCESS_KEY: …, Authorization: Basic … — the value after a
  // secret-named key; a quoted value whole, spaces and all.
  {
    pattern: new RegExp(
      `((?:${SECRET_KEY_NAMES})["']?\\s*[:=]\\s*(?:(?:Basic|Bearer|Token|Digest)\\s+)?)("(?:[^"\\\\\\r\\n]|\\\\.)+"|'[^'\\r\\n]+'|[^\\s"'&,;}]+)`,
      'gi',
    ),
    replace: (_m, prefix = '', value = '') => {
      const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
      return `${prefix}${quote}${PLACEHOLDER.secret}${quote}`;
    },
  },
  // Emails, the local part plain or quoted ("john smith"@example.com).
  {
    pattern: /(?:"[^"\r\n@]{1,64}"|\b[A-Za-z0-9._%+-]+)@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g,
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
  // US SSN, dashed or spaced (a bare 9-digit number is more often an id).
  {
    pattern: /(?<![\w-]|\d )(?!000|666|9\d\d)\d{3}(?:-(?!00)\d{2}-|\s(?!00)\d{2}\s)(?!0000)\d{4}(?![\w-]|\s\d)/g,
    replace: () => PLACEHOLDER.ssn,
  },
  // UK National Insurance number: two prefix letters HMRC allocates, six digits, suffix A–D; spaced or not.
  {
    pattern: /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/gi,
    replace: () => PLACEHOLDER.nino,
  },
  // Phone numbers of any country, by libphonenumber (phone.ts).
  { pattern: PHONE_HINT, apply: (text) => redactPhoneNumbers(text, PLACEHOLDER.phone) },
  // Left by the matcher (an unallocated or fictional range): + and 8–15 digits, and North American shapes.
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
 * Matches wherever any rule might: one pass that clears most strings (ids, statuses, prose)
 * without running every rule. Case-insensitive, so a superset of the rules it joins.
 */
const ANY_RULE = new RegExp(RULES.map((rule) => `(?:${rule.pattern.source})`).join('|'), 'i');
// The joined pattern keeps only `i`: a rule needing another flag (s, m, u, y) would slip past it.
for (const rule of RULES) if (/[^gi]/.test(rule.pattern.flags)) throw new Error(`redact: rule /${rule.pattern.source}/ has flags ANY_RULE cannot keep`);

/** `text` with every recognised secret and PII replaced by a placeholder such as `[email]`. */
export function redact(text: string): string {
  if (!ANY_RULE.test(text)) return text;
  let out = text;
  for (const rule of RULES) {
    out = 'apply' in rule ? rule.apply(out) : out.replace(rule.pattern, rule.replace as (m: string, ...a: unknown[]) => string);
  }
  return out;
}

/** Object keys whose whole value is a secret, whatever it looks like: `{ "password": "hunter2" }`. */
const SECRET_KEY =
  /^(?:.*[_-])?(?:api[_-]?key|apikey|access[_-]?key|secret|client[_-]?secret|password|passwd|pwd|token|access[_-]?token|auth[_-]?token|refresh[_-]?token|authorization|cookie|private[_-]?key)$/i;

/** A copy of a JSON value with every string redacted and secret-named keys' values replaced; structure and keys kept. */
export function redactDeep<T>(value: T): T {
  return walk(value) as T;
}

// Returns the redacted copy of one JSON value.
function walk(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(walk);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      out[key] = SECRET_KEY.test(key) && (typeof child === 'string' || typeof child === 'number') ? PLACEHOLDER.secret : walk(child);
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

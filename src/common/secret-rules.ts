/**
 * The shape of a redaction rule, and the rules for secrets and credentials (redact.ts runs them first,
 * and alone where a file must replay faithfully: `redactSecrets`).
 */
import type { Span } from './phone.js';
import { PLACEHOLDER } from './placeholders.js';
import { jsonValueSpans } from './json-value-spans.js';
import { NO_CREDENTIAL_BEFORE_TOKEN } from './key-names.js';

/**
 * `hint`: a cheap regex (mostly literals) that matches wherever the rule might, tested before it;
 * then a regex with its replacement (the match itself when it is not what the rule looks for; given
 * the groups, then the match's offset and the whole text, as String.prototype.replace gives them), or
 * a function that finds the spans to replace with `placeholder`.
 */
export type Rule = { hint: RegExp } & ({ pattern: RegExp; replace: (match: string, ...groups: string[]) => string } | { find: (text: string) => Span[]; placeholder: string });

/**
 * Names of keys whose value is a secret, inside a longer name too (AWS_SECRET_ACCESS_KEY, x-api-key, _authToken; AWS Secrets
 * Manager's SecretString and SecretBinary).
 * Passwords' apart: their unquoted value may be a passphrase of several words. `pw` only where no letter is
 * before it (DB_PW, not cpw); `pass` only at the end of a longer name (DB_PASS, smtp-pass): a bare `pass:` is
 * a test's result (agentready's own checks write `"pass": false`), and `pass` begins passenger, passed ….
 */
const PASSWORD_KEY_NAMES = 'password|passwd|pwd|passphrase|(?<![A-Za-z])pw|(?<=[A-Za-z0-9][_-])pass';
const SECRET_KEY_NAMES =
  'api[_-]?key|apikey|access[_-]?key|account[_-]?key|secret(?:[_-]?access)?[_-]?key|client[_-]?secret|signing[_-]?secret|secret(?:[_-]?(?:string|binary))?|(?:access|auth|refresh|session|id)[_-]?token|token|authorization|private[_-]?key';

/**
 * Between a secret's name and its value: a closing quote (escaped or not), `:` or `=`, an auth scheme — on
 * one line: a name with nothing after it (`password:` at a line's end) has no value, and the next line is not one.
 */
const KEY_VALUE_SEPARATOR = '(?:\\\\*["\'])?[ \\t]*[:=][ \\t]*(?:(?:Basic|Bearer|Token|Digest)[ \\t]+)?';
/** A value in quotes, whole: JSON-escaped once or more (\\"…\\", \\\\\\"…\\\\\\"), plain double or single quotes. */
const QUOTED_VALUE = '\\\\+"(?:[^"\\\\\\r\\n]|\\\\+[^"\\\\])*\\\\+"|"(?:[^"\\\\\\r\\n]|\\\\.)+"|\'[^\'\\r\\n]+\'';
/**
 * An unquoted word of a value: up to a space, a quote, `&`, `,`, `;`, `}` or an escaped quote, and then before all the
 * backslashes that escape it: a quote escaped again (backslash, backslash, backslash, quote) is one escape. A word that
 * took the first of them left the rest escaping something else, and JSON text the agent printed broken (a value ending
 * in a backslash before its closing quote wrote `[secret]\"`). Up to 16 backslashes (redact-view.ts's JSON_SPACE): a
 * bound, so that a long run of backslashes is read in linear time.
 */
const VALUE_WORD = '(?:[^\\s"\'&,;}\\\\]|\\\\(?!\\\\{0,16}["\']))+';
/**
 * A word of a passphrase: also up to an escaped newline or tab of JSON text (`\n`, `\t`, marked as redact-view.ts's
 * `markedSpaces` marks them), before all its backslashes too: `Pw:` then a newline escaped twice (backslash, backslash,
 * n) took one backslash as the password and wrote `Pw:[secret]\n`, a newline escaped once.
 */
const PASSPHRASE_WORD = '(?:[^\\s"\'&,;}\\\\]|\\\\(?!\\\\{0,16}["\'\\x10-\\x17]))+';

/**
 * Where a JSON object or list opens (`{"`, `{}`, `["`, `[1`, `[{`, `[]`, spaces or a line's end between), or a JavaScript one as
 * Node prints it (`{ value: 'x' }`, `[ 'k-1' ]`, `{value: x}`): its values are the rule before's (`wrappedSecretSpans`).
 * `[hunter2]` and `{name}` are no list or object: a word. JSON-escaped text (`{\\"value\\": …}`) is left to the word.
 */
const JSON_OPENED = String.raw`(?:\{[ \t\r\n]*(?:["'}]|[A-Za-z_$][\w$]*[ \t]*:)|\[[ \t\r\n]*["'\d{[\]-])`;
const NOT_JSON_OPENED = `(?!${JSON_OPENED})`;
/** Where a secret's name and its separator may be: the hint of the two rules that read what follows. */
const SECRET_NAME_HINT = /(?:key|secret(?:[_-]?(?:string|binary))?|passw(?:or)?d|pwd|passphrase|pw|pass|token|authorization)(?:\\*["'])?\s*[:=]/i;
/** A secret's name, its separator (no escaped quote) and a JSON object or list opening: `wrappedSecretSpans` reads what follows. */
const WRAPPED_SECRET = new RegExp(`(?:${PASSWORD_KEY_NAMES}|${SECRET_KEY_NAMES})["']?[ \\t]*[:=][ \\t]*(?=${JSON_OPENED})`, 'gi');

// Returns the spans of the values of each JSON object or list that follows a secret's name in `text` (json-value-spans.ts).
function wrappedSecretSpans(text: string): Span[] {
  const spans: Span[] = [];
  // Most texts with a secret's name hold no object or list after a separator: one scan of literals says so.
  if (!/[:=][ \t]*[{[]/.test(text)) return spans;
  WRAPPED_SECRET.lastIndex = 0;
  for (let found = WRAPPED_SECRET.exec(text); found !== null; found = WRAPPED_SECRET.exec(text)) {
    const read = jsonValueSpans(text, found.index + found[0].length);
    spans.push(...read.spans);
    WRAPPED_SECRET.lastIndex = read.end;
  }
  return spans;
}

/** An unquoted value after a secret's name that is a word of prose, not a secret: 1–12 lowercase letters. */
const PROSE_WORD = /^[a-z]{1,12}$/;
/**
 * An unquoted value after a machine secret's name and a colon that is a status code HTTP defines: an agent quoting a
 * refused call (`token: 401 {…}`, `refresh_token: 400 Bad Request`), not a secret. Assigned (`api_key=123`) or any
 * other number (`client_secret: 123`, `token: 7`) it is the secret, however short; after a password's name, any value.
 */
const HTTP_STATUS = /^(?:10[0-3]|20[0-8]|226|30[0-8]|4(?:0\d|1[0-8]|2[1-689]|31|51)|50[0-8]|51[01])$/;
/**
 * After a machine secret's name and a colon, a number and a unit of time is a duration written in prose
 * (`session token: 15 minutes`), not a secret. Assigned (`access_token=900 seconds`) the number is the value.
 */
const DURATION_AFTER = /^[ \t]+(?:ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?)(?![\p{L}\p{N}_])/u;
/** An unquoted value that is a flag (`password: true` in a config: password sign-in is on), not a secret. */
const FLAG = /^(?:true|false|null)$/i;

/** A card's security code's or a PIN's name, its separator on its line, and an opening quote: `cvv: `, `"pin": "`, `card_pin=`. */
const CODE_NAME = '(?:cvv2?|cvc2?|pin(?:[_-]?code)?)(?:\\\\*["\'])?[ \\t]*[:=][ \\t]*(?:\\\\*["\'])?';

/** Secrets and credentials: what no file may keep, even one that must replay faithfully (a cassette). */
export const SECRET_RULES: readonly Rule[] = [
  // PEM private key blocks (RSA, EC, OPENSSH, PKCS#8, PGP …), also JSON-escaped; one cut before its END line up to where its base64 stops
  // (its escaped newlines read as they are, or as an evasion view or a marked text reads them, `\0` or a marker, \x10–\x17: redact-view.ts).
  {
    hint: /-----BEGIN /,
    pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s\\\0\x10-\x17]*)/g,
    replace: () => PLACEHOLDER.secret,
  },
  // https://user:pass@host → https://[credentials]@host (up to the last @ of the authority: passwords hold @ too).
  {
    hint: /:\/\//,
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]+@/gi,
    replace: (_m, scheme = '') => `${scheme}${PLACEHOLDER.credentials}@`,
  },
  // JWT: three base64url parts, the first two JSON objects ("eyJ" is `{"`); unsigned ones end at the second dot.
  {
    hint: /eyJ/,
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.(?:[A-Za-z0-9_-]{10,})?/g,
    replace: () => PLACEHOLDER.secret,
  },
  // Bearer <token>; short all-letter words are prose ("Bearer tokens are …"), not tokens.
  {
    hint: /bearer/i,
    pattern: /\b(Bearer\s+)([A-Za-z0-9\-._~+/]{8,}=*)/gi,
    // eslint-disable-next-line @typescript-eslint/max-params -- String.prototype.replace's replacer signature (match, ...groups)
    replace: (match, prefix = '', token = '') =>
      /\d/.test(token) || token.length >= 20 ? `${prefix}${PLACEHOLDER.secret}` : match,
  },
  // Chat webhooks: the path after the host is the secret.
  {
    hint: /hooks\.slack\.com|\/api\/webhooks\//,
    pattern: /\b((?:hooks\.slack\.com\/(?:services|workflows|triggers)|discord(?:app)?\.com\/api\/webhooks)\/)[A-Za-z0-9_/-]+/g,
    replace: (_m, prefix = '') => `${prefix}${PLACEHOLDER.secret}`,
  },
  // The signature of a signed URL: Azure's SAS `sig=`, S3's `X-Amz-Signature=`, Cloud Storage's `X-Goog-Signature=`, a
  // `signature=`: a query parameter (after `?` or `&`), up to the next parameter. Whoever has an Azure SAS URL has the blob
  // until it expires; the others' credential ids are redacted above, their signatures are secrets all the same. So is
  // an API key passed as `key=` or Azure's `subscription-key=` in a URL (a bare `key:` elsewhere is prose: `primary key: id`).
  {
    hint: /[?&](?:sig|signature|x-amz-signature|x-goog-signature|key|subscription-key)=/i,
    pattern: /([?&](?:sig|signature|x-amz-signature|x-goog-signature|key|subscription-key)=)[^&#\s"'<>\\]+/gi,
    // A colon that ends the URL's clause (`…?key=abc123: the connection was refused`) stays.
    replace: (match, prefix = '') => `${prefix}${PLACEHOLDER.secret}${match.length > prefix.length + 1 && match.endsWith(':') ? ':' : ''}`,
  },
  // Vendor key prefixes: OpenAI/Anthropic/OpenRouter/Stripe sk-/sk_/rk_, Hugging Face, Groq, Replicate,
  // Perplexity, xAI; AWS key ids, Google API and OAuth keys, DigitalOcean; GitHub, GitLab, npm, PyPI;
  // Slack, Telegram and Discord bot tokens; Stripe webhooks, SendGrid, Twilio, Shopify, Mailgun,
  // Mailchimp, Linear, Square, Atlassian; Meta's (Facebook, Instagram, WhatsApp, Messenger) access tokens, EAA and a long run of
  // letters and digits in both cases, whatever the key is named (`fb_page_token: EAAG…` is no page cursor; an upper-case hex
  // hash that starts with EAA has no lower-case letter). Glued to a name by `_` (OPENAI_KEY_sk-…, tok_ghp_…) still a
  // key; inside a word (task-management-…) not one.
  {
    hint: /sk[-_]|rk[-_]|hf_|r8_|pplx-|xai-|AKIA|ASIA|ABIA|ACCA|AIza|ya29\.|_v1_|gh[pousr]_|github_pat_|gl(?:pat|dt|rt|ptt|soat)-|npm_|pypi-|xox|xapp-|:AA|\.[A-Za-z0-9_-]{6}\.|whsec_|SG\.|SK[0-9a-fA-F]|shp(?:at|ca|pa|ss)_|key-|-us\d|lin_api_|sq0|ATATT3|EAA/,
    pattern:
      /(?<![A-Za-z0-9])(?:(?:sk|rk)[-_][A-Za-z0-9_-]{16,}|hf_[A-Za-z]{30,}|gsk_[A-Za-z0-9]{40,}|r8_[A-Za-z0-9]{30,}|pplx-[A-Za-z0-9]{40,}|xai-[A-Za-z0-9]{60,}|(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|ya29\.[0-9A-Za-z_-]{20,}|do[opr]_v1_[a-f0-9]{64}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|gl(?:pat|dt|rt|ptt|soat)-[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{36}|pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}|(?:xoxe\.)?xox[a-z]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,}|\d{8,10}:AA[A-Za-z0-9_-]{33}|[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}|whsec_[A-Za-z0-9+/]{24,}|SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}|SK[0-9a-fA-F]{32}|shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}|key-[0-9a-f]{32}|[0-9a-f]{32}-us\d{1,2}|lin_api_[A-Za-z0-9]{40}|sq0(?:atp|csp)-[A-Za-z0-9_-]{22,}|ATATT3[A-Za-z0-9_=-]{50,}|EAA(?=[A-Z0-9]*[a-z])[A-Za-z0-9]{32,})\b/g,
    replace: () => PLACEHOLDER.secret,
  },
  // A JSON object or list after a secret's name (`"password": {"value": "hunter2"}`, `"api_key": ["k-1"]`: JSON text of
  // a call's arguments, an agent's answer): every string and number in it, but a key's or a metadata key's (`name`); before
  // the rule below, which takes one word after the name and so took the `{` alone, leaving the secret after it.
  // Its hint is the next rule's (redact.ts joins each hint once): no string more is read for it.
  { hint: SECRET_NAME_HINT, find: wrappedSecretSpans, placeholder: PLACEHOLDER.secret },
  // api_key=…, "password": "…", AWS_SECRET_ACCESS_KEY: …, Authorization: Basic … — the value after a
  // secret-named key; a quoted value whole, spaces and all, also inside JSON-escaped text (\"…\"), escaped once or more
  // (\\\"…\\\": a message quoting an agent's JSON answer escapes it again). After a password's name an unquoted value
  // runs over spaces to the end of the line (or a quote, `&`, `,`, `;`, `}`): `password: correct horse battery staple`
  // is one passphrase; what follows it on its line goes with it. After any other name it is one word, as tokens are.
  {
    hint: SECRET_NAME_HINT,
    pattern: new RegExp(
      `((?:${PASSWORD_KEY_NAMES})${KEY_VALUE_SEPARATOR})(${QUOTED_VALUE}|${NOT_JSON_OPENED}${PASSPHRASE_WORD}(?:[ \\t]+${PASSPHRASE_WORD})*)|((?:${SECRET_KEY_NAMES})${KEY_VALUE_SEPARATOR})(${QUOTED_VALUE}|${NOT_JSON_OPENED}${VALUE_WORD})`,
      'gi',
    ),
    // eslint-disable-next-line @typescript-eslint/max-params -- String.prototype.replace's replacer signature (match, ...groups, offset, text)
    replace: (match, password, passwordValue, prefix = '', value = '', offset = '', text = '') => {
      if (FLAG.test(passwordValue ?? value)) return match;
      // Prose about a machine secret ("the token: expired", "api key: missing"): a short
      // lowercase word is no token, nor a status after a colon (token: 401), nor a duration (token: 15 minutes). A password may be one (hunter), so it goes regardless.
      if (password === undefined && (PROSE_WORD.test(value) || (!prefix.includes('=') && (HTTP_STATUS.test(value) || durationAt({ value, after: text.slice(Number(offset) + match.length) }))))) return match;
      if (password === undefined && /^token/i.test(prefix) && !prefix.startsWith('TOKEN') && NO_CREDENTIAL_BEFORE_TOKEN.test(text.slice(0, Number(offset)))) return match;
      const written = passwordValue ?? value;
      const quote = /^\\*["']/.exec(written)?.[0] ?? '';
      // A token's unquoted word ending in a colon ends a clause (`…?api_key=abc123: the connection was refused`): the colon stays.
      const colon = password === undefined && quote === '' && value.endsWith(':') && value.length > 1 ? ':' : '';
      return `${password ?? prefix}${quote}${PLACEHOLDER.secret}${quote}${colon}`;
    },
  },
  // A card's security code or a PIN: 3–8 figures after its name on its line (cvv: 123, "pin": "4821", card_pin=0000); not after
  // a word it ends (spin:, pineapple), nor a version (pin: 1.2.3) or a word (Pin: the order). Codes written
  // with no space between (`pin: 123pin: 456`) are each one: a name may follow figures, and figures end at a name.
  {
    hint: /(?:cvv|cvc|pin)(?:2|[_-]?code)?(?:\\*["'])?\s*[:=]/i,
    pattern: new RegExp(`(?:(?<![A-Za-z0-9])|(?<=(?<![A-Za-z])${CODE_NAME}\\d{3,8}))(${CODE_NAME})(\\d{3,8})(?:(?![\\w.-])|(?=${CODE_NAME}\\d))`, 'gi'),
    replace: (_m, prefix = '') => `${prefix}${PLACEHOLDER.secret}`,
  },
];

// Returns whether `value`, a secret's unquoted value, is a short number a unit of time follows in `after` (`15` of `15 minutes`).
function durationAt({ value, after }: { value: string; after: string }): boolean {
  return /^\d{1,6}$/.test(value) && DURATION_AFTER.test(after);
}

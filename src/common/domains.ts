/** The `domain_in` matcher (match.ts): an email address's or URL's host against a list of domains. */
import { domainAsRead, isHostName, normalizeHost } from '../config/domain-entries.js';

/** Whether an email address's or URL's host is one of `domains` or a subdomain of one. */
export function inDomains(value: unknown, domains: unknown[]): boolean {
  const host = hostIn(value);
  if (host === undefined) return false;
  return domains.some((domain) => {
    if (typeof domain !== 'string') return false;
    const wanted = domainAsRead(domain);
    // Equivalent mutants: the empty test as `true` or comparing with another string (a valid host is
    // never '' and never ends with '.').
    return wanted !== '' && (host === wanted || host.endsWith(`.${wanted}`));
  });
}

/** The host of a value that is one email address, URL or host name; undefined for anything else (a list, a text around an address). */
export function hostIn(value: unknown): string | undefined {
  return typeof value === 'string' ? hostOf(value) : undefined;
}

/** An address's local part: a quoted string, or a run of characters that are no separator and no `@`. */
const LOCAL_PART = String.raw`(?:"[^"\\\r\n]*"|[^\s"<>@,;()\\]+)`;
/** What may follow the `@`, checked by `validHost` after. */
const HOST_PART = String.raw`[^\s"<>@,;()\\]+`;
/**
 * One email address, bare or as `Name <address>`, and nothing else: a list (`a@evil.io,b@example.com`),
 * a second `@` outside quotes (`a@evil.io@example.com`) or text around it (`a@evil.io\n@example.com`)
 * is not one address of one domain, so `domain_in` does not hold (and `allow_only` denies it).
 */
const EMAIL = new RegExp(String.raw`^(?:[^"<>@,;\r\n]*<(${LOCAL_PART})@(${HOST_PART})>|(${LOCAL_PART})@(${HOST_PART}))$`);

/** The host of one email address, a URL or a bare host name; undefined for anything else. */
function hostOf(value: string): string | undefined {
  const text = value.trim();
  if (text.includes('@') && !text.includes('://')) {
    const email = EMAIL.exec(text);
    return email === null ? undefined : validHost(email[2] ?? email[4] ?? '');
  }
  // Equivalent mutants: the scheme test without `^` (a text it then lets through fails URL() or
  // validHost alike), and an empty catch (the text then reaches validHost, which refuses any "://").
  const url = URL_AUTHORITY.exec(text);
  if (url !== null) {
    // Where URL parsers disagree on the host, no host is read: WHATWG takes example.com from
    // `https://example.com\@evil.io/`, Python's urllib evil.io, so a tool may connect elsewhere.
    if (AMBIGUOUS_AUTHORITY.test(url[1]!)) return undefined;
    try {
      return validHost(new URL(text).hostname);
    } catch {
      return undefined;
    }
  }
  return validHost(text);
}

/** A URL (a scheme, then `//`) and its authority as written: up to the first `/`, `?` or `#`. */
const URL_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i;
/** An authority parsers read differently: a backslash, white space or a control character, a second `@`. */
const AMBIGUOUS_AUTHORITY = /[\\\s\x00-\x1f\x7f]|@.*@/;

/** A lower-cased host name without a trailing dot, or undefined when it is not one. */
function validHost(host: string): string | undefined {
  const normalized = normalizeHost(host);
  return isHostName(normalized) ? normalized : undefined;
}

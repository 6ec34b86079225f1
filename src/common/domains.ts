/** The `domain_in` matcher (match.ts): an email address's or URL's host against a list of domains. */

/** Whether an email address's or URL's host is one of `domains` or a subdomain of one. */
export function inDomains(value: unknown, domains: unknown[]): boolean {
  const host = typeof value === 'string' ? hostOf(value) : undefined;
  if (host === undefined) return false;
  return domains.some((domain) => {
    if (typeof domain !== 'string') return false;
    const wanted = normalizeHost(domain.replace(/^[@.]/, ''));
    // Equivalent mutants: the empty test as `true` or comparing with another string (a valid host is
    // never '' and never ends with '.').
    return wanted !== '' && (host === wanted || host.endsWith(`.${wanted}`));
  });
}

/** The host of an email address, a URL or a bare host name; undefined for anything else. */
function hostOf(value: string): string | undefined {
  const text = value.trim();
  const at = text.lastIndexOf('@');
  if (at > 0 && !text.includes('://')) return validHost(text.slice(at + 1));
  // Equivalent mutants: the scheme test without `^` (a text it then lets through fails URL() or
  // validHost alike), and an empty catch (the text then reaches validHost, which refuses any "://").
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      return validHost(new URL(text).hostname);
    } catch {
      return undefined;
    }
  }
  return validHost(text);
}

/** A lower-cased host name without a trailing dot, or undefined when it is not one. */
function validHost(host: string): string | undefined {
  const normalized = normalizeHost(host.replace(/>$/, ''));
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(normalized) ? normalized : undefined;
}

function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

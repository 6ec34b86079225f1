/**
 * How a `domain_in` entry is read (common/domains.ts compares it with the host of an address or
 * URL), and the entry that is no domain name (`*.example.com`, `https://example.com`,
 * `a@example.com`): it is in no host, so the matcher never holds with it — a policy `deny_if`
 * never denies by it. Pure.
 */

const HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/** A host as compared: trimmed, lower-cased, without a trailing dot. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

/** Whether a normalized host (`normalizeHost`) is a host name: dot-separated labels of letters, digits and hyphens. */
export function isHostName(normalized: string): boolean {
  return HOST.test(normalized);
}

/** A `domain_in` entry as the matcher reads it: a leading `@` or `.` read past. */
export function domainAsRead(entry: string): string {
  return normalizeHost(entry.replace(/^[@.]/, ''));
}

/** undefined when the entry is a domain name, else the domain it most likely meant (or undefined when none). */
export function domainEntryProblem(entry: string): { meant: string | undefined } | undefined {
  if (isHostName(domainAsRead(entry))) return undefined;
  // A wildcard, a URL, an address or a host with a port or path: the domain in it.
  const stripped = domainAsRead(entry.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^.*@/, '').replace(/[/?#:].*$/, '').replace(/^\*\./, ''));
  return { meant: isHostName(stripped) ? stripped : undefined };
}

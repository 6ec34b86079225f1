/**
 * What a host name is, and how a `domain_in` entry reads as one: the one owner of both, which
 * common/domains.ts's matcher compares an address's or URL's host with, and validate checks each
 * entry by. An entry is a domain name (`example.com`, subdomains included; a leading `@` or `.` is
 * read past); any other (`*.example.com`, `https://example.com`, `a@example.com`) is in no host, so
 * the matcher never holds with it — a policy `deny_if` never denies by it. Pure.
 */

const HOST_NAME = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/** A lower-cased host name without a trailing dot, or undefined when it is not one. */
export function validHost(host: string): string | undefined {
  const normalized = normalizeHost(host);
  return HOST_NAME.test(normalized) ? normalized : undefined;
}

/** The entry as the matcher reads it: spaces, then a leading `@` or `.`, read past; '' reads as no domain. */
export function domainAsRead(entry: string): string {
  return normalizeHost(entry.trim().replace(/^[@.]/, ''));
}

/** undefined when the entry is a domain name, else the domain it most likely meant (or undefined when none). */
export function domainEntryProblem(entry: string): { meant: string | undefined } | undefined {
  if (HOST_NAME.test(domainAsRead(entry))) return undefined;
  // A wildcard, a URL, an address or a host with a port or path: the domain in it.
  const stripped = domainAsRead(entry.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^.*@/, '').replace(/[/?#:].*$/, '').replace(/^\*\./, ''));
  return { meant: HOST_NAME.test(stripped) ? stripped : undefined };
}

function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

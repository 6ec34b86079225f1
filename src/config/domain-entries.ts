/**
 * A `domain_in` entry must be a domain name (`example.com`, subdomains included; a leading `@` or
 * `.` is read past), as common/domains.ts compares it with the host of an address or URL: any
 * other entry (`*.example.com`, `https://example.com`, `a@example.com`) is in no host, so the
 * matcher never holds with it — a policy `deny_if` never denies by it. Pure.
 */

const HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/** The entry as the matcher reads it (common/domains.ts inDomains). */
function asRead(entry: string): string {
  return entry.trim().replace(/^[@.]/, '').toLowerCase().replace(/\.$/, '');
}

/** undefined when the entry is a domain name, else the domain it most likely meant (or undefined when none). */
export function domainEntryProblem(entry: string): { meant: string | undefined } | undefined {
  if (HOST.test(asRead(entry))) return undefined;
  // A wildcard, a URL, an address or a host with a port or path: the domain in it.
  const stripped = asRead(entry.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^.*@/, '').replace(/[/?#:].*$/, '').replace(/^\*\./, ''));
  return { meant: HOST.test(stripped) ? stripped : undefined };
}

/** What redaction (redact.ts) writes in place of what it removes, and how a value written with redaction on is told apart. */

export const PLACEHOLDER = Object.freeze({
  email: '[email]',
  card: '[card]',
  secret: '[secret]',
  credentials: '[credentials]',
  phone: '[phone]',
  iban: '[iban]',
  ssn: '[ssn]',
  account: '[account]',
  nino: '[nino]',
  passport: '[passport]',
  national_id: '[national_id]',
});

/** The placeholders `text` holds (`[email]`, `[card]`, …), in PLACEHOLDER's order: a value written with redaction on. */
export function placeholdersIn(text: string): string[] {
  return Object.values(PLACEHOLDER).filter((placeholder) => text.includes(placeholder));
}

/** Whether `text` holds a placeholder: was written with redaction on. */
export function hasPlaceholder(text: string): boolean {
  return Object.values(PLACEHOLDER).some((placeholder) => text.includes(placeholder));
}

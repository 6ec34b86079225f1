/**
 * The checksums that tell a number that is a card or a bank account from any other run of digits
 * (an order id, a timestamp): the redaction rules (`redact.ts`) replace only what passes them. Pure.
 */

// Returns whether a digit string passes the Luhn checksum used by every card network.
export function luhnValid(digits: string): boolean {
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
export function isIban(candidate: string): boolean {
  const compact = candidate.replace(/[ \u00a0\u2007\u2009\u202f]/g, '');
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
export function digitCount(text: string): number {
  return text.replace(/\D/g, '').length;
}

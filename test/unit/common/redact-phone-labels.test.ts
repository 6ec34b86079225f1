// Phone numbers a label makes a phone's, written nationally and ungrouped (phone.ts `PHONE_LABEL`): each
// of these was kept as written, the label's intent missed by how it was written.
import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/common/redact.js';

describe('redact: a labelled national phone number', () => {
  it.each([
    // JSON text as an agent writes it inside a string: `\n` is a backslash and an n, the number on the next line.
    [String.raw`{"text":"Phone:\n0612345678"}`, String.raw`{"text":"Phone:\n[phone]"}`],
    [String.raw`{"text":"Phone:\r\n0612345678"}`, String.raw`{"text":"Phone:\r\n[phone]"}`],
    [String.raw`{"text":"Mobile:\n07700900123 (UK)"}`, String.raw`{"text":"Mobile:\n[phone] (UK)"}`],
    [String.raw`{"text":"My number:\n0612345678"}`, String.raw`{"text":"My number:\n[phone]"}`],
    [String.raw`{"text":"Phone:\t0612345678"}`, String.raw`{"text":"Phone:\t[phone]"}`],
    // Escaped again (a message quoting the JSON), and beside a terminal escape (read through the evasion view).
    [String.raw`{\"text\":\"Phone:\\n0612345678\"}`, String.raw`{\"text\":\"Phone:\\n[phone]\"}`],
    ['\x1b[1mPhone:\x1b[0m\\n0612345678', '\x1b[1mPhone:\x1b[0m\\n[phone]'],
    // Asked to text it, not only to call it.
    ['please text 0612345678', 'please text [phone]'],
    ['Please text 07700900123 when you arrive', 'Please text [phone] when you arrive'],
    ['call or text 0612345678', 'call or text [phone]'],
    ['you can whatsapp 0612345678', 'you can whatsapp [phone]'],
    // A country or a place in brackets after the phone's name.
    ['Mobile (UK): 07700900123', 'Mobile (UK): [phone]'],
    ['Mobile (UK): 07700 900123', 'Mobile (UK): [phone]'],
    ['Phone (France): 0612345678', 'Phone (France): [phone]'],
    ['Tel (main office) 0301234567', 'Tel (main office) [phone]'],
    // The abbreviation's dot glued to the number.
    ['tel.0612345678', 'tel.[phone]'],
    ['Tel.0612345678', 'Tel.[phone]'],
    ['TEL.0612345678', 'TEL.[phone]'],
    ['tel:0612345678', 'tel:[phone]'],
    ['Tel.:0612345678', 'Tel.:[phone]'],
    ['Ph.07700900123', 'Ph.[phone]'],
    ['tel.06 12 34 56 78', 'tel.[phone]'],
  ])('%j → %j', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    // Not a label: the text of a message, a file's extension, an id's parts.
    ['the text 0612345678 was sent', 'the text 0612345678 was sent'],
    ['plain text 0612345678', 'plain text 0612345678'],
    ['hotel.0612345678', 'hotel.0612345678'],
    ['report.0612345678', 'report.0612345678'],
    ['v1.0612345678', 'v1.0612345678'],
    ['Kundennummer 0123456789', 'Kundennummer 0123456789'],
    ['Phone (2 lines): 0612345678', 'Phone (2 lines): 0612345678'],
  ])('keeps %j', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });
});

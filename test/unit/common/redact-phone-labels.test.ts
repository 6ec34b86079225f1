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
    // Written as its country writes it with no trunk 0 (Spain has none, Italy's mobiles, India's, Brazil's area code in brackets).
    ['Phone: 612 34 56 78', 'Phone: [phone]'],
    ['Tel: 612345678', 'Tel: [phone]'],
    ['Cell: 3331234567', 'Cell: [phone]'],
    ['Phone: 98765 43210', 'Phone: [phone]'],
    ['Telefone: (11) 91234-5678', 'Telefone: [phone]'],
    // A list after one label: the label is each number's.
    ['Tel: 0612345678 / 0698765432', 'Tel: [phone] / [phone]'],
    ['Tel: 0612345678, 0698765432', 'Tel: [phone], [phone]'],
    ['call 0612345678 or 0698765432', 'call [phone] or [phone]'],
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
    // No label, or a figure no plan has after one.
    ['order 612345678 shipped', 'order 612345678 shipped'],
    ['ids: 0612345678, 0698765432', 'ids: 0612345678, 0698765432'],
    ['Call 12345678 failed', 'Call 12345678 failed'],
    ['tool call 612345678', 'tool call 612345678'],
    ['the text 612345678', 'the text 612345678'],
    ['Phone: 2024-01-15', 'Phone: 2024-01-15'],
    ['Phone: 12345678', 'Phone: 12345678'],
    // A list goes on after a label for numbers with a trunk 0 only: a number of a looser shape after one may be an id.
    ['Cell: 3331234567, 3331234568', 'Cell: [phone], 3331234568'],
    ['phone: 600000000, 201000000', 'phone: [phone], 201000000'],
  ])('keeps %j', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });
});

// A labelled number no region reads costs each region's reading (phone.ts `readLabelledOthers`): past LABELLED_READS
// readings in one text, a labelled candidate is redacted unread, so crafted agent output costs no more than a few.
describe('redact: many labelled numbers no region reads, in one text', () => {
  const text = Array.from({ length: 300 }, (_, i) => `phone: ${1234567 + i * 7}`).join(' ');

  it('redacts those past the readings one text may cost, rather than keeping them', () => {
    const out = redact(text);
    expect(out.startsWith('phone: 1234567 phone: 1234574')).toBe(true);
    expect(out.endsWith(`phone: [phone]`)).toBe(true);
    expect(out.match(/\[phone\]/g)?.length).toBeGreaterThan(250);
  });

  it('redacts the same text the same way each time (its readings, kept, change nothing)', () => {
    expect(redact(text)).toBe(redact(text));
    expect(redact('phone: 1234567')).toBe('phone: 1234567');
  });
});

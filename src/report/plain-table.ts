/**
 * The terminal's tables (the summary's, the models', compare's): cli-table3 without borders or
 * padding, columns apart by `gap` spaces, no wrapping. One owner of the style the three share.
 */
import Table from 'cli-table3';

type Align = 'left' | 'right';

/** An empty borderless table with this bold-or-not `head`, aligned per column, `gap` spaces between columns. */
export function plainTable(input: { head: string[]; colAligns: Align[]; colWidths?: number[]; gap: number }): Table.Table {
  return new Table({
    head: input.head,
    chars: borderless(' '.repeat(input.gap)),
    ...(input.colWidths ? { colWidths: input.colWidths } : {}),
    colAligns: input.colAligns,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    wordWrap: false,
  });
}

// Returns cli-table3's characters for no border, `middle` between columns.
function borderless(middle: string): Partial<Record<Table.CharName, string>> {
  return {
    top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
    bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
    left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle,
  };
}

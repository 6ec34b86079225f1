/**
 * The run folder this process opened (run/run-folder.ts notes it as it creates or reopens one),
 * for the cli's `exit` listener: a process ended before its command had cut that run short, with no
 * summary.json; one ended before any run began (`validate`, or `eval` while it loaded its inputs)
 * cut no run. Apart from run-folder.ts, so the cli loads only this small file with every command.
 */

let opened: string | undefined;

/** Called by RunFolder as it creates or reopens `dir`. */
export function noteRunOpened(dir: string): void {
  opened = dir;
}

/** The run folder this process opened, or undefined when it opened none. */
export function runOpened(): string | undefined {
  return opened;
}

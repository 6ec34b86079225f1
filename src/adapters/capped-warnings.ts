/**
 * Run warnings of one kind that no case could be blamed for (an agent's bad lines on stdout, a
 * module agent's faults outside its cases): the first `max` kept word for word, the rest only
 * counted and said in one more line, so that a misbehaving agent cannot flood the report.
 */
export class CappedWarnings {
  private readonly kept: string[] = [];
  /** Warnings past the first `max`: counted, and said in one more line. */
  private more = 0;

  constructor(private readonly cap: { max: number; more: (count: number) => string }) {}

  add(warning: string): void {
    if (this.kept.length >= this.cap.max) this.more++;
    else this.kept.push(warning);
  }

  list(): string[] {
    return this.more === 0 ? [...this.kept] : [...this.kept, this.cap.more(this.more)];
  }
}

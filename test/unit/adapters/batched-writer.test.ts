// BatchedWriter: the lines of one synchronous cascade go to the stream in one write, on the next tick.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BatchedWriter } from '../../../src/adapters/batched-writer.js';

/** A stream that notes each write it is handed, and whether it was ended. */
function recorder(): Writable & { writes: string[]; ended: boolean } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString());
      done();
    },
  }) as Writable & { writes: string[]; ended: boolean };
  stream.writes = writes;
  stream.ended = false;
  stream.on('finish', () => (stream.ended = true));
  return stream;
}

const tick = () => new Promise<void>((resolve) => process.nextTick(resolve));

describe('BatchedWriter', () => {
  it('writes the lines of one cascade, microtasks included, in one write on the next tick', async () => {
    const stream = recorder();
    const writer = new BatchedWriter(stream);
    writer.write('a\n');
    await Promise.resolve();
    writer.write('b\n');
    expect(stream.writes).toEqual([]);
    await tick();
    expect(stream.writes).toEqual(['a\nb\n']);
    writer.write('c\n');
    await tick();
    expect(stream.writes).toEqual(['a\nb\n', 'c\n']);
  });

  it('flush writes what is pending at once (the agent SDK before it exits), and the tick then writes nothing more', async () => {
    const stream = recorder();
    const writer = new BatchedWriter(stream);
    writer.write('a\n');
    writer.write('b\n');
    writer.flush();
    expect(stream.writes).toEqual(['a\nb\n']);
    await tick();
    expect(stream.writes).toEqual(['a\nb\n']);
  });

  it('writes what is pending before ending the stream, and nothing once closed', async () => {
    const stream = recorder();
    const writer = new BatchedWriter(stream);
    writer.write('last\n');
    writer.end();
    await new Promise((resolve) => stream.once('finish', resolve));
    expect(stream.writes).toEqual(['last\n']);
    expect(stream.ended).toBe(true);

    const other = recorder();
    const closed = new BatchedWriter(other);
    closed.write('dropped\n');
    closed.close();
    closed.write('ignored\n');
    await tick();
    expect(other.writes).toEqual([]);
  });

  it("flushes each timer callback's lines before the next callback of the same turn runs (each callback is a cascade of its own): a later callback's synchronous work does not hold them back", async () => {
    const perTick = recorder();
    const ticking = new BatchedWriter(perTick);
    const seenBefore: string[][] = [];
    await new Promise<void>((resolve) => {
      for (const name of ['a', 'b', 'c']) setTimeout(() => {
        seenBefore.push([...perTick.writes]);
        ticking.write(`${name}\n`);
        if (name === 'c') setImmediate(resolve);
      }, 5);
    });
    expect(seenBefore).toEqual([[], ['a\n'], ['a\n', 'b\n']]);
    expect(perTick.writes).toEqual(['a\n', 'b\n', 'c\n']);
  });
});

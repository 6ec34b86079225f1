// The port probe, asked asynchronously (`accepts`) and synchronously (`acceptsNow`, from a worker
// thread running the same connection attempt): both see a listening port and a closed one alike.
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { accepts, acceptsNow, refuses } from '../../../src/adapters/port-probe.js';

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.destroy());
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

describe('accepts and acceptsNow', () => {
  it('say true where a server listens and false once it is gone', async () => {
    const { server, port } = await listen();
    const address = { host: '127.0.0.1', port };
    expect(await accepts(address)).toBe(true);
    expect(acceptsNow(address)).toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await accepts(address)).toBe(false);
    expect(acceptsNow(address)).toBe(false);
  });

  it('refuses says whether nothing listens: a refused connection, not one that was accepted', async () => {
    const { server, port } = await listen();
    const address = { host: '127.0.0.1', port };
    expect(await refuses(address)).toBe(false);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await refuses(address)).toBe(true);
  });
});

/**
 * A fake of the few GitHub REST API routes a pull-request comment needs, on 127.0.0.1: list an
 * issue's comments (paged by `per_page`/`page` with a `Link: rel="next"` header, as GitHub does),
 * create one, edit one. Every request must carry the token; each is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  body: string;
}

export interface FakeGithub {
  url: string;
  token: string;
  /** Comments of each issue, by number. */
  comments: Map<number, FakeComment[]>;
  requests: Array<{ method: string; path: string }>;
  /** Answer every request with this status instead (a read-only token: 403). */
  refuseWith: number | undefined;
  close(): Promise<void>;
}

export async function startFakeGithub(repository: string): Promise<FakeGithub> {
  let nextId = 1000;
  const fake: FakeGithub = {
    url: '',
    token: 'ghs_fake-token',
    comments: new Map(),
    requests: [],
    refuseWith: undefined,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', fake.url);
    fake.requests.push({ method: request.method ?? '', path: `${url.pathname}${url.search}` });
    if (request.headers.authorization !== `Bearer ${fake.token}`) return send(response, 401, { message: 'Bad credentials' });
    if (fake.refuseWith) return send(response, fake.refuseWith, { message: 'Resource not accessible by integration' });
    let raw = '';
    for await (const chunk of request) raw += chunk;
    const prefix = `/repos/${repository}/issues/`;
    if (!url.pathname.startsWith(prefix)) return send(response, 404, { message: 'Not Found' });
    const rest = url.pathname.slice(prefix.length).split('/');

    if (rest[0] === 'comments' && request.method === 'PATCH') {
      const comment = [...fake.comments.values()].flat().find((c) => c.id === Number(rest[1]));
      if (!comment) return send(response, 404, { message: 'Not Found' });
      comment.body = (JSON.parse(raw) as { body: string }).body;
      return send(response, 200, comment);
    }
    const number = Number(rest[0]);
    if (rest[1] !== 'comments' || !Number.isInteger(number)) return send(response, 404, { message: 'Not Found' });
    const list = fake.comments.get(number) ?? [];
    fake.comments.set(number, list);
    if (request.method === 'POST') {
      const comment = { id: nextId++, body: (JSON.parse(raw) as { body: string }).body };
      list.push(comment);
      return send(response, 201, comment);
    }
    if (request.method !== 'GET') return send(response, 405, { message: 'Method Not Allowed' });
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
    const page = Number(url.searchParams.get('page') ?? 1);
    const slice = list.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < list.length) {
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${next.href}>; rel="next", <${next.href}>; rel="last"`;
    }
    return send(response, 200, slice, headers);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

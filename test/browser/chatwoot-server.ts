/**
 * The Chatwoot fake (test/fakes/chatwoot.ts, validating against ../shared/specs) on a local HTTP port for the
 * browser suite's Worker, like scripts/fakes.mjs does for `npm run dev`. Tests read it with GET /chatwoot/__state.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createChatwootFake } from '../fakes/chatwoot';
import type { OpenApiDocument } from '../fakes/openapi';

export const startChatwootServer = async (port: number, token: string): Promise<{ base: string; close: () => Promise<void> }> => {
  const spec = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../../shared/specs/chatwoot/swagger.json'), 'utf8'),
  ) as OpenApiDocument;
  const fake = createChatwootFake({ spec, accounts: [{ id: 1, token, inboxes: [1] }], basePath: '/chatwoot' });
  const server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = Object.entries(req.headers).flatMap(([k, v]): [string, string][] =>
        Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : v === undefined ? [] : [[k, v]],
      );
      const body = req.method == 'GET' || req.method == 'HEAD' ? undefined : Buffer.concat(chunks);
      const response = await fake.handle(new Request(`http://127.0.0.1:${port}${req.url}`, { method: req.method, headers, body }));
      res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${port}/chatwoot`, close: () => new Promise((resolve) => server.close(() => resolve())) };
};

// A tiny static server for a built site (build/web-dev, build/web) on 127.0.0.1 and a random free port.
// Records every request so tests can check what the app asked for.
// `override(pathname, body)` serves `body` instead of the file at that path
// (a host updating rates/fr.json); `override(pathname)` serves the file again.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
};

export async function startServer(root) {
  root = resolve(root);
  const requests = [];
  const overrides = new Map();
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      if (overrides.has(url.pathname)) {
        res.writeHead(200, { 'Content-Type': TYPES[extname(url.pathname)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
        res.end(overrides.get(url.pathname));
        return;
      }
      let path = normalize(join(root, decodeURIComponent(url.pathname)));
      if (path !== root && !path.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      const st = await stat(path).catch(() => null);
      if (st && st.isDirectory()) path = join(path, 'index.html');
      const body = await readFile(path);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(path)] || 'application/octet-stream',
        'Cache-Control': 'no-cache',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    override(pathname, body) {
      if (body === undefined) overrides.delete(pathname);
      else overrides.set(pathname, body);
    },
    close: () => new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(() => ok());
    }),
  };
}

/**
 * The catalogue browser at /browse: one HTML page and the bundle `npm run build` makes from web/browse
 * (esbuild, into dist/browse). It is a client of /graphql only; the Content-Security-Policy lets the
 * page reach this server and nothing else, so no request leaves for a CDN or any other host.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Express } from "express";

const FILES: Record<string, string> = {
  "browse.js": "application/javascript",
  "browse.css": "text/css",
  "browse.js.map": "application/json",
  "browse.css.map": "application/json",
  "browse.js.LEGAL.txt": "text/plain",
};

/** The package root (where package.json is), from the compiled dist/src/server/http or from src/server/http under ts-jest. */
function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export function browseBundleDir(): string {
  return process.env.SASGRAPH_BROWSE_DIR ?? path.join(packageRoot(), "dist", "browse");
}

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>sasgraph · catalogue</title>
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <meta name="referrer" content="no-referrer" />
  <link rel="stylesheet" href="/browse/browse.css" />
  <script src="/browse/browse.js" defer></script>
</head>
<body><noscript>The catalogue browser needs JavaScript; the API itself is at /graphql.</noscript></body>
</html>`;

export function mountBrowse(app: Express): void {
  const dir = browseBundleDir();
  app.get("/browse", (_req, res) => {
    if (!fs.existsSync(path.join(dir, "browse.js"))) {
      res.status(503).type("text/plain").send(`The catalogue browser is not built: run \`npm run build\` (it writes ${dir}).`);
      return;
    }
    res.set("Content-Security-Policy", CSP).set("Cache-Control", "no-cache").type("html").send(PAGE);
  });
  app.get("/browse/", (_req, res) => res.redirect("/browse"));
  for (const [name, type] of Object.entries(FILES)) {
    app.get(`/browse/${name}`, (_req, res) => {
      const file = path.join(dir, name);
      if (!fs.existsSync(file)) {
        res.status(404).type("text/plain").send("not built: run `npm run build`");
        return;
      }
      // no-cache: a rebuilt bundle is picked up at once (the server checks the ETag).
      res.type(type).set("Cache-Control", "no-cache").sendFile(file);
    });
  }
}

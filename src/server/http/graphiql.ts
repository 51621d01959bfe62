/**
 * An offline GraphiQL page at `/`: GraphiQL, React and ReactDOM are served from node_modules,
 * so the page works on a machine or network without access to any CDN.
 */
import * as path from "node:path";
import type { Express } from "express";

const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  "react.js": { pkg: "react", file: "umd/react.production.min.js", type: "application/javascript" },
  "react-dom.js": { pkg: "react-dom", file: "umd/react-dom.production.min.js", type: "application/javascript" },
  "graphiql.js": { pkg: "graphiql", file: "graphiql.min.js", type: "application/javascript" },
  "graphiql.css": { pkg: "graphiql", file: "graphiql.min.css", type: "text/css" },
};

function packageDir(pkg: string): string {
  return path.dirname(require.resolve(`${pkg}/package.json`));
}

const EXAMPLE_QUERY = `# Welcome to sasgraph. Send your API token in the Headers tab:
#   {"Authorization": "Bearer sgt_..."}
# Anonymous callers see published datasets.

query Catalogue {
  datasets(first: 10) {
    totalCount
    edges {
      node {
        id title kind technique curveCount
        instrument { name facility }
        sample { name }
        curves(first: 1) { edges { node { parameters qUnit q(unit: INV_NM) intensity } } }
      }
    }
  }
}
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>sasgraph · GraphiQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <link rel="stylesheet" href="/assets/graphiql.css" />
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/assets/react.js"></script>
  <script src="/assets/react-dom.js"></script>
  <script src="/assets/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: new URL("/graphql", location.href).toString() });
    const root = ReactDOM.createRoot(document.getElementById("graphiql"));
    root.render(React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: ${JSON.stringify(EXAMPLE_QUERY)},
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
    }));
  </script>
</body>
</html>`;

export function mountGraphiQL(app: Express): void {
  for (const [name, asset] of Object.entries(ASSETS)) {
    const file = path.join(packageDir(asset.pkg), asset.file);
    app.get(`/assets/${name}`, (_req, res) => {
      res.type(asset.type).set("Cache-Control", "public, max-age=86400").sendFile(file);
    });
  }
  app.get("/", (_req, res) => {
    res.type("html").send(PAGE);
  });
  app.get("/graphiql", (_req, res) => {
    res.redirect("/");
  });
}

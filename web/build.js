// Bundles the catalogue browser (web/browse) with esbuild into dist/browse/: browse.js and browse.css,
// every dependency (uPlot, graphql-ws) inside, so /browse fetches nothing from outside the server.
// Run by `npm run build`; type-checking is `tsc -p web` (esbuild only strips types).
const path = require("node:path");
const esbuild = require("esbuild");

async function buildBrowser(outdir = path.join(__dirname, "..", "dist", "browse")) {
  const result = await esbuild.build({
    entryPoints: { browse: path.join(__dirname, "browse", "main.ts") },
    outdir,
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2022",
    platform: "browser",
    sourcemap: true,
    legalComments: "linked",
    logLevel: "warning",
    metafile: true,
  });
  return result;
}

module.exports = { buildBrowser };

if (require.main === module) {
  buildBrowser().then(
    (r) => {
      const sizes = Object.entries(r.metafile.outputs)
        .filter(([f]) => !f.endsWith(".map"))
        .map(([f, o]) => `${path.basename(f)} ${(o.bytes / 1024).toFixed(0)} KiB`);
      console.log(`browser bundle: ${sizes.join(", ")}`);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

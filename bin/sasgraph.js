#!/usr/bin/env node
// The `sasgraph` command. It runs the compiled TypeScript in dist/ (`npm run build`, done by `npm start`).
const path = require("node:path");
const fs = require("node:fs");
const main = path.join(__dirname, "..", "dist", "src", "cli", "main.js");
if (!fs.existsSync(main)) {
  console.error("sasgraph is not built yet: run `npm run build` first (npm start does this for you).");
  process.exit(1);
}
require(main)
  .main(process.argv.slice(2))
  .then(
    (code) => {
      if (typeof code === "number" && code !== 0) process.exitCode = code;
    },
    (err) => {
      console.error(err && err.message ? `sasgraph: ${err.message}` : err);
      process.exit(1);
    },
  );

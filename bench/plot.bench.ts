/**
 * Plot libraries for the catalogue browser (issue 19): uPlot (canvas) against Observable Plot (SVG),
 * 10 curves x 1000 points on log-log axes with error bars, rendered in headless Chromium. Each page is
 * bundled from web/bench/ by esbuild; the figure is the time from the call to a laid-out plot.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { build } from "esbuild";
import puppeteer from "puppeteer-core";
import { CHROMIUM_ARGS, findChromium } from "./chromium";

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  return dir;
}

async function bundle(entry: string): Promise<string> {
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: "iife", minify: true, target: "es2022", logLevel: "silent" });
  return out.outputFiles[0].text;
}

export async function run(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) {
    console.log("(no Chromium installed: apt-get install -y chromium; plot bench skipped)");
    return;
  }
  const root = repoRoot();
  const pages = { uPlot: "web/bench/uplot-page.ts", "Observable Plot": "web/bench/plot-page.ts" };
  const browser = await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    console.log("| library | bundle KiB | first: drawn ms | first: next frame ms | median of 9 more: drawn ms | next frame ms |");
    console.log("| --- | --- | --- | --- | --- | --- |");
    for (const [name, entry] of Object.entries(pages)) {
      const code = await bundle(path.join(root, entry));
      const page = await browser.newPage();
      await page.setContent("<!doctype html><html><body></body></html>");
      await page.addScriptTag({ content: code });
      const bench = (n: number) => (globalThis as unknown as { bench: (n: number) => Promise<[number, number]> }).bench(n);
      const first = await page.evaluate(bench, 1);
      const warm = await page.evaluate(bench, 9);
      const ms = (x: number): string => x.toFixed(1);
      console.log(`| ${name} | ${(code.length / 1024).toFixed(0)} | ${ms(first[0])} | ${ms(first[1])} | ${ms(warm[0])} | ${ms(warm[1])} |`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

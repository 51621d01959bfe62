/**
 * This software's identity, recorded with every activity: name, version (package.json) and the
 * git commit it runs from (SASGRAPH_GIT_COMMIT, else read from .git when running from a checkout).
 */
import * as fs from "node:fs";
import * as path from "node:path";

function findUp(start: string, name: string): string | undefined {
  let dir = start;
  while (true) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readVersion(): string {
  const file = findUp(__dirname, "package.json");
  if (!file) return "unknown";
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version?: string }).version ?? "unknown";
}

function readGitCommit(): string | null {
  if (process.env.SASGRAPH_GIT_COMMIT) return process.env.SASGRAPH_GIT_COMMIT;
  try {
    const gitDir = findUp(__dirname, ".git");
    if (!gitDir || !fs.statSync(gitDir).isDirectory()) return null;
    const head = fs.readFileSync(path.join(gitDir, "HEAD"), "utf8").trim();
    if (!head.startsWith("ref: ")) return head;
    const ref = head.slice(5);
    const loose = path.join(gitDir, ref);
    if (fs.existsSync(loose)) return fs.readFileSync(loose, "utf8").trim();
    const packed = fs.readFileSync(path.join(gitDir, "packed-refs"), "utf8");
    const line = packed.split("\n").find((l) => l.endsWith(` ${ref}`));
    return line ? line.split(" ")[0] : null;
  } catch {
    return null;
  }
}

export const SOFTWARE = { name: "sasgraph", version: readVersion(), gitCommit: readGitCommit() };

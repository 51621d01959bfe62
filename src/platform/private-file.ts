/**
 * Files that hold secrets of the embedded services (passwords, keys) under SASGRAPH_HOME: readable
 * and writable by the owner only (mode 0600), written whole or not at all.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** A random secret that is safe to splice into a URL or an SQL literal (hex). */
export function generateSecret(bytes = 24): string {
  return randomBytes(bytes).toString("hex");
}

/**
 * Write `text` to `file` with mode 0600: into a fresh temporary file beside it first (created 0600,
 * so the secret is never readable by others, not even for a moment), then renamed over the target,
 * so a crash leaves the old content or the new one, never half of it.
 */
export function writePrivateFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    fs.writeFileSync(temporary, text, { mode: 0o600, flag: "wx" });
    fs.renameSync(temporary, file);
  } catch (err) {
    fs.rmSync(temporary, { force: true });
    throw err;
  }
}

/** The content of `file`, or undefined when it does not exist; a looser mode is tightened to 0600. */
export function readPrivateFile(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  if ((stat.mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  return fs.readFileSync(file, "utf8");
}

/** A JSON document kept in a private file (see readPrivateFile). */
export function readPrivateJson<T>(file: string, check: (value: unknown) => value is T): T | undefined {
  const text = readPrivateFile(file);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON: remove it only if you know what it held`);
  }
  if (!check(value)) throw new Error(`${file} does not hold what sasgraph wrote there: remove it only if you know what it held`);
  return value;
}

export function writePrivateJson(file: string, value: unknown): void {
  writePrivateFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

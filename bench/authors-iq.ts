/**
 * The peer for I(Q): the authors' own C++ calc_Iq (paper 000, code/calc_Iq.cpp), compiled with their
 * flags (their makefile: g++ -g -std=c++2a -O3) into bench/authors-iq-driver.cpp, which includes their
 * file unmodified with main renamed and calls calc_Iq(atoms, q, N_theta, N_phi) on our configuration.
 * Their source tree comes from SASGRAPH_POLYDISPERSE_SPHERE_SRC (a checkout or extracted copy holding
 * code/calc_Iq.cpp); it is never copied into this repository. Without it, or without g++, the reason.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Configuration } from "../src/compute/particles/hardspheres";

export const AUTHORS_SOURCE_VARIABLE = "SASGRAPH_POLYDISPERSE_SPHERE_SRC";

export interface AuthorsIq {
  /** Compiler line used, for the record. */
  compile: string;
  /** Runs calc_Iq once; seconds as timed by the driver around calc_Iq alone. */
  run(config: Configuration, q: Float64Array, nTheta: number, nPhi: number): { seconds: number; intensity: Float64Array };
}

/** Compiles the driver against the authors' source, or says why not. */
export function authorsIq(): AuthorsIq | { unavailable: string } {
  const root = process.env[AUTHORS_SOURCE_VARIABLE];
  if (root === undefined || root === "") return { unavailable: `${AUTHORS_SOURCE_VARIABLE} is not set` };
  const codeDir = path.join(root, "code");
  if (!fs.existsSync(path.join(codeDir, "calc_Iq.cpp"))) return { unavailable: `${codeDir}/calc_Iq.cpp not found` };
  // The driver lives next to this file in the source tree (bench/), also when run from dist/bench.
  const driver = [path.join(__dirname, "authors-iq-driver.cpp"), path.join(__dirname, "..", "..", "bench", "authors-iq-driver.cpp")].find((p) =>
    fs.existsSync(p),
  );
  if (driver === undefined) return { unavailable: "bench/authors-iq-driver.cpp not found" };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "authors-iq-"));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  const binary = path.join(dir, "authors-iq");
  const args = ["-g", "-std=c++2a", "-O3", `-I${codeDir}`, "-Dmain=authors_main", "-o", binary, driver];
  try {
    execFileSync("g++", args, { stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    return { unavailable: `g++ failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` };
  }
  return {
    compile: `g++ ${args.join(" ").replace(binary, "<tmp>/authors-iq")}`,
    run(config, q, nTheta, nPhi) {
      const n = config.diameters.length;
      const input = Buffer.alloc(16 + 8 * q.length + 32 * n);
      input.writeInt32LE(n, 0);
      input.writeInt32LE(q.length, 4);
      input.writeInt32LE(nTheta, 8);
      input.writeInt32LE(nPhi, 12);
      let offset = 16;
      for (const v of q) offset = input.writeDoubleLE(v, offset);
      for (let i = 0; i < n; i++) {
        for (let a = 0; a < 3; a++) offset = input.writeDoubleLE(config.positions[3 * i + a], offset);
        offset = input.writeDoubleLE(config.diameters[i], offset);
      }
      const out = execFileSync(binary, [], { input, encoding: "utf8", maxBuffer: 1 << 24 });
      const lines = out.trim().split("\n");
      const seconds = Number(lines[0].replace("seconds ", ""));
      return { seconds, intensity: Float64Array.from(lines.slice(1).map(Number)) };
    },
  };
}

/**
 * `sasgraph virtual-sans`: one experiment on this machine writes the detector counts as .npy (read
 * back with the project's reader) and a PNG preview of the detector's size; bad arguments fail
 * with a message.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unzlibSync } from "fflate";
import { virtualSansCommand } from "../../src/cli/commands/virtual-sans";
import { readNpyArray } from "../../src/formats/npy-array";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-vsans-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const log = jest.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  const write = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    return { code: await virtualSansCommand.run(args), out: out.join("\n") };
  } finally {
    log.mockRestore();
    write.mockRestore();
  }
}

test("an oriented cylinder's image: counts as .npy [144, 256], a PNG preview, the streak across the axis", async () => {
  const npy = path.join(dir, "image.npy");
  const png = path.join(dir, "image.png");
  const r = await run(["--model", "cylinder", "radius=20", "length=400", "theta=90", "phi=0", "scale=0.05", "--neutrons", "2e6", "--out", npy, "--png", png]);
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/144 x 256 detector/);
  const { values, shape } = readNpyArray(fs.readFileSync(npy));
  expect(shape).toEqual([144, 256]);
  expect(values.every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
  // The axis lies along x (theta 90, phi 0): the rod's streak runs along y. Counts in a vertical
  // band through the beam outnumber those in a horizontal band of the same area.
  let vertical = 0;
  let horizontal = 0;
  for (let r0 = 0; r0 < 144; r0++)
    for (let c = 0; c < 256; c++) {
      const v = values[r0 * 256 + c];
      if (Math.abs(c + 0.5 - 128) < 8 && Math.abs(r0 + 0.5 - 72) > 8) vertical += v;
      if (Math.abs(r0 + 0.5 - 72) < 4 && Math.abs(c + 0.5 - 128) > 16) horizontal += v;
    }
  expect(vertical).toBeGreaterThan(3 * horizontal);
  const bytes = fs.readFileSync(png);
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // IHDR: width 256, height 144.
  expect(bytes.readUInt32BE(16)).toBe(256);
  expect(bytes.readUInt32BE(20)).toBe(144);
  const idat = bytes.indexOf("IDAT");
  expect(unzlibSync(bytes.subarray(idat + 4, idat + 4 + bytes.readUInt32BE(idat - 4))).length).toBe(144 * (1 + 256 * 3));
});

test("bad arguments fail with a message", async () => {
  await expect(run(["--model", "sphere", "--preset", "kws9", "--out", path.join(dir, "x.npy")])).rejects.toThrow(/unknown instrument preset/);
  await expect(run(["--model", "sphere", "radius=10:20", "--out", path.join(dir, "x.npy")])).rejects.toThrow(/range/);
  await expect(run(["--model", "sphere", "--neutrons", "lots", "--out", path.join(dir, "x.npy")])).rejects.toThrow(/--neutrons must be a number/);
  await expect(run(["--model", "sphere", "--transmission", "2", "--out", path.join(dir, "x.npy")])).rejects.toThrow(/transmission/);
  expect((await run(["--help"])).code).toBe(0);
  expect((await run(["--list-presets"])).out.split("\n")).toHaveLength(36);
});

/**
 * Detector images as files: NPY arrays (numpy reads them), the PNG preview (decoded by hand: the
 * signature, IHDR, IDAT inflated with fflate, pixels against the log scale), the checks a stored
 * image keeps, and NXcanSAS 2D: our reader gets the image back, the file keeps the definition, Q is
 * the scattering vector of each pixel, and SasView's loader (sasdata) reads it when installed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzlibSync } from "fflate";
import { exportDataset, parseFile } from "../../src/formats";
import { FormatError, type DatasetExport } from "../../src/formats/curve";
import { pixelQ, type DetectorImageRecord } from "../../src/formats/detector-image";
import { validateDetectorImage } from "../../src/formats/detector-image-rules";
import { colourAt, MASKED_COLOUR, renderPreview } from "../../src/formats/detector-preview";
import { readHdf5, type H5Dataset, type H5Group } from "../../src/formats/hdf5-memory-file";
import { readNpyArray, writeNpyArray } from "../../src/formats/npy-array";
import { crc32 } from "../../src/formats/png";
import { countsImage, intensityImage } from "../support/detector-images";
import { nxcansasViolations } from "../support/nxcansas-definition";
import { exportOf } from "./helpers";

const PYTHON = "/usr/bin/python3";
const numpy = spawnSync(PYTHON, ["-c", "import numpy"], { encoding: "utf8" }).status === 0;
const sasdata = spawnSync(PYTHON, ["-c", "import sasdata.dataloader.loader, h5py"], { encoding: "utf8" }).status === 0;
if (!numpy) console.warn(`detector-images: numpy checks SKIPPED (${PYTHON} has no numpy)`);
if (!sasdata) console.warn(`detector-images: SasView loader checks SKIPPED (${PYTHON} has no sasdata/h5py)`);

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sasgraph-images-"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A decoded 8-bit RGB PNG (the layout our encoder writes: filter 0 rows). */
function decodePng(png: Buffer): { width: number; height: number; rgb: Uint8Array } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    // Every chunk's CRC covers its type and data.
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    types.push(type);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
    }
    if (type === "IDAT") idat.push(Buffer.from(data));
    at += 12 + length;
  }
  expect(types[0]).toBe("IHDR");
  expect(types[types.length - 1]).toBe("IEND");
  const raw = unzlibSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (1 + 3 * width));
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (1 + 3 * width)]).toBe(0);
    rgb.set(raw.subarray(y * (1 + 3 * width) + 1, (y + 1) * (1 + 3 * width)), y * width * 3);
  }
  return { width, height, rgb };
}

function exportWithImages(images: DetectorImageRecord[]): DatasetExport {
  return { ...exportOf({ title: "virtual SANS", curves: [], metadata: {} }), images };
}

describe("NPY arrays", () => {
  it("round trip float64 and uint8 arrays bit for bit, with their shape", () => {
    const image = intensityImage();
    const values = readNpyArray(writeNpyArray(image.values, image.shape));
    expect(values.shape).toEqual([12, 16]);
    expect(Buffer.from((values.values as Float64Array).buffer).equals(Buffer.from(image.values.buffer))).toBe(true);
    const mask = readNpyArray(writeNpyArray(image.mask, image.shape));
    expect(Array.from(mask.values)).toEqual(Array.from(image.mask));
    expect(() => writeNpyArray(image.values, [5, 5])).toThrow(/cannot have shape \[5, 5\]/);
  });

  (numpy ? it : it.skip)("are read by numpy.load with the right dtype, shape and values", () => {
    const image = intensityImage();
    writeFileSync(join(dir, "values.npy"), writeNpyArray(image.values, image.shape));
    writeFileSync(join(dir, "mask.npy"), writeNpyArray(image.mask, image.shape));
    const script = `import json, numpy as np
v = np.load("${join(dir, "values.npy")}"); m = np.load("${join(dir, "mask.npy")}")
print(json.dumps({"v": [str(v.dtype), list(v.shape), v[3, 5].item(), v.sum().item()], "m": [str(m.dtype), list(m.shape), int(m.sum())]}))`;
    const out = JSON.parse(execFileSync(PYTHON, ["-c", script], { encoding: "utf8" })) as {
      v: [string, number[], number, number];
      m: [string, number[], number];
    };
    expect(out.v.slice(0, 3)).toEqual(["float64", [12, 16], image.values[3 * 16 + 5]]);
    expect(out.v[3]).toBeCloseTo(
      image.values.reduce((a, b) => a + b, 0),
      10,
    );
    expect(out.m).toEqual(["uint8", [12, 16], 4]);
  });
});

describe("the PNG preview", () => {
  it("has one pixel per detector pixel and colours that rise with log I", () => {
    const image = intensityImage();
    const { width, height, rgb } = decodePng(renderPreview(image));
    expect([width, height]).toEqual([16, 12]);
    const pixel = (r: number, c: number) => Array.from(rgb.subarray(((height - 1 - r) * width + c) * 3, ((height - 1 - r) * width + c) * 3 + 3));
    // Lightness of the map rises with t: sort unmasked pixels by value, their luminance must not fall.
    const luminance = ([r, g, b]: number[]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const unmasked: { v: number; l: number }[] = [];
    let lo = Infinity;
    let hi = -Infinity;
    image.values.forEach((v, k) => {
      if (image.mask[k]) {
        expect(pixel(Math.floor(k / width), k % width)).toEqual([...MASKED_COLOUR]);
        return;
      }
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      unmasked.push({ v, l: luminance(pixel(Math.floor(k / width), k % width)) });
    });
    unmasked.sort((a, b) => a.v - b.v);
    for (let k = 1; k < unmasked.length; k++) expect(unmasked[k].l).toBeGreaterThanOrEqual(unmasked[k - 1].l - 0.5);
    // The ends of the scale are viridis' ends; a log scale puts the geometric mean at its middle.
    const at = (v: number) => image.values.findIndex((x, k) => x === v && !image.mask[k]);
    const kLo = at(lo);
    const kHi = at(hi);
    expect(pixel(Math.floor(kLo / width), kLo % width)).toEqual([0x44, 0x01, 0x54]);
    expect(pixel(Math.floor(kHi / width), kHi % width)).toEqual([0xfd, 0xe7, 0x25]);
    const mid = { ...image, values: Float64Array.from([lo, Math.sqrt(lo * hi), hi]), mask: new Uint8Array(3), shape: [1, 3] as [number, number] };
    expect(Array.from(decodePng(renderPreview(mid)).rgb.subarray(3, 6))).toEqual([0x21, 0x91, 0x8c]);
    // Linear would put the arithmetic mean there instead: it is brighter than the middle colour.
    const linearMid = luminance(colourAt((Math.log10((lo + hi) / 2) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))));
    expect(linearMid).toBeGreaterThan(luminance([0x21, 0x91, 0x8c]));
  });

  it("draws zero counts in the lowest colour and keeps counts images' orientation (top row = last detector row)", () => {
    const image = countsImage(4, 6);
    const { rgb, width, height } = decodePng(renderPreview(image));
    expect([width, height]).toEqual([6, 4]);
    image.values.forEach((v, k) => {
      const r = Math.floor(k / width);
      const c = k % width;
      const got = Array.from(rgb.subarray(((height - 1 - r) * width + c) * 3, ((height - 1 - r) * width + c) * 3 + 3));
      if (!image.mask[k] && v === 0) expect(got).toEqual([0x44, 0x01, 0x54]);
    });
  });
});

describe("checks of a detector image", () => {
  const refused = (change: (i: DetectorImageRecord) => void): FormatError => {
    const image = intensityImage();
    change(image);
    try {
      validateDetectorImage(image, "images[0]");
    } catch (err) {
      expect(err).toBeInstanceOf(FormatError);
      return err as FormatError;
    }
    throw new Error("accepted");
  };

  it("accepts the test images", () => {
    expect(() => validateDetectorImage(intensityImage(), "images[0]")).not.toThrow();
    expect(() => validateDetectorImage(countsImage(), "images[0]")).not.toThrow();
  });

  it("refuses wrong shapes, NaN, negative or fractional counts, a bad mask and impossible geometry, naming the field", () => {
    expect(refused((i) => (i.shape = [12, 15])).field).toBe("images[0].values");
    expect(refused((i) => (i.shape = [0, 16])).field).toBe("images[0].shape");
    expect(refused((i) => (i.mask = new Uint8Array(3))).field).toBe("images[0].mask");
    expect(refused((i) => (i.uncertainties = new Float64Array(5))).field).toBe("images[0].uncertainties");
    const nan = refused((i) => (i.values[7] = NaN));
    expect([nan.field, nan.message]).toEqual(["images[0].values", expect.stringMatching(/values\[7\] is NaN/)]);
    expect(refused((i) => ((i.kind = "COUNTS"), (i.values[0] = 2.5))).message).toMatch(/counts are whole numbers/);
    expect(refused((i) => (i.mask[0] = 2)).field).toBe("images[0].mask");
    expect(refused((i) => (i.geometry.detectorDistance = -1)).field).toBe("images[0].geometry.detectorDistance");
    expect(refused((i) => (i.geometry.wavelength = Infinity)).field).toBe("images[0].geometry.wavelength");
    expect(refused((i) => (i.transmission = 1.5)).field).toBe("images[0].transmission");
  });
});

describe("NXcanSAS 2D", () => {
  it("round trips images through our export and import: values, uncertainties, mask, geometry, parameters bit for bit", async () => {
    const images = [intensityImage(), countsImage()];
    const out = await exportDataset("NXCANSAS", exportWithImages(images));
    const back = await parseFile("NXCANSAS", new Uint8Array(out.body));
    expect(back.curves).toEqual([]);
    expect(back.images).toHaveLength(2);
    back.images!.forEach((got, k) => {
      const want = images[k];
      expect(got.kind).toBe(want.kind);
      expect(got.shape).toEqual(want.shape);
      expect(Buffer.from(got.values.buffer).equals(Buffer.from(want.values.buffer))).toBe(true);
      expect(Buffer.from(got.uncertainties!.buffer).equals(Buffer.from(want.uncertainties!.buffer))).toBe(true);
      expect(Array.from(got.mask)).toEqual(Array.from(want.mask));
      expect(got.geometry).toEqual(want.geometry);
      expect(got.parameters).toEqual(want.parameters);
      expect([got.incident, got.transmission, got.title]).toEqual([want.incident, want.transmission, want.title]);
    });
  });

  it("keeps the definition (I 2D over Q,Q with Q[2, rows, columns], units, mask) and Q is each pixel's scattering vector", async () => {
    const image = intensityImage();
    const body = new Uint8Array((await exportDataset("NXCANSAS", exportWithImages([image]))).body);
    expect(await nxcansasViolations(body)).toEqual([]);
    const got = await readHdf5(body, (file) => {
      const data = file.get("sasentry01/sasdata01") as H5Group;
      const q = data.get("Q") as H5Dataset;
      return {
        axes: data.attrs.I_axes.value,
        indices: Array.from(data.attrs.Q_indices.value as Int32Array),
        mask: data.attrs.mask.value,
        qShape: q.shape,
        qUnits: q.attrs.units.value,
        iUnits: (data.get("I") as H5Dataset).attrs.units.value,
        q: Array.from(q.value as Float64Array),
      };
    });
    expect(got).toMatchObject({ axes: ["Q", "Q"], indices: [0, 1], mask: "Mask", qShape: [2, 12, 16], qUnits: "1/angstrom", iUnits: "1/cm" });
    // Second method: q = k_out - k_in for a pixel at (x, y, L); |q| = (2π/λ)·|(x, y, L)/R - (0, 0, 1)|.
    const g = image.geometry;
    const n = 12 * 16;
    for (const [r, c] of [
      [0, 0],
      [3, 11],
      [11, 15],
    ]) {
      const x = (c + 0.5 - g.beamCentreColumn) * g.pixelWidth;
      const y = (r + 0.5 - g.beamCentreRow) * g.pixelHeight;
      const R = Math.hypot(x, y, g.detectorDistance);
      const q = ((2 * Math.PI) / g.wavelength) * Math.hypot(x / R, y / R, g.detectorDistance / R - 1);
      const qx = got.q[r * 16 + c];
      const qy = got.q[n + r * 16 + c];
      expect(Math.hypot(qx, qy)).toBeCloseTo(q, 12);
      expect(Math.atan2(qy, qx)).toBeCloseTo(Math.atan2(y, x), 12);
    }
    expect(pixelQ(g, image.shape).qx[0]).toBe(got.q[0]);
  });

  (sasdata ? it : it.skip)("is read by SasView's loader (sasdata) as Data2D: qx, qy, I, Idev and the mask", async () => {
    const image = intensityImage();
    const path = join(dir, "image.h5");
    writeFileSync(path, (await exportDataset("NXCANSAS", exportWithImages([image]))).body);
    const printed = JSON.parse(
      execFileSync(PYTHON, [join(__dirname, "..", "support", "sasview-load-2d.py"), path], { encoding: "utf8", timeout: 120_000 }),
    ) as {
      datasets?: { qx: number[]; qy: number[]; data: number[]; err: number[]; mask: boolean[]; x_unit: string; z_unit: string }[];
      error?: string;
    };
    expect(printed.error).toBeUndefined();
    const [d, ...more] = printed.datasets!;
    expect(more).toEqual([]);
    const { qx, qy } = pixelQ(image.geometry, image.shape);
    expect(d.qx).toEqual(Array.from(qx));
    expect(d.qy).toEqual(Array.from(qy));
    expect(d.data).toEqual(Array.from(image.values));
    expect(d.err).toEqual(Array.from(image.uncertainties!));
    // SasView's mask says which pixels to use: the opposite of ours.
    expect(d.mask).toEqual(Array.from(image.mask, (m) => m === 0));
  });

  it("refuses an image of more pixels than the limit before reading them", async () => {
    const small = intensityImage(2, 2);
    const n = 1100 * 1000;
    const big = { ...small, shape: [1100, 1000] as [number, number], values: new Float64Array(n).fill(1), uncertainties: null, mask: new Uint8Array(n) };
    const body = (await exportDataset("NXCANSAS", exportWithImages([big]))).body;
    await expect(parseFile("NXCANSAS", new Uint8Array(body))).rejects.toThrow(/1100 x 1000 pixels, more than the limit of 1048576/);
  });

  it("keeps refusing 2D data without sasgraph's geometry, and imports curves and images of one file together", async () => {
    const data = exportWithImages([intensityImage()]);
    data.curves = [
      { q: Float64Array.from([0.01, 0.02]), intensity: Float64Array.from([2, 1]), dI: null, dQ: null, qUnit: "INV_ANGSTROM", intensityUnit: "INV_CM" },
    ];
    const back = await parseFile("NXCANSAS", new Uint8Array((await exportDataset("NXCANSAS", data)).body));
    expect(back.curves).toHaveLength(1);
    expect(back.images).toHaveLength(1);
  });
});

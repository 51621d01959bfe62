/**
 * IMAGE_SET_ZIP, paper 004's layout: HDF5 `data` [n, rows, columns] and `target` [n] beside a CSV of
 * every image's parameters. Read back with h5py (an independent HDF5 reader) when Debian's
 * python3-h5py is installed, and with h5wasm always.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unzipSync, strFromU8 } from "fflate";
import { exportDataset } from "../../src/formats";
import { readHdf5 } from "../../src/formats/hdf5-memory-file";
import type { DetectorImageRecord } from "../../src/formats/detector-image";
import { countsImage, intensityImage } from "../support/detector-images";
import { exportOf } from "./helpers";

function labelled(image: DetectorImageRecord, model: string, extra: Record<string, unknown>): DetectorImageRecord {
  return {
    ...image,
    parameters: { ...image.parameters, model, preset: "kws1-6A-8m8m-slit1x1-cell2-d1mm", thickness: 0.1, absorption: 1, seed: 3, sampleParameters: extra },
  };
}

const hasH5py = (() => {
  try {
    execFileSync("/usr/bin/python3", ["-c", "import h5py"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("IMAGE_SET_ZIP export", () => {
  const images = [
    labelled(countsImage(), "cylinder", { radius: 20, length: 400 }),
    labelled(countsImage(), "sphere", { radius: 50 }),
    labelled(countsImage(), "cylinder", { radius: 30, length: 100 }),
  ];
  const data = { ...exportOf({ title: "virtual set", curves: [], metadata: {} }), images };
  data.dataset.metadata = { labels: ["sphere", "cylinder"] };

  it("holds data [n, rows, columns] bit for bit, targets from the dataset's labels, and one CSV row per image", async () => {
    const zip = unzipSync(new Uint8Array((await exportDataset("IMAGE_SET_ZIP", data)).body));
    expect(Object.keys(zip).sort()).toEqual(["virtual_set.csv", "virtual_set.h5"]);
    const read = await readHdf5(zip["virtual_set.h5"], (file) => {
      const d = file.get("data") as unknown as { shape: number[]; value: Float64Array };
      const t = file.get("target") as unknown as { value: Int32Array; attrs: Record<string, { value: unknown }> };
      return { shape: d.shape, values: Float64Array.from(d.value), target: Array.from(t.value), labels: t.attrs.labels.value };
    });
    const [rows, columns] = images[0].shape;
    expect(read.shape).toEqual([3, rows, columns]);
    images.forEach((im, i) => expect(Array.from(read.values.subarray(i * rows * columns, (i + 1) * rows * columns))).toEqual(Array.from(im.values)));
    expect(read.target).toEqual([1, 0, 1]);
    expect(read.labels).toEqual(["sphere", "cylinder"]);
    const csv = strFromU8(zip["virtual_set.csv"]).trim().split("\n");
    expect(csv).toHaveLength(4);
    const header = csv[0].split(",");
    expect(header.slice(0, 3)).toEqual(["index", "target", "model"]);
    expect(header.slice(-2)).toEqual(["length", "radius"]);
    const first = csv[1].split(",");
    expect(first[header.indexOf("model")]).toBe("cylinder");
    expect(Number(first[header.indexOf("detector_distance_m")])).toBe(images[0].geometry.detectorDistance);
    expect(Number(first[header.indexOf("radius")])).toBe(20);
    expect(csv[2].split(",")[header.indexOf("length")]).toBe("");
  });

  (hasH5py ? it : it.skip)("reads in h5py as the paper's files do (data n x rows x columns, target n)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-imageset-"));
    try {
      const zip = unzipSync(new Uint8Array((await exportDataset("IMAGE_SET_ZIP", data)).body));
      const file = path.join(dir, "set.h5");
      fs.writeFileSync(file, zip["virtual_set.h5"]);
      const out = execFileSync("/usr/bin/python3", [
        "-c",
        "import h5py,sys,json; f=h5py.File(sys.argv[1]); print(json.dumps({'shape': list(f['data'].shape), 'target': f['target'][()].tolist(), 'sum': float(f['data'][()].sum())}))",
        file,
      ]).toString();
      const parsed = JSON.parse(out) as { shape: number[]; target: number[]; sum: number };
      expect(parsed.shape).toEqual([3, ...images[0].shape]);
      expect(parsed.target).toEqual([1, 0, 1]);
      expect(parsed.sum).toBeCloseTo(
        images.reduce((s, im) => s + im.values.reduce((a, b) => a + b, 0), 0),
        6,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes a set's own labels: two samples of one model are two classes", async () => {
    const twoSpheres = [0, 1, 0].map((label) => ({ ...labelled(countsImage(), "sphere", { radius: 10 + label }), parameters: { model: "sphere", label } }));
    const set = { ...exportOf({ title: "two spheres", curves: [], metadata: {} }), images: twoSpheres };
    set.dataset.metadata = { labels: ["sphere", "sphere"] };
    const zip = unzipSync(new Uint8Array((await exportDataset("IMAGE_SET_ZIP", set)).body));
    const target = await readHdf5(zip["two_spheres.h5"], (file) => Array.from((file.get("target") as unknown as { value: Int32Array }).value));
    expect(target).toEqual([0, 1, 0]);
  });

  it("refuses a dataset without images, images of different sizes and of different kinds", async () => {
    const intensity = intensityImage();
    await expect(exportDataset("IMAGE_SET_ZIP", { ...data, images: [images[0], { ...intensity, shape: images[0].shape }] })).rejects.toThrow(/one kind/);
    await expect(exportDataset("IMAGE_SET_ZIP", exportOf({ title: "curves", curves: [], metadata: {} }))).rejects.toThrow(/no detector images/);
    await expect(exportDataset("IMAGE_SET_ZIP", { ...data, images: [images[0], countsImage(8, 8)] })).rejects.toThrow(/one detector size/);
  });
});

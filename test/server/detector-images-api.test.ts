/**
 * Detector images in the catalogue, end to end: a simulation stores its images with its dataset in
 * one transaction (or nothing: rows and objects), GraphQL serves them (geometry, parameters, NPY
 * arrays and a PNG preview behind expiring links, Relay pages through DataLoaders), nobody outside
 * the dataset's access reaches them by any path (by id, through the dataset, through links, through
 * exports), NXcanSAS 2D exports import back as images, and bad images are refused with a code.
 */
import { unzlibSync } from "fflate";
import type { EntityManager } from "typeorm";
import { Dataset } from "../../src/entities";
import { exportDataset } from "../../src/formats";
import type { DetectorImageRecord } from "../../src/formats/detector-image";
import { readNpyArray } from "../../src/formats/npy-array";
import { signDownload } from "../../src/services/download-token";
import { DomainError } from "../../src/services/errors";
import { sasModel, sasModelInput } from "../../src/simulations/kinds/sas-model";
import type { SimulatedDataset } from "../../src/simulations/simulation-kind";
import { exportOf } from "../formats/helpers";
import { countsImage, intensityImage } from "../support/detector-images";
import { startTestPlatform, type TestPlatform } from "../support/platform";

// Simulations run on worker threads: on a loaded machine one takes tens of seconds.
jest.setTimeout(240_000);

let t: TestPlatform;
let alice: string;
let bob: string;
let carol: string;
let aliceId: string;
let bobId: string;
/** alice's unpublished simulation shared with group alpha (carol's): two images. */
let privDataset: string;
let privImages: { id: string; index: number }[] = [];
const images = [intensityImage(), countsImage()];

const spec = () => ({
  model: "sphere",
  parameters: { sld: 1, sld_solvent: 2, radius: 30 },
  ranges: [],
  sampling: "RANDOM" as const,
  count: 1,
  seed: 1,
  q: Float64Array.from([0.01, 0.02, 0.05]),
});

/** Run the sas-model simulation with `extra` images added to what it makes. */
async function simulateWith(
  extra: DetectorImageRecord[],
  title: string,
  options: { accessGroups?: string[]; onCommit?: (tx: EntityManager) => Promise<void> } = {},
) {
  const original = sasModel.toDataset.bind(sasModel);
  const spy = jest.spyOn(sasModel, "toDataset").mockImplementation((input, results): SimulatedDataset => ({ ...original(input, results), images: extra }));
  try {
    return await t.services.simulations.run(
      sasModel,
      sasModelInput(spec()),
      { title, technique: "SANS", ownerId: aliceId, accessGroups: options.accessGroups },
      undefined,
      undefined,
      options.onCommit ? (tx) => options.onCommit!(tx) : undefined,
    );
  } finally {
    spy.mockRestore();
  }
}

const IMAGE_FIELDS = `id index title kind shape rows columns parameters incident transmission byteSize
  geometry { detectorDistance pixelWidth pixelHeight beamCentreColumn beamCentreRow wavelength wavelengthSpread collimationLength
    sourceAperture { width height } sampleAperture { width height } beamstop { width height } }
  values: arrayUrl mask: arrayUrl(array: MASK) uncertainties: arrayUrl(array: UNCERTAINTIES) previewUrl dataset { id }`;

interface ImageNode {
  id: string;
  index: number;
  title: string | null;
  kind: string;
  shape: number[];
  rows: number;
  columns: number;
  parameters: Record<string, unknown>;
  incident: number;
  transmission: number;
  byteSize: number;
  geometry: Record<string, unknown>;
  values: string;
  mask: string;
  uncertainties: string | null;
  previewUrl: string;
  dataset: { id: string };
}

async function ok<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const r = await t.gql<T>(query, variables, token);
  if (r.errors) throw new Error(`${query}: ${JSON.stringify(r.errors)}`);
  return r.data!;
}

async function download(url: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get("content-type"), body: Buffer.from(await res.arrayBuffer()) };
}

async function imageKeys(): Promise<string[]> {
  return (await t.services.store.list("datasets/")).filter((k) => k.includes("/images/"));
}

beforeAll(async () => {
  t = await startTestPlatform();
  alice = await t.token("alice", ["alpha"]);
  bob = await t.token("bob", ["beta"]);
  carol = await t.token("carol", ["alpha"]);
  [aliceId, bobId] = await Promise.all(
    ["alice", "bob"].map(async (name) => ((await t.services.db.query(`SELECT id FROM users WHERE name = $1`, [name])) as { id: string }[])[0].id),
  );
  const made = await simulateWith(images, "virtual SANS", { accessGroups: ["alpha"] });
  privDataset = made.dataset.id;
  const { dataset } = await ok<{ dataset: { images: { edges: { node: { id: string; index: number } }[] } } }>(
    `query($id: ID!) { dataset(id: $id) { images { edges { node { id index } } } } }`,
    { id: privDataset },
    alice,
  );
  privImages = dataset.images.edges.map((e) => e.node);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe("storage", () => {
  it("keeps every array bit for bit and every scalar, in the order given", async () => {
    const stored = await t.services.images.recordsOfDataset(privDataset);
    expect(stored).toHaveLength(2);
    stored.forEach((got, k) => {
      const want = images[k];
      expect(Buffer.from(got.values.buffer).equals(Buffer.from(want.values.buffer))).toBe(true);
      expect(Buffer.from(got.uncertainties!.buffer).equals(Buffer.from(want.uncertainties!.buffer))).toBe(true);
      expect(Array.from(got.mask)).toEqual(Array.from(want.mask));
      expect({ ...got, values: null, uncertainties: null, mask: null }).toEqual({ ...want, values: null, uncertainties: null, mask: null });
    });
  });

  it("writes nothing when an image is bad: BAD_USER_INPUT naming the field, no dataset, no object", async () => {
    const before = await imageKeys();
    const nan = intensityImage();
    nan.values[5] = NaN;
    const err = await simulateWith([intensityImage(), nan], "bad image").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect([(err as DomainError).code, (err as DomainError).field]).toEqual(["BAD_USER_INPUT", "images[1].values"]);
    const shape = intensityImage();
    shape.shape = [16, 12 + 1];
    const err2 = await simulateWith([shape], "bad image").catch((e: unknown) => e);
    expect([(err2 as DomainError).code, (err2 as DomainError).field]).toEqual(["BAD_USER_INPUT", "images[0].values"]);
    expect(await t.services.db.query(`SELECT id FROM datasets WHERE title = 'bad image'`)).toEqual([]);
    expect(await imageKeys()).toEqual(before);
  });

  it("removes the objects it wrote when the transaction fails after them", async () => {
    const before = await imageKeys();
    const rowsBefore = Number((await t.services.db.query(`SELECT count(*) AS n FROM detector_images`))[0].n);
    let seen = 0;
    const err = await simulateWith(images, "rolled back", {
      onCommit: async (tx) => {
        // The images are in the transaction (and their objects in the store) when it fails.
        seen = Number((await tx.query(`SELECT count(*) AS n FROM detector_images`))[0].n) - rowsBefore;
        throw new Error("the commit hook refuses");
      },
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe("the commit hook refuses");
    expect(seen).toBe(2);
    expect(await t.services.db.query(`SELECT id FROM datasets WHERE title = 'rolled back'`)).toEqual([]);
    expect(await imageKeys()).toEqual(before);
  });

  it("deleting the dataset removes its images' objects", async () => {
    const made = await simulateWith([intensityImage(4, 6)], "to delete");
    const mine = (await imageKeys()).filter((k) => k.startsWith(`datasets/${made.dataset.id}/`));
    expect(mine).toHaveLength(4); // values, uncertainties, mask, preview
    await ok(`mutation($id: ID!) { deleteDataset(id: $id) }`, { id: made.dataset.id }, alice);
    expect((await imageKeys()).filter((k) => k.startsWith(`datasets/${made.dataset.id}/`))).toEqual([]);
    expect(await t.services.db.query(`SELECT id FROM detector_images WHERE dataset_id = $1`, [made.dataset.id])).toEqual([]);
  });
});

describe("GraphQL", () => {
  it("serves geometry, parameters, NPY arrays and a PNG preview of each image", async () => {
    const { dataset } = await ok<{ dataset: { images: { edges: { node: ImageNode }[] } } }>(
      `query($id: ID!) { dataset(id: $id) { images(first: 10) { edges { node { ${IMAGE_FIELDS} } } } } }`,
      { id: privDataset },
      alice,
    );
    const nodes = dataset.images.edges.map((e) => e.node);
    expect(nodes.map((n) => [n.index, n.kind, n.shape, n.rows, n.columns, n.title])).toEqual([
      [0, "INTENSITY", [12, 16], 12, 16, "cylinder"],
      [1, "COUNTS", [12, 16], 12, 16, "counts"],
    ]);
    for (const [k, node] of nodes.entries()) {
      const want = images[k];
      expect(node.geometry).toEqual(want.geometry);
      expect(node.parameters).toEqual(want.parameters);
      expect([node.incident, node.transmission, node.dataset.id]).toEqual([want.incident, want.transmission, privDataset]);
      const values = await download(node.values);
      expect([values.status, values.type]).toEqual([200, "application/octet-stream"]);
      const read = readNpyArray(values.body);
      expect(read.shape).toEqual([12, 16]);
      expect(Buffer.from((read.values as Float64Array).buffer).equals(Buffer.from(want.values.buffer))).toBe(true);
      expect(Array.from(readNpyArray((await download(node.mask)).body).values)).toEqual(Array.from(want.mask));
      expect(Array.from(readNpyArray((await download(node.uncertainties!)).body).values)).toEqual(Array.from(want.uncertainties!));
      const png = await download(node.previewUrl);
      expect([png.status, png.type]).toEqual([200, "image/png"]);
      expect([...png.body.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect([png.body.readUInt32BE(16), png.body.readUInt32BE(20)]).toEqual([16, 12]);
      const idatLength = png.body.readUInt32BE(33);
      expect(png.body.toString("latin1", 37, 41)).toBe("IDAT");
      expect(unzlibSync(png.body.subarray(41, 41 + idatLength)).length).toBe(12 * (1 + 16 * 3));
      expect(node.byteSize).toBe(
        values.body.length + png.body.length + (await download(node.mask)).body.length + (await download(node.uncertainties!)).body.length,
      );
    }
  });

  it("pages images by cursor and answers detectorImage(id)", async () => {
    const page = `query($id: ID!, $after: String) { dataset(id: $id) { images(first: 1, after: $after) { edges { cursor node { index } } pageInfo { hasNextPage endCursor } } } }`;
    type Page = { dataset: { images: { edges: { node: { index: number } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } };
    const first = await ok<Page>(page, { id: privDataset }, alice);
    expect([first.dataset.images.edges.map((e) => e.node.index), first.dataset.images.pageInfo.hasNextPage]).toEqual([[0], true]);
    const second = await ok<Page>(page, { id: privDataset, after: first.dataset.images.pageInfo.endCursor }, alice);
    expect([second.dataset.images.edges.map((e) => e.node.index), second.dataset.images.pageInfo.hasNextPage]).toEqual([[1], false]);
    const one = await ok<{ detectorImage: { index: number; dataset: { id: string } } }>(
      `query($id: ID!) { detectorImage(id: $id) { index dataset { id } } }`,
      { id: privImages[1].id },
      alice,
    );
    expect(one.detectorImage).toEqual({ index: 1, dataset: { id: privDataset } });
    const forged = await t.gql(page, { id: privDataset, after: Buffer.from(JSON.stringify(["x"])).toString("base64url") }, alice);
    expect(forged.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const bad = await t.gql(`query($id: ID!) { dataset(id: $id) { images(first: -1) { edges { cursor } } } }`, { id: privDataset }, alice);
    expect(bad.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("batches nested images across a page of datasets (same statements for 1 dataset as for 4)", async () => {
    // Three more of alice's datasets with one image each, stored through the service (no simulation needed).
    for (let k = 0; k < 3; k++) {
      const { createDataset } = await ok<{ createDataset: { id: string } }>(
        `mutation($t: String!) { createDataset(input: {kind: SIMULATED, technique: SANS, title: $t}) { id } }`,
        { t: `batch ${k}` },
        alice,
      );
      await t.services.db.transaction(async (tx) =>
        t.services.images.storeDetectorImages(tx, await tx.getRepository(Dataset).findOneByOrFail({ id: createDataset.id }), [intensityImage(4, 6)]),
      );
    }
    const query = `query($first: Int!) { datasets(first: $first) { edges { node { id images(first: 2) { edges { node { id shape dataset { id } } } pageInfo { hasNextPage } } } } } }`;
    const count = async (first: number) => {
      const before = t.services.queries.count;
      const r = await t.gql<{ datasets: { edges: { node: { images: { edges: unknown[] } } }[] } }>(query, { first }, alice);
      expect(r.errors).toBeUndefined();
      return { n: t.services.queries.count - before, images: r.data!.datasets.edges.map((e) => e.node.images.edges.length) };
    };
    await count(1); // warms the token cache (its statements are not the page's)
    const small = await count(1);
    const large = await count(4);
    expect(large.images).toEqual([1, 1, 1, 2]);
    expect(large.n).toBe(small.n);
  });
});

describe("access", () => {
  const BY_ID = `query($id: ID!) { detectorImage(id: $id) { id previewUrl } }`;
  const THROUGH_DATASET = `query($id: ID!) { dataset(id: $id) { images { edges { node { id previewUrl } } } } }`;

  it("a member of an access group sees the images; an outsider or anonymous caller gets NOT_FOUND by id and through the dataset", async () => {
    expect((await ok<{ detectorImage: { id: string } }>(BY_ID, { id: privImages[0].id }, carol)).detectorImage.id).toBe(privImages[0].id);
    for (const token of [bob, undefined]) {
      for (const image of privImages) {
        const r = await t.gql(BY_ID, { id: image.id }, token);
        expect([r.errors?.[0].extensions?.code, r.data]).toEqual(["NOT_FOUND", null]);
      }
      const r = await t.gql(THROUGH_DATASET, { id: privDataset }, token);
      expect(r.errors?.[0].extensions?.code).toBe("NOT_FOUND");
      expect(JSON.stringify(r)).not.toContain(privImages[0].id);
      // Listing datasets does not reach them either.
      const list = await t.gql(`{ datasets(first: 100) { edges { node { id images { edges { node { id } } } } } } }`, {}, token);
      expect(JSON.stringify(list)).not.toContain(privImages[0].id);
    }
    const unknown = await t.gql(BY_ID, { id: "not-a-uuid" }, alice);
    expect(unknown.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("array and preview links serve nothing to someone who may not see the dataset, and stop when access is withdrawn", async () => {
    const [row] = (await t.services.db.query(`SELECT values_key, mask_key, preview_key FROM detector_images WHERE id = $1`, [privImages[0].id])) as {
      values_key: string;
      mask_key: string;
      preview_key: string;
    }[];
    const link = (key: string, userId: string | null) =>
      `${t.url}/downloads/${signDownload({ key, datasetId: privDataset, userId, filename: "x", contentType: "image/png", exp: Math.floor(Date.now() / 1000) + 60 }, t.services.secret)}`;
    for (const key of [row.values_key, row.mask_key, row.preview_key]) {
      expect((await download(link(key, aliceId))).status).toBe(200);
      for (const who of [bobId, null]) {
        const got = await download(link(key, who));
        expect(got.status).toBe(404);
        expect(got.body.toString("latin1")).not.toMatch(/NUMPY|PNG/);
      }
    }
    // A token that names another dataset than the object's is refused by its signature only if forged; a bad one is 403.
    expect((await download(`${t.url}/downloads/not-a-token`)).status).toBe(403);
    // Published, an anonymous caller gets links; unpublished again, those links serve nothing.
    await ok(`mutation($id: ID!) { publishDataset(id: $id) { id } }`, { id: privDataset }, alice);
    const anon = await ok<{ detectorImage: { previewUrl: string } }>(BY_ID, { id: privImages[0].id });
    expect((await download(anon.detectorImage.previewUrl)).status).toBe(200);
    await ok(`mutation($id: ID!) { publishDataset(id: $id, published: false) { id } }`, { id: privDataset }, alice);
    expect((await download(anon.detectorImage.previewUrl)).status).toBe(404);
  });

  it("exports of the dataset (with its images) are NOT_FOUND for an outsider", async () => {
    const r = await t.gql(`mutation($id: ID!) { requestDownload(datasetId: $id, format: NXCANSAS) { url } }`, { id: privDataset }, bob);
    expect(r.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });
});

describe("NXcanSAS 2D import and export", () => {
  it("an export of the dataset imports back into another dataset as the same images", async () => {
    const { requestDownload } = await ok<{ requestDownload: { url: string } }>(
      `mutation($id: ID!) { requestDownload(datasetId: $id, format: NXCANSAS) { url } }`,
      { id: privDataset },
      alice,
    );
    const file = await download(requestDownload.url);
    expect(file.status).toBe(200);
    const { createDataset } = await ok<{ createDataset: { id: string } }>(
      `mutation { createDataset(input: {kind: SIMULATED, technique: SANS, title: "re-imported"}) { id } }`,
      {},
      alice,
    );
    const imported = await ok<{ importCurves: { curvesAdded: number; dataset: { images: { edges: { node: ImageNode }[] } } } }>(
      `mutation($id: ID!, $c: String!) { importCurves(datasetId: $id, format: NXCANSAS, content: $c) { curvesAdded dataset { images { edges { node { ${IMAGE_FIELDS} } } } } } }`,
      { id: createDataset.id, c: file.body.toString("base64") },
      alice,
    );
    expect(imported.importCurves.curvesAdded).toBe(1); // the simulation's curve
    const nodes = imported.importCurves.dataset.images.edges.map((e) => e.node);
    expect(nodes.map((n) => n.kind)).toEqual(["INTENSITY", "COUNTS"]);
    for (const [k, node] of nodes.entries()) {
      expect(node.geometry).toEqual(images[k].geometry);
      expect(node.parameters).toEqual(images[k].parameters);
      const values = readNpyArray((await download(node.values)).body).values as Float64Array;
      expect(Buffer.from(values.buffer).equals(Buffer.from(images[k].values.buffer))).toBe(true);
    }
  });

  it("refuses a file whose image is bad with BAD_USER_INPUT naming the field, importing nothing", async () => {
    const { createDataset } = await ok<{ createDataset: { id: string } }>(
      `mutation { createDataset(input: {kind: SIMULATED, technique: SANS, title: "bad import"}) { id } }`,
      {},
      alice,
    );
    const bad = intensityImage();
    bad.values[3] = NaN;
    const body = (await exportDataset("NXCANSAS", { ...exportOf({ title: "bad", curves: [], metadata: {} }), images: [bad] })).body;
    const before = await imageKeys();
    const r = await t.gql(
      `mutation($id: ID!, $c: String!) { importCurves(datasetId: $id, format: NXCANSAS, content: $c) { curvesAdded } }`,
      {
        id: createDataset.id,
        c: body.toString("base64"),
      },
      alice,
    );
    expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0].extensions?.field).toBe("content.images[0].values");
    expect(r.errors?.[0].message).toMatch(/values\[3\] is NaN/);
    expect(await imageKeys()).toEqual(before);
    expect(await t.services.db.query(`SELECT id FROM detector_images WHERE dataset_id = $1`, [createDataset.id])).toEqual([]);
    // Stored outright through the service, the same image is refused the same way.
    const err = await t.services.db
      .transaction(async (tx) => t.services.images.storeDetectorImages(tx, await tx.getRepository(Dataset).findOneByOrFail({ id: createDataset.id }), [bad]))
      .catch((e: unknown) => e);
    expect([(err as DomainError).code, (err as DomainError).field]).toEqual(["BAD_USER_INPUT", "images[0].values"]);
  });
});

/**
 * The demo catalogue that `npm start` seeds once: real instruments and samples, and datasets of
 * curves computed by the platform's own model library (through the same sweep code as
 * `startSimulation`), with activities and provenance. One dataset is private to the demo user, to
 * show access control. Idempotent and safe when several processes start at once.
 */
import { Instrument, Sample } from "../entities";
import { qGrid } from "../compute/sampling";
import type { SasSweepSpec } from "../compute/sas/sweep";
import type { Services } from "./container";
import type { SimulationTarget } from "../simulations/simulation-target";
import { sasModel, sasModelInput } from "../simulations/kinds/sas-model";
import { registerShippedModels } from "./model-registry/shipped-models";

const DEMO_USER = "demo";
const SEED_LOCK = 7350002;

const INSTRUMENTS = [
  {
    name: "KWS-1",
    facility: "JCNS at MLZ (Garching)",
    technique: "SANS" as const,
    description: "Pinhole small-angle neutron scattering diffractometer with a velocity selector and polarisation option.",
    metadata: {
      wavelength: { value: 5, unit: "A", spread: { value: 0.1, unit: "" } },
      collimationLengths: { value: [1.5, 4, 8, 14, 20], unit: "m" },
      detectorDistances: { value: [1.5, 8, 20], unit: "m" },
    },
  },
  {
    name: "Xeuss 3.0",
    facility: "Laboratory SAXS (Xenocs)",
    technique: "SAXS" as const,
    description: "Laboratory SAXS/WAXS camera, Cu Kα source with scatterless slits.",
    metadata: { wavelength: { value: 1.5406, unit: "A" }, sampleDetectorDistance: { value: [0.05, 6.4], unit: "m" } },
  },
  {
    name: "CHX",
    facility: "NSLS-II (Brookhaven)",
    technique: "XPCS" as const,
    description: "Coherent Hard X-ray scattering beamline for XPCS and coherent SAXS.",
    metadata: { energy: { value: 9.65, unit: "keV" } },
  },
];

const SAMPLES = [
  {
    name: "Silica nanoparticles in D2O",
    description: "Stöber silica spheres dispersed in heavy water",
    composition: "SiO2 / D2O",
    metadata: { sld: { value: 3.47, unit: "1e-6/A^2" }, sld_solvent: { value: 6.36, unit: "1e-6/A^2" }, temperature: { value: 298.15, unit: "K" } },
  },
  {
    name: "Polystyrene latex in H2O",
    description: "Sterically stabilised polystyrene latex",
    composition: "C8H8 / H2O",
    metadata: { sld: { value: 1.41, unit: "1e-6/A^2" }, sld_solvent: { value: -0.56, unit: "1e-6/A^2" } },
  },
  {
    name: "Block-copolymer micelles in D2O",
    description: "Core-shell micelles of a PS-PEO diblock",
    composition: "PS-b-PEO / D2O",
    metadata: { temperature: { value: 293.15, unit: "K" } },
  },
];

interface DemoDataset {
  target: Omit<SimulationTarget, "ownerId">;
  instrument: string;
  sample: string;
  spec: SasSweepSpec;
}

function demoDatasets(): DemoDataset[] {
  const sansQ = qGrid(0.003, 0.5, 150, "LOG");
  return [
    {
      instrument: "KWS-1",
      sample: "Silica nanoparticles in D2O",
      target: {
        title: "Silica spheres: radius and polydispersity sweep (SANS, simulated)",
        description:
          "Polydisperse spheres (Gaussian radius distribution) with 5 % pinhole resolution and Poisson counting noise; a training set for size inferrers.",
        technique: "SANS",
        keywords: ["sphere", "polydispersity", "silica", "training-data"],
        publish: true,
      },
      spec: {
        model: "sphere",
        parameters: { sld: 3.47, sld_solvent: 6.36, scale: 0.01, background: 0.001, radius_pd_type: "gaussian", radius_pd_n: 35, radius_pd_nsigma: 3 },
        ranges: [
          { name: "radius", min: 20, max: 80 },
          { name: "radius_pd", min: 0.02, max: 0.2 },
        ],
        sampling: "LATIN_HYPERCUBE",
        count: 40,
        seed: 1,
        q: sansQ,
        resolution: 0.05,
        countsPerUnit: 1e5,
      },
    },
    {
      instrument: "KWS-1",
      sample: "Silica nanoparticles in D2O",
      target: {
        title: "Concentrated silica: hard-sphere structure factor, volume-fraction series",
        description: "sphere@hardsphere (Percus–Yevick) in the beta approximation, radius 50 Å with 10 % polydispersity, volume fraction 0.05 to 0.45.",
        technique: "SANS",
        keywords: ["sphere", "hardsphere", "structure-factor", "percus-yevick"],
        publish: true,
      },
      spec: {
        model: "sphere@hardsphere",
        parameters: { radius: 50, radius_pd: 0.1, radius_pd_type: "gaussian", sld: 3.47, sld_solvent: 6.36, radius_effective_mode: 1, background: 0.001 },
        ranges: [{ name: "volfraction", min: 0.05, max: 0.45 }],
        sampling: "GRID",
        count: 9,
        seed: 2,
        q: sansQ,
        structureFactorMode: "beta",
      },
    },
    {
      instrument: "Xeuss 3.0",
      sample: "Polystyrene latex in H2O",
      target: {
        title: "Polystyrene rods: cylinder length and radius sweep (SAXS, simulated)",
        description: "Orientation-averaged cylinders, random length and radius.",
        technique: "SAXS",
        keywords: ["cylinder", "rods", "training-data"],
        publish: true,
      },
      spec: {
        model: "cylinder",
        parameters: { sld: 1.41, sld_solvent: -0.56, scale: 0.01 },
        ranges: [
          { name: "radius", min: 15, max: 40 },
          { name: "length", min: 100, max: 400 },
        ],
        sampling: "RANDOM",
        count: 20,
        seed: 3,
        q: qGrid(0.005, 0.6, 120, "LOG"),
      },
    },
    {
      instrument: "KWS-1",
      sample: "Block-copolymer micelles in D2O",
      target: {
        title: "Core-shell micelles (unpublished, visible to the demo user only)",
        description: "core_shell_sphere sweep kept private: anonymous callers and other users cannot see it.",
        technique: "SANS",
        keywords: ["core-shell", "micelles"],
        publish: false,
      },
      spec: {
        model: "core_shell_sphere",
        parameters: { sld_core: 1.41, sld_shell: 4.0, sld_solvent: 6.36, radius_pd: 0.1, radius_pd_type: "schulz" },
        ranges: [
          { name: "radius", min: 40, max: 80 },
          { name: "thickness", min: 10, max: 30 },
        ],
        sampling: "LATIN_HYPERCUBE",
        count: 10,
        seed: 4,
        q: sansQ,
      },
    },
  ];
}

/** Seed the demo catalogue unless it is there already; returns a summary, or null when skipped. */
export async function seedDemoCatalogue(services: Services, log: (message: string) => void = () => undefined): Promise<string | null> {
  const runner = services.db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(${SEED_LOCK})`);
    const existing: unknown[] = await runner.query(`SELECT 1 FROM users WHERE name = $1`, [DEMO_USER]);
    if (existing.length > 0) {
      // Installations seeded before the registry existed get the shipped models now.
      const demo = await services.auth.ensureUser(DEMO_USER);
      await registerShippedModels(services, { userId: demo.id, userName: DEMO_USER, groupIds: [] });
      return null;
    }
    const db = services.db;
    await db.getRepository(Instrument).createQueryBuilder().insert().values(INSTRUMENTS).orIgnore().execute();
    const instruments = new Map((await db.getRepository(Instrument).find()).map((i) => [i.name, i.id]));
    const user = await services.auth.ensureUser(DEMO_USER, "sasgraph demo data");
    const samples = new Map<string, string>();
    for (const s of SAMPLES) {
      const saved = await db.getRepository(Sample).save(db.getRepository(Sample).create({ ...s, ownerId: user.id }));
      samples.set(s.name, saved.id);
    }
    let curves = 0;
    const datasets = demoDatasets();
    for (const d of datasets) {
      const { dataset } = await services.simulations.run(sasModel, sasModelInput(d.spec), {
        ...d.target,
        ownerId: user.id,
        instrumentId: instruments.get(d.instrument),
        sampleId: samples.get(d.sample),
      });
      curves += dataset.curveCount;
      log(`${dataset.title} (${dataset.curveCount} curves)`);
    }
    const models = await registerShippedModels(services, { userId: user.id, userName: DEMO_USER, groupIds: [] });
    log(`models ${models.join(", ") || "(none found in models/)"} registered with alias production, each with a dataset of the first curves it was trained on`);
    return `${INSTRUMENTS.length} instruments, ${SAMPLES.length} samples, ${datasets.length} datasets, ${curves} curves, ${models.length} models`;
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(${SEED_LOCK})`).catch(() => undefined);
    await runner.release();
  }
}

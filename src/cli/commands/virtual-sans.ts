/**
 * `sasgraph virtual-sans`: one virtual SANS experiment on this machine (the KWS-1 Monte Carlo of
 * src/compute/instrument), with a progress bar; the detector counts as a NumPy .npy array
 * [rows, columns] and, with --png, a log-scale preview. The same experiment, or a set of them, on
 * the server is startSimulation(virtualExperiment: ...).
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import { simulateVirtualExperiment } from "../../compute/instrument/beamline";
import { experimentFromPreset, instrumentPreset, kws1Presets } from "../../compute/instrument/presets";
import { validateExperiment } from "../../compute/instrument/validate";
import { renderPreview } from "../../formats/detector-preview";
import { writeNpyArray } from "../../formats/npy-array";
import { parseAssignments } from "../curve-args";
import type { Command } from "../command";

const DEFAULT_PRESET = "kws1-6A-8m8m-slit1x1-cell2-d1mm";

const HELP = `usage: sasgraph virtual-sans --model MODEL [name=value ...] --out FILE.npy
                            [--preset NAME] [--neutrons N] [--seed S] [--transmission T]
                            [--thickness CM] [--wavelength A] [--distance M] [--png FILE.png]
                            [--analog] [--list-presets]

Simulates one virtual SANS experiment of the KWS-1 pinhole instrument (paper 004) neutron by
neutron and writes the detector counts, [rows, columns] float64, rows along y:
  sasgraph virtual-sans --preset kws1-6A-8m8m-slit1x1-cell2-d1mm \\
      --model cylinder radius=20 length=400 theta=90 phi=0 scale=0.01 --neutrons 1e7 --out image.npy --png image.png
Parameters use sasmodels' names; I in 1/cm is the absolute scale (scale = volume fraction).
The preset names the paper's 36 settings (--list-presets); --wavelength, --distance and
--thickness change it. The same on the server, for sets of experiments, is startSimulation.`;

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, not "${value}"`);
  return n;
}

export const virtualSansCommand: Command = {
  summary: "simulate one virtual SANS experiment locally (detector image .npy, PNG preview), with a progress bar",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        preset: { type: "string", default: DEFAULT_PRESET },
        model: { type: "string" },
        neutrons: { type: "string", default: "1e7" },
        seed: { type: "string", default: "1" },
        transmission: { type: "string" },
        thickness: { type: "string" },
        wavelength: { type: "string" },
        distance: { type: "string" },
        out: { type: "string" },
        png: { type: "string" },
        analog: { type: "boolean" },
        "list-presets": { type: "boolean" },
        help: { type: "boolean" },
      },
    });
    if (values["list-presets"]) {
      for (const p of kws1Presets()) console.log(`${p.name.padEnd(40)} ${p.description}`);
      return 0;
    }
    if (values.help || !values.model) {
      console.log(HELP);
      return values.help ? 0 : 2;
    }
    if (!values.out) throw new Error("--out is required (see --help)");
    instrumentPreset(values.preset!); // an unknown name is refused with the known ones listed
    const { fixed, ranges } = parseAssignments(positionals);
    if (ranges.length > 0) throw new Error(`"${ranges[0].name}" is a range: one experiment takes fixed values (sets of them: startSimulation)`);
    const wavelength = numberOption(values.wavelength, "wavelength");
    const distance = numberOption(values.distance, "distance");
    const thickness = numberOption(values.thickness, "thickness");
    const transmission = numberOption(values.transmission, "transmission");
    const exp = experimentFromPreset(values.preset!, {
      sample: {
        model: values.model,
        parameters: fixed,
        ...(thickness !== undefined ? { thickness } : {}),
        ...(transmission !== undefined ? { transmission } : {}),
      },
      instrument: { ...(wavelength !== undefined ? { wavelength } : {}), ...(distance !== undefined ? { detectorDistance: distance } : {}) },
      neutrons: numberOption(values.neutrons, "neutrons"),
      seed: numberOption(values.seed, "seed"),
      sampling: values.analog ? "analog" : "importance",
    });
    validateExperiment(exp);
    const bar = new SingleBar({ format: "virtual-sans [{bar}] {percentage}% | ETA {eta}s", hideCursor: true }, Presets.shades_classic);
    bar.start(100, 0);
    const started = Date.now();
    const image = simulateVirtualExperiment(exp, (f) => bar.update(Math.floor(100 * f)));
    bar.update(100);
    bar.stop();
    fs.writeFileSync(values.out, writeNpyArray(image.counts, image.shape));
    if (values.png) fs.writeFileSync(values.png, renderPreview({ values: image.counts, mask: image.mask, shape: image.shape }));
    const total = image.counts.reduce((a, b) => a + b, 0);
    console.log(
      `${values.out}: ${image.shape[0]} x ${image.shape[1]} detector, ${total} neutrons counted of ${exp.neutrons} (${image.beamstopCounts} on the beamstop, ${image.sampling} sampling, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    return 0;
  },
};

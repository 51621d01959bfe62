/**
 * One image from parts simulated apart (worker threads, or a long exposure in chunks): the same
 * experiment with neutrons split between parts and a different seed per part. Counts add (a sum of
 * independent Poisson or binomial counts is the count of the whole exposure), and so do the
 * expectations, the beamstop counts and the incident neutrons.
 */
import { SasInputError } from "../sas/errors";
import type { DetectorImageData } from "./types";

export function combineImages(parts: readonly DetectorImageData[]): DetectorImageData {
  if (parts.length === 0) throw new SasInputError("combineImages needs at least one image", "images");
  const first = parts[0];
  const n = first.counts.length;
  for (const p of parts) {
    if (p.counts.length !== n || p.shape[0] !== first.shape[0] || p.shape[1] !== first.shape[1]) {
      throw new SasInputError("images to combine must have the same shape", "images");
    }
    if (p.transmission !== first.transmission || p.sampling !== first.sampling) {
      throw new SasInputError("images to combine must come from the same sample and sampling mode", "images");
    }
  }
  const counts = new Float64Array(n);
  const expected = first.expected ? new Float64Array(n) : undefined;
  let incident = 0;
  let beamstopCounts = 0;
  for (const p of parts) {
    for (let j = 0; j < n; j++) counts[j] += p.counts[j];
    if (expected && p.expected) for (let j = 0; j < n; j++) expected[j] += p.expected[j];
    incident += p.incident;
    beamstopCounts += p.beamstopCounts;
  }
  const out: DetectorImageData = {
    counts,
    shape: [first.shape[0], first.shape[1]],
    mask: Uint8Array.from(first.mask),
    incident,
    transmission: first.transmission,
    beamstopCounts,
    sampling: first.sampling,
  };
  if (expected) out.expected = expected;
  return out;
}

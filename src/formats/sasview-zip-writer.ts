/**
 * A download SasView opens directly: a ZIP with one text file per curve (SasView's text readers
 * take one curve per file, and read the long CSV's `curve` column as q).
 *
 * Each file is what SasView's readers (sasdata) accept:
 * - pinhole or no resolution: `NNN-title.txt`, `#` comment lines, a column header, then rows
 *   `q I dI dQ` (2, 3 or 4 columns). SasView's ASCII reader ignores the header and assumes q in 1/A
 *   and I in 1/cm, so q in 1/nm and I in 1/m are converted (numbers.ts `scaleFloat`: the shortest
 *   decimal of the stored float, shifted by the power of ten); arbitrary units, counts and reduced
 *   q have nothing to convert to and are written as stored, the header saying so. When a curve has
 *   dQ but no dI, dI is written as 0 so that dQ is still the 4th column.
 * - slit-smeared (dQl): `NNN-title.ABS` in the NIST/IGOR reduced layout, the one text layout that
 *   carries slit resolution: `The 6 columns are | Q (1/A) | ...`, the 4th column minus the slit
 *   length, then meanQ and ShadowFactor (the curve's own when it has them, else q and 1). SasView's
 *   ABS reader takes the slit length as dxl (and meanQ as its x, as for any NIST file); a slit width
 *   has no place in that layout and is named in the header instead.
 * Numbers are written in their shortest round-trip form, so reading them gives the same float64.
 * The column header also names the units, so our own ASCII reader reads each file back whole.
 * SasView's ASCII reader wants at least 5 points; a shorter curve's file says so.
 */
import { zipSync, strToU8 } from "fflate";
import { INTENSITY_UNIT_LABEL, Q_UNIT_LABEL, type IntensityUnit, type QUnit } from "../compute/units";
import type { CurveRecord, DatasetExport } from "./curve";
import { formatFloat, scaleFloat } from "./numbers";

/** Powers of ten to SasView's assumed units; null: nothing to convert to, written as stored. */
const Q_TO_INV_A: Record<QUnit, number | null> = { INV_ANGSTROM: 0, INV_NM: -1, REDUCED: null };
const I_TO_INV_CM: Record<IntensityUnit, number | null> = { INV_CM: 0, INV_M: -2, ARBITRARY: null, COUNTS: null, DIMENSIONLESS: null };

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}

function slug(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9._-]+/g, "_")
      .replace(/^[_.]+|_+$/g, "")
      .slice(0, 60) || "curve"
  );
}

interface Written {
  name: string;
  text: string;
}

/** One curve as a text file SasView reads; `k` is its index in the dataset. */
export function sasviewCurveFile(data: DatasetExport, curve: CurveRecord, k: number): Written {
  const n = curve.q.length;
  const qPower = Q_TO_INV_A[curve.qUnit];
  const iPower = I_TO_INV_CM[curve.intensityUnit];
  const qLabel = qPower === null ? Q_UNIT_LABEL[curve.qUnit] : "1/A";
  const iLabel = iPower === null ? INTENSITY_UNIT_LABEL[curve.intensityUnit] : "1/cm";
  const q = (x: number) => formatFloat(scaleFloat(x, qPower ?? 0));
  const intensity = (x: number) => formatFloat(scaleFloat(x, iPower ?? 0));
  const slit = curve.dQl ?? null;

  const d = data.dataset;
  const lines = [
    `# sasgraph dataset ${d.id}: ${oneLine(d.title)}`,
    `# curve ${k} of ${data.curves.length}${curve.title ? `: ${oneLine(curve.title)}` : ""}`,
    `# license: ${d.license}; owner: ${d.owner}; created: ${d.createdAt}`,
  ];
  const units = [`q in ${qLabel}`, `I in ${iLabel}`];
  const note: string[] = [];
  if (qPower) note.push(`q stored in ${Q_UNIT_LABEL[curve.qUnit]}, converted`);
  if (iPower) note.push(`I stored in ${INTENSITY_UNIT_LABEL[curve.intensityUnit]}, converted`);
  if (qPower === null || iPower === null) note.push("SasView assumes 1/A and 1/cm: these units are not those");
  lines.push(`# ${units.join(", ")}${note.length > 0 ? ` (${note.join("; ")})` : ""}`);
  if (curve.parameters && Object.keys(curve.parameters).length > 0) lines.push(`# parameters: ${oneLine(JSON.stringify(curve.parameters))}`);
  if (n < 5) lines.push(`# ${n} points: SasView's text reader wants at least 5`);
  const name = `${String(k + 1).padStart(3, "0")}-${slug(curve.title ?? d.title)}`;

  if (slit) {
    const meanQ = curve.columns?.meanQ?.values ?? null;
    const shadow = curve.columns?.ShadowFactor?.values ?? null;
    if (curve.dQw?.some((w) => w !== 0)) lines.push("# slit widths are not carried by this layout (SasView takes them as 0)");
    if (!curve.dI) lines.push("# dI unknown: written as 0");
    if (!meanQ || !shadow) lines.push("# the layout needs meanQ and ShadowFactor: this curve has none, written as q and 1");
    lines.push(`The 6 columns are | Q (${qLabel}) | I(Q) (${iLabel}) | std. dev. I(Q) (${iLabel}) | sigmaQ | meanQ | ShadowFactor|`);
    for (let i = 0; i < n; i++) {
      const row = [
        q(curve.q[i]),
        intensity(curve.intensity[i]),
        curve.dI ? intensity(curve.dI[i]) : "0",
        q(-slit[i]),
        meanQ ? q(meanQ[i]) : q(curve.q[i]),
        shadow ? formatFloat(shadow[i]) : "1",
      ];
      lines.push(row.join(" "));
    }
    return { name: `${name}.ABS`, text: lines.join("\n") + "\n" };
  }

  const withDQ = curve.dQ !== null;
  const withDI = curve.dI !== null || withDQ;
  if (withDQ && !curve.dI) lines.push("# dI unknown: written as 0 so that dQ is the 4th column");
  const header = [`q (${qLabel})`, `I (${iLabel})`];
  if (withDI) header.push(`dI (${iLabel})`);
  if (withDQ) header.push(`dQ (${qLabel})`);
  lines.push(header.join("  "));
  for (let i = 0; i < n; i++) {
    const row = [q(curve.q[i]), intensity(curve.intensity[i])];
    if (withDI) row.push(curve.dI ? intensity(curve.dI[i]) : "0");
    if (curve.dQ) row.push(q(curve.dQ[i]));
    lines.push(row.join(" "));
  }
  return { name: `${name}.txt`, text: lines.join("\n") + "\n" };
}

/** ZIP entries carry a date: the dataset's creation (not the download's), so the same dataset gives the same bytes. */
function zipDate(createdAt: string): Date {
  const t = new Date(createdAt);
  return Number.isNaN(t.getTime()) || t.getUTCFullYear() < 1980 ? new Date(Date.UTC(1980, 0, 1)) : t;
}

export function writeSasviewZip(data: DatasetExport): Buffer {
  const mtime = zipDate(data.dataset.createdAt);
  const files: Record<string, [Uint8Array, { mtime: Date }]> = {};
  data.curves.forEach((curve, k) => {
    const { name, text } = sasviewCurveFile(data, curve, k);
    files[name] = [strToU8(text), { mtime }];
  });
  return Buffer.from(zipSync(files, { level: 6 }));
}

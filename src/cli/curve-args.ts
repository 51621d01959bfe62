/**
 * Command-line forms shared by `compute` and `sweep`: `name=value` parameters (a range as
 * `name=min:max`, log-spaced as `name=min:max:log`) and q grids as `min:max:points[:lin|log]`.
 */
import { qGrid, type ParameterRange } from "../compute/sampling";
import { convertQ, parseQUnit, type QUnit } from "../compute/units";

export interface ParsedAssignments {
  fixed: Record<string, number | string>;
  ranges: ParameterRange[];
}

export function parseAssignments(words: string[]): ParsedAssignments {
  const fixed: Record<string, number | string> = {};
  const ranges: ParameterRange[] = [];
  for (const word of words) {
    const eq = word.indexOf("=");
    if (eq <= 0) throw new Error(`"${word}" is not name=value`);
    const name = word.slice(0, eq);
    const value = word.slice(eq + 1);
    const parts = value.split(":");
    if (parts.length >= 2 && parts.slice(0, 2).every((p) => p !== "" && Number.isFinite(Number(p)))) {
      if (parts.length > 3 || (parts[2] !== undefined && parts[2] !== "log" && parts[2] !== "lin")) {
        throw new Error(`range "${word}" must be name=min:max or name=min:max:log`);
      }
      ranges.push({ name, min: Number(parts[0]), max: Number(parts[1]), log: parts[2] === "log" });
    } else if (value !== "" && Number.isFinite(Number(value))) {
      fixed[name] = Number(value);
    } else {
      fixed[name] = value; // e.g. radius_pd_type=lognormal
    }
  }
  return { fixed, ranges };
}

/** q grid from "min:max:points[:lin|log]" in `unit`; returns q as given and in 1/Å. */
export function parseQGrid(spec: string, unitText = "1/A"): { given: Float64Array; inverseAngstrom: Float64Array; unit: QUnit } {
  const unit = parseQUnit(unitText);
  const parts = spec.split(":");
  if (parts.length < 3 || parts.length > 4) throw new Error(`--q "${spec}" must be min:max:points or min:max:points:lin`);
  const [min, max, points] = parts.slice(0, 3).map(Number);
  const spacing = parts[3] === "lin" ? "LINEAR" : "LOG";
  if (parts[3] !== undefined && parts[3] !== "lin" && parts[3] !== "log") throw new Error(`--q spacing must be lin or log, not "${parts[3]}"`);
  const given = qGrid(min, max, points, spacing);
  return { given, inverseAngstrom: unit === "INV_ANGSTROM" ? given : convertQ(given, unit, "INV_ANGSTROM"), unit };
}

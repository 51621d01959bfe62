/**
 * What the browser keeps for this tab only (sessionStorage): the viewer's API token, entered once,
 * and the curves picked for comparison. Nothing of it ever goes into a URL.
 */
const TOKEN_KEY = "sasgraph.token";
const COMPARE_KEY = "sasgraph.compare";
const JOBS_KEY = "sasgraph.jobs";

/** Most curves overlaid on the compare page: beyond that a log-log plot is unreadable. */
export const COMPARE_MAX = 10;

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value: string | null): void {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** A curve of a dataset: `after` is the cursor of the curve before it (null for the first), so one page of one fetches it. */
export interface CurveRef {
  datasetId: string;
  datasetTitle: string;
  index: number;
  after: string | null;
}

function readList<T>(key: string): T[] {
  try {
    const v = JSON.parse(sessionStorage.getItem(key) ?? "[]") as unknown;
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

export function compareList(): CurveRef[] {
  return readList<CurveRef>(COMPARE_KEY);
}

export function setCompareList(refs: CurveRef[]): void {
  sessionStorage.setItem(COMPARE_KEY, JSON.stringify(refs.slice(0, COMPARE_MAX)));
}

export function inCompare(datasetId: string, index: number): boolean {
  return compareList().some((r) => r.datasetId === datasetId && r.index === index);
}

export function toggleCompare(ref: CurveRef): boolean {
  const list = compareList();
  const i = list.findIndex((r) => r.datasetId === ref.datasetId && r.index === ref.index);
  if (i >= 0) list.splice(i, 1);
  else if (list.length < COMPARE_MAX) list.push(ref);
  else return false;
  setCompareList(list);
  return true;
}

/** Jobs started or watched in this tab (the API has no list of a user's jobs). */
export function jobList(): string[] {
  return readList<string>(JOBS_KEY);
}

export function rememberJob(id: string): void {
  const list = jobList().filter((j) => j !== id);
  list.unshift(id);
  sessionStorage.setItem(JOBS_KEY, JSON.stringify(list.slice(0, 20)));
}

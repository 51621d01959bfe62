/** Hash routes: "#/dataset/ID?q=nm". The hash holds what is on screen, never the token. */
export interface Route {
  page: string;
  id: string | null;
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const raw = location.hash.replace(/^#/, "") || "/catalogue";
  const [path, query = ""] = raw.split("?", 2);
  const parts = path.split("/").filter(Boolean);
  return { page: parts[0] ?? "catalogue", id: parts.length > 1 ? decodeURIComponent(parts.slice(1).join("/")) : null, params: new URLSearchParams(query) };
}

export function routeTo(page: string, id: string | null = null, params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return `/${page}${id ? `/${encodeURIComponent(id)}` : ""}${s ? `?${s}` : ""}`;
}

export function go(route: string): void {
  location.hash = route;
}

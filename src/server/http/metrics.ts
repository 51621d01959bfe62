/**
 * GET /metrics — Prometheus text format (prom-client). Also times every HTTP request: by route,
 * and for /graphql by operation type (query, mutation, subscription) read from the request.
 */
import type { Express, NextFunction, Request, Response } from "express";
import type { Services } from "../../services/container";

function routeOf(path: string): string {
  if (path.startsWith("/graphql")) return "graphql";
  if (path.startsWith("/uploads/")) return "uploads";
  if (path.startsWith("/downloads/")) return "downloads";
  if (path === "/metrics") return "metrics";
  if (path === "/healthz" || path === "/readyz") return "health";
  return "other";
}

/** The operation type of a GraphQL request body (the named operation when several are sent). */
export function operationType(body: unknown): string {
  if (!body || typeof body !== "object") return "none";
  const { query, operationName } = body as { query?: unknown; operationName?: unknown };
  if (typeof query !== "string") return "none";
  const text = query.replace(/#[^\n]*/g, " ");
  if (typeof operationName === "string" && operationName) {
    const m = new RegExp(`\\b(query|mutation|subscription)\\s+${operationName.replace(/[^A-Za-z0-9_]/g, "")}\\b`).exec(text);
    if (m) return m[1];
  }
  const first = /^\s*(query|mutation|subscription|\{)/.exec(text.replace(/^\s*fragment\b[^{]*\{(?:[^{}]|\{[^{}]*\})*\}/g, ""));
  if (!first) return "query";
  return first[1] === "{" ? "query" : first[1];
}

export function mountMetrics(app: Express, services: Services): void {
  const metrics = services.trainedModels.metrics;
  app.use((req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      const route = routeOf(req.originalUrl.split("?")[0]);
      const operation = route === "graphql" ? (req.method === "GET" ? "query" : operationType(req.body)) : "none";
      metrics.observeHttp(route, operation, res.statusCode, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  });
  app.get("/metrics", async (_req, res) => {
    res.set("Content-Type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
}

/**
 * /healthz: the process is up. /readyz: it can serve — database and object store answer. A load
 * balancer sends traffic only to ready processes.
 */
import type { Express } from "express";
import type { Services } from "../../services/container";

export type ReadinessCheck = () => Promise<void>;

export function mountHealth(app: Express, services: Services, extraChecks: Record<string, ReadinessCheck> = {}): void {
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const checks: Record<string, ReadinessCheck> = {
      database: async () => {
        await services.db.query("SELECT 1");
      },
      objectStore: () => services.store.ping(),
      ...extraChecks,
    };
    const results: Record<string, string> = {};
    let ready = true;
    await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), 3000))]);
          results[name] = "ok";
        } catch (err) {
          ready = false;
          results[name] = `failing: ${(err as Error).message}`;
        }
      }),
    );
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not ready", checks: results });
  });
}

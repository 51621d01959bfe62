/**
 * GraphQL over HTTP conformance: graphql-http's server audit against our /graphql. Every MUST holds
 * (no "error"); warnings and notices are printed (Apollo Server 5 answers parse and validation
 * errors with 400 to application/json clients, which the audit flags as a warning, not an error).
 */
import { auditServer, type AuditFail, type AuditResult } from "graphql-http";
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t?.close();
});

test("graphql-http's server audit finds no errors", async () => {
  const results: AuditResult[] = await auditServer({ url: `${t.url}/graphql` });
  const counts: Record<string, number> = { ok: 0, warn: 0, notice: 0, error: 0 };
  for (const r of results) counts[r.status]++;
  const failures = results.filter((r): r is AuditFail => r.status !== "ok");
  const lines = await Promise.all(
    failures.map(async (r) => {
      const body = await r.response.text().catch(() => "");
      return `${r.status.toUpperCase()} ${r.id} ${r.name}: ${r.reason} [HTTP ${r.response.status}] ${body.slice(0, 200)}`;
    }),
  );
  console.log(
    `graphql-http audit: ${results.length} audits, ${counts.ok} ok, ${counts.warn} warn, ${counts.notice} notice, ${counts.error} error\n${lines.join("\n")}`,
  );

  expect(results.length).toBeGreaterThan(0);
  expect(results.filter((r) => r.status === "error").map((r) => `${r.id} ${r.name}`)).toEqual([]);
});

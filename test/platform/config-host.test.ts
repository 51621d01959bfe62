/**
 * Which interface the API binds: this host only (127.0.0.1) in the embedded set-up of `npm start`,
 * every interface (0.0.0.0) with an external DATABASE_URL (docker-compose), HOST over both.
 */
import type { AddressInfo } from "node:net";
import { CONFIG_VARIABLES, loadConfig } from "../../src/platform/config";
import { listen } from "../../src/server/app";
import { startTestPlatform, type TestPlatform } from "../support/platform";

describe("HOST", () => {
  it("defaults to 127.0.0.1 with the embedded PostgreSQL and to 0.0.0.0 with DATABASE_URL", () => {
    expect(loadConfig({}).host).toBe("127.0.0.1");
    expect(loadConfig({ SASGRAPH_HOME: "/tmp/x", S3_ENDPOINT: "http://minio:9000", S3_ACCESS_KEY: "a", S3_SECRET_KEY: "b" }).host).toBe("127.0.0.1");
    expect(loadConfig({ DATABASE_URL: "postgres://u:p@db:5432/sasgraph" }).host).toBe("0.0.0.0");
  });

  it("is what HOST says, in either set-up", () => {
    expect(loadConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    expect(loadConfig({ HOST: "::1" }).host).toBe("::1");
    expect(loadConfig({ HOST: "127.0.0.1", DATABASE_URL: "postgres://u:p@db:5432/sasgraph" }).host).toBe("127.0.0.1");
  });

  it("is documented with both defaults", () => {
    expect(CONFIG_VARIABLES.HOST).toMatch(/127\.0\.0\.1/);
    expect(CONFIG_VARIABLES.HOST).toMatch(/0\.0\.0\.0.*DATABASE_URL/);
  });
});

describe("listen", () => {
  let t: TestPlatform;
  beforeAll(async () => {
    // The test platform has an external DATABASE_URL (default 0.0.0.0): HOST narrows it.
    t = await startTestPlatform({ env: { HOST: "127.0.0.1" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("binds the configured interface when no host is given", async () => {
    expect(t.services.config.host).toBe("127.0.0.1");
    const server = await listen(t.services, 0);
    try {
      expect((server.httpServer.address() as AddressInfo).address).toBe("127.0.0.1");
      expect((await fetch(`http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
      await new Promise((resolve) => server.httpServer.close(resolve));
    }
  });
});

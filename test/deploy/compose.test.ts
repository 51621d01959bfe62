/**
 * docker-compose.yml and the Dockerfile cannot be run here (no Docker engine), so they are checked
 * against the code: configuration variables, CLI commands and options, ports, service names,
 * credentials, and the healthcheck route on a real server.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CONFIG_VARIABLES, loadConfig } from "../../src/platform/config";
import { COMMANDS } from "../../src/cli/commands";
import { startTestPlatform, type TestPlatform } from "../support/platform";
import {
  checkArguments,
  checkDeployment,
  commandFactsFromSource,
  commandModules,
  healthcheckPaths,
  readCompose,
  readDockerfile,
  serviceCommand,
  serviceEnvironment,
  sasgraphServices,
  type CodeFacts,
} from "./deploy-check";

const ROOT = path.resolve(__dirname, "../..");
const COMMANDS_DIR = path.join(ROOT, "src/cli/commands");
const composeSource = fs.readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8");
const dockerfileSource = fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8");

function codeFacts(): CodeFacts {
  const modules = commandModules(fs.readFileSync(path.join(COMMANDS_DIR, "index.ts"), "utf8"));
  const commands: CodeFacts["commands"] = {};
  for (const name of Object.keys(COMMANDS)) {
    const file = modules[name];
    if (!file) throw new Error(`cannot find the module of command "${name}" in src/cli/commands/index.ts`);
    commands[name] = commandFactsFromSource(fs.readFileSync(path.join(COMMANDS_DIR, `${file}.ts`), "utf8"));
  }
  return { configVariables: Object.keys(CONFIG_VARIABLES), commands, defaultPort: loadConfig({}).port, loadConfig };
}

/** What production sets instead of the development defaults. */
const PRODUCTION_ENV = {
  POSTGRES_PASSWORD: "pg-Secret-1",
  MINIO_ROOT_USER: "sasgraph-prod",
  MINIO_ROOT_PASSWORD: "minio-Secret-1",
  SASGRAPH_SECRET: "0123456789abcdef0123456789abcdef",
  SASGRAPH_PUBLIC_URL: "https://sas.example.org",
  S3_PUBLIC_URL: "https://s3.example.org",
};

describe("docker-compose.yml and Dockerfile agree with the code", () => {
  const facts = codeFacts();
  const compose = readCompose(composeSource);
  const dockerfile = readDockerfile(dockerfileSource);

  it("reads the commands' options from their sources (the facts are not vacuous)", () => {
    expect(Object.keys(facts.commands).sort()).toEqual(Object.keys(COMMANDS).sort());
    expect(facts.commands.serve.options).toMatchObject({ port: { type: "string" }, workers: { type: "string" }, "no-seed": { type: "boolean" } });
    expect(facts.commands.worker.options).toMatchObject({ concurrency: { type: "string" } });
    expect(facts.defaultPort).toBe(4000);
  });

  it("has the expected services", () => {
    expect(sasgraphServices(compose).sort()).toEqual(["api", "migrate", "worker"]);
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(["postgres", "minio"]));
  });

  it("finds no problem, with the development defaults and with production values", () => {
    expect(checkDeployment(compose, dockerfile, facts)).toEqual([]);
    expect(checkDeployment(compose, dockerfile, facts, PRODUCTION_ENV)).toEqual([]);
  });

  it("gives api and worker a configuration that points at the compose services", () => {
    const api = loadConfig(serviceEnvironment(compose.services.api, PRODUCTION_ENV));
    const worker = loadConfig(serviceEnvironment(compose.services.worker, PRODUCTION_ENV));
    for (const config of [api, worker]) {
      expect(config.s3).toMatchObject({ endPoint: "minio", port: 9000, useSSL: false, accessKey: "sasgraph-prod", publicUrl: "https://s3.example.org" });
      expect(new URL(config.databaseUrl!).hostname).toBe("postgres");
      expect(config.secret).toBe(PRODUCTION_ENV.SASGRAPH_SECRET);
      expect(config.publicApiUrl).toBe("https://sas.example.org");
    }
    expect(api.seedDemo).toBe(false);
  });

  it("passes each service's arguments through the real command's parser", async () => {
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      for (const name of sasgraphServices(compose)) {
        const [sub, ...args] = serviceCommand(compose.services[name], dockerfile);
        // Only commands that answer --help before doing anything can be run here; the others take
        // no arguments at all, which checkDeployment already enforces from their source.
        if (!facts.commands[sub].options.help) {
          expect(args).toEqual([]);
          continue;
        }
        await expect(COMMANDS[sub].run([...args, "--help"])).resolves.toBe(0);
      }
    } finally {
      log.mockRestore();
    }
  });

  describe("on a running server", () => {
    let platform: TestPlatform;
    beforeAll(async () => {
      platform = await startTestPlatform();
    });
    afterAll(async () => {
      await platform?.close();
    });

    it("answers 200 on every healthcheck path", async () => {
      const paths = healthcheckPaths(compose, dockerfile);
      expect(paths).toContain("/healthz");
      for (const p of paths) {
        const res = await fetch(`${platform.url}${p}`);
        expect({ path: p, status: res.status }).toEqual({ path: p, status: 200 });
      }
      // ...which means something: an unknown path does not.
      expect((await fetch(`${platform.url}/healthzz`)).status).toBe(404);
    });

    it("runs the image's HEALTHCHECK command: 0 against the server, 1 when nothing listens", async () => {
      const [program, ...args] = dockerfile.healthcheck as string[];
      expect(program).toBe("node"); // the slim image has no curl
      const port = new URL(platform.url).port;
      // Asynchronously: the server answers from this very process.
      const run = (env: Record<string, string>) =>
        new Promise<number | null>((resolve) => {
          const child = execFile(process.execPath, args, { env: { PATH: process.env.PATH, ...env }, timeout: 15_000 });
          child.on("exit", (code) => resolve(code));
        });
      expect(await run({ PORT: port })).toBe(0);
      expect(await run({ PORT: "1" })).toBe(1);
    });
  });
});

// -------------------------------------------------------------------------------------------------
// The checker itself: a minimal deployment that passes, and one mutation per check that must fail.

const FACTS: CodeFacts = {
  configVariables: ["PORT", "DATABASE_URL", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY", "SASGRAPH_SECRET", "SASGRAPH_HOME"],
  commands: {
    serve: { options: { port: { type: "string" }, workers: { type: "string" }, help: { type: "boolean" } }, allowPositionals: false },
    worker: { options: { concurrency: { type: "string" }, help: { type: "boolean" } }, allowPositionals: false },
    migrate: { options: {}, allowPositionals: false },
  },
  defaultPort: 4000,
};

const SNIPPET = `
x-env: &env
  DATABASE_URL: "postgres://u:\${PG_PASSWORD:-p}@db:5432/d"
  S3_ENDPOINT: "http://store:9000"
  S3_ACCESS_KEY: "key"
  S3_SECRET_KEY: "secret-key"
  SASGRAPH_SECRET: "shared"
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: u
      POSTGRES_PASSWORD: "\${PG_PASSWORD:-p}"
      POSTGRES_DB: d
    healthcheck:
      test: ["CMD-SHELL", "pg_isready"]
  store:
    image: minio/minio
    environment:
      MINIO_ROOT_USER: key
      MINIO_ROOT_PASSWORD: secret-key
    healthcheck:
      test: ["CMD", "mc", "ready", "local"]
  migrate:
    build: .
    image: app
    command: ["migrate"]
    restart: "no"
    environment: *env
    healthcheck:
      disable: true
    depends_on:
      db:
        condition: service_healthy
  api:
    image: app
    command: ["serve", "--workers", "0"]
    environment:
      <<: *env
      PORT: "4000"
    ports:
      - "4000:4000"
    depends_on:
      migrate:
        condition: service_completed_successfully
  worker:
    image: app
    command: ["worker", "--concurrency", "2"]
    environment: *env
    healthcheck:
      disable: true
`;

const DOCKERFILE = `FROM node:20 AS build
USER root
EXPOSE 1234
FROM node:20
ENV NODE_ENV=production SASGRAPH_HOME=/data
USER node
EXPOSE 4000
HEALTHCHECK --interval=5s \\
  CMD ["node", "-e", "fetch('http://127.0.0.1:4000/healthz')"]
ENTRYPOINT ["node", "bin/sasgraph.js"]
CMD ["serve"]
`;

function problems(compose = SNIPPET, dockerfile = DOCKERFILE): string[] {
  return checkDeployment(readCompose(compose), readDockerfile(dockerfile), FACTS);
}

function mutate(source: string, from: string | RegExp, to: string): string {
  const out = source.replace(from, to);
  if (out === source) throw new Error(`mutation ${String(from)} did not apply`);
  return out;
}

describe("checkDeployment", () => {
  it("passes the minimal deployment (only the final Dockerfile stage counts)", () => {
    expect(problems()).toEqual([]);
    expect(healthcheckPaths(readCompose(SNIPPET), readDockerfile(DOCKERFILE))).toEqual(["/healthz"]);
  });

  it("reports an environment variable the code does not read (a typo)", () => {
    const found = problems(mutate(SNIPPET, "S3_ACCESS_KEY:", "S3_ACESS_KEY:"));
    expect(found).toEqual(
      expect.arrayContaining([
        "service migrate: environment variable S3_ACESS_KEY is not read by sasgraph (not in CONFIG_VARIABLES)",
        "service api: environment variable S3_ACESS_KEY is not read by sasgraph (not in CONFIG_VARIABLES)",
        "service worker: environment variable S3_ACESS_KEY is not read by sasgraph (not in CONFIG_VARIABLES)",
      ]),
    );
  });

  it("reports the typo in the real docker-compose.yml too", () => {
    const facts = codeFacts();
    const found = checkDeployment(readCompose(mutate(composeSource, /^ {2}S3_ACCESS_KEY:/m, "  S3_ACESS_KEY:")), readDockerfile(dockerfileSource), facts);
    expect(found).toContain("service api: environment variable S3_ACESS_KEY is not read by sasgraph (not in CONFIG_VARIABLES)");
  });

  it.each<[string, string | RegExp, string, string | RegExp]>([
    ["an unknown command", '["worker", "--concurrency", "2"]', '["work", "--concurrency", "2"]', /service worker: command "work" is not a sasgraph command/],
    ["an unknown option", '"--concurrency"', '"--concurency"', "service worker: worker: unknown option --concurency"],
    ["an option without its value", '["serve", "--workers", "0"]', '["serve", "--workers"]', "service api: serve: --workers needs a value"],
    ["arguments to a command that takes none", '["migrate"]', '["migrate", "--dry-run"]', "service migrate: migrate: unknown option --dry-run"],
    ["the wrong MinIO port", "http://store:9000", "http://store:9001", "service api: S3_ENDPOINT port 9001 is not MinIO's S3 port 9000"],
    ["the wrong MinIO host", "http://store:9000", "http://minio:9000", /service api: S3_ENDPOINT host "minio" is not the minio service \(store\)/],
    ["the wrong PostgreSQL host", "@db:5432", "@postgres:5432", /service api: DATABASE_URL host "postgres" is not the postgres service \(db\)/],
    [
      "a password that differs from the database's",
      'POSTGRES_PASSWORD: "${PG_PASSWORD:-p}"',
      "POSTGRES_PASSWORD: other",
      "service api: DATABASE_URL password differs from POSTGRES_PASSWORD",
    ],
    [
      "S3 keys that differ from MinIO's",
      "MINIO_ROOT_PASSWORD: secret-key",
      "MINIO_ROOT_PASSWORD: other-key",
      "service api: S3_SECRET_KEY differs from the minio service's MINIO_ROOT_PASSWORD",
    ],
    [
      "a container port that differs from PORT",
      '- "4000:4000"',
      '- "4000:8080"',
      "service api: container port 8080 differs from the port the API listens on (4000)",
    ],
    [
      "a --port that differs from the container port",
      '["serve", "--workers", "0"]',
      '["serve", "--workers", "0", "--port", "5000"]',
      "service api: container port 4000 differs from the port the API listens on (5000)",
    ],
    [
      "a worker left with the HTTP healthcheck",
      /(worker:[\s\S]*?) {4}healthcheck:\n {6}disable: true\n/,
      "$1",
      /service worker: "worker" serves no HTTP, so it must disable/,
    ],
    ["a missing DATABASE_URL", / {2}DATABASE_URL: .*\n/, "", "service api: DATABASE_URL is not set (the container would run an embedded PostgreSQL)"],
    [
      "a secret that differs between api and worker",
      /(worker:[\s\S]*?)environment: \*env/,
      '$1environment:\n      <<: *env\n      SASGRAPH_SECRET: "other"',
      /SASGRAPH_SECRET differs between api, worker/,
    ],
    ["a one-shot that restarts", 'restart: "no"', "restart: always", "service api: waits for one-shot migrate to complete, but migrate restarts (always)"],
  ])("reports %s", (_what, from, to, expected) => {
    const found = problems(mutate(SNIPPET, from, to));
    if (typeof expected === "string") expect(found).toContain(expected);
    else expect(found.some((p) => (expected as RegExp).test(p))).toBe(true);
  });

  it("reports a wait for health on a service without a healthcheck", () => {
    let compose = mutate(SNIPPET, /(store:[\s\S]*?) {4}healthcheck:\n {6}test: \["CMD", "mc", "ready", "local"\]\n/, "$1");
    compose = mutate(compose, /(api:[\s\S]*?depends_on:\n)/, "$1      store:\n        condition: service_healthy\n");
    expect(problems(compose)).toContain("service api: waits for store to be healthy, but store has no healthcheck");
  });

  it.each<[string, string | RegExp, string, string]>([
    [
      "a wrong ENTRYPOINT",
      '["node", "bin/sasgraph.js"]',
      '["node", "dist/src/server/main.js"]',
      'Dockerfile: ENTRYPOINT is ["node","dist/src/server/main.js"], expected ["node","bin/sasgraph.js"]',
    ],
    ["an EXPOSE that differs from the API's port", "EXPOSE 4000", "EXPOSE 8080", "service api: Dockerfile EXPOSE 8080 differs from the API's port 4000"],
    ["a root final stage", "USER node", "USER root", "Dockerfile: the final stage must set a non-root USER"],
    ["an unknown ENV", "SASGRAPH_HOME=/data", "SASGRAPH_HOMEDIR=/data", "Dockerfile: ENV SASGRAPH_HOMEDIR is not a sasgraph configuration variable"],
    ["an unknown default command", 'CMD ["serve"]', 'CMD ["server"]', 'Dockerfile: CMD runs unknown command "server"'],
  ])("reports %s in the Dockerfile", (_what, from, to, expected) => {
    expect(problems(SNIPPET, mutate(DOCKERFILE, from, to))).toContain(expected);
  });

  it("validates arguments as parseArgs does", () => {
    const serve = FACTS.commands.serve;
    expect(checkArguments(["--port=4000", "--workers", "0", "--help"], serve)).toEqual([]);
    expect(checkArguments(["--help=yes"], serve)).toEqual(["--help is a flag and takes no value"]);
    expect(checkArguments(["-p", "4000"], serve)).toEqual(["short option -p is not declared", 'takes no positional argument "4000"']);
  });

  it("reads parseArgs options and the COMMANDS map from source", () => {
    const facts = commandFactsFromSource(`const { values } = parseArgs({ args: argv, allowPositionals: true,
      options: { port: { type: "string", default: "1" }, "no-seed": { type: "boolean" } } });`);
    expect(facts).toEqual({ options: { port: { type: "string" }, "no-seed": { type: "boolean" } }, allowPositionals: true });
    expect(commandFactsFromSource("export const x = { run() { return 0; } };")).toEqual({ options: {}, allowPositionals: false });
    expect(
      commandModules(
        `import { aCommand } from "./a";\nimport { bCommand as b } from "./sub/b";\nexport const COMMANDS: Record<string, Command> = { a: aCommand, "b-c": b };`,
      ),
    ).toEqual({ a: "a", "b-c": "sub/b" });
  });
});

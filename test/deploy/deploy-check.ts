/**
 * Checks docker-compose.yml and the Dockerfile against facts taken from the code (configuration
 * variables, CLI commands and their options, the default port). Pure functions: the test gathers the
 * facts from src/ and also feeds broken snippets to prove that each check bites. Routes are checked
 * against a live server by the test itself, from `healthcheckPaths`.
 */
import { interpolate, readYamlSubset, type YamlMap, type YamlValue } from "./compose-reader";

export interface OptionFacts {
  type: "string" | "boolean";
}

export interface CommandFacts {
  /** Long options the command's parseArgs accepts; empty when it parses no arguments at all. */
  options: Record<string, OptionFacts>;
  allowPositionals: boolean;
}

export interface CodeFacts {
  configVariables: readonly string[];
  commands: Record<string, CommandFacts>;
  /** Port used when PORT is not set (loadConfig({}).port). */
  defaultPort: number;
  /** loadConfig; must accept the environment of every sasgraph service. */
  loadConfig?: (env: Record<string, string>) => unknown;
}

/** Variables of the image's Dockerfile that are not sasgraph's own but the runtime's. */
export const RUNTIME_VARIABLES = ["NODE_ENV"];
export const ENTRYPOINT = ["node", "bin/sasgraph.js"];
export const MINIO_PORT = 9000;
export const POSTGRES_PORT = 5432;

// ---------------------------------------------------------------------------------------------
// Dockerfile

export interface Dockerfile {
  /** Instructions of the final stage. */
  entrypoint?: string[];
  cmd?: string[];
  expose: number[];
  env: Record<string, string>;
  user?: string;
  healthcheck?: string[] | "NONE";
}

function jsonArray(text: string, what: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${what} must be in exec (JSON array) form: ${text}`);
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw new Error(`${what} must be a JSON array of strings: ${text}`);
  return value as string[];
}

/** The final stage's ENTRYPOINT, CMD, EXPOSE, ENV, USER and HEALTHCHECK. */
export function readDockerfile(source: string): Dockerfile {
  const joined = source
    .split(/\r?\n/)
    .filter((l) => !/^\s*#/.test(l))
    .join("\n")
    .replace(/\\\n/g, " ");
  let result: Dockerfile = { expose: [], env: {} };
  for (const raw of joined.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`Dockerfile line not understood: ${line}`);
    const instruction = m[1].toUpperCase();
    const args = m[2].trim();
    switch (instruction) {
      case "FROM":
        result = { expose: [], env: {} }; // a new stage: only the last one is the image
        break;
      case "ENTRYPOINT":
        result.entrypoint = jsonArray(args, "ENTRYPOINT");
        break;
      case "CMD":
        result.cmd = jsonArray(args, "CMD");
        break;
      case "EXPOSE":
        for (const p of args.split(/\s+/)) result.expose.push(Number(p.replace(/\/(tcp|udp)$/, "")));
        break;
      case "USER":
        result.user = args;
        break;
      case "ENV": {
        if (!args.includes("=")) {
          const [name, ...rest] = args.split(/\s+/);
          result.env[name] = rest.join(" ");
        } else {
          for (const pair of args.match(/[A-Za-z_][A-Za-z0-9_]*=("[^"]*"|\S*)/g) ?? []) {
            const eq = pair.indexOf("=");
            result.env[pair.slice(0, eq)] = pair.slice(eq + 1).replace(/^"(.*)"$/, "$1");
          }
        }
        break;
      }
      case "HEALTHCHECK": {
        if (/^NONE$/i.test(args)) {
          result.healthcheck = "NONE";
          break;
        }
        const cmd = /(?:^|\s)CMD\s+(.*)$/.exec(args);
        if (!cmd) throw new Error(`HEALTHCHECK without CMD: ${args}`);
        result.healthcheck = jsonArray(cmd[1].trim(), "HEALTHCHECK CMD");
        break;
      }
      default:
        break;
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Compose

function isMap(v: YamlValue | undefined): v is YamlMap {
  return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);
}

function asList(v: YamlValue | undefined): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v.split(/\s+/).filter(Boolean); // shell form: split on spaces
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  return undefined;
}

export interface Compose {
  services: Record<string, YamlMap>;
}

export function readCompose(source: string): Compose {
  const doc = readYamlSubset(source);
  if (!isMap(doc.services)) throw new Error("docker-compose.yml has no services map");
  const services: Record<string, YamlMap> = {};
  for (const [name, s] of Object.entries(doc.services)) {
    if (!isMap(s)) throw new Error(`service ${name} is not a map`);
    services[name] = s;
  }
  return { services };
}

/** A service's environment after Compose interpolation with `hostEnv` (defaults when empty). */
export function serviceEnvironment(service: YamlMap, hostEnv: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  const raw = service.environment;
  if (raw === undefined || raw === null) return env;
  if (Array.isArray(raw)) {
    for (const item of raw) {
      if (typeof item !== "string") throw new Error("environment list items must be NAME=value strings");
      const eq = item.indexOf("=");
      env[eq < 0 ? item : item.slice(0, eq)] = eq < 0 ? (hostEnv[item] ?? "") : interpolate(item.slice(eq + 1), hostEnv);
    }
    return env;
  }
  if (!isMap(raw)) throw new Error("environment must be a map or a list");
  for (const [k, v] of Object.entries(raw)) {
    if (v !== null && typeof v !== "string") throw new Error(`environment ${k} must be a scalar`);
    env[k] = v === null ? (hostEnv[k] ?? "") : interpolate(v, hostEnv);
  }
  return env;
}

/** Services that run the sasgraph image: those built from this repository, or sharing a built image's name. */
export function sasgraphServices(compose: Compose): string[] {
  const builtImages = new Set<string>();
  for (const s of Object.values(compose.services)) if (s.build !== undefined && typeof s.image === "string") builtImages.add(s.image);
  return Object.entries(compose.services)
    .filter(([, s]) => s.build !== undefined || (typeof s.image === "string" && builtImages.has(s.image)))
    .map(([name]) => name);
}

function imageOf(service: YamlMap): string {
  return typeof service.image === "string" ? service.image : "";
}

/** The service whose image is `prefix` (e.g. "minio/minio", "postgres"), by name. */
function serviceByImage(compose: Compose, pattern: RegExp): string[] {
  return Object.entries(compose.services)
    .filter(([, s]) => pattern.test(imageOf(s)))
    .map(([name]) => name);
}

/** The argument list a sasgraph service runs: its `command`, or the image's CMD. */
export function serviceCommand(service: YamlMap, dockerfile: Dockerfile): string[] {
  const entrypoint = asList(service.entrypoint);
  if (entrypoint && entrypoint.join(" ") !== ENTRYPOINT.join(" ")) return [];
  return asList(service.command) ?? dockerfile.cmd ?? [];
}

/** Container ports of a service's `ports` ("4000:4000", "127.0.0.1:4000:4000", "4000-4009:4000", "4000"). */
export function containerPorts(service: YamlMap): number[] {
  const ports = service.ports;
  if (!Array.isArray(ports)) return [];
  return ports.map((p) => {
    if (typeof p !== "string") throw new Error("ports items must be strings");
    const last = p
      .replace(/\/(tcp|udp)$/, "")
      .split(":")
      .pop()!;
    return Number(last);
  });
}

function healthcheckDisabled(service: YamlMap): boolean {
  const hc = service.healthcheck;
  return isMap(hc) && (hc.disable === "true" || asList(hc.test)?.[0] === "NONE");
}

function hasHealthcheck(name: string, compose: Compose, dockerfile: Dockerfile, sasgraph: Set<string>): boolean {
  const service = compose.services[name];
  if (healthcheckDisabled(service)) return false;
  if (isMap(service.healthcheck) && service.healthcheck.test !== undefined) return true;
  return sasgraph.has(name) && Array.isArray(dockerfile.healthcheck);
}

/** Validate `args` the way node:util parseArgs (strict) does for the command's options. */
export function checkArguments(args: string[], command: CommandFacts): string[] {
  const problems: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      if (!command.allowPositionals && i < args.length - 1) problems.push(`takes no positional arguments: ${args.slice(i + 1).join(" ")}`);
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const option = command.options[name];
      if (!option) {
        problems.push(`unknown option --${name}`);
        continue;
      }
      if (option.type === "string" && eq < 0) {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) problems.push(`--${name} needs a value`);
        else i++;
      } else if (option.type === "boolean" && eq >= 0) {
        problems.push(`--${name} is a flag and takes no value`);
      }
    } else if (arg.startsWith("-") && arg.length > 1) {
      problems.push(`short option ${arg} is not declared`);
    } else if (!command.allowPositionals) {
      problems.push(`takes no positional argument "${arg}"`);
    }
  }
  return problems;
}

function optionValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

function hostAndPort(url: string): { host: string; port: number; url: URL } | null {
  try {
    const u = new URL(url);
    const port = u.port ? Number(u.port) : u.protocol === "https:" ? 443 : u.protocol === "http:" ? 80 : NaN;
    return { host: u.hostname, port, url: u };
  } catch {
    return null;
  }
}

/** Every problem found; empty when the deployment files agree with the code. */
export function checkDeployment(compose: Compose, dockerfile: Dockerfile, facts: CodeFacts, hostEnv: Record<string, string> = {}): string[] {
  const problems: string[] = [];
  const known = new Set(facts.configVariables);
  const sasgraph = sasgraphServices(compose);
  const sasgraphSet = new Set(sasgraph);
  if (sasgraph.length === 0) problems.push("no service builds or runs the sasgraph image");

  // The image.
  if (JSON.stringify(dockerfile.entrypoint) !== JSON.stringify(ENTRYPOINT)) {
    problems.push(`Dockerfile: ENTRYPOINT is ${JSON.stringify(dockerfile.entrypoint)}, expected ${JSON.stringify(ENTRYPOINT)}`);
  }
  if (dockerfile.cmd) {
    const [sub, ...args] = dockerfile.cmd;
    if (!facts.commands[sub]) problems.push(`Dockerfile: CMD runs unknown command "${sub}"`);
    else for (const p of checkArguments(args, facts.commands[sub])) problems.push(`Dockerfile: CMD ${sub}: ${p}`);
  }
  if (!dockerfile.user || /^(root|0)(:|$)/.test(dockerfile.user)) problems.push("Dockerfile: the final stage must set a non-root USER");
  for (const name of Object.keys(dockerfile.env)) {
    if (!known.has(name) && !RUNTIME_VARIABLES.includes(name)) problems.push(`Dockerfile: ENV ${name} is not a sasgraph configuration variable`);
  }
  if (!Array.isArray(dockerfile.healthcheck)) problems.push("Dockerfile: no HEALTHCHECK CMD");

  const minio = serviceByImage(compose, /^(quay\.io\/)?minio\/minio(:|@|$)/);
  const postgres = serviceByImage(compose, /^(docker\.io\/)?(library\/)?postgres(:|@|$)/);

  const secrets = new Map<string, string>();
  for (const name of sasgraph) {
    const service = compose.services[name];
    const where = `service ${name}`;
    let env: Record<string, string> = {};
    try {
      env = serviceEnvironment(service, hostEnv);
    } catch (err) {
      problems.push(`${where}: ${(err as Error).message}`);
    }
    for (const variable of Object.keys(env)) {
      if (!known.has(variable)) problems.push(`${where}: environment variable ${variable} is not read by sasgraph (not in CONFIG_VARIABLES)`);
    }

    // Command and options.
    const command = serviceCommand(service, dockerfile);
    const [sub, ...args] = command;
    if (!sub) problems.push(`${where}: runs no sasgraph command (entrypoint overridden or no command)`);
    else if (!facts.commands[sub]) problems.push(`${where}: command "${sub}" is not a sasgraph command (${Object.keys(facts.commands).join(", ")})`);
    else for (const p of checkArguments(args, facts.commands[sub])) problems.push(`${where}: ${sub}: ${p}`);

    // External stores: without them every container would start an embedded PostgreSQL / object store.
    if (!env.DATABASE_URL) problems.push(`${where}: DATABASE_URL is not set (the container would run an embedded PostgreSQL)`);
    else {
      const db = hostAndPort(env.DATABASE_URL);
      if (!db || !/^postgres(ql)?:$/.test(db.url.protocol)) problems.push(`${where}: DATABASE_URL=${env.DATABASE_URL} is not a postgres:// URL`);
      else {
        if (!postgres.includes(db.host))
          problems.push(`${where}: DATABASE_URL host "${db.host}" is not the postgres service (${postgres.join(", ") || "none"})`);
        const pgPort = db.url.port ? Number(db.url.port) : POSTGRES_PORT;
        if (pgPort !== POSTGRES_PORT) problems.push(`${where}: DATABASE_URL port ${pgPort} is not PostgreSQL's ${POSTGRES_PORT}`);
        const pgService = compose.services[db.host];
        if (pgService) {
          const pgEnv = serviceEnvironment(pgService, hostEnv);
          const user = pgEnv.POSTGRES_USER || "postgres";
          const database = pgEnv.POSTGRES_DB || user;
          if (decodeURIComponent(db.url.username) !== user) problems.push(`${where}: DATABASE_URL user "${db.url.username}" is not POSTGRES_USER "${user}"`);
          if (decodeURIComponent(db.url.password) !== (pgEnv.POSTGRES_PASSWORD ?? ""))
            problems.push(`${where}: DATABASE_URL password differs from POSTGRES_PASSWORD`);
          if (db.url.pathname.slice(1) !== database)
            problems.push(`${where}: DATABASE_URL database "${db.url.pathname.slice(1)}" is not POSTGRES_DB "${database}"`);
        }
      }
    }
    if (!env.S3_ENDPOINT) problems.push(`${where}: S3_ENDPOINT is not set (the container would run an embedded object store)`);
    else {
      const s3 = hostAndPort(env.S3_ENDPOINT);
      if (!s3) problems.push(`${where}: S3_ENDPOINT=${env.S3_ENDPOINT} is not a URL`);
      else {
        if (!minio.includes(s3.host)) problems.push(`${where}: S3_ENDPOINT host "${s3.host}" is not the minio service (${minio.join(", ") || "none"})`);
        if (s3.port !== MINIO_PORT) problems.push(`${where}: S3_ENDPOINT port ${s3.port} is not MinIO's S3 port ${MINIO_PORT}`);
        const minioService = compose.services[s3.host];
        if (minioService) {
          const mEnv = serviceEnvironment(minioService, hostEnv);
          if (env.S3_ACCESS_KEY !== mEnv.MINIO_ROOT_USER) problems.push(`${where}: S3_ACCESS_KEY differs from the minio service's MINIO_ROOT_USER`);
          if (env.S3_SECRET_KEY !== mEnv.MINIO_ROOT_PASSWORD) problems.push(`${where}: S3_SECRET_KEY differs from the minio service's MINIO_ROOT_PASSWORD`);
        }
      }
    }
    if (facts.loadConfig) {
      try {
        facts.loadConfig(env);
      } catch (err) {
        problems.push(`${where}: loadConfig rejects its environment: ${(err as Error).message}`);
      }
    }

    if (sub === "serve") {
      // Download links are signed by one process and verified by any other.
      if (!env.SASGRAPH_SECRET) problems.push(`${where}: SASGRAPH_SECRET is not set (each process would sign links with its own key)`);
      const port = Number(optionValue(args, "port") ?? (env.PORT || facts.defaultPort));
      const published = containerPorts(service);
      if (published.length === 0) problems.push(`${where}: publishes no port`);
      for (const p of published) if (p !== port) problems.push(`${where}: container port ${p} differs from the port the API listens on (${port})`);
      for (const p of dockerfile.expose) if (p !== port) problems.push(`${where}: Dockerfile EXPOSE ${p} differs from the API's port ${port}`);
      if (dockerfile.expose.length === 0) problems.push("Dockerfile: no EXPOSE");
    } else if (sub) {
      if (containerPorts(service).length) problems.push(`${where}: publishes ports but "${sub}" serves no HTTP`);
      // The image's HEALTHCHECK probes HTTP: a worker or one-shot would be marked unhealthy forever.
      if (Array.isArray(dockerfile.healthcheck) && !healthcheckDisabled(service) && !(isMap(service.healthcheck) && service.healthcheck.test !== undefined)) {
        problems.push(`${where}: "${sub}" serves no HTTP, so it must disable or replace the image's HTTP HEALTHCHECK`);
      }
    }
    if (sub === "serve" || sub === "worker") secrets.set(name, env.SASGRAPH_SECRET ?? "");
  }
  if (new Set(secrets.values()).size > 1)
    problems.push(`SASGRAPH_SECRET differs between ${[...secrets.keys()].join(", ")}: links signed by one would fail on another`);

  // depends_on conditions must be satisfiable.
  for (const [name, service] of Object.entries(compose.services)) {
    const deps = service.depends_on;
    if (deps === undefined) continue;
    const entries: [string, string][] = Array.isArray(deps)
      ? deps.map((d) => [String(d), "service_started"])
      : isMap(deps)
        ? Object.entries(deps).map(([d, v]) => [d, isMap(v) && typeof v.condition === "string" ? v.condition : "service_started"])
        : [];
    for (const [dep, condition] of entries) {
      if (!compose.services[dep]) problems.push(`service ${name}: depends on unknown service ${dep}`);
      else if (condition === "service_healthy" && !hasHealthcheck(dep, compose, dockerfile, sasgraphSet)) {
        problems.push(`service ${name}: waits for ${dep} to be healthy, but ${dep} has no healthcheck`);
      } else if (condition === "service_completed_successfully" && compose.services[dep].restart !== "no" && compose.services[dep].restart !== undefined) {
        problems.push(`service ${name}: waits for one-shot ${dep} to complete, but ${dep} restarts (${String(compose.services[dep].restart)})`);
      }
    }
  }
  return problems;
}

/** HTTP paths probed by the image's HEALTHCHECK and by sasgraph services' own healthchecks. */
export function healthcheckPaths(compose: Compose, dockerfile: Dockerfile): string[] {
  const commands: string[] = [];
  if (Array.isArray(dockerfile.healthcheck)) commands.push(dockerfile.healthcheck.join(" "));
  for (const name of sasgraphServices(compose)) {
    const hc = compose.services[name].healthcheck;
    const test = isMap(hc) ? asList(hc.test) : undefined;
    if (test && test[0] !== "NONE") commands.push(test.join(" "));
  }
  const paths = new Set<string>();
  for (const command of commands) {
    // The path after a port number (":4000/healthz") or after a template expression ("}/healthz").
    const found = [...command.matchAll(/(?::\d+|\})(\/[A-Za-z0-9_\-./]*)/g)].map((m) => m[1]);
    if (found.length === 0) throw new Error(`no HTTP path found in healthcheck: ${command}`);
    for (const p of found) paths.add(p);
  }
  return [...paths];
}

// ---------------------------------------------------------------------------------------------
// Facts from the CLI's source

/** The object literal starting at `text[open]` === "{". */
function braced(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return text.slice(open, i + 1);
  }
  throw new Error("unbalanced braces");
}

/** Options of every parseArgs call in a command module's source. */
export function commandFactsFromSource(source: string): CommandFacts {
  const facts: CommandFacts = { options: {}, allowPositionals: false };
  for (const call of source.matchAll(/parseArgs\(\s*\{/g)) {
    const config = braced(source, call.index! + call[0].length - 1);
    if (/allowPositionals:\s*true/.test(config)) facts.allowPositionals = true;
    const options = /options:\s*\{/.exec(config);
    if (!options) continue;
    const literal = braced(config, options.index + options[0].length - 1);
    for (const m of literal.matchAll(/(?:"([\w-]+)"|([A-Za-z_][\w]*))\s*:\s*\{\s*type:\s*"(string|boolean)"/g)) {
      facts.options[m[1] ?? m[2]] = { type: m[3] as OptionFacts["type"] };
    }
  }
  return facts;
}

/** Map each COMMANDS key to its module file, from the commands index's imports. */
export function commandModules(indexSource: string): Record<string, string> {
  const imports = new Map<string, string>();
  for (const m of indexSource.matchAll(/import\s*\{([^}]*)\}\s*from\s*"\.\/([\w\-./]+)"/g)) {
    for (const id of m[1]
      .split(",")
      .map((s) =>
        s
          .trim()
          .split(/\s+as\s+/)
          .pop()!,
      )
      .filter(Boolean))
      imports.set(id, m[2]);
  }
  const block = /COMMANDS[^=]*=\s*\{/.exec(indexSource);
  if (!block) throw new Error("no COMMANDS object in the commands index");
  const literal = braced(indexSource, block.index + block[0].length - 1);
  const modules: Record<string, string> = {};
  for (const m of literal.matchAll(/(?:"([\w-]+)"|([A-Za-z_]\w*))\s*:\s*([A-Za-z_]\w*)/g)) {
    const file = imports.get(m[3]);
    if (file) modules[m[1] ?? m[2]] = file;
  }
  return modules;
}

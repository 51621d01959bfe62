import type { Command } from "../command";
import { serveCommand } from "./serve";
import { workerCommand } from "./worker";
import { migrateCommand } from "./migrate";
import { tokenCommand } from "./token";
import { schemaCommand } from "./schema";
import { computeCommand } from "./compute";
import { sweepCommand } from "./sweep";
import { modelsCommand } from "./models";
import { particlesCommand } from "./particles";
import { importCommand } from "./import";
import { virtualSansCommand } from "./virtual-sans";

export const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  worker: workerCommand,
  migrate: migrateCommand,
  token: tokenCommand,
  schema: schemaCommand,
  compute: computeCommand,
  sweep: sweepCommand,
  models: modelsCommand,
  particles: particlesCommand,
  import: importCommand,
  "virtual-sans": virtualSansCommand,
};

/**
 * `sasgraph <command>`: serve, worker, migrate, token, schema, compute, and help.
 * Each command lives in its own module under src/cli/commands.
 */
import { COMMANDS } from "./commands";

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: sasgraph <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun 'sasgraph <command> --help' for a command's options.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(usage());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}

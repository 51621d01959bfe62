import { parseArgs } from "node:util";
import { loadConfig } from "../../platform/config";
import { startPlatform } from "../../platform/platform";
import type { Command } from "../command";

const HELP = `usage:
  sasgraph token create --user NAME [--group G ...] [--label TEXT]
      Creates the user and groups when missing, adds the memberships, and prints a new API token
      once (only its hash is stored). Use it as 'Authorization: Bearer <token>'.
  sasgraph token revoke PREFIX
      Revokes the token whose listing prefix (first 10 characters) is PREFIX.`;

export const tokenCommand: Command = {
  summary: "create or revoke API tokens (sasgraph token create --user NAME [--group G ...])",
  async run(argv) {
    const [action, ...rest] = argv;
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { user: { type: "string" }, group: { type: "string", multiple: true }, label: { type: "string" }, help: { type: "boolean" } },
    });
    if (values.help || !action || (action !== "create" && action !== "revoke")) {
      console.log(HELP);
      return action ? 2 : 0;
    }
    if (action === "create" && !values.user) {
      console.error("--user is required\n\n" + HELP);
      return 2;
    }
    const platform = await startPlatform(loadConfig(), { jobs: false, log: () => undefined });
    try {
      if (action === "create") {
        const issued = await platform.services.auth.createToken(values.user!, values.group ?? [], values.label);
        console.error(`token for user ${issued.user.name} (groups: ${issued.groups.map((g) => g.name).join(", ") || "none"}); shown once:`);
        console.log(issued.token);
      } else {
        const n = await platform.services.auth.revokeToken(positionals[0] ?? "");
        console.log(n ? `revoked ${n} token(s)` : "no active token has that prefix");
        if (!n) return 1;
      }
      return 0;
    } finally {
      await platform.close();
    }
  },
};

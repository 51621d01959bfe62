import { printSchema } from "graphql";
import { buildGraphQLSchema } from "../../server/schema";
import type { Command } from "../command";

export const schemaCommand: Command = {
  summary: "print the GraphQL schema (SDL)",
  async run() {
    console.log(printSchema(await buildGraphQLSchema()));
    return 0;
  },
};

/**
 * The HTTP server: GraphQL over HTTP (Apollo Server 5 on express 5) and over WebSocket
 * (graphql-ws, for job progress), the offline GraphiQL page and catalogue browser, signed downloads and
 * health checks.
 */
import * as http from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import type { Services } from "../services/container";
import { DomainError } from "../services/errors";
import type { Viewer } from "../services/viewer";
import { createContext, type Context } from "./context";
import { admitOperation, createRequestPolicy, formatErrors, formatResult } from "./request-policy";
import { buildGraphQLSchema } from "./schema";
import { mountGraphiQL } from "./http/graphiql";
import { mountBrowse } from "./http/browse";
import { mountDownloads } from "./http/downloads";
import { mountHealth } from "./http/health";
import { mountUploads } from "./http/uploads";
import { mountMetrics } from "./http/metrics";
import { variableBounds } from "./variable-bounds";

export interface RunningServer {
  httpServer: http.Server;
  url: string;
  schema: GraphQLSchema;
  close(): Promise<void>;
}

async function viewerFrom(services: Services, authorization: string | undefined): Promise<Viewer> {
  try {
    return await services.auth.authenticate(authorization);
  } catch (err) {
    if (err instanceof DomainError) {
      throw new GraphQLError(err.message, { extensions: { code: err.code, http: { status: 401 } } });
    }
    throw err;
  }
}

export async function createServer(
  services: Services,
): Promise<{ app: express.Express; httpServer: http.Server; schema: GraphQLSchema; stop(): Promise<void> }> {
  const { config } = services;
  const schema = await buildGraphQLSchema();
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);

  const policy = createRequestPolicy(schema, config);
  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: 1024 * 1024 });
  // graphql-ws gets the policy Apollo applies over HTTP: each operation is parsed, validated and
  // priced by admitOperation, and every error leaves through the same formatter.
  const wsCleanup = useServer(
    {
      schema,
      onSubscribe: async (ctx, _id, payload) => {
        const admitted = admitOperation(schema, policy, payload);
        if ("errors" in admitted) return admitted.errors;
        const params = ctx.connectionParams ?? {};
        const auth = (params.authorization ?? params.Authorization) as string | undefined;
        let contextValue: Context;
        try {
          contextValue = createContext(services, await viewerFrom(services, auth));
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          throw err;
        }
        return { schema, document: admitted.document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
      },
      onNext: (_ctx, _id, _payload, _args, result) => formatResult(policy, result),
      onError: (_ctx, _id, _payload, errors) => formatErrors(policy, errors),
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    // The policy's rules switch introspection off when configured (the same rule for both transports).
    introspection: true,
    // Users get messages they can act on; stack traces stay in the server log.
    includeStacktraceInErrorResponses: false,
    formatError: policy.formatError,
    validationRules: policy.validationRules,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No field carries a cache hint, so the default plugin only wrapped every resolver for nothing.
      ApolloServerPluginCacheControlDisabled(),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ request, document }) {
              policy.checkCost(document, request.variables ?? {}, request.operationName ?? undefined);
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  mountMetrics(app, services);
  mountHealth(app, services, { models: () => services.trainedModels.ready() });
  mountUploads(app, services);
  mountDownloads(app, services);
  mountGraphiQL(app);
  mountBrowse(app);
  // POST answers are never revalidated (If-None-Match is for GET), yet express hashes every answer
  // for an ETag by default, and a catalogue page is some 340 KiB: not on this route.
  // (A mounted app inherits settings except those express gives a default: those are set again.)
  const graphqlRoute = express();
  graphqlRoute.disable("x-powered-by");
  graphqlRoute.set("etag", false);
  app.use("/graphql", graphqlRoute);
  graphqlRoute.use(
    express.json({ limit: config.maxPayloadBytes }),
    variableBounds(),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        // A client that disconnects before its answer frees the compute thread working for it.
        const gone = new AbortController();
        res.once("close", () => void (res.writableFinished || gone.abort()));
        return createContext(services, await viewerFrom(services, req.headers.authorization), gone.signal);
      },
    }),
  );
  // Body-parser failures (too large, bad JSON) answered in GraphQL's error shape.
  app.use((err: Error & { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err.type === "entity.too.large") {
      res.status(413).json({
        errors: [
          {
            message: `request body is larger than the limit of ${config.maxPayloadBytes} bytes (SASGRAPH_MAX_PAYLOAD_BYTES)`,
            extensions: { code: "PAYLOAD_TOO_LARGE" },
          },
        ],
      });
      return;
    }
    if (err.type === "entity.parse.failed") {
      res.status(400).json({ errors: [{ message: "request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] });
      return;
    }
    next(err);
  });

  return {
    app,
    httpServer,
    schema,
    stop: async () => {
      await apollo.stop();
      wsServer.close();
    },
  };
}

/** Create the server and listen on `host`:`port` (0: any free port; see Config.host for the default). */
export async function listen(services: Services, port: number, host = services.config.host): Promise<RunningServer> {
  const server = await createServer(services);
  await new Promise<void>((resolve, reject) => {
    server.httpServer.once("error", reject);
    server.httpServer.listen(port, host, () => resolve());
  });
  const address = server.httpServer.address() as { port: number };
  return {
    httpServer: server.httpServer,
    schema: server.schema,
    url: `http://localhost:${address.port}`,
    close: server.stop,
  };
}

/**
 * The browser's only way to data: the public GraphQL API of the server that served the page, over
 * HTTP (queries, mutations) and graphql-ws (subscriptions), with the viewer's token as a header.
 */
import { createClient, type Client } from "graphql-ws";
import { token } from "./session";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

interface GqlBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const ENDPOINT = "/graphql";

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const t = token();
  if (t) headers.authorization = `Bearer ${t}`;
  const res = await fetch(ENDPOINT, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  let body: GqlBody<T>;
  try {
    body = (await res.json()) as GqlBody<T>;
  } catch {
    throw new ApiError(`the API answered ${res.status} without a GraphQL body`, undefined);
  }
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new ApiError(e.message, e.extensions?.code);
  }
  if (!body.data) throw new ApiError("the API answered without data", undefined);
  return body.data;
}

let ws: { client: Client; token: string | null } | null = null;

/** One graphql-ws client per token (a new token opens a new connection). */
function wsClient(): Client {
  const t = token();
  if (ws && ws.token === t) return ws.client;
  void ws?.client.dispose();
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${ENDPOINT}`;
  const client = createClient({ url, connectionParams: t ? { authorization: `Bearer ${t}` } : {}, lazy: true, retryAttempts: 3 });
  ws = { client, token: t };
  return client;
}

export interface Subscription {
  close(): void;
}

export function subscribe<T>(
  query: string,
  variables: Record<string, unknown>,
  onData: (data: T) => void,
  onError: (err: ApiError) => void,
  onDone: () => void,
): Subscription {
  const dispose = wsClient().subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors?.length) onError(new ApiError(result.errors[0].message, (result.errors[0].extensions as { code?: string } | undefined)?.code));
        else if (result.data) onData(result.data as T);
      },
      error: (err: unknown) => onError(new ApiError(err instanceof Error ? err.message : "the subscription failed", undefined)),
      complete: onDone,
    },
  );
  return { close: dispose };
}

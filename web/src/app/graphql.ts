// The GraphQL client: queries and mutations over HTTP with the bearer token, subscriptions
// over one websocket (graphql-transport-ws) whose connection_init carries the token, as the
// server's subscription onConnect expects. A client belongs to one token: signing in or out
// makes a new one, so no cached data outlives the person who loaded it.
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

export interface GraphQLConnection {
  client: Client;
  /** Calls `listener` each time the websocket comes back after a drop (events may have been missed). */
  onReconnect(listener: () => void): () => void;
  dispose(): void;
}

/** The server's close codes for a socket whose session is over (4401) or was refused (4403). */
const SESSION_OVER = [4401, 4403];
const sessionOver = (event: unknown) => SESSION_OVER.includes((event as { code?: number } | null)?.code ?? 0);

function websocketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
}

/** A client for one sign-in (`token` null: signed out, no websocket). */
export function createConnection(token: string | null, onUnauthenticated: () => void): GraphQLConnection {
  const reconnectListeners = new Set<() => void>();
  let ws: WsClient | null = null;
  if (token) {
    ws = createWsClient({
      url: websocketUrl(),
      connectionParams: () => ({ authorization: `Bearer ${token}` }),
      lazy: true,
      // phones on village networks drop often: keep retrying, with the library's backoff,
      // unless the server closed the socket because its session is over (signed out
      // elsewhere, expired, deactivated): then the person signs in again. A socket closed
      // because the user's access changed (4205) connects again and the page reloads.
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: (event) => !sessionOver(event),
      on: {
        connected: (_socket, _payload, wasRetry) => {
          if (wasRetry) for (const listener of reconnectListeners) listener();
        },
        closed: (event) => {
          if (sessionOver(event)) onUnauthenticated();
        },
      },
    });
  }
  const socket = ws;

  const client = new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetchOptions: (): RequestInit => (token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    exchanges: [
      mapExchange({
        onError(error) {
          if (token && error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        enableAllOperations: false,
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              if (!socket) {
                sink.error(new Error('Sign in first: subscriptions need a token.'));
                return { unsubscribe: () => {} };
              }
              const unsubscribe = socket.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return {
    client,
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    dispose() {
      reconnectListeners.clear();
      void socket?.dispose();
    },
  };
}

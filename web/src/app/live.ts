// The convention for live pages: a query shows the state, a subscription says that something
// changed, and the query is fetched again (debounced, so a burst of events costs one fetch).
// After the websocket drops and comes back, events may have been missed: fetch again too.
// Merging each event into the list by hand is left to pages that need it (onEvent).
import { useEffect, useRef } from 'react';
import { useQuery, useSubscription, type AnyVariables, type TypedDocumentNode, type UseQueryState } from 'urql';
import { useSession } from './session';

interface LiveQueryOptions<Data, Variables extends AnyVariables, Event, EventVariables extends AnyVariables> {
  query: TypedDocumentNode<Data, Variables>;
  variables?: Variables;
  /** The subscription whose events mean "fetch the query again". */
  subscription: TypedDocumentNode<Event, EventVariables>;
  subscriptionVariables?: EventVariables;
  pause?: boolean;
  /** Also called with each event (e.g. to flash the changed row). */
  onEvent?: (event: Event) => void;
  /** Events closer together than this cause one fetch. */
  debounceMs?: number;
}

interface LiveQueryResult<Data, Variables extends AnyVariables> {
  result: UseQueryState<Data, Variables>;
  /** Fetches the query from the network now. */
  refetch: () => void;
  /** Set when the subscription failed: the page is no longer live (show it). */
  liveError: Error | undefined;
}

/** How long after subscribing the query is read again, to catch a change made while subscribing. */
const SUBSCRIPTION_SETTLE_MS = 1500;

/** A query kept current by a subscription. */
export function useLiveQuery<Data, Variables extends AnyVariables, Event, EventVariables extends AnyVariables>(
  options: LiveQueryOptions<Data, Variables, Event, EventVariables>,
): LiveQueryResult<Data, Variables> {
  const { connection } = useSession();
  const [result, reexecute] = useQuery<Data, Variables>({
    query: options.query,
    variables: options.variables as Variables,
    pause: options.pause,
    requestPolicy: 'cache-and-network',
  });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refetch = useRef(() => reexecute({ requestPolicy: 'network-only' }));
  refetch.current = () => reexecute({ requestPolicy: 'network-only' });
  const onEvent = useRef(options.onEvent);
  onEvent.current = options.onEvent;
  const debounceMs = options.debounceMs ?? 250;

  const [subscription] = useSubscription<Event, Event, EventVariables>(
    { query: options.subscription, variables: options.subscriptionVariables as EventVariables, pause: options.pause },
    (_previous, event) => {
      onEvent.current?.(event);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => refetch.current(), debounceMs);
      return event;
    },
  );

  useEffect(() => connection.onReconnect(() => refetch.current()), [connection]);
  // The query is answered before the subscription reaches the server (socket, connection_init,
  // subscribe), and a change made in between sends no event: matching often dispatches an order
  // within a second of its placing. graphql-ws does not acknowledge a subscription, so read
  // once more when it has surely started.
  const subscriptionKey = JSON.stringify(options.subscriptionVariables ?? null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a subscription with other variables is a new one, which needs its own re-read
  useEffect(() => {
    if (options.pause) return;
    const settle = setTimeout(() => refetch.current(), SUBSCRIPTION_SETTLE_MS);
    return () => clearTimeout(settle);
  }, [options.pause, subscriptionKey]);
  useEffect(() => () => clearTimeout(timer.current), []);

  return { result, refetch: () => refetch.current(), liveError: subscription.error };
}

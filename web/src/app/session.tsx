// Who is signed in. The token lives in localStorage (a reload keeps the sign-in); `me` gives
// the role and scope. Every component reaches the API through the urql client provided here.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider } from 'urql';
import { createConnection, type GraphQLConnection } from './graphql';
import { ME, SIGN_IN, SIGN_OUT, type Viewer } from './operations';

const TOKEN_KEY = 'nuanxin.token';

type SessionStatus = 'loading' | 'signed-in' | 'signed-out' | 'error';

interface Session {
  status: SessionStatus;
  /** The signed-in user (null unless status is 'signed-in'). */
  viewer: Viewer | null;
  /** Signs in; resolves with the user, rejects with the urql CombinedError (use errorMessage()). */
  signIn(username: string, password: string): Promise<Viewer>;
  signOut(): Promise<void>;
  /** Loads `me` again (after status 'error', e.g. the network was down). */
  reload(): void;
  /** The bearer token, for the few requests that are not GraphQL (statement downloads). */
  token: string | null;
  connection: GraphQLConnection;
}

const SessionContext = createContext<Session | null>(null);

function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function writeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage refused (private mode): the sign-in lasts until the tab closes
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(readToken);
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [status, setStatus] = useState<SessionStatus>(token ? 'loading' : 'signed-out');
  const [attempt, setAttempt] = useState(0);

  const forget = useCallback(() => {
    writeToken(null);
    setToken(null);
    setViewer(null);
    setStatus('signed-out');
  }, []);

  const connection = useMemo(() => createConnection(token, forget), [token, forget]);
  useEffect(() => () => connection.dispose(), [connection]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt is the retry: bumping it asks the server again
  useEffect(() => {
    if (!token || viewer) return;
    let current = true;
    setStatus('loading');
    connection.client
      .query(ME, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (!current) return;
        if (result.data?.me) {
          setViewer(result.data.me);
          setStatus('signed-in');
        } else if (result.data && !result.data.me) {
          forget(); // the token expired or was revoked
        } else {
          setStatus('error');
        }
      });
    return () => {
      current = false;
    };
  }, [token, viewer, connection, forget, attempt]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const result = await connection.client.mutation(SIGN_IN, { username, password }).toPromise();
      if (result.error || !result.data) throw result.error ?? new Error('no answer');
      const { token: issued, user } = result.data.signIn;
      writeToken(issued);
      setViewer(user);
      setToken(issued);
      setStatus('signed-in');
      return user;
    },
    [connection],
  );

  const signOut = useCallback(async () => {
    // revoke on the server when it answers; the device forgets the token either way
    await connection.client
      .mutation(SIGN_OUT, {})
      .toPromise()
      .catch(() => undefined);
    forget();
  }, [connection, forget]);

  const value = useMemo<Session>(
    () => ({ status, viewer, signIn, signOut, connection, token, reload: () => setAttempt((n) => n + 1) }),
    [status, viewer, signIn, signOut, connection, token],
  );
  return (
    <SessionContext.Provider value={value}>
      <UrqlProvider value={connection.client}>{children}</UrqlProvider>
    </SessionContext.Provider>
  );
}

/** The session: status, viewer, signIn, signOut. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

/** The signed-in user; only inside a role's area, where the shell guarantees one. */
export function useViewer(): Viewer {
  const { viewer } = useSession();
  if (!viewer) throw new Error('useViewer outside a signed-in area');
  return viewer;
}

// Who is signed in. The token lives in localStorage (a reload keeps the sign-in); `me` gives
// the role and scope, and is kept with it so that a phone without signal still opens its app
// (device-data.ts). Every component reaches the API through the urql client provided here.
// A sign-in the server ends by itself (expired, revoked) is forgotten and remembered as ended,
// so the area can say so in plain words rather than show a bare sign-in form.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider } from 'urql';
import { createConnection, type GraphQLConnection } from './graphql';
import { forgetDeviceData, rememberedViewer, rememberViewer } from './device-data';
import { errorCode } from './errors';
import { ME, SIGN_IN, SIGN_OUT, type Viewer } from './operations';

const TOKEN_KEY = 'nuanxin.token';
/** Set while a session the server ended (not the person) has not been followed by a sign-in. */
const ENDED_KEY = 'nuanxin.sessionEnded';

type SessionStatus = 'loading' | 'signed-in' | 'signed-out' | 'error';

interface Session {
  status: SessionStatus;
  /** The signed-in user (null unless status is 'signed-in'). */
  viewer: Viewer | null;
  /**
   * The server ended the last sign-in by itself (it expired, was revoked elsewhere or the
   * account was turned off) rather than the person signing out; kept on the device until the
   * next sign-in, so a page can say so instead of showing a bare sign-in form.
   */
  ended: boolean;
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

/**
 * Whether a sign-in is kept on this device (it may still have expired: the server decides),
 * and whom it was last seen to belong to.
 */
export function keptSignIn(): { viewer: Viewer | null } | null {
  const token = readToken();
  return token === null ? null : { viewer: rememberedViewer(token) };
}

function writeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage refused (private mode): the sign-in lasts until the tab closes
  }
}

function readEnded(): boolean {
  try {
    return localStorage.getItem(ENDED_KEY) !== null;
  } catch {
    return false;
  }
}

function writeEnded(ended: boolean): void {
  try {
    if (ended) localStorage.setItem(ENDED_KEY, '1');
    else localStorage.removeItem(ENDED_KEY);
  } catch {
    // storage refused: it is remembered for this visit only
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(readToken);
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [status, setStatus] = useState<SessionStatus>(token ? 'loading' : 'signed-out');
  const [attempt, setAttempt] = useState(0);
  const [ended, setEnded] = useState(readEnded);
  // set while the person signs out: the server then closes their socket (4401) as it does for
  // a session it ends itself, which is not to be taken for one
  const signingOut = useRef(false);

  const forget = useCallback(() => {
    writeToken(null);
    forgetDeviceData();
    setToken(null);
    setViewer(null);
    setStatus('signed-out');
  }, []);

  // the server refused the token (UNAUTHENTICATED, a socket closed with 4401 or 4403, or no `me`)
  const sessionEnded = useCallback(() => {
    if (!signingOut.current) {
      writeEnded(true);
      setEnded(true);
    }
    forget();
  }, [forget]);

  const connection = useMemo(() => createConnection(token, sessionEnded), [token, sessionEnded]);
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
        const known = rememberedViewer(token);
        if (result.data?.me) {
          rememberViewer(token, result.data.me);
          setViewer(result.data.me);
          setStatus('signed-in');
        } else if (result.data && !result.data.me) {
          sessionEnded(); // the token expired or was revoked
        } else if (known && errorCode(result.error) === 'network') {
          // no signal: the app opens as who was signed in last; the first answer that says
          // the token no longer works signs them out as usual
          setViewer(known);
          setStatus('signed-in');
        } else {
          setStatus('error');
        }
      });
    return () => {
      current = false;
    };
  }, [token, viewer, connection, sessionEnded, attempt]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const result = await connection.client.mutation(SIGN_IN, { username, password }).toPromise();
      if (result.error || !result.data) throw result.error ?? new Error('no answer');
      signingOut.current = false;
      const { token: issued, user } = result.data.signIn;
      writeToken(issued);
      writeEnded(false);
      setEnded(false);
      rememberViewer(issued, user);
      setViewer(user);
      setToken(issued);
      setStatus('signed-in');
      return user;
    },
    [connection],
  );

  const signOut = useCallback(async () => {
    // revoke on the server when it answers; the device forgets the token either way
    signingOut.current = true;
    await connection.client
      .mutation(SIGN_OUT, {})
      .toPromise()
      .catch(() => undefined);
    writeEnded(false);
    setEnded(false);
    forget();
  }, [connection, forget]);

  const value = useMemo<Session>(
    () => ({ status, viewer, ended, signIn, signOut, connection, token, reload: () => setAttempt((n) => n + 1) }),
    [status, viewer, ended, signIn, signOut, connection, token],
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

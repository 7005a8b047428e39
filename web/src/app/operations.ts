// The shell's GraphQL documents. Each role keeps its own in web/src/roles/<role>/operations.ts;
// web/operations.test.ts validates every one against schema.graphql. Result types are written
// by hand beside each document: ID → string, Money → number (fen), Date → "YYYY-MM-DD",
// DateTime → ISO string.
import { gql } from '@urql/core';

export type Role =
  | 'RECIPIENT' | 'HOTLINE_OPERATOR' | 'GRID_WORKER' | 'TOWNSHIP_STAFF' | 'COUNTY_ADMIN'
  | 'DISPATCHER' | 'CARER' | 'EVALUATOR' | 'FINANCE';

export interface Named { id: string; name: string }

/** The signed-in user: role and scope (which recipient, organisation, carer, township, villages). */
export interface Viewer {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  recipient: Named | null;
  organisation: Named | null;
  carer: Named | null;
  township: Named | null;
  villages: Named[];
}

const VIEWER_FIELDS = `
  id username displayName role
  recipient { id name }
  organisation { id name }
  carer { id name }
  township { id name }
  villages { id name }
`;

export const ME = gql<{ me: Viewer | null }, Record<string, never>>(`
  query Me { me { ${VIEWER_FIELDS} } }
`);

export const SIGN_IN = gql<
  { signIn: { token: string; expiresAt: string; user: Viewer } },
  { username: string; password: string }
>(`
  mutation SignIn($username: String!, $password: String!) {
    signIn(username: $username, password: $password) { token expiresAt user { ${VIEWER_FIELDS} } }
  }
`);

export const SIGN_OUT = gql<{ signOut: boolean }, Record<string, never>>(`
  mutation SignOut { signOut }
`);

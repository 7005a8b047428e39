// The shell's GraphQL documents. Each role keeps its own in web/src/roles/<role>/operations.ts;
// web/operations.test.ts validates every one against schema.graphql. Their result and variable
// types are generated from schema.graphql into web/src/gql/ (`npm run codegen:web`, web/codegen.ts):
// `graphql()` returns a typed document, so urql's hooks know what each returns.
import { graphql } from '../gql/app/gql';
import type { Role, ViewerFieldsFragment } from '../gql/app/graphql';

export type { Role };

/** A `{ id name }` pair (a region, an organisation, a carer…), as many documents select them. */
export interface Named {
  id: string;
  name: string;
}

/** The signed-in user: role and scope (which recipient, organisation, carer, township, villages). */
export type Viewer = ViewerFieldsFragment;

export const VIEWER_FIELDS = graphql(`
  fragment ViewerFields on User {
    id username displayName role
    recipient { id name }
    organisation { id name }
    carer { id name }
    township { id name }
    villages { id name }
  }
`);

export const ME = graphql(`
  query Me { me { ...ViewerFields } }
`);

export const SIGN_IN = graphql(`
  mutation SignIn($username: String!, $password: String!) {
    signIn(username: $username, password: $password) { token expiresAt user { ...ViewerFields } }
  }
`);

export const SIGN_OUT = graphql(`
  mutation SignOut { signOut }
`);

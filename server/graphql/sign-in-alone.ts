// One signIn per request: a mutation that asks for signIn asks for nothing else at its root.
// Otherwise one request carries a hundred aliased guesses, each let through by limits that
// count requests, and a guess could ride beside another mutation. Checked once, before
// execution, for the whole document, with fragments followed (a spread or an inline fragment
// on Mutation holds root fields too); __typename does not count.
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

const SIGN_IN = 'signIn';

/** What a selection set asks for at the root: how many fields (counted up to 2, which is enough) and whether signIn is one. */
interface Asked {
  fields: number;
  signIn: boolean;
}

function asked(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, memo: Map<string, Asked>): Asked {
  const total: Asked = { fields: 0, signIn: false };
  for (const selection of selectionSet.selections) {
    let part: Asked;
    if (selection.kind === Kind.FIELD) {
      part = { fields: selection.name.value === '__typename' ? 0 : 1, signIn: selection.name.value === SIGN_IN };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      part = asked(selection.selectionSet, fragments, memo);
    } else {
      // each fragment is summed once (a document of fragments spreading others twice would
      // otherwise cost 2^n); a cycle, graphql's to refuse, counts nothing
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!memo.has(name)) {
        memo.set(name, { fields: 0, signIn: false });
        if (fragment) memo.set(name, asked(fragment.selectionSet, fragments, memo));
      }
      part = memo.get(name)!;
    }
    total.fields = Math.min(2, total.fields + part.fields);
    total.signIn ||= part.signIn;
  }
  return total;
}

/** Throws SIGN_IN_NOT_ALONE when a mutation of the document has signIn beside any other root field (another signIn included). */
export function assertSignInAlone(document: DocumentNode): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION || d.operation !== 'mutation') continue;
    const root = asked(d.selectionSet, fragments, new Map());
    if (root.signIn && root.fields > 1) {
      throw new GraphQLError('signIn is sent alone: one signIn per request, with no other field beside it.', {
        extensions: { code: 'SIGN_IN_NOT_ALONE' },
      });
    }
  }
}

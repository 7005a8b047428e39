// What a request costs, before it runs: about the number of fields its answer will hold, so
// that the limit bounds the work and the memory an answer takes, not only the document's size.
// - A list costs its items times their fields. Its size is the page asked for (`first`, or the
//   argument @listSize names), else @listSize's assumedSize, else DEFAULT_LIST_SIZE; a list
//   inside a connection is the page its connection was asked for, counted there.
// - Introspection (`__schema`, `__type`) is counted exactly: its answer is the schema, which
//   is known, so the cost walks the schema the way execution would and counts every field of
//   the answer (1,000 aliased `__schema` selections cost 1,000 schemas, not 1,000 fields). The
//   walk stops once the request is over its limit: counting never costs more than the limit.
//   It has a limit of its own, reading the whole schema about twice, whoever asks.
import type * as GraphQLModule from 'graphql';
import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLSchema,
  SelectionSetNode,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { graphql } from './graphql-cjs.js';

const { Kind, getArgumentValues, getDirectiveValues, getNamedType, getNullableType, isListType, isObjectType, GraphQLSkipDirective, GraphQLIncludeDirective } =
  graphql;

/** The size assumed for a list the schema says nothing about (few items: a carer's qualifications, an order's events). */
export const DEFAULT_LIST_SIZE = 10;

interface ListSize {
  assumedSize: number;
  slicingArgument: string;
}

const listSizes = new WeakMap<GraphQLField<unknown, unknown>, ListSize>();

/** A list field's @listSize, with the defaults: sliced by `first`, DEFAULT_LIST_SIZE items when not. */
function listSizeOf(field: GraphQLField<unknown, unknown>): ListSize {
  let size = listSizes.get(field);
  if (!size) {
    const directive = field.astNode?.directives?.find((d) => d.name.value === 'listSize');
    const arg = (name: string) => directive?.arguments?.find((a) => a.name.value === name)?.value;
    const assumed = arg('assumedSize');
    const slicing = arg('slicingArgument');
    size = {
      assumedSize: assumed?.kind === Kind.INT ? Number(assumed.value) : DEFAULT_LIST_SIZE,
      slicingArgument: slicing?.kind === Kind.STRING ? slicing.value : 'first',
    };
    listSizes.set(field, size);
  }
  return size;
}

const listEstimator: ComplexityEstimator = ({ field, type, args, childComplexity }) => {
  // a connection field (`orders(first:)`) is a list in all but its type: its page sizes its edges
  const { assumedSize, slicingArgument } = listSizeOf(field);
  const slice = args[slicingArgument];
  if (typeof slice === 'number') return 1 + childComplexity * Math.max(slice, 1);
  if (!isListType(getNullableType(field.type))) return undefined;
  if (type.name.endsWith('Connection')) return 1 + childComplexity;
  return 1 + childComplexity * assumedSize;
};

/** Counts the fields of an introspection answer, stopping once `limit` is passed. */
class IntrospectionCount {
  spent = 0;
  private readonly info: { schema: GraphQLSchema };
  private readonly fragments: Record<string, FragmentDefinitionNode>;

  constructor(
    schema: GraphQLSchema,
    document: DocumentNode,
    private readonly variables: Record<string, unknown>,
    private readonly limit: number,
  ) {
    this.info = { schema };
    this.fragments = Object.fromEntries(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
  }

  /** The cost of one `__schema` or `__type` selection. */
  root(field: GraphQLField<unknown, unknown>, node: FieldNode): number {
    const before = this.spent;
    this.field(field, node, undefined);
    return this.spent - before;
  }

  private field(field: GraphQLField<unknown, unknown>, node: FieldNode, source: unknown) {
    this.spent++;
    if (!node.selectionSet || this.spent > this.limit) return;
    const args = field.args.length === 0 ? {} : getArgumentValues(field as GraphQLModule.GraphQLField<unknown, unknown>, node, this.variables);
    // graphql's own introspection resolvers: they read only the source, the arguments and info.schema
    const value = field.resolve ? field.resolve(source, args, undefined, this.info as never) : (source as Record<string, unknown>)[field.name];
    this.value(field.type, value, node.selectionSet);
  }

  private value(type: GraphQLOutputType, value: unknown, selectionSet: SelectionSetNode) {
    if (value === null || value === undefined) return;
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      for (const item of value as Iterable<unknown>) {
        if (this.spent > this.limit) return;
        this.value(nullable.ofType, item, selectionSet);
      }
      return;
    }
    // every introspection type is an object type
    const named = getNamedType(type);
    if (isObjectType(named)) this.selections(named, value, selectionSet);
  }

  private selections(type: GraphQLObjectType, source: unknown, selectionSet: SelectionSetNode) {
    for (const selection of selectionSet.selections) {
      if (this.spent > this.limit) return;
      if (!this.included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__typename') this.spent++;
        else {
          const field = type.getFields()[selection.name.value];
          if (field) this.field(field, selection, source);
        }
        continue;
      }
      // fragments cannot form a cycle: validation refused the document before this runs
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : this.fragments[selection.name.value];
      if (fragment && (!fragment.typeCondition || fragment.typeCondition.name.value === type.name)) this.selections(type, source, fragment.selectionSet);
    }
  }

  private included(node: Parameters<typeof getDirectiveValues>[1]): boolean {
    return (
      !node.directives?.length ||
      (getDirectiveValues(GraphQLSkipDirective, node, this.variables)?.if !== true &&
        getDirectiveValues(GraphQLIncludeDirective, node, this.variables)?.if !== false)
    );
  }
}

export interface QueryCost {
  /** About the fields of the answer, introspection aside. */
  fields: number;
  /** The fields of the answer's introspection (`__schema`, `__type`), exactly, up to the limit it was counted against. */
  introspection: number;
}

/**
 * The request's cost. Introspection is counted apart, against `introspectionLimit`: a tool
 * reading the whole schema once is normal, a request reading it a thousand times is not, and
 * neither says anything about how much data a caller may read. Once over its limit, a figure
 * is only known to be over it: counting stops there.
 */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, introspectionLimit: number): QueryCost {
  const introspection = new IntrospectionCount(schema, document, variables, introspectionLimit);
  const introspectionEstimator: ComplexityEstimator = ({ field, node }) => {
    if (field.name !== '__schema' && field.name !== '__type') return undefined;
    introspection.root(field, node);
    return 0;
  };
  const fields = getComplexity({
    schema,
    query: document,
    variables,
    estimators: [introspectionEstimator, listEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
  return { fields, introspection: introspection.spent };
}

/**
 * How deeply a document nests its fields, introspection aside (its depth is the schema's type
 * references, fifteen deep in the standard query, and its cost is counted exactly instead).
 * Fragments are followed; validation has refused cycles among them.
 */
export function queryDepth(document: DocumentNode): number {
  const fragments = new Map(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d.selectionSet]));
  const depthOf = (selectionSet: SelectionSetNode): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__schema' || selection.name.value === '__type') continue;
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0));
      } else {
        const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value);
        if (inner) deepest = Math.max(deepest, depthOf(inner));
      }
    }
    return deepest;
  };
  return Math.max(0, ...document.definitions.map((d) => (d.kind === Kind.OPERATION_DEFINITION ? depthOf(d.selectionSet) : 0)));
}

const wholeSchemaSizes = new WeakMap<GraphQLSchema, number>();

/**
 * The fields of the answer to the fullest standard introspection query (what GraphiQL and
 * code generators send): the size of reading the whole schema once.
 */
export function wholeSchemaSize(schema: GraphQLSchema): number {
  let size = wholeSchemaSizes.get(schema);
  if (size === undefined) {
    const everything = graphql.getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    size = queryCost(schema, graphql.parse(everything), {}, Number.POSITIVE_INFINITY).introspection;
    wholeSchemaSizes.set(schema, size);
  }
  return size;
}

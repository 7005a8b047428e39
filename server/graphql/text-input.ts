// Text input is made clean at the edge, once, for the whole schema, before any resolver or
// PostgreSQL sees it: every string a request gives (a literal in the document or a variable,
// at any depth of an input object or list) is checked against the rule of the argument or
// input field it is given for:
// - no control characters (PostgreSQL refuses NUL outright; the others hide text from the
//   people who read it: a bidirectional override turns "付款给甲" into what it is not), and no
//   unpaired surrogate halves, which would be stored as U+FFFD, another text than was sent;
// - one line and at most DEFAULT_MAX characters, unless the schema's @text directive on that
//   argument or field says otherwise (free text: a reason, a note, a description);
// - normalised to NFC, so "é" typed two ways is one name, one search, one unique key.
// A refusal is BAD_USER_INPUT naming the field. The domain's own rules (a reason of at most 500
// characters, a phone number's digits) still apply after this; this step only guarantees that
// what reaches them is text.
import type * as GraphQLModule from 'graphql';
import type {
  DocumentNode,
  GraphQLArgument,
  GraphQLInputField,
  GraphQLInputType,
  GraphQLSchema,
  InputValueDefinitionNode,
  ValueNode,
  VariableDefinitionNode,
} from 'graphql';
import { badInput } from '../platform/errors.js';
import { graphql } from './graphql-cjs.js';

const { Kind, TypeInfo, visit, visitWithTypeInfo, getNamedType, isInputObjectType, isListType, isNonNullType, typeFromAST, valueFromAST } = graphql;

/** A text input without @text: one line, of at most this many characters (names, addresses, searches, keys). */
export const DEFAULT_MAX = 200;

interface TextRule {
  max: number;
  multiline: boolean;
}

const DEFAULT_RULE: TextRule = { max: DEFAULT_MAX, multiline: false };

// C0 controls but tab, line feed and carriage return; DEL and the C1 controls; bidirectional
// embeddings, overrides and isolates; the noncharacters U+FFFE and U+FFFF; unpaired surrogates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;
// ASCII text is already in NFC; only other text pays for normalize()
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range starts at U+0000 to take in all of ASCII
const NOT_ASCII = /[^\u0000-\u007F]/;

/** Characters as a person counts them: code points, not UTF-16 units. */
const length = (text: string) => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/** The clean form of `text` under `rule`, or throws BAD_USER_INPUT naming `field`. */
export function cleanText(text: string, rule: TextRule, field: string): string {
  if (CONTROL.test(text) || LONE_SURROGATE.test(text)) {
    throw badInput(`${field} holds a control character or an invisible formatting mark: send plain text.`, { field, reason: 'TEXT_CONTROL_CHARACTER' });
  }
  if (!rule.multiline && LINE_BREAK.test(text)) {
    throw badInput(`${field} is one line: send it without line breaks.`, { field, reason: 'TEXT_ONE_LINE' });
  }
  const clean = NOT_ASCII.test(text) ? text.normalize('NFC') : text;
  if (clean.length > rule.max && length(clean) > rule.max) {
    throw badInput(`${field} is at most ${rule.max} characters.`, { field, reason: 'TEXT_TOO_LONG', maxLength: rule.max });
  }
  return clean;
}

/** The rule the schema gives an argument or input field (@text), read once per definition. */
const rules = new WeakMap<object, TextRule>();
function ruleOf(definition: GraphQLArgument | GraphQLInputField | undefined | null): TextRule {
  if (!definition) return DEFAULT_RULE;
  let rule = rules.get(definition);
  if (!rule) {
    rule = ruleFromAst(definition.astNode);
    rules.set(definition, rule);
  }
  return rule;
}

function ruleFromAst(node: InputValueDefinitionNode | undefined | null): TextRule {
  const directive = node?.directives?.find((d) => d.name.value === 'text');
  if (!directive) return DEFAULT_RULE;
  const arg = (name: string) => directive.arguments?.find((a) => a.name.value === name)?.value;
  const max = arg('max');
  const multiline = arg('multiline');
  return {
    max: max?.kind === Kind.INT ? Number(max.value) : DEFAULT_MAX,
    multiline: multiline?.kind === Kind.BOOLEAN ? multiline.value : false,
  };
}

/** Whether strings at a position of this type are text (String and ID; custom scalars check themselves). */
const isText = (type: GraphQLInputType) => {
  const named = getNamedType(type);
  return named.name === 'String' || named.name === 'ID';
};

/**
 * Cleans a variable's value at one place it is used: `type` is the type there, `rule` the
 * place's own rule (for a string given directly). Returns the value itself when nothing
 * changed, so an unchanged request keeps its variables (and its compiled query).
 */
function cleanValue(value: unknown, type: GraphQLInputType, rule: TextRule, field: string): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return cleanValue(value, type.ofType, rule, field);
  if (isListType(type)) {
    if (!Array.isArray(value)) return cleanValue(value, type.ofType, rule, field); // a single value for a list: graphql wraps it
    const clean = value.map((item) => cleanValue(item, type.ofType, rule, field));
    return clean.every((item, i) => item === value[i]) ? value : clean;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return value; // graphql refuses it with its own message
    const fields = type.getFields();
    let changed: Record<string, unknown> | undefined;
    for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
      const def = fields[name];
      if (!def) continue;
      const clean = cleanValue(item, def.type, ruleOf(def), name);
      if (clean === item) continue;
      changed = changed ?? { ...(value as Record<string, unknown>) };
      changed[name] = clean;
    }
    return changed ?? value;
  }
  return typeof value === 'string' && isText(type) ? cleanText(value, rule, field) : value;
}

interface VariableUse {
  type: GraphQLInputType;
  rule: TextRule;
  field: string;
}

/** What a document needs per request: where each variable is used, and the document with its literals cleaned. */
interface Plan {
  uses: Map<string, VariableUse[]>;
  defaults: Map<string, unknown>;
  /** The document with its string literals normalised, when one needed it; else the document. */
  document: DocumentNode;
  /** A literal that is refused: thrown for every request of this document. */
  refusal?: Error;
}

// mercurius parses a query string once and reuses the DocumentNode, so a document is planned once
const plans = new WeakMap<DocumentNode, Plan>();

function plan(schema: GraphQLSchema, document: DocumentNode): Plan {
  const typeInfo = new TypeInfo(schema);
  const uses = new Map<string, VariableUse[]>();
  // the argument or input field each value sits in, innermost last
  const places: { rule: TextRule; field: string }[] = [];
  let refusal: Error | undefined;
  let normalised = false;
  const placeOf = () => places.at(-1) ?? { rule: DEFAULT_RULE, field: 'value' };

  const cleaned = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.ARGUMENT]: {
        enter: (node) => void places.push({ rule: ruleOf(typeInfo.getArgument()), field: node.name.value }),
        leave: () => void places.pop(),
      },
      [Kind.OBJECT_FIELD]: {
        enter: (node) => {
          const parent = typeInfo.getParentInputType();
          const def =
            parent && isInputObjectType(getNamedType(parent))
              ? (getNamedType(parent) as GraphQLModule.GraphQLInputObjectType).getFields()[node.name.value]
              : undefined;
          places.push({ rule: ruleOf(def), field: node.name.value });
        },
        leave: () => void places.pop(),
      },
      // a variable's own definition is no place of use; its default is checked where it is used
      [Kind.VARIABLE_DEFINITION]: () => false,
      [Kind.VARIABLE]: (node: GraphQLModule.VariableNode) => {
        const type = typeInfo.getInputType();
        if (!type) return;
        const { rule, field } = placeOf();
        const list = uses.get(node.name.value) ?? [];
        list.push({ type, rule, field });
        uses.set(node.name.value, list);
      },
      [Kind.STRING]: (node: GraphQLModule.StringValueNode) => {
        const type = typeInfo.getInputType();
        if (refusal || !type || !isText(type) || places.length === 0) return;
        const { rule, field } = placeOf();
        try {
          const clean = cleanText(node.value, rule, field);
          if (clean === node.value) return;
          normalised = true;
          return { ...node, value: clean };
        } catch (err) {
          refusal = err as Error;
        }
      },
    }),
  ) as DocumentNode;

  const defaults = new Map<string, unknown>();
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of def.variableDefinitions ?? []) addDefault(schema, v, defaults);
  }
  return { uses, defaults, document: normalised ? cleaned : document, refusal };
}

function addDefault(schema: GraphQLSchema, definition: VariableDefinitionNode, defaults: Map<string, unknown>) {
  if (!definition.defaultValue) return;
  const type = typeFromAST(schema, definition.type as Parameters<typeof typeFromAST>[1]) as GraphQLInputType | undefined;
  const value = type ? valueFromAST(definition.defaultValue as ValueNode, type) : undefined;
  if (value !== undefined) defaults.set(definition.variable.name.value, value);
}

/**
 * The preExecution step: throws BAD_USER_INPUT for text that is refused; returns the document
 * and variables to run with when some text was normalised, nothing when all was clean.
 */
export function cleanTextInput(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): { document?: DocumentNode; variables?: Record<string, unknown> } | undefined {
  let p = plans.get(document);
  if (!p) {
    p = plan(schema, document);
    plans.set(document, p);
  }
  if (p.refusal) throw p.refusal;
  let changed: Record<string, unknown> | undefined;
  for (const [name, uses] of p.uses) {
    const value = variables?.[name] !== undefined ? variables[name] : p.defaults.get(name);
    if (value === undefined || value === null) continue;
    let clean: unknown = value;
    for (const use of uses) clean = cleanValue(clean, use.type, use.rule, use.field);
    if (clean === value) continue;
    changed = changed ?? { ...variables };
    changed[name] = clean;
  }
  if (!changed && p.document === document) return undefined;
  return { ...(p.document !== document && { document: p.document }), ...(changed && { variables: changed }) };
}

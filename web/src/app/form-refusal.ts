// A server refusal shown where the person can act on it: beside the field it names
// (extensions.field, and extensions.index or a `name[2]` suffix for a line of a list), in the
// reader's words (errorMessage). A form whose inputs are named as the server names them needs
// no map; one that names them otherwise maps the server's names to its own. A refusal that
// names no field of the form is left for the form to show above its buttons.
import type { FormInstance } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { errorMessage } from './errors';

/** The field a refusal names, and which line of a list when it is about one. */
export function refusedField(error: unknown): { field: string; index?: number } | null {
  const extensions = (error as { graphQLErrors?: { extensions?: Record<string, unknown> }[] } | null | undefined)?.graphQLErrors?.[0]?.extensions;
  if (typeof extensions?.field !== 'string') return null;
  const line = /^(.+)\[(\d+)\]$/.exec(extensions.field);
  if (line) return { field: line[1], index: Number(line[2]) };
  return { field: extensions.field, index: typeof extensions.index === 'number' ? extensions.index : undefined };
}

/** How a form names the server's fields: a name, or a name built from the line's index. */
export type FieldsOfRefusal = Partial<Record<string, NamePath | ((index: number) => NamePath)>>;

const hasInput = (form: FormInstance, path: NamePath) => {
  const wanted = ([] as (string | number)[]).concat(path as string | number | (string | number)[]).join('.');
  return form.getFieldsError().some((f) => f.name.join('.') === wanted);
};

/**
 * Puts the refusal on the form's field it names and returns true; false when the form has no
 * such input (the caller shows it elsewhere). `messages` overrides by code, as for errorMessage.
 */
export function showRefusalAtField(form: FormInstance, error: unknown, fields: FieldsOfRefusal = {}, messages?: Partial<Record<string, string>>): boolean {
  const at = refusedField(error);
  if (!at) return false;
  const name = fields[at.field] ?? at.field;
  if (typeof name === 'function' && at.index === undefined) return false;
  const path = typeof name === 'function' ? name(at.index!) : name;
  if (!hasInput(form, path)) return false;
  form.setFields([{ name: path, errors: [errorMessage(error, messages)] }]);
  // the field may be below the fold of a long form or a drawer
  form.scrollToField(path, { block: 'center' });
  return true;
}

/**
 * showRefusalAtField for a form that keeps its own alert: null when the refusal was shown at
 * its field, else the message for the alert.
 */
export function showRefusal(form: FormInstance, error: unknown, fields: FieldsOfRefusal = {}, messages?: Partial<Record<string, string>>): string | null {
  return showRefusalAtField(form, error, fields, messages) ? null : errorMessage(error, messages);
}

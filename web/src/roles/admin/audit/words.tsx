// What the trail calls by code, in the reader's words: a table, an operation, a column, a
// value. A name the messages do not have yet (a table or an operation newer than this page)
// is shown as the code it is, in a <code>, rather than hidden.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatYuan } from '../../../app/format';
import { defineMessages, registerMessages } from '../../../app/i18n';
import type { AuditEntry } from '../operations';
import { columnsEn, columnsZh, operationsEn, operationsZh, tableColumnsEn, tableColumnsZh, tablesEn, tablesZh } from './names';

registerMessages(
  'auditNames',
  defineMessages({
    zh: { tables: tablesZh, operations: operationsZh, columns: columnsZh, tableColumns: tableColumnsZh },
    en: { tables: tablesEn, operations: operationsEn, columns: columnsEn, tableColumns: tableColumnsEn },
  }),
);

// as PostgreSQL writes a timestamptz into json: 2027-05-14T09:00:00.123+08:00
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface AuditWords {
  /** Every audited table's name by the table, for choosing one. */
  tables(): Record<string, string>;
  table(table: string): ReactNode;
  operation(operation: string): ReactNode;
  column(table: string, column: string): string;
  /** A value as the trail keeps it (text, or null), read as a person reads it: dates on the county clock, money in yuan. */
  value(column: string, value: string | null): ReactNode;
  /** Who made the change: the user's name, or what acted instead (the system, the database). */
  who(entry: AuditEntry): string;
}

export function useAuditWords(): AuditWords {
  const { t, i18n } = useTranslation('admin');
  const name = (key: string) => (i18n.exists(`auditNames:${key}`) ? t(`auditNames:${key}`) : null);
  return {
    tables: () => t('auditNames:tables', { returnObjects: true }) as Record<string, string>,
    table: (table) => name(`tables.${table}`) ?? <code>{table}</code>,
    operation: (operation) => name(`operations.${operation}`) ?? <code>{operation}</code>,
    column: (table, column) => name(`tableColumns.${table}.${column}`) ?? name(`columns.${column}`) ?? column,
    value: (column, value) => {
      if (value === null) return t('audit.change.empty');
      if (value === 'true') return t('audit.change.yes');
      if (value === 'false') return t('audit.change.no');
      if (DAY.test(value)) return formatDate(value);
      if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return formatDateTime(value);
      if (column.endsWith('_fen') && /^-?\d+$/.test(value)) return formatYuan(Number(value));
      return <code className="audit-value">{value}</code>;
    },
    who: (entry) => {
      if (entry.actorKind !== 'USER') return t(`audit.actorKinds.${entry.actorKind}`);
      const actor = entry.actor;
      return actor ? actor.displayName || actor.carer?.name || actor.recipient?.name || actor.username : t('audit.actorKinds.USER');
    },
  };
}

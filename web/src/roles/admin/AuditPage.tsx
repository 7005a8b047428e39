// The audit trail (数据修改记录): every change to the data, newest first, a page at a time, found
// by record, by who made it, by whom it is about and by days; each row opens to what changed.
// Names of tables, operations and columns come from audit/names.ts.
import { useEffect, useState } from 'react';
import { Alert, Button, Empty, Flex, Form, Table, Tag, Typography } from 'antd';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { CursorPager, useCursorPages } from '../../app/cursor-pages';
import { formatDateTime } from '../../app/format';
import { showRefusal } from '../../app/form-refusal';
import { TAG_COLOURS } from '../../app/page-parts';
import { AUDIT_TRAIL, type AuditEntry, type AuditFilter } from './operations';
import { AuditChanges } from './audit/AuditChanges';
import { AuditFilters, toAuditFilter, type AuditFilterValues } from './audit/AuditFilters';
import { useAuditWords } from './audit/words';

const PAGE_SIZE = 20;
/** Changed columns named in a row; the rest are counted (all of them are listed when it opens). */
const COLUMNS_NAMED = 3;

const actionColour = { INSERT: TAG_COLOURS.green, UPDATE: TAG_COLOURS.blue, DELETE: TAG_COLOURS.red, TRUNCATE: TAG_COLOURS.red } as const;

export default function AuditPage() {
  const { t } = useTranslation('admin');
  const words = useAuditWords();
  const [form] = Form.useForm<AuditFilterValues>();
  const [filter, setFilter] = useState<AuditFilter>({});
  const pages = useCursorPages();
  const [expanded, setExpanded] = useState<string[]>([]);
  const [result, refetch] = useQuery({ query: AUDIT_TRAIL, variables: { first: PAGE_SIZE, after: pages.after, filter } });
  const [problem, setProblem] = useState<string | null>(null);
  // a refusal of the filter is said at its field (a record number without its kind …), anything else above the table
  useEffect(() => setProblem(result.error ? showRefusal(form, result.error) : null), [result.error, form]);

  const apply = (values: AuditFilterValues) => {
    // the last refusal's place is said again if the new filter is refused too
    form.setFields(form.getFieldsError().map((f) => ({ name: f.name as [keyof AuditFilterValues], errors: [] })));
    setFilter(toAuditFilter(values));
    pages.restart();
    setExpanded([]);
  };
  const onlyRecord = (entry: AuditEntry) => {
    form.resetFields();
    form.setFieldsValue({ table: entry.table, recordId: entry.recordId });
    apply(form.getFieldsValue());
  };
  const data = result.data?.auditTrail;

  // a change names what changed; a record added or removed has all its values, which are counted
  const summary = (entry: AuditEntry) => {
    const names = entry.changes.map((c) => words.column(entry.table, c.column));
    if (names.length === 0) return <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>;
    if (entry.action !== 'UPDATE') return t('audit.valuesCount', { count: names.length });
    const named = names.slice(0, COLUMNS_NAMED).join('、');
    return names.length > COLUMNS_NAMED ? t('audit.changedMore', { columns: named, count: names.length }) : named;
  };

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('audit.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('audit.help')}
      </Typography.Paragraph>
      <AuditFilters form={form} onApply={apply} />
      {problem && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={problem}
          action={<Button onClick={() => refetch({ requestPolicy: 'network-only' })}>{t('common:retry')}</Button>}
        />
      )}
      <Table<AuditEntry>
        rowKey="id"
        rowClassName="audit-entry"
        size="middle"
        loading={result.fetching}
        dataSource={data?.edges.map((e) => e.node) ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(result.error ? 'audit.refused' : 'audit.empty')} /> }}
        expandable={{
          expandedRowKeys: expanded,
          onExpandedRowsChange: (keys) => setExpanded(keys as string[]),
          expandedRowRender: (entry) => <AuditChanges entry={entry} onOnlyRecord={() => onlyRecord(entry)} />,
        }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', width: 140, render: (v: string) => formatDateTime(v) },
          {
            title: t('audit.who'),
            key: 'who',
            width: 160,
            render: (_, e) => (
              <Flex vertical>
                <span>{words.who(e)}</span>
                {e.actorRole && <Typography.Text type="secondary">{t(`common:roles.${e.actorRole}`)}</Typography.Text>}
              </Flex>
            ),
          },
          { title: t('audit.address'), dataIndex: 'address', width: 120, render: (v: string | null) => (v ? <span className="mono">{v}</span> : '—') },
          { title: t('audit.operation'), dataIndex: 'operation', width: 160, render: (v: string | null) => (v ? words.operation(v) : '—') },
          {
            title: t('audit.record'),
            key: 'record',
            width: 240,
            render: (_, e) => (
              <Flex gap={6} align="center" wrap>
                <Tag color={actionColour[e.action]}>{t(`audit.actions.${e.action}`)}</Tag>
                <span>
                  {words.table(e.table)}
                  {e.action !== 'TRUNCATE' && <> · {t('audit.recordNumber', { id: e.recordId })}</>}
                </span>
              </Flex>
            ),
          },
          { title: t('audit.changes'), key: 'changes', render: (_, e) => summary(e) },
        ]}
      />
      <CursorPager pages={pages} connection={data} total={data ? t('audit.total', { count: data.totalCount }) : ''} onMove={() => setExpanded([])} />
    </Flex>
  );
}

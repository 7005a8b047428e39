// A statement's lines a page at a time (keyset cursors: previous and next), and its
// subtotals per recipient and per service item.
import { Button, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocalName } from '../../app/page-parts';
import { formatDate, formatYuan } from '../../app/format';
import type { SettlementLine, Statement } from './operations';

const money = (fen: number) => formatYuan(fen);

export function StatementLines({
  connection,
  page,
  loading,
  onNext,
  onPrevious,
}: {
  connection: Statement['lines'];
  page: number;
  loading: boolean;
  onNext(): void;
  onPrevious(): void;
}) {
  const { t } = useTranslation('finance');
  const name = useLocalName();
  const c = (key: string) => t(`statement.columns.${key}`);
  return (
    <>
      <Table<SettlementLine>
        rowKey={(l) => l.order.id}
        size="small"
        loading={loading}
        dataSource={connection.edges.map((e) => e.node)}
        pagination={false}
        scroll={{ x: 1100 }}
        columns={[
          { title: c('order'), key: 'order', render: (_, l) => l.order.id },
          { title: c('date'), key: 'date', render: (_, l) => formatDate(l.serviceDate) },
          { title: c('recipient'), key: 'recipient', render: (_, l) => l.recipient.name },
          { title: c('item'), key: 'item', render: (_, l) => name(l.serviceItem) },
          { title: c('carer'), key: 'carer', render: (_, l) => l.carer.name },
          { title: c('minutes'), dataIndex: 'verifiedMinutes', align: 'right' },
          { title: c('value'), key: 'value', align: 'right', render: (_, l) => money(l.value) },
          { title: c('withheldByGrade'), key: 'grade', align: 'right', render: (_, l) => money(l.withheldByGrade) },
          { title: c('withheldByCap'), key: 'cap', align: 'right', render: (_, l) => money(l.withheldByCap) },
          { title: c('payable'), key: 'payable', align: 'right', render: (_, l) => money(l.payable) },
          { title: c('carerPay'), key: 'carerPay', align: 'right', render: (_, l) => money(l.carerPay) },
        ]}
      />
      <Space style={{ marginTop: 12 }} wrap>
        <Button onClick={onPrevious} disabled={page <= 1 || loading}>
          {t('statement.previous')}
        </Button>
        <Typography.Text data-testid="lines-page">{t('statement.page', { page })}</Typography.Text>
        <Button onClick={onNext} disabled={!connection.pageInfo.hasNextPage || loading}>
          {t('statement.next')}
        </Button>
        <Typography.Text type="secondary">{t('statement.linesCount', { count: connection.totalCount })}</Typography.Text>
      </Space>
    </>
  );
}

type Subtotal = { services: number; value: number; payable: number };

function subtotalColumns<T extends Subtotal>(t: (key: string) => string) {
  return [
    { title: t('statement.columns.services'), key: 'services', align: 'right' as const, render: (_: unknown, r: T) => r.services },
    { title: t('statement.columns.value'), key: 'value', align: 'right' as const, render: (_: unknown, r: T) => money(r.value) },
    { title: t('statement.columns.payable'), key: 'payable', align: 'right' as const, render: (_: unknown, r: T) => money(r.payable) },
  ];
}

export function RecipientSubtotals({ rows }: { rows: Statement['byRecipient'] }) {
  const { t } = useTranslation('finance');
  return (
    <Table
      rowKey={(r) => r.recipient.id}
      size="small"
      dataSource={rows}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        { title: t('statement.columns.recipient'), key: 'recipient', render: (_, r) => r.recipient.name },
        ...subtotalColumns<Statement['byRecipient'][number]>(t),
      ]}
    />
  );
}

export function ItemSubtotals({ rows }: { rows: Statement['byItem'] }) {
  const { t } = useTranslation('finance');
  const name = useLocalName();
  return (
    <Table
      rowKey={(r) => r.serviceItem.id}
      size="small"
      dataSource={rows}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[{ title: t('statement.columns.item'), key: 'item', render: (_, r) => name(r.serviceItem) }, ...subtotalColumns<Statement['byItem'][number]>(t)]}
    />
  );
}

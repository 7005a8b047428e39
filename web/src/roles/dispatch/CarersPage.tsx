// The organisation's active carers with their load: how many open orders on the board each
// holds and when the next one starts, busiest first, so the dispatcher sees who has room.
import { useMemo } from 'react';
import { Badge, Card, Empty, Space, Table, Typography } from 'antd';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { formatWindow } from '../../app/format';
import { CARERS, type BoardOrder, type CarerRow } from './operations';
import { QueryError, useBoard } from './parts';

const MAX_CARERS = 100;

interface Load {
  open: number;
  next: BoardOrder | null;
}

export default function CarersPage() {
  const { t } = useTranslation('dispatch');
  // the API's largest page; an organisation has far fewer active carers
  const [carers, refetchCarers] = useQuery({ query: CARERS, variables: { first: MAX_CARERS } });
  const { result: board } = useBoard();

  const loads = useMemo(() => {
    const byCarer = new Map<string, Load>();
    for (const o of board.data?.dispatchBoard ?? []) {
      if (!o.carer) continue;
      const load = byCarer.get(o.carer.id) ?? { open: 0, next: null };
      load.open += 1;
      if (!load.next || o.windowStart < load.next.windowStart) load.next = o;
      byCarer.set(o.carer.id, load);
    }
    return byCarer;
  }, [board.data]);

  const rows = (carers.data?.carers.edges.map((e) => e.node) ?? [])
    .map((c) => ({ ...c, load: loads.get(c.id) ?? { open: 0, next: null } }))
    .sort((a, b) => b.load.open - a.load.open || a.name.localeCompare(b.name, 'zh-CN'));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2}>{t('carers.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('carers.hint')}</Typography.Paragraph>
      </div>
      {carers.error && <QueryError error={carers.error} retry={() => refetchCarers({ requestPolicy: 'network-only' })} />}
      {board.error && <QueryError error={board.error} />}
      <Card>
        {carers.data && (
          <Typography.Paragraph>
            {t('carers.total', { count: carers.data.carers.totalCount })}
            {carers.data.carers.pageInfo.hasNextPage && ` · ${t('carers.firstOnly', { count: MAX_CARERS })}`}
          </Typography.Paragraph>
        )}
        <Table<CarerRow & { load: Load }>
          rowKey="id"
          size="middle"
          loading={carers.fetching && !carers.data}
          dataSource={rows}
          pagination={{ pageSize: 25, showSizeChanger: false, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('carers.empty')} /> }}
          columns={[
            { title: t('carers.name'), dataIndex: 'name' },
            { title: t('carers.kind'), key: 'kind', render: (_v, c) => t(`enums.kind.${c.kind}`) },
            { title: t('carers.village'), key: 'village', render: (_v, c) => c.homeVillage.name },
            { title: t('carers.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
            {
              title: t('carers.load'),
              key: 'load',
              align: 'right',
              render: (_v, c) =>
                c.load.open ? (
                  <Badge count={c.load.open} color={c.load.open >= 4 ? '#b91c1c' : '#c2410c'} showZero />
                ) : (
                  <Typography.Text type="secondary">{t('carers.idle')}</Typography.Text>
                ),
            },
            { title: t('carers.next'), key: 'next', render: (_v, c) => (c.load.next ? formatWindow(c.load.next.windowStart, c.load.next.windowEnd) : '—') },
          ]}
        />
      </Card>
    </Space>
  );
}

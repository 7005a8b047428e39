// The organisation's carers: for the dispatcher with their load (how many open orders on the
// board each holds and when the next one starts, busiest first, so they see who has room);
// active ones by default, or those turned off, or all; a new one registered; each opens their
// page. A county admin reaches the same list for any organisation, chosen at the top (?organisation=).
import { useMemo, useState, type ReactNode } from 'react';
import { Badge, Button, Card, Empty, Flex, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { useViewer } from '../../app/session';
import { formatWindow } from '../../app/format';
import { CARER_ORGANISATIONS, CARERS, type BoardOrder, type CarerListRow } from './operations';
import { QueryError, TAG_COLOURS, useBoard } from './parts';
import { RegisterCarerDialog } from './carers/RegisterCarerDialog';

const MAX_CARERS = 100;

interface Load {
  open: number;
  next: BoardOrder | null;
}

type Shown = 'on' | 'off' | 'all';

export default function CarersPage() {
  const viewer = useViewer();
  return viewer.role === 'DISPATCHER' && viewer.organisation ? <DispatcherCarers organisation={viewer.organisation} /> : <AdminCarers />;
}

function DispatcherCarers({ organisation }: { organisation: { id: string; name: string } }) {
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
  return (
    <>
      {board.error && <QueryError error={board.error} />}
      <CarerList organisation={organisation} loads={loads} />
    </>
  );
}

function AdminCarers() {
  const { t } = useTranslation('dispatch');
  const [params, setParams] = useSearchParams();
  const [organisations] = useQuery({ query: CARER_ORGANISATIONS, variables: {} });
  const all = organisations.data?.organisations.edges.map((e) => e.node) ?? [];
  const chosen = all.find((o) => o.id === params.get('organisation')) ?? all[0];
  const picker = (
    <Flex align="center" gap={8} wrap>
      <label htmlFor="carer-organisation">{t('carers.organisation')}</label>
      <Select
        id="carer-organisation"
        style={{ minWidth: 320 }}
        loading={organisations.fetching}
        value={chosen?.id}
        options={all.map((o) => ({ value: o.id, label: o.name }))}
        onChange={(id: string) => setParams({ organisation: id }, { replace: true })}
      />
    </Flex>
  );
  return (
    <>
      {organisations.error && <QueryError error={organisations.error} />}
      {chosen ? (
        <CarerList key={chosen.id} organisation={chosen} toolbar={picker} />
      ) : (
        organisations.data && (
          <>
            <Typography.Title level={2}>{t('carers.titlePlain')}</Typography.Title>
            <Empty description={t('carers.noOrganisations')} />
          </>
        )
      )}
    </>
  );
}

function CarerList({ organisation, loads, toolbar }: { organisation: { id: string; name: string }; loads?: Map<string, Load>; toolbar?: ReactNode }) {
  const { t } = useTranslation('dispatch');
  const [shown, setShown] = useState<Shown>('on');
  const [registering, setRegistering] = useState(false);
  const [name, setName] = useState('');
  // the API's largest page; an organisation has far fewer carers
  const [carers, refetch] = useQuery({
    query: CARERS,
    variables: { organisationId: organisation.id, first: MAX_CARERS, active: shown === 'all' ? null : shown === 'on' },
  });
  const none: Load = { open: 0, next: null };
  const rows = (carers.data?.carers.edges.map((e) => e.node) ?? [])
    .filter((c) => c.name.includes(name.trim()))
    .map((c) => ({ ...c, load: loads?.get(c.id) ?? none }))
    .sort((a, b) => b.load.open - a.load.open || a.name.localeCompare(b.name, 'zh-CN'));
  const total = { on: 'carers.total', off: 'carers.totalOff', all: 'carers.totalAll' }[shown];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Flex justify="space-between" align="flex-start" wrap gap={12}>
        <div>
          <Typography.Title level={2}>{t(loads ? 'carers.title' : 'carers.titlePlain')}</Typography.Title>
          {loads && <Typography.Paragraph type="secondary">{t('carers.hint')}</Typography.Paragraph>}
        </div>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setRegistering(true)}>
          {t('carers.register')}
        </Button>
      </Flex>
      {toolbar}
      {carers.error && <QueryError error={carers.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      <Card>
        <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 12 }}>
          {carers.data ? (
            <Typography.Text>
              {t(total, { count: carers.data.carers.totalCount })}
              {carers.data.carers.pageInfo.hasNextPage && ` · ${t('carers.firstOnly', { count: MAX_CARERS })}`}
            </Typography.Text>
          ) : (
            <span />
          )}
          <Flex gap={12} wrap>
            <Input
              aria-label={t('carers.findName')}
              placeholder={t('carers.findName')}
              allowClear
              value={name}
              onChange={(e) => setName(e.target.value)}
              style={{ width: 200 }}
            />
            <Segmented<Shown>
              aria-label={t('carers.show')}
              value={shown}
              onChange={setShown}
              options={[
                { value: 'on', label: t('carers.showOn') },
                { value: 'off', label: t('carers.showOff') },
                { value: 'all', label: t('carers.showAll') },
              ]}
            />
          </Flex>
        </Flex>
        <Table<CarerListRow & { load: Load }>
          rowKey="id"
          size="middle"
          loading={carers.fetching && !carers.data}
          dataSource={rows}
          pagination={{ pageSize: 25, showSizeChanger: false, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t(shown === 'off' ? 'carers.emptyOff' : 'carers.empty')} /> }}
          columns={[
            { title: t('carers.name'), dataIndex: 'name', render: (name: string, c) => <Link to={c.id}>{name}</Link> },
            { title: t('carers.kind'), key: 'kind', render: (_v, c) => t(`enums.kind.${c.kind}`) },
            { title: t('carers.village'), key: 'village', render: (_v, c) => c.homeVillage.name },
            { title: t('carers.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
            {
              title: t('carers.qualifications'),
              key: 'qualifications',
              render: (_v, c) =>
                c.qualifications.length
                  ? c.qualifications
                      .map((q) => (q.valid ? t(`enums.qualification.${q.kind}`) : t('carers.expired', { kind: t(`enums.qualification.${q.kind}`) })))
                      .join('、')
                  : t('carers.noQualifications'),
            },
            ...(shown === 'on'
              ? []
              : [
                  {
                    title: t('carers.status'),
                    key: 'status',
                    render: (_v: unknown, c: CarerListRow) => (
                      <Tag color={c.active ? TAG_COLOURS.green : TAG_COLOURS.grey}>{t(c.active ? 'carer.active' : 'carer.inactive')}</Tag>
                    ),
                  },
                ]),
            ...(loads
              ? [
                  {
                    title: t('carers.load'),
                    key: 'load',
                    align: 'right' as const,
                    render: (_v: unknown, c: { load: Load }) =>
                      c.load.open ? (
                        <Badge count={c.load.open} color={c.load.open >= 4 ? '#b91c1c' : '#c2410c'} showZero />
                      ) : (
                        <Typography.Text type="secondary">{t('carers.idle')}</Typography.Text>
                      ),
                  },
                  {
                    title: t('carers.next'),
                    key: 'next',
                    render: (_v: unknown, c: { load: Load }) => (c.load.next ? formatWindow(c.load.next.windowStart, c.load.next.windowEnd) : '—'),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {registering && <RegisterCarerDialog organisation={organisation} onClose={() => setRegistering(false)} />}
    </Space>
  );
}

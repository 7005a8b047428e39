// The dispatcher's board: the organisation's open orders, kept live by the board's
// subscription. Orders no carer fits come first and on their own, in red, because someone must
// act on them; every other order can be (re)assigned from its row until the service starts.
// Above it, how many complaints wait for the organisation to verify, when any do.
import { useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Card, Col, Empty, List, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ExclamationCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useViewer } from '../../app/session';
import { scopeLabel, viewerName } from '../../app/scope';
import { formatWindow } from '../../app/format';
import type { BoardOrder, OrderStatus } from './operations';
import { canAssign, CardHeading, matchProblemText, OrderStatusTag, QueryError, TAG_COLOURS, useBoard, useLocalName } from './parts';
import { AssignDrawer } from './AssignDrawer';
import { QueueReminder } from '../complaints/parts';

/** Statuses of an order still waiting for its visit: a late flag on one of these means nobody has checked in yet. */
const AWAITING_VISIT: readonly OrderStatus[] = ['PLACED', 'ASSIGNED', 'DISPATCHED', 'ACCEPTED'];

const FILTERS: (OrderStatus | 'ALL')[] = ['ALL', 'ASSIGNED', 'DISPATCHED', 'ACCEPTED', 'IN_SERVICE'];
const FRESH_MS = 8000;

export default function HomePage() {
  const { t } = useTranslation('dispatch');
  const viewer = useViewer();
  const localName = useLocalName();
  const [assigning, setAssigning] = useState<string | null>(null);
  const [filter, setFilter] = useState<OrderStatus | 'ALL'>('ALL');
  const fresh = useFreshIds();
  const { result, refetch, liveError } = useBoard(fresh.mark);
  const orders = result.data?.dispatchBoard ?? [];
  const flagged = orders.filter((o) => o.matchProblem);
  const shown = filter === 'ALL' ? orders : orders.filter((o) => o.status === filter);

  const assignButton = (o: BoardOrder, danger = false) =>
    canAssign(o.status) && (
      <Button
        size="small"
        type={danger ? 'primary' : 'default'}
        danger={danger}
        onClick={() => setAssigning(o.id)}
        aria-label={`${t(o.carer ? 'board.reassign' : 'board.assign')} #${o.id}`}
      >
        {t(o.carer ? 'board.reassign' : 'board.assign')}
      </Button>
    );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2}>{t('title')}</Typography.Title>
        <Space wrap>
          <Typography.Text data-testid="signed-in-as">
            {t('common:signedInAs', { name: viewerName(viewer) })}
            {scopeLabel(viewer) && <Typography.Text type="secondary"> · {scopeLabel(viewer)}</Typography.Text>}
          </Typography.Text>
          <Badge status={liveError ? 'error' : 'processing'} text={t(liveError ? 'common:live.off' : 'common:live.on')} />
        </Space>
      </div>
      {liveError && (
        <Alert
          type="warning"
          showIcon
          title={t('common:live.off')}
          action={
            <Button size="small" onClick={refetch}>
              {t('common:retry')}
            </Button>
          }
        />
      )}
      {result.error && <QueryError error={result.error} retry={refetch} />}
      <QueueReminder queuePath="/dispatch/complaints" />

      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic title={t('board.open')} value={orders.length} loading={result.fetching && !result.data} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic title={t('board.flagged')} value={flagged.length} styles={{ content: { color: flagged.length ? '#b91c1c' : undefined } }} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic title={t('board.urgent')} value={orders.filter((o) => o.isUrgent).length} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic title={t('board.waiting')} value={orders.filter((o) => o.status === 'DISPATCHED').length} />
          </Card>
        </Col>
      </Row>

      <Card
        title={
          <CardHeading>
            <ExclamationCircleOutlined aria-hidden style={{ color: flagged.length ? '#b91c1c' : undefined }} /> {t('board.flaggedTitle')}
          </CardHeading>
        }
        style={flagged.length ? { borderColor: '#b91c1c', borderWidth: 2 } : undefined}
      >
        <div data-testid="flagged">
          {flagged.length === 0 ? (
            <Typography.Text type="secondary">{t('board.flaggedNone')}</Typography.Text>
          ) : (
            <List
              dataSource={flagged}
              renderItem={(o) => (
                <List.Item actions={[assignButton(o, true)]}>
                  <List.Item.Meta
                    title={
                      <Space wrap>
                        <span>#{o.id}</span>
                        {o.isUrgent && <Tag color={TAG_COLOURS.red}>{t('board.urgentTag')}</Tag>}
                        <span>{localName(o.serviceItem)}</span>
                        <span>
                          {o.recipient.name}（{o.recipient.village.name}）
                        </span>
                        <span>{formatWindow(o.windowStart, o.windowEnd)}</span>
                      </Space>
                    }
                    description={
                      <Typography.Text type="danger">
                        {t('board.flaggedReason')}: {matchProblemText(o, t)}
                      </Typography.Text>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </div>
      </Card>

      <Card title={<CardHeading>{t('board.ordersTitle')}</CardHeading>}>
        <Segmented
          aria-label={t('board.filter')}
          style={{ marginBottom: 16 }}
          value={filter}
          onChange={(v) => setFilter(v as typeof filter)}
          options={FILTERS.map((f) => ({
            value: f,
            label: `${f === 'ALL' ? t('board.all') : t(`enums.orderStatus.${f}`)} (${f === 'ALL' ? orders.length : orders.filter((o) => o.status === f).length})`,
          }))}
        />
        <Table<BoardOrder>
          rowKey="id"
          size="middle"
          loading={result.fetching && !result.data}
          dataSource={shown}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('board.empty')} /> }}
          columns={[
            {
              title: t('board.id'),
              key: 'id',
              render: (_v, o) => (
                <Space size={4}>
                  <span>#{o.id}</span>
                  {o.isUrgent && <Tag color={TAG_COLOURS.red}>{t('board.urgentTag')}</Tag>}
                  {o.lateSince && AWAITING_VISIT.includes(o.status) && (
                    <Tag color={TAG_COLOURS.orange} data-testid="late">
                      {t('board.lateTag')}
                    </Tag>
                  )}
                  {fresh.ids.has(o.id) && <Tag color={TAG_COLOURS.blue}>{t('board.updated')}</Tag>}
                </Space>
              ),
            },
            { title: t('board.item'), key: 'item', render: (_v, o) => localName(o.serviceItem) },
            { title: t('board.recipient'), key: 'recipient', render: (_v, o) => `${o.recipient.name}（${o.recipient.village.name}）` },
            { title: t('board.window'), key: 'window', render: (_v, o) => formatWindow(o.windowStart, o.windowEnd) },
            { title: t('board.status'), key: 'status', render: (_v, o) => <OrderStatusTag status={o.status} /> },
            {
              title: t('board.carer'),
              key: 'carer',
              render: (_v, o) =>
                o.carer ? (
                  <span data-testid="board-carer">{o.carer.name}</span>
                ) : (
                  <Typography.Text type={o.matchProblem ? 'danger' : 'secondary'}>{t('board.noCarer')}</Typography.Text>
                ),
            },
            { title: t('board.action'), key: 'action', render: (_v, o) => assignButton(o, Boolean(o.matchProblem)) },
          ]}
        />
      </Card>

      <AssignDrawer orderId={assigning} onClose={() => setAssigning(null)} />
    </Space>
  );
}

/** Orders an event touched in the last few seconds, to point them out on the board. */
function useFreshIds() {
  const [ids, setIds] = useState<Set<string>>(new Set());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  const mark = (id: string) => {
    setIds((s) => new Set(s).add(id));
    clearTimeout(timers.current.get(id));
    timers.current.set(
      id,
      setTimeout(
        () =>
          setIds((s) => {
            const next = new Set(s);
            next.delete(id);
            return next;
          }),
        FRESH_MS,
      ),
    );
  };
  return { ids, mark };
}

// One recipient as the operator needs them during a call: who they are (the ID number
// masked), how much budget is left, what they ordered lately and their complaint tickets;
// from here the operator orders for them, records a complaint or notes a new phone or address.
import { useState } from 'react';
import { App, Alert, Button, Card, Col, Descriptions, Empty, Result, Row, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { ArrowLeftOutlined, ShoppingCartOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery } from 'urql';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatWindow, formatYuan } from '../../app/format';
import { COMPLAINTS, RECIPIENT, type ComplaintRow, type RecipientOrder } from './operations';
import { CardHeading, ComplaintStatusTag, OrderStatusTag, QueryError, RecipientStatusTag, useLocalName } from './parts';
import { OrderDrawer } from './OrderDrawer';
import { RecordComplaintModal } from './RecordComplaintModal';
// a caller with a new number or address: the registry's form (the hotline may change contact details)
import { UpdateContact } from '../admin/registry/UpdateContact';

export default function RecipientPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('hotline');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const localName = useLocalName();
  const [ordering, setOrdering] = useState(false);
  const [complaining, setComplaining] = useState(false);
  const [{ data, fetching, error }, refetch] = useQuery({ query: RECIPIENT, variables: { id, first: 10 } });
  const [tickets, refetchTickets] = useQuery({ query: COMPLAINTS, variables: { first: 10, filter: { recipientId: id } } });
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const back = (
    <Link to="..">
      <ArrowLeftOutlined aria-hidden /> {t('recipient.back')}
    </Link>
  );
  if (error)
    return (
      <Space orientation="vertical">
        {back}
        <QueryError error={error} retry={reload} />
      </Space>
    );
  if (!data) return <Skeleton active loading={fetching} />;
  const r = data.recipient;
  if (!r) return <Result status="404" title={t('recipient.notFound')} extra={back} />;
  const orders = data.orders.edges.map((e) => e.node);
  const active = r.status === 'ACTIVE';

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {back}
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space align="center" wrap>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {r.name}
          </Typography.Title>
          <RecipientStatusTag status={r.status} />
        </Space>
        <Space wrap>
          <Button type="primary" size="large" icon={<ShoppingCartOutlined aria-hidden />} disabled={!active} onClick={() => setOrdering(true)}>
            {t('recipient.orderFor')}
          </Button>
          <Button size="large" icon={<WarningOutlined aria-hidden />} onClick={() => setComplaining(true)}>
            {t('recipient.complain')}
          </Button>
        </Space>
      </Space>
      {!active && <Alert type="warning" showIcon title={t('recipient.notActive')} />}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={<CardHeading>{r.name}</CardHeading>} extra={r.status !== 'EXITED' && <UpdateContact recipient={r} />}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t('recipient.idNumber')}>
                <span data-testid="id-masked">{r.idNumberMasked}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('recipient.phone')}>{r.phone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('recipient.card')}>{r.serviceCardNumber ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('recipient.gender')}>{t(`enums.gender.${r.gender}`)}</Descriptions.Item>
              <Descriptions.Item label={t('recipient.birthDate')}>{formatDate(r.birthDate)}</Descriptions.Item>
              <Descriptions.Item label={t('recipient.disability')}>{t(`enums.disability.${r.disabilityLevel}`)}</Descriptions.Item>
              <Descriptions.Item label={t('recipient.village')}>{`${r.township.name} ${r.village.name}`}</Descriptions.Item>
              <Descriptions.Item label={t('recipient.address')}>{r.address || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('recipient.pairedCarers')}>
                {r.pairedCarers.length ? r.pairedCarers.map((c) => c.name).join('、') : t('recipient.none')}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={<CardHeading>{t('recipient.budget', { year: r.budget?.year ?? '' })}</CardHeading>}>
            {r.budget ? (
              <Row gutter={[16, 16]}>
                <Col span={24}>
                  <Statistic title={t('recipient.available')} value={formatYuan(r.budget.available)} data-testid="budget-available" />
                </Col>
                <Col span={8}>
                  <Statistic title={t('recipient.allocated')} value={formatYuan(r.budget.allocated)} styles={{ content: { fontSize: 16 } }} />
                </Col>
                <Col span={8}>
                  <Statistic title={t('recipient.held')} value={formatYuan(r.budget.held)} styles={{ content: { fontSize: 16 } }} />
                </Col>
                <Col span={8}>
                  <Statistic title={t('recipient.spent')} value={formatYuan(r.budget.spent)} styles={{ content: { fontSize: 16 } }} />
                </Col>
              </Row>
            ) : (
              <Empty description={t('recipient.noBudget')} />
            )}
          </Card>
        </Col>
      </Row>

      <Card title={<CardHeading>{t('recipient.recentOrders')}</CardHeading>}>
        <div data-testid="recent-orders">
          <Table<RecipientOrder>
            rowKey="id"
            size="middle"
            dataSource={orders}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('recipient.noOrders')} /> }}
            columns={[
              { title: '#', dataIndex: 'id' },
              { title: t('table.item'), key: 'item', render: (_v, o) => localName(o.serviceItem) },
              { title: t('table.window'), key: 'window', render: (_v, o) => formatWindow(o.windowStart, o.windowEnd) },
              { title: t('table.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => formatYuan(v) },
              { title: t('table.status'), dataIndex: 'status', render: (_v, o) => <OrderStatusTag status={o.status} /> },
              { title: t('table.carer'), key: 'carer', render: (_v, o) => o.carer?.name ?? '—' },
              { title: t('table.channel'), dataIndex: 'channel', render: (_v, o) => t(`enums.channel.${o.channel}`) },
            ]}
          />
        </div>
      </Card>

      <Card title={<CardHeading>{t('recipient.tickets')}</CardHeading>}>
        {tickets.error ? (
          <QueryError error={tickets.error} />
        ) : (
          <Table<ComplaintRow>
            rowKey="id"
            size="middle"
            loading={tickets.fetching}
            dataSource={tickets.data?.complaints.edges.map((e) => e.node) ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('recipient.noTickets')} /> }}
            columns={[
              {
                title: t('complaints.id'),
                key: 'id',
                render: (_v, c) => (
                  <Link to={`../../complaints/${c.id}`} relative="path">
                    #{c.id}
                  </Link>
                ),
              },
              { title: t('complaints.category'), key: 'category', render: (_v, c) => t(`enums.category.${c.category}`) },
              { title: t('complaints.status'), key: 'status', render: (_v, c) => <ComplaintStatusTag status={c.status} /> },
              { title: t('complaints.created'), key: 'created', render: (_v, c) => formatDateTime(c.createdAt) },
            ]}
          />
        )}
      </Card>

      <OrderDrawer
        recipient={r}
        open={ordering}
        onClose={() => setOrdering(false)}
        onPlaced={(orderIds) => {
          setOrdering(false);
          void message.success(
            orderIds.length === 1 ? t('order.placed', { id: orderIds[0] }) : t('order.placedDays', { count: orderIds.length, ids: orderIds.join('、') }),
          );
          reload();
        }}
        onSomePlaced={reload}
      />
      <RecordComplaintModal
        recipient={r}
        orders={orders}
        open={complaining}
        onClose={() => setComplaining(false)}
        onRecorded={(complaintId) => {
          setComplaining(false);
          void message.success(t('complaint.recorded'));
          refetchTickets({ requestPolicy: 'network-only' });
          void navigate(`../../complaints/${complaintId}`, { relative: 'path' });
        }}
      />
    </Space>
  );
}

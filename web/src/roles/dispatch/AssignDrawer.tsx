// Assigning or reassigning one order by hand: the order, why its current carer was chosen,
// the candidates the matcher would consider with the score of each factor, and the
// dispatcher's own reason, which the order records beside the chosen carer's factors.
import { useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Empty, Form, Input, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { formatWindow } from '../../app/format';
import { ASSIGNMENT, ASSIGN_CARER, type Candidate, type OrderForAssignment } from './operations';
import { canAssign, CardHeading, matchProblemText, Factors, OrderStatusTag, QueryError, TAG_COLOURS, useLocalName } from './parts';

export function AssignDrawer({ orderId, onClose }: { orderId: string | null; onClose: () => void }) {
  const { t } = useTranslation('dispatch');
  return (
    <Drawer open={orderId !== null} onClose={onClose} title={orderId ? t('assign.title', { id: orderId }) : ''} size={760} destroyOnHidden>
      {orderId && <Assignment orderId={orderId} onDone={onClose} />}
    </Drawer>
  );
}

function Assignment({ orderId, onDone }: { orderId: string; onDone: () => void }) {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ASSIGNMENT, variables: { orderId, limit: 10 }, requestPolicy: 'network-only' });
  const [chosen, setChosen] = useState<Candidate | null>(null);
  const [assigning, assign] = useMutation(ASSIGN_CARER);
  const [form] = Form.useForm<{ reason: string }>();

  if (error) return <QueryError error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data?.order) return <Skeleton active loading={fetching} />;
  const order = data.order;
  const reassign = order.carer !== null;

  const submit = async ({ reason }: { reason: string }) => {
    if (!chosen) return;
    const result = await assign({ orderId, carerId: chosen.carer.id, reason: reason.trim() });
    if (result.error) return;
    void message.success(t('assign.done', { id: orderId, name: chosen.carer.name }));
    onDone();
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <OrderSummary order={order} />
      {!canAssign(order.status) && <Alert type="warning" showIcon title={t('assign.notAssignable')} />}
      <section aria-labelledby="candidates-heading" data-testid="candidates">
        <CardHeading>
          <span id="candidates-heading">{t('assign.candidates')}</span>
        </CardHeading>
        <Table<Candidate>
          style={{ marginTop: 8 }}
          rowKey={(c) => c.carer.id}
          size="small"
          dataSource={data.carerCandidates}
          pagination={false}
          locale={{ emptyText: <Empty description={t('assign.noCandidates')} /> }}
          rowSelection={{
            type: 'radio',
            selectedRowKeys: chosen ? [chosen.carer.id] : [],
            onChange: (_keys, rows) => setChosen(rows[0] ?? null),
            getCheckboxProps: (c) => ({
              disabled: c.carer.id === order.carer?.id || !canAssign(order.status),
              'aria-label': c.carer.name,
            }),
          }}
          onRow={(c) => ({
            onClick: () => {
              if (c.carer.id !== order.carer?.id && canAssign(order.status)) setChosen(c);
            },
            style: { cursor: 'pointer' },
          })}
          columns={[
            {
              title: t('assign.carer'),
              key: 'carer',
              render: (_v, c) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{c.carer.name}</Typography.Text>
                  <Typography.Text type="secondary">
                    {t(`enums.kind.${c.carer.kind}`)} · {c.carer.homeVillage.name}
                  </Typography.Text>
                  {c.carer.id === order.carer?.id && <Tag>{t('assign.isCurrent')}</Tag>}
                </Space>
              ),
            },
            { title: t('assign.score'), dataIndex: 'total', align: 'right', render: (v: number) => <Typography.Text strong>{v.toFixed(1)}</Typography.Text> },
            { title: t('assign.factors'), key: 'factors', render: (_v, c) => <Factors factors={c.factors} /> },
          ]}
        />
      </section>
      <Form form={form} layout="vertical" onFinish={submit} disabled={!canAssign(order.status)}>
        <Form.Item
          name="reason"
          label={t('assign.reason')}
          extra={t('assign.reasonHelp')}
          rules={[{ required: true, whitespace: true, message: t('assign.reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {assigning.error && <Alert type="error" showIcon role="alert" title={errorMessage(assigning.error)} style={{ marginBottom: 12 }} />}
        <Space>
          <Button onClick={onDone}>{t('assign.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={assigning.fetching} disabled={!chosen} data-testid="confirm-assign">
            {chosen ? t(reassign ? 'assign.submitReassign' : 'assign.submitAssign', { name: chosen.carer.name }) : t('assign.chooseFirst')}
          </Button>
        </Space>
      </Form>
    </Space>
  );
}

function OrderSummary({ order }: { order: OrderForAssignment }) {
  const { t } = useTranslation('dispatch');
  const localName = useLocalName();
  const reasons = order.matchReasons;
  return (
    <Descriptions column={1} size="small" bordered>
      <Descriptions.Item label={t('assign.order')}>
        <Space wrap>
          {order.isUrgent && <Tag color={TAG_COLOURS.red}>{t('board.urgentTag')}</Tag>}
          <span>
            {localName(order.serviceItem)} × {order.quantity}
          </span>
          <span>
            {order.recipient.name}（{order.recipient.village.name}）
          </span>
          <span>{formatWindow(order.windowStart, order.windowEnd)}</span>
          <OrderStatusTag status={order.status} />
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('assign.place')}>{order.place.address}</Descriptions.Item>
      {order.notes ? <Descriptions.Item label={t('assign.notes')}>{order.notes}</Descriptions.Item> : null}
      {order.matchProblem && (
        <Descriptions.Item label={t('board.flaggedReason')}>
          <Typography.Text type="danger">{matchProblemText(order, t)}</Typography.Text>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('assign.current')}>{order.carer?.name ?? t('board.noCarer')}</Descriptions.Item>
      {order.carer && reasons && (
        <Descriptions.Item label={t('assign.currentReasons')}>
          <Space orientation="vertical" size={4}>
            <span>
              {t('assign.decidedBy')}: {reasons.byMatching ? t('assign.matching') : reasons.decidedBy}
              {' · '}
              {t('assign.total')}: {reasons.total.toFixed(1)}
            </span>
            <Factors factors={reasons.factors} />
            {reasons.byMatching && reasons.candidates !== null && reasons.candidates !== undefined && (
              <span data-testid="matched-from">{t('assign.bestOf', { count: reasons.candidates })}</span>
            )}
            {reasons.note && (
              <span>
                {t('assign.note')}: {reasons.note}
              </span>
            )}
          </Space>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

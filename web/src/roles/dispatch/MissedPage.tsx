// Visits nobody came for (未上门): the organisation's missed orders, newest first. The
// recipient has had their budget back and may order again; the dispatcher can instead make
// good the miss by rebooking the order for a new time (it goes back to matching among the
// organisation's carers, its price held again). The miss still counts in the monthly score.
import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { formatDateTime, formatWindow } from '../../app/format';
import { MISSED_ORDERS, REBOOK_MISSED, type MissedOrder } from './operations';
import { QueryError, useLocalName } from './parts';

/** A datetime-local value ("2027-05-12T10:30") read on the county's clock (+08:00 all year), as an ISO instant. */
const countyInstant = (value: string) => new Date(`${value}:00+08:00`).toISOString();

export default function MissedPage() {
  const { t } = useTranslation('dispatch');
  const localName = useLocalName();
  const [rebooking, setRebooking] = useState<MissedOrder | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({ query: MISSED_ORDERS, variables: { first: 100 }, requestPolicy: 'cache-and-network' });
  const orders = [...(data?.orders.edges.map((e) => e.node) ?? [])].sort((a, b) => b.windowStart.localeCompare(a.windowStart));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2}>{t('missed.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('missed.hint')}</Typography.Paragraph>
      </div>
      <Card>
        {error ? (
          <QueryError error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />
        ) : (
          <Table<MissedOrder>
            rowKey="id"
            loading={fetching}
            dataSource={orders}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('missed.empty')} /> }}
            columns={[
              { title: t('missed.window'), key: 'window', render: (_v, o) => formatWindow(o.windowStart, o.windowEnd) },
              { title: t('missed.item'), key: 'item', render: (_v, o) => localName(o.serviceItem) },
              { title: t('missed.recipient'), key: 'recipient', render: (_v, o) => `${o.recipient.name} · ${o.recipient.village.name}` },
              { title: t('missed.carer'), key: 'carer', render: (_v, o) => o.carer?.name ?? '—' },
              { title: t('missed.since'), key: 'since', render: (_v, o) => formatDateTime(o.statusChangedAt) },
              {
                title: '',
                key: 'action',
                render: (_v, o) => (
                  <Button type="primary" onClick={() => setRebooking(o)}>
                    {t('missed.rebook')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      {rebooking && <RebookDialog order={rebooking} onClose={() => setRebooking(null)} />}
    </Space>
  );
}

interface RebookForm {
  start: string;
  end: string;
  reason: string;
}

function RebookDialog({ order, onClose }: { order: MissedOrder; onClose: () => void }) {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const [state, rebook] = useMutation(REBOOK_MISSED);
  const [form] = Form.useForm<RebookForm>();
  const submit = async (v: RebookForm) => {
    const result = await rebook({ orderId: order.id, windowStart: countyInstant(v.start), windowEnd: countyInstant(v.end), reason: v.reason.trim() });
    if (result.error) return;
    void message.success(t('missed.rebooked'));
    onClose();
  };
  return (
    <Modal
      open
      title={t('missed.rebookTitle', { name: order.recipient.name })}
      okText={t('missed.rebookSubmit')}
      cancelText={t('missed.cancel')}
      confirmLoading={state.fetching}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('missed.rebookHelp')}</Typography.Paragraph>
      <Form<RebookForm> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="start" label={t('missed.start')} rules={[{ required: true, message: t('missed.required') }]}>
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item name="end" label={t('missed.end')} rules={[{ required: true, message: t('missed.required') }]}>
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item name="reason" label={t('missed.reason')} rules={[{ required: true, whitespace: true, message: t('missed.required') }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
      {state.error && <Alert type="error" showIcon role="alert" title={errorMessage(state.error)} />}
    </Modal>
  );
}

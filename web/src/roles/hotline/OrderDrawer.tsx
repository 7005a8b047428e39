// Ordering on a caller's behalf: what, when (on the county clock) and the number the call came
// from. The end time follows the item's standard duration until the operator changes it. One
// idempotency key per drawer opening, so a double click or a retry never orders twice.
import { useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { budgetShortfall, errorMessage } from '../../app/errors';
import { countyInstant, countyToday, formatYuan } from '../../app/format';
import { CATALOG, PLACE_ORDER, type CatalogItem, type RecipientDetail } from './operations';
import { useLocalName } from './parts';

interface Values {
  serviceItemId: string;
  date: Dayjs;
  start: Dayjs;
  end: Dayjs;
  quantity: number;
  callerPhone: string;
  notes?: string;
}

const PHONE = /^[0-9+\-\s]{5,20}$/;

function newKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function OrderDrawer({
  recipient,
  open,
  onClose,
  onPlaced,
}: {
  recipient: RecipientDetail;
  open: boolean;
  onClose: () => void;
  onPlaced: (orderId: string) => void;
}) {
  const { t } = useTranslation('hotline');
  const localName = useLocalName();
  const [form] = Form.useForm<Values>();
  const [key, setKey] = useState(newKey);
  const [{ data: catalog, fetching: loadingCatalog }] = useQuery({ query: CATALOG, variables: {}, pause: !open });
  const [placing, place] = useMutation(PLACE_ORDER);
  const [failure, setFailure] = useState<string | null>(null);

  const items = useMemo(() => new Map<string, CatalogItem>((catalog?.serviceCatalog ?? []).flatMap((c) => c.items.map((i) => [i.id, i] as const))), [catalog]);
  const itemId = Form.useWatch('serviceItemId', form);
  const quantity = Form.useWatch('quantity', form) ?? 1;
  const item = itemId ? items.get(itemId) : undefined;

  /** Keeps the end at start + the item's standard minutes × quantity. */
  const followDuration = () => {
    const { start, serviceItemId, quantity: q } = form.getFieldsValue();
    const chosen = serviceItemId ? items.get(serviceItemId) : undefined;
    if (start && chosen) form.setFieldValue('end', start.add(chosen.standardMinutes * (q ?? 1), 'minute'));
  };

  const submit = async (v: Values) => {
    setFailure(null);
    const date = v.date.format('YYYY-MM-DD');
    const result = await place({
      input: {
        recipientId: recipient.id,
        serviceItemId: v.serviceItemId,
        quantity: v.quantity,
        windowStart: countyInstant(date, v.start.format('HH:mm')),
        windowEnd: countyInstant(date, v.end.format('HH:mm')),
        notes: v.notes?.trim() || undefined,
        callerPhone: v.callerPhone.replace(/\s+/g, ''),
        idempotencyKey: key,
      },
    });
    if (result.error) {
      setFailure(budgetShortfall(result.error) ? t('order.budgetTooLow') : errorMessage(result.error));
      return;
    }
    form.resetFields();
    setKey(newKey());
    onPlaced(result.data!.placeOrder.id);
  };

  const available = recipient.budget?.available;
  const amount = item ? item.price * quantity : null;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('order.title', { name: recipient.name })}
      size={520}
      destroyOnHidden
      footer={
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('cancel')}</Button>
          <Button type="primary" loading={placing.fetching} onClick={() => form.submit()} data-testid="place-order">
            {t('order.submit')}
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          quantity: 1,
          date: dayjs(countyToday()).add(1, 'day'),
          start: dayjs().hour(9).minute(0).second(0).millisecond(0),
          callerPhone: recipient.phone ?? '',
        }}
        onValuesChange={(changed: Partial<Values>) => {
          if ('serviceItemId' in changed || 'start' in changed || 'quantity' in changed) followDuration();
        }}
      >
        <Form.Item name="serviceItemId" label={t('order.item')} rules={[{ required: true, message: t('order.required') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={loadingCatalog}
            placeholder={t('order.itemPlaceholder')}
            options={(catalog?.serviceCatalog ?? []).map((c) => ({
              label: localName(c),
              title: localName(c),
              options: c.items.map((i) => ({
                value: i.id,
                label: `${localName(i)} · ${t('order.perUnit', { price: formatYuan(i.price), unit: t(`enums.unit.${i.unit}`) })}`,
              })),
            }))}
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="date" label={t('order.date')} rules={[{ required: true, message: t('order.required') }]}>
            <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') < countyToday()} />
          </Form.Item>
          <Form.Item name="start" label={t('order.start')} rules={[{ required: true, message: t('order.required') }]}>
            <TimePicker format="HH:mm" minuteStep={15} allowClear={false} needConfirm={false} />
          </Form.Item>
          <Form.Item
            name="end"
            label={t('order.end')}
            dependencies={['start']}
            rules={[
              { required: true, message: t('order.required') },
              ({ getFieldValue }) => ({
                validator: (_r, end?: Dayjs) => {
                  const start = getFieldValue('start') as Dayjs | undefined;
                  return !end || !start || end.format('HH:mm') > start.format('HH:mm')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('order.endBeforeStart')));
                },
              }),
            ]}
          >
            <TimePicker format="HH:mm" minuteStep={15} allowClear={false} needConfirm={false} />
          </Form.Item>
          <Form.Item name="quantity" label={t('order.quantity')} rules={[{ required: true, message: t('order.required') }]}>
            <InputNumber min={1} max={24} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item
          name="callerPhone"
          label={t('order.callerPhone')}
          extra={t('order.callerPhoneHelp')}
          rules={[
            { required: true, message: t('order.required') },
            { pattern: PHONE, message: t('order.phoneInvalid') },
          ]}
        >
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
        <Form.Item name="notes" label={t('order.notes')}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
        {amount !== null && (
          <Typography.Paragraph strong data-testid="order-amount">
            {t('order.amount', { amount: formatYuan(amount), available: available === undefined ? '—' : formatYuan(available) })}
          </Typography.Paragraph>
        )}
        {amount !== null && available !== undefined && amount > available && <Alert type="warning" showIcon title={t('order.budgetTooLow')} />}
        {failure && <Alert type="error" showIcon title={failure} role="alert" style={{ marginTop: 12 }} />}
      </Form>
    </Drawer>
  );
}

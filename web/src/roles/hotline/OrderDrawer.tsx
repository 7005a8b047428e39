// Ordering on a caller's behalf: what, when (on the county clock), how much, and the number
// the call came from (asked, never assumed: a daughter or a neighbour often calls). The
// quantity counts the item's unit: hours or visits make one window of the item's standard
// duration times the quantity, which has to end the same day; days (day care, temporary
// care) are one order a day on consecutive days, each the day's window, since one visit
// never spans two days (a window is at most a day and a carer works it in one shift). A
// change of item starts the quantity again at 1. The form says at the quantity why it cannot
// be (too long for the day, more than the budget left) and puts each refusal of the server
// beside the field it names. One idempotency key per drawer opening (and day), so a double
// click or a retry never orders twice.
import { useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { showRefusalAtField, type FieldsOfRefusal } from '../../app/form-refusal';
import { countyInstant, countyToday, formatDate, formatYuan } from '../../app/format';
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
/** As the server has it (orders/place-order.ts): units of one order, and days ordered at once. */
const MAX_QUANTITY = 24;
const DAY_MINUTES = 24 * 60;

/** Where the server's refusals go: its field names, and the refusals that name none. */
// the form's names for the server's; the other inputs are named as the server names them
const REFUSED_FIELDS: FieldsOfRefusal = { windowStart: 'start', windowEnd: 'end' };

function newKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

const minutesOf = (time: Dayjs) => time.hour() * 60 + time.minute();

/** The county dates of `days` consecutive days from `first` (YYYY-MM-DD). */
function consecutiveDates(first: string, days: number): string[] {
  // noon keeps the arithmetic away from midnight; the county has no daylight saving
  return Array.from({ length: days }, (_, i) => countyToday(new Date(new Date(`${first}T12:00:00+08:00`).getTime() + i * 86_400_000)));
}

export function OrderDrawer({
  recipient,
  open,
  onClose,
  onPlaced,
  onSomePlaced,
}: {
  recipient: RecipientDetail;
  open: boolean;
  onClose: () => void;
  /** Every order of the form placed (one, or one a day): the drawer closes. */
  onPlaced: (orderIds: string[]) => void;
  /** Some days placed and the rest refused: the page reads the recipient again, the drawer stays for the rest. */
  onSomePlaced?: () => void;
}) {
  const { t } = useTranslation('hotline');
  const localName = useLocalName();
  const [form] = Form.useForm<Values>();
  const [key, setKey] = useState(newKey);
  const [{ data: catalog, fetching: loadingCatalog }] = useQuery({ query: CATALOG, variables: {}, pause: !open });
  const [placing, place] = useMutation(PLACE_ORDER);
  const [failure, setFailure] = useState<string | null>(null);
  const [partly, setPartly] = useState<{ dates: string[]; ids: string[] } | null>(null);

  const items = useMemo(() => new Map<string, CatalogItem>((catalog?.serviceCatalog ?? []).flatMap((c) => c.items.map((i) => [i.id, i] as const))), [catalog]);
  const itemId = Form.useWatch('serviceItemId', form);
  const quantity = Form.useWatch('quantity', form) ?? 1;
  const date = Form.useWatch('date', form);
  const start = Form.useWatch('start', form);
  const end = Form.useWatch('end', form);
  const item = itemId ? items.get(itemId) : undefined;
  const byDay = item?.unit === 'DAY';
  const unit = (i: CatalogItem) => t(`enums.unit.${i.unit}`);

  /** Keeps the end at start + the item's standard minutes (× quantity, for hours and visits). */
  const followDuration = () => {
    const { start: from, serviceItemId, quantity: q } = form.getFieldsValue();
    const chosen = serviceItemId ? items.get(serviceItemId) : undefined;
    if (!from || !chosen) return;
    const minutes = chosen.standardMinutes * (chosen.unit === 'DAY' ? 1 : (q ?? 1));
    // the window stays within the day: past midnight the quantity is refused (below), not wrapped round to 01:00
    form.setFieldValue('end', from.add(Math.min(minutes, DAY_MINUTES - 1 - minutesOf(from)), 'minute'));
  };

  /** Why this quantity cannot be ordered, in the reader's words, or null. */
  const quantityProblem = (q: number | null | undefined): string | null => {
    if (!item || !q) return null;
    if (!Number.isInteger(q) || q < 1 || q > MAX_QUANTITY) return t('common:errors.reasons.QUANTITY_OUT_OF_RANGE', { min: 1, max: MAX_QUANTITY });
    const from = form.getFieldValue('start') as Dayjs | undefined;
    if (!byDay && from) {
      // the window ends by 23:59 of its day (the form sends one date for both times)
      const fits = Math.floor((DAY_MINUTES - 1 - minutesOf(from)) / item.standardMinutes);
      if (q > fits) return t('order.tooLongForDay', { start: from.format('HH:mm'), count: fits, unit: unit(item) });
    }
    const available = recipient.budget?.available;
    if (available !== undefined && item.price * q > available) {
      return t('common:errors.reasons.BUDGET_EXCEEDED', { available: formatYuan(available), amount: formatYuan(item.price * q) });
    }
    return null;
  };

  const submit = async (v: Values) => {
    setFailure(null);
    const chosen = items.get(v.serviceItemId);
    if (!chosen) return;
    const days = chosen.unit === 'DAY' ? consecutiveDates(v.date.format('YYYY-MM-DD'), v.quantity) : [v.date.format('YYYY-MM-DD')];
    const placed: { date: string; id: string }[] = [];
    for (const day of days) {
      const result = await place({
        input: {
          recipientId: recipient.id,
          serviceItemId: v.serviceItemId,
          quantity: chosen.unit === 'DAY' ? 1 : v.quantity,
          windowStart: countyInstant(day, v.start.format('HH:mm')),
          windowEnd: countyInstant(day, v.end.format('HH:mm')),
          notes: v.notes?.trim() || undefined,
          callerPhone: v.callerPhone.replace(/\s+/g, ''),
          idempotencyKey: days.length > 1 ? `${key}-${day}` : key,
        },
      });
      if (result.error || !result.data) {
        // the days before stay ordered: the form is left with the days still to order
        if (placed.length) {
          setPartly((before) => ({
            dates: [...(before?.dates ?? []), ...placed.map((p) => p.date)],
            ids: [...(before?.ids ?? []), ...placed.map((p) => p.id)],
          }));
          setKey(newKey());
          form.setFieldsValue({ date: dayjs(day), quantity: days.length - placed.length });
          onSomePlaced?.();
        }
        // too little budget is about how many: said at the quantity
        if (result.error?.graphQLErrors[0]?.extensions?.reason === 'BUDGET_EXCEEDED')
          form.setFields([{ name: 'quantity', errors: [errorMessage(result.error)] }]);
        else if (!showRefusalAtField(form, result.error, REFUSED_FIELDS)) setFailure(errorMessage(result.error));
        return;
      }
      placed.push({ date: day, id: result.data.placeOrder.id });
    }
    const ids = [...(partly?.ids ?? []), ...placed.map((p) => p.id)];
    form.resetFields();
    setKey(newKey());
    setPartly(null);
    onPlaced(ids);
  };

  const available = recipient.budget?.available;
  const amount = item ? item.price * quantity : null;
  const dayDates = byDay && date && quantity >= 1 && quantity <= MAX_QUANTITY ? consecutiveDates(date.format('YYYY-MM-DD'), quantity) : [];

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
            {byDay && quantity > 1 ? t('order.submitDays', { count: quantity }) : t('order.submit')}
          </Button>
        </Space>
      }
    >
      {partly && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="order-partly-placed"
          title={t('order.partlyPlaced', { count: partly.dates.length, dates: partly.dates.map(formatDate).join('、'), ids: partly.ids.join('、') })}
          description={t('order.partlyRest')}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          quantity: 1,
          date: dayjs(countyToday()).add(1, 'day'),
          start: dayjs().hour(9).minute(0).second(0).millisecond(0),
          // asked of the caller, not taken from the recipient: the call may come from anyone
          callerPhone: '',
        }}
        onValuesChange={(changed: Partial<Values>) => {
          // another item: its quantity starts again at 1 (3 hours of care are not 3 meals)
          if ('serviceItemId' in changed) form.setFieldValue('quantity', 1);
          if ('serviceItemId' in changed || 'start' in changed || 'quantity' in changed) followDuration();
          if ('serviceItemId' in changed || 'start' in changed) void form.validateFields(['quantity']).catch(() => {});
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
                label: `${localName(i)} · ${t('order.perUnit', { price: formatYuan(i.price), unit: unit(i) })}`,
              })),
            }))}
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="date" label={t(byDay ? 'order.firstDay' : 'order.date')} rules={[{ required: true, message: t('order.required') }]}>
            <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') < countyToday()} />
          </Form.Item>
          <Form.Item name="start" label={t('order.start')} rules={[{ required: true, message: t('order.required') }]}>
            <TimePicker format="HH:mm" minuteStep={15} allowClear={false} needConfirm={false} />
          </Form.Item>
          <Form.Item
            name="end"
            label={t(byDay ? 'order.endEachDay' : 'order.end')}
            dependencies={['start']}
            rules={[
              { required: true, message: t('order.required') },
              ({ getFieldValue }) => ({
                validator: (_r, to?: Dayjs) => {
                  const from = getFieldValue('start') as Dayjs | undefined;
                  return !to || !from || to.format('HH:mm') > from.format('HH:mm') ? Promise.resolve() : Promise.reject(new Error(t('order.endBeforeStart')));
                },
              }),
            ]}
          >
            <TimePicker format="HH:mm" minuteStep={15} allowClear={false} needConfirm={false} />
          </Form.Item>
          <Form.Item
            name="quantity"
            label={item ? t(byDay ? 'order.days' : 'order.quantityOf', { unit: unit(item) }) : t('order.quantity')}
            style={{ maxWidth: 440 }}
            rules={[
              { required: true, message: t('order.required') },
              {
                validator: (_r, q?: number | null) => {
                  const problem = quantityProblem(q);
                  return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
                },
              },
            ]}
          >
            {/* no min or max: a quantity out of range is said at the field (why), not silently changed */}
            <InputNumber precision={0} data-testid="order-quantity" />
          </Form.Item>
        </Space>
        {byDay && dayDates.length > 1 && start && end && (
          <Typography.Paragraph data-testid="order-days">
            {t('order.eachDay', {
              count: dayDates.length,
              first: formatDate(dayDates[0]),
              last: formatDate(dayDates[dayDates.length - 1]),
              start: start.format('HH:mm'),
              end: end.format('HH:mm'),
            })}
          </Typography.Paragraph>
        )}
        <Form.Item
          name="callerPhone"
          label={t('order.callerPhone')}
          extra={
            <>
              {t('order.callerPhoneHelp')}
              {recipient.phone && (
                <Button
                  size="small"
                  style={{ marginInlineStart: 8 }}
                  onClick={() => form.setFields([{ name: 'callerPhone', value: recipient.phone, errors: [] }])}
                  data-testid="caller-is-recipient"
                >
                  {t('order.callerIsRecipient', { phone: recipient.phone })}
                </Button>
              )}
            </>
          }
          rules={[
            { required: true, message: t('order.callerPhoneRequired') },
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
        {failure && <Alert type="error" showIcon title={failure} role="alert" style={{ marginTop: 12 }} />}
      </Form>
    </Drawer>
  );
}

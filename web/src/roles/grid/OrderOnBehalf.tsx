// Ordering for a recipient (帮办代办): the service, one of a few named times, confirm. The
// order goes through the grid channel to the recipient's home; one idempotency key per order
// form, so a double tap places one order.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Radio, Select } from 'antd';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { OrderRefusal } from '../../app/page-parts';
import { formatYuan } from '../../app/format';
import { defaultSlot, slotWindow, timeSlots, useSlotLabel } from '../../app/timeSlots';
import { CATALOG, PLACE_ORDER } from './operations';
import { useLocalName } from './parts';

export function OrderOnBehalf({ recipientId }: { recipientId: string }) {
  const { t } = useTranslation('grid');
  const { message } = App.useApp();
  const name = useLocalName();
  const slotLabel = useSlotLabel();
  const [catalog] = useQuery({ query: CATALOG });
  const [itemId, setItemId] = useState<string | undefined>();
  const [slotKey, setSlotKey] = useState<string | undefined>();
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [placing, place] = useMutation(PLACE_ORDER);

  const items = useMemo(() => catalog.data?.serviceCatalog.flatMap((c) => c.items.filter((i) => i.active)) ?? [], [catalog.data]);
  const item = items.find((i) => i.id === itemId);
  const slots = useMemo(() => (item ? timeSlots(item) : []), [item]);
  const slot = slots.find((s) => s.key === slotKey) ?? defaultSlot(slots);

  const submit = async () => {
    if (!item || !slot) return;
    const result = await place(
      { input: { recipientId, serviceItemId: item.id, ...slotWindow(slot), idempotencyKey } },
      // the recipient's budget and order list read again (an empty list names no Order to invalidate)
      { additionalTypenames: ['Recipient', 'OrderConnection'] },
    );
    if (result.data) {
      void message.success(t('order.placed'));
      setItemId(undefined);
      setSlotKey(undefined);
      setIdempotencyKey(crypto.randomUUID());
    }
  };

  return (
    <section className="grid-card" aria-labelledby="order-title" style={{ gap: 10 }}>
      <h3 id="order-title" className="grid-h3">
        {t('order.title')}
      </h3>
      <label htmlFor="order-item">{t('order.item')}</label>
      <Select
        id="order-item"
        size="large"
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('order.itemPlaceholder')}
        value={itemId}
        loading={catalog.fetching}
        onChange={(value: string) => {
          setItemId(value);
          setSlotKey(undefined);
        }}
        options={catalog.data?.serviceCatalog.map((c) => ({
          label: name(c),
          title: name(c),
          options: c.items.filter((i) => i.active).map((i) => ({ value: i.id, label: `${name(i)} ${formatYuan(i.price)}` })),
        }))}
        data-testid="order-item"
      />
      {item && (
        <>
          <span id="order-when">{t('order.when')}</span>
          <Radio.Group aria-labelledby="order-when" value={slot?.key} onChange={(e) => setSlotKey(e.target.value as string)} className="grid-slots">
            {slots.map((s) => (
              <Radio key={s.key} value={s.key} data-testid={`slot-${s.key}`}>
                {slotLabel(s)}
              </Radio>
            ))}
          </Radio.Group>
        </>
      )}
      {placing.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={<OrderRefusal error={placing.error} budgetLowKey="grid:order.budgetLow" />}
          data-testid="order-error"
        />
      )}
      <Button type="primary" size="large" block disabled={!item || !slot} loading={placing.fetching} onClick={() => void submit()} data-testid="place-order">
        {t('order.submit')}
        {item ? ` ${formatYuan(item.price)}` : ''}
      </Button>
    </section>
  );
}

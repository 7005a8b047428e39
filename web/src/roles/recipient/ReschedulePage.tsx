// Another time for an order not yet started: the same few choices as ordering, the current
// one shown first, and one big button. The hold and the price stay; the carer keeps the job
// when free then, otherwise the organisation sends another (the server decides).
import { useMemo, useState } from 'react';
import { Button } from 'antd';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { plainWindow } from '../../app/format';
import { slotWindow, timeSlots, type TimeSlot } from '../../app/timeSlots';
import { RESCHEDULE_ORDER, type OrderDetail } from './operations';
import { OrderStep } from './OrderStep';
import { HotlineButton, SlotPicker, useLocalName, usePlainWords } from './parts';
import { RefusalNotice, useNotify } from './notice';

export default function ReschedulePage() {
  return <OrderStep>{(order) => <Reschedule order={order} />}</OrderStep>;
}

function Reschedule({ order }: { order: OrderDetail }) {
  const { t } = useTranslation('recipient');
  const notify = useNotify();
  const words = usePlainWords();
  const navigate = useNavigate();
  const name = useLocalName();
  const slots = useMemo(() => timeSlots(order.serviceItem), [order]);
  const [chosen, setChosen] = useState<TimeSlot | undefined>();
  const [moving, move] = useMutation(RESCHEDULE_ORDER);

  const submit = async () => {
    if (!chosen) return;
    const moved = await move({ orderId: order.id, ...slotWindow(chosen), reason: t('reschedule.reason') });
    if (moved.data) {
      notify('success', t('reschedule.done'));
      navigate(`/m/orders/${order.id}`);
    }
  };

  return (
    <>
      <h2 className="rcp-h2">{t('reschedule.title', { service: name(order.serviceItem) })}</h2>
      <p style={{ margin: 0 }} data-testid="reschedule-now">
        {t('reschedule.now', { when: plainWindow(order.windowStart, order.windowEnd, words) })}
      </p>
      <section aria-labelledby="new-time-title">
        <h3 id="new-time-title" className="rcp-h3">
          {t('reschedule.when')}
        </h3>
        {slots.length ? <SlotPicker slots={slots} chosen={chosen} onChoose={setChosen} labelledBy="new-time-title" /> : <p>{t('order.noSlot')}</p>}
      </section>
      <RefusalNotice error={moving.error} testId="reschedule-error" />
      <Button
        type="primary"
        size="large"
        block
        disabled={!chosen}
        loading={moving.fetching}
        onClick={() => void submit()}
        data-testid="reschedule-confirm"
        style={{ minHeight: 64, fontSize: '1.1em', fontWeight: 700 }}
      >
        {t('reschedule.confirm')}
      </Button>
      {moving.error && <HotlineButton />}
    </>
  );
}

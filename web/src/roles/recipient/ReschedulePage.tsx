// Another time for an order not yet started: the same few choices as ordering, the current
// one shown first, and one big button. The hold and the price stay; the carer keeps the job
// when free then, otherwise the organisation sends another (the server decides).
import { useMemo, useState } from 'react';
import { Alert, App, Button, Spin } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { formatWindow } from '../../app/format';
import { slotWindow, timeSlots, type TimeSlot } from '../../app/timeSlots';
import { ORDER, RESCHEDULE_ORDER } from './operations';
import { HotlineButton, SlotPicker, useLocalName } from './parts';

export default function ReschedulePage() {
  const { t } = useTranslation('recipient');
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const name = useLocalName();
  const [result] = useQuery({ query: ORDER, variables: { id } });
  const order = result.data?.order;
  const slots = useMemo(() => (order ? timeSlots(order.serviceItem) : []), [order]);
  const [chosen, setChosen] = useState<TimeSlot | undefined>();
  const [moving, move] = useMutation(RESCHEDULE_ORDER);

  if (result.fetching && !result.data) return <Spin description={t('loading')} />;
  if (result.error) return <Alert type="error" showIcon title={errorMessage(result.error)} />;
  if (!order) return <h2 className="rcp-h2">{t('detail.notFound')}</h2>;

  const submit = async () => {
    if (!chosen) return;
    const moved = await move({ orderId: order.id, ...slotWindow(chosen), reason: t('reschedule.reason') });
    if (moved.data) {
      void message.success(t('reschedule.done'));
      navigate(`/m/orders/${order.id}`);
    }
  };

  return (
    <div className="rcp-page">
      <Link to={`/m/orders/${order.id}`} className="rcp-muted">
        <ArrowLeftOutlined aria-hidden /> {t('detail.title')}
      </Link>
      <h2 className="rcp-h2">{t('reschedule.title', { service: name(order.serviceItem) })}</h2>
      <p style={{ margin: 0 }} data-testid="reschedule-now">
        {t('reschedule.now', { when: formatWindow(order.windowStart, order.windowEnd) })}
      </p>
      <section aria-labelledby="new-time-title">
        <h3 id="new-time-title" className="rcp-h3">
          {t('reschedule.when')}
        </h3>
        {slots.length ? <SlotPicker slots={slots} chosen={chosen} onChoose={setChosen} labelledBy="new-time-title" /> : <p>{t('order.noSlot')}</p>}
      </section>
      {moving.error && <Alert type="error" showIcon role="alert" title={errorMessage(moving.error)} data-testid="reschedule-error" />}
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
    </div>
  );
}

// One order, live: its status changes on screen as the organisation takes it, a carer is
// sent, comes and finishes. When done, the recipient confirms it and gives 1 to 5 stars, or
// says it was not right (DisputePage), or complains; before the carer starts, they may move or
// cancel it. Its time is said in plain words, its price as what it is to the budget (booked,
// spent once confirmed, returned), and all of it can be read aloud.
import { useState } from 'react';
import { Alert, Button, Spin } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { formatYuan, formatYuanSpoken, plainWindow } from '../../app/format';
import { useLiveQuery } from '../../app/live';
import { CANCEL_ORDER, CONFIRM_SERVICE, ORDER, ORDER_UPDATED, RATE_SERVICE, type OrderDetail } from './operations';
import { LiveWarning, moneyState, OrderStatusText, useLocalName, usePlainWords } from './parts';
import { HOTLINE_PHONE, HOTLINE_TEL } from '../../app/hotline';
import { RefusalNotice, useConfirm, useNotify } from './notice';
import { ReadAloud } from './ReadAloud';

const CANCELLABLE = ['PLACED', 'ASSIGNED', 'DISPATCHED', 'ACCEPTED'];

export default function OrderDetailPage() {
  const { t } = useTranslation('recipient');
  const { id = '' } = useParams();
  const { result, liveError } = useLiveQuery({ query: ORDER, variables: { id }, subscription: ORDER_UPDATED, subscriptionVariables: { id } });
  const order = result.data?.order;

  return (
    <div className="rcp-page">
      <Link to="/m/orders" className="rcp-link rcp-back">
        <ArrowLeftOutlined aria-hidden /> {t('orders.title')}
      </Link>
      {result.fetching && !result.data && <Spin description={t('loading')} />}
      {result.error && <Alert type="error" showIcon title={errorMessage(result.error, { NOT_FOUND: t('detail.notFound') })} />}
      {result.data && !order && <h2 className="rcp-h2">{t('detail.notFound')}</h2>}
      {order && (
        <>
          <LiveWarning error={liveError} />
          <OrderFacts order={order} />
          <OrderActions order={order} />
        </>
      )}
    </div>
  );
}

function OrderFacts({ order }: { order: OrderDetail }) {
  const { t } = useTranslation('recipient');
  const name = useLocalName();
  const words = usePlainWords();
  const when = plainWindow(order.windowStart, order.windowEnd, words);
  const money = moneyState(order.status);
  const sentence = (text: string) => t('speak.sentence', { text });
  const spoken = [
    sentence(name(order.serviceItem)),
    sentence(when),
    sentence(t(`status.${order.status}`)),
    order.carer ? sentence(t('orders.carer', { name: order.carer.name })) : '',
    t(`money.speak.${money}`, { amount: formatYuanSpoken(order.amount) }),
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <section className="rcp-card" aria-labelledby="order-title">
      <h2 id="order-title" className="rcp-h2">
        {name(order.serviceItem)}
      </h2>
      <div aria-live="polite">
        <OrderStatusText status={order.status} big />
      </div>
      {order.carer && (
        <p style={{ margin: 0 }} data-testid="order-carer">
          {t('orders.carer', { name: order.carer.name })}
        </p>
      )}
      <dl className="rcp-dl">
        <dt>{t('detail.when')}</dt>
        <dd data-testid="order-when">{when}</dd>
        <dt>{t('detail.where')}</dt>
        <dd>{order.place.address}</dd>
        <dt>{t('detail.amount')}</dt>
        <dd data-testid="order-money" data-money={money}>
          {t(`money.long.${money}`, { amount: formatYuan(order.amount) })}
        </dd>
        {order.visit?.workDone && (
          <>
            <dt>{t('detail.workDone')}</dt>
            <dd>{order.visit.workDone}</dd>
          </>
        )}
      </dl>
      <ReadAloud testId="read-order" text={spoken} />
    </section>
  );
}

function OrderActions({ order }: { order: OrderDetail }) {
  const { t } = useTranslation('recipient');
  const notify = useNotify();
  const [ask, dialog] = useConfirm();
  const navigate = useNavigate();
  const [confirming, confirm] = useMutation(CONFIRM_SERVICE);
  const [cancelling, cancel] = useMutation(CANCEL_ORDER);
  const error = confirming.error ?? cancelling.error;

  const askCancel = () =>
    ask({
      title: t('detail.cancelTitle'),
      okText: t('detail.cancelYes'),
      cancelText: t('detail.cancelNo'),
      okTestId: 'confirm-cancel',
      onOk: async () => {
        const result = await cancel({ orderId: order.id, reason: t('detail.cancelReason') });
        if (result.data) notify('success', t('detail.cancelled'));
      },
    });

  const confirmService = async () => {
    // the budget on the home page counts it as spent now: read it again there
    const result = await confirm({ orderId: order.id }, { additionalTypenames: ['BudgetAccount'] });
    if (result.data) notify('success', t('detail.confirmed'));
  };

  return (
    <>
      {dialog}
      <RefusalNotice error={error} testId="order-action-error" />
      {order.status === 'COMPLETED' && (
        <Button
          type="primary"
          size="large"
          block
          loading={confirming.fetching}
          data-testid="confirm-service"
          style={{ minHeight: 64, fontWeight: 700 }}
          onClick={() => void confirmService()}
        >
          {t('detail.confirm')}
        </Button>
      )}
      {order.status === 'COMPLETED' && (
        <Button size="large" block data-testid="dispute-service" style={{ minHeight: 56 }} onClick={() => void navigate(`/m/orders/${order.id}/dispute`)}>
          {t('detail.dispute')}
        </Button>
      )}
      {order.status === 'DISPUTED' && (
        <div className="rcp-page" style={{ gap: 12 }} data-testid="order-disputed">
          <Alert type="info" showIcon title={t('detail.disputed')} />
          <Link to="/m/complaints" className="rcp-link">
            {t('detail.seeComplaints')}
          </Link>
        </div>
      )}
      {order.status === 'CONFIRMED' &&
        (order.rating ? <p data-testid="rated">{t('detail.rated', { count: order.rating.stars })}</p> : <RateService orderId={order.id} />)}
      {['COMPLETED', 'CONFIRMED', 'IN_SERVICE'].includes(order.status) && (
        <Link to={`/m/complain?order=${order.id}`} className="rcp-link">
          {t('detail.complain')}
        </Link>
      )}
      {order.status === 'MISSED' && (
        <div className="rcp-page" style={{ gap: 12 }} data-testid="order-missed">
          <Alert type="warning" showIcon title={t('detail.missed')} />
          <Button
            type="primary"
            size="large"
            block
            style={{ minHeight: 64, fontWeight: 700 }}
            data-testid="rebook"
            onClick={() => void navigate(`/m/order/${order.serviceItem.id}`)}
          >
            {t('detail.rebook')}
          </Button>
          <Button size="large" block style={{ minHeight: 56 }} href={HOTLINE_TEL}>
            {t('detail.callHotline', { phone: HOTLINE_PHONE })}
          </Button>
        </div>
      )}
      {CANCELLABLE.includes(order.status) && (
        <Button size="large" block data-testid="reschedule" onClick={() => void navigate(`/m/orders/${order.id}/reschedule`)}>
          {t('detail.reschedule')}
        </Button>
      )}
      {CANCELLABLE.includes(order.status) && (
        <Button size="large" block danger loading={cancelling.fetching} onClick={askCancel} data-testid="cancel-order">
          {t('detail.cancel')}
        </Button>
      )}
    </>
  );
}

/** Five big stars to pick from, then one button to send: a mis-tap can still be changed. */
function RateService({ orderId }: { orderId: string }) {
  const { t } = useTranslation('recipient');
  const [stars, setStars] = useState(0);
  const [rating, rate] = useMutation(RATE_SERVICE);
  return (
    <section aria-labelledby="rate-title" className="rcp-page" style={{ gap: 12 }}>
      <h3 id="rate-title" className="rcp-h3">
        {t('detail.rate')}
      </h3>
      {/* biome-ignore lint/a11y/useSemanticElements: a row of large star buttons; a fieldset would need its border and legend undone */}
      <div className="rcp-stars" role="group" aria-labelledby="rate-title">
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            className={`rcp-star${n <= stars ? ' rcp-star-on' : ''}`}
            aria-pressed={n === stars}
            aria-label={t('detail.stars', { count: n })}
            data-testid={`star-${n}`}
            onClick={() => setStars(n)}
          >
            {n <= stars ? '★' : '☆'}
          </button>
        ))}
      </div>
      <RefusalNotice error={rating.error} />
      <Button
        type="primary"
        size="large"
        block
        disabled={!stars}
        loading={rating.fetching}
        data-testid="rate-service"
        onClick={() => void rate({ orderId, stars }, { additionalTypenames: ['Order'] })}
      >
        {t('detail.rateSubmit')}
      </Button>
    </section>
  );
}

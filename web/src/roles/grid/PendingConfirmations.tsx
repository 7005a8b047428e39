// Services waiting for the grid worker to confirm on a recipient's behalf (帮办代办): every
// completed one of their villages, longest waiting first, kept live by the villages' order
// subscription. They head the return visits page and stay there until each is confirmed (by
// the grid worker here, the recipient in the app, or the system after some days) or disputed
// (here too, when the recipient says it was not right);
// the home page says how many wait.
import { Alert, Button } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { formatDateTime, formatWindow } from '../../app/format';
import { useLiveQuery } from '../../app/live';
import { PENDING_CONFIRMATIONS, VILLAGE_ORDERS_UPDATED, type PendingConfirmation } from './operations';
import { DisputeOnBehalf } from './DisputeOnBehalf';
import { LiveWarning, useConfirmOnBehalf, useLocalName } from './parts';

/** The services waiting for confirmation, read again whenever an order of the villages changes. */
function usePendingConfirmations() {
  const { result, refetch, liveError } = useLiveQuery({ query: PENDING_CONFIRMATIONS, variables: {}, subscription: VILLAGE_ORDERS_UPDATED });
  return { pending: result.data?.pendingConfirmations ?? [], result, refetch, liveError };
}

/** The section at the top of the return visits page: nothing when none waits. */
export function PendingConfirmations() {
  const { t } = useTranslation('grid');
  const { pending, result, refetch, liveError } = usePendingConfirmations();
  if (result.error) return <Alert type="error" showIcon title={errorMessage(result.error)} action={<Button onClick={refetch}>{t('common:retry')}</Button>} />;
  return (
    <>
      <LiveWarning error={liveError} retry={refetch} />
      {pending.length > 0 && (
        <section className="grid-pending" aria-labelledby="pending-title" data-testid="pending-confirmations">
          <h2 id="pending-title" className="grid-h2">
            {t('pending.title', { count: pending.length })}
          </h2>
          <p className="grid-muted" style={{ margin: 0 }}>
            {t('pending.hint')}
          </p>
          <ul className="grid-list">
            {pending.map((order) => (
              <li key={order.id}>
                <PendingCard order={order} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function PendingCard({ order }: { order: PendingConfirmation }) {
  const { t } = useTranslation('grid');
  const name = useLocalName();
  // the list is read again after it (the mutation's order, the subscription's notice): the card goes
  const { confirming, onConfirm } = useConfirmOnBehalf(order.id);
  return (
    <div className="grid-card" data-testid="pending-confirmation" data-order-id={order.id}>
      <div className="grid-row">
        <Link to={`/grid/recipients/${order.recipient.id}`}>
          <strong>{order.recipient.name}</strong>
        </Link>
        <span className="grid-muted">{order.recipient.village.name}</span>
      </div>
      <strong>{name(order.serviceItem)}</strong>
      <span className="grid-muted">{formatWindow(order.windowStart, order.windowEnd)}</span>
      {order.carer && <span className="grid-muted">{t('pending.carer', { name: order.carer.name })}</span>}
      <span className="grid-muted">{t('pending.since', { time: formatDateTime(order.statusChangedAt) })}</span>
      {confirming.error && <Alert type="error" showIcon role="alert" title={errorMessage(confirming.error)} />}
      <div className="grid-actions">
        <Button type="primary" size="large" loading={confirming.fetching} onClick={() => void onConfirm()} data-testid="pending-confirm">
          {t('orders.confirm')}
        </Button>
        <DisputeOnBehalf orderId={order.id} recipientName={order.recipient.name} />
      </div>
    </div>
  );
}

/** On the home page: how many services wait, as a way to them; nothing when none waits. */
export function PendingConfirmationsNotice() {
  const { t } = useTranslation('grid');
  const { pending, refetch, liveError } = usePendingConfirmations();
  return (
    <>
      <LiveWarning error={liveError} retry={refetch} />
      {pending.length > 0 && (
        <Link to="/grid/visits" className="grid-card grid-pending-link" data-testid="pending-confirmations-notice">
          <strong>{t('pending.notice', { count: pending.length })}</strong>
          <span className="grid-muted">{t('pending.open')}</span>
        </Link>
      )}
    </>
  );
}

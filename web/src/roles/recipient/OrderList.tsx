// The recipient's orders, kept live: every change to one of their orders (or a new one, placed
// by the hotline or their grid worker) arrives on myOrdersUpdated and the list is read again.
import { Alert, Spin } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { useLiveQuery } from '../../app/live';
import { MY_ORDERS, MY_ORDERS_UPDATED, type OrderSummary } from './operations';
import { isActive, LiveWarning, OrderCard } from './parts';

const FIRST = 50;
const HOME_SHOWS = 3;

/** The recipient's latest orders, live. */
function useMyOrders() {
  const { result, liveError } = useLiveQuery({ query: MY_ORDERS, variables: { first: FIRST }, subscription: MY_ORDERS_UPDATED });
  const orders: OrderSummary[] = result.data?.orders.edges.map((e) => e.node) ?? [];
  return { orders, result, liveError };
}

/** On the home page: the orders still under way, soonest first (nothing when there are none). */
export function ActiveOrders() {
  const { t } = useTranslation('recipient');
  const { orders, liveError } = useMyOrders();
  const active = orders.filter((o) => isActive(o.status)).sort((a, b) => a.windowStart.localeCompare(b.windowStart));
  if (!active.length) return null;
  return (
    <section aria-labelledby="active-orders-title" data-testid="active-orders">
      <h3 id="active-orders-title" className="rcp-h3">
        {t('orders.active')}
      </h3>
      <LiveWarning error={liveError} />
      <ul className="rcp-list">
        {active.slice(0, HOME_SHOWS).map((order) => (
          <li key={order.id}>
            <OrderCard order={order} />
          </li>
        ))}
      </ul>
      {active.length > HOME_SHOWS && (
        <p>
          <Link to="/m/orders">{t('orders.more')}</Link>
        </p>
      )}
    </section>
  );
}

/** All the recipient's orders: those under way first, then the rest, newest first. */
export function OrderListSection() {
  const { t } = useTranslation('recipient');
  const { orders, result, liveError } = useMyOrders();
  const active = orders.filter((o) => isActive(o.status));
  const done = orders.filter((o) => !isActive(o.status));
  return (
    <>
      <LiveWarning error={liveError} />
      {result.fetching && !result.data && <Spin description={t('loading')} />}
      {result.error && <Alert type="error" showIcon title={errorMessage(result.error)} />}
      {result.data && !orders.length && <p>{t('orders.empty')}</p>}
      {active.length > 0 && (
        <section aria-labelledby="orders-active">
          <h3 id="orders-active" className="rcp-h3">
            {t('orders.active')}
          </h3>
          <ul className="rcp-list">
            {active.map((order) => (
              <li key={order.id}>
                <OrderCard order={order} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {done.length > 0 && (
        <section aria-labelledby="orders-done">
          <h3 id="orders-done" className="rcp-h3">
            {t('orders.all')}
          </h3>
          <ul className="rcp-list">
            {done.map((order) => (
              <li key={order.id}>
                <OrderCard order={order} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

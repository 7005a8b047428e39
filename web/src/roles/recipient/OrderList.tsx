// The recipient's orders, kept live: every change to one of their orders (or a new one, placed
// by the hotline or their grid worker) arrives on myOrdersUpdated and the list is read again.
import { Alert, Spin } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { useLiveQuery } from '../../app/live';
import { MY_ORDERS, MY_ORDERS_UPDATED, type OrderSummary } from './operations';
import { plainHours, plainWhen } from '../../app/format';
import { isActive, LiveWarning, OrderCard, OrderStatusText, useLocalName, usePlainWords } from './parts';

const FIRST = 50;
const HOME_SHOWS = 3;

/** The recipient's latest orders, live. */
function useMyOrders() {
  const { result, liveError } = useLiveQuery({ query: MY_ORDERS, variables: { first: FIRST }, subscription: MY_ORDERS_UPDATED });
  const orders: OrderSummary[] = result.data?.orders.edges.map((e) => e.node) ?? [];
  return { orders, result, liveError };
}

/** Where an order stands among the next visits: one being served now, then those to come, then those waiting to be confirmed. */
const visitRank = (order: OrderSummary) => (order.status === 'IN_SERVICE' ? 0 : order.status === 'COMPLETED' ? 2 : 1);

/** On the home page, first: the visits to come, soonest first, their day and part of the day in large words (明天上午). */
export function NextVisits() {
  const { t } = useTranslation('recipient');
  const { orders, result, liveError } = useMyOrders();
  const words = usePlainWords();
  const name = useLocalName();
  const next = orders
    .filter((o) => isActive(o.status))
    .sort((a, b) => visitRank(a) - visitRank(b) || a.windowStart.localeCompare(b.windowStart) || Number(a.id) - Number(b.id));
  return (
    <section aria-labelledby="next-visits-title" data-testid="next-visits">
      <h3 id="next-visits-title" className="rcp-h3">
        {t('visits.title')}
      </h3>
      <LiveWarning error={liveError} />
      {result.fetching && !result.data && <Spin description={t('loading')} />}
      {result.error && <Alert type="error" showIcon title={errorMessage(result.error)} />}
      {result.data && !next.length && (
        <p style={{ margin: 0 }} data-testid="no-visits">
          {t('visits.none')}
        </p>
      )}
      <ul className="rcp-list">
        {next.slice(0, HOME_SHOWS).map((order) => (
          <li key={order.id}>
            <Link to={`/m/orders/${order.id}`} className="rcp-card rcp-visit" data-testid="next-visit" data-order-id={order.id}>
              <span className="rcp-visit-when">{plainWhen(order.windowStart, order.windowEnd, words)}</span>
              <strong>{name(order.serviceItem)}</strong>
              <span className="rcp-muted" data-testid="order-when">
                {plainHours(order.windowStart, order.windowEnd, words)}
              </span>
              <OrderStatusText status={order.status} />
              {order.carer && <span className="rcp-muted">{t('orders.carer', { name: order.carer.name })}</span>}
            </Link>
          </li>
        ))}
      </ul>
      {next.length > HOME_SHOWS && (
        <Link to="/m/orders" className="rcp-link" data-testid="all-orders">
          {t('visits.more', { count: next.length - HOME_SHOWS })}
        </Link>
      )}
    </section>
  );
}

/** All the recipient's orders: those under way first, then the rest, newest first. */
export function OrderListSection() {
  const { t } = useTranslation('recipient');
  const { orders, result, liveError } = useMyOrders();
  const active = orders.filter((o) => isActive(o.status)).sort((a, b) => visitRank(a) - visitRank(b) || a.windowStart.localeCompare(b.windowStart));
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

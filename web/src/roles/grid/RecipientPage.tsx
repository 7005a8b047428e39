// One recipient of the grid worker's villages: who they are, how to reach them (and a new
// phone or address, the registry's form), the budget left, an order placed on their behalf
// (帮办代办, the grid channel), and their recent orders, where a completed service can be
// confirmed for them; the orders are live.
import { Alert, Button, Spin } from 'antd';
import { ArrowLeftOutlined, PhoneOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { formatWindow, formatYuan } from '../../app/format';
import { useLiveQuery } from '../../app/live';
import { RECIPIENT, RECIPIENT_ORDERS, VILLAGE_ORDERS_UPDATED, type GridOrder, type RecipientDetail } from './operations';
import { DisputeOnBehalf } from './DisputeOnBehalf';
import { ageOf, LiveWarning, OrderStatusPill, useConfirmOnBehalf, useLocalName } from './parts';
import { OrderOnBehalf } from './OrderOnBehalf';
import { UpdateContact } from '../admin/registry/UpdateContact';

export default function RecipientPage() {
  const { t } = useTranslation('grid');
  const { id = '' } = useParams();
  const [result] = useQuery({ query: RECIPIENT, variables: { id } });
  const recipient = result.data?.recipient;
  return (
    <div className="grid-page">
      <Link to="/grid" className="grid-muted">
        <ArrowLeftOutlined aria-hidden /> {t('recipient.back')}
      </Link>
      {result.fetching && !result.data && <Spin description={t('loading')} />}
      {result.error && <Alert type="error" showIcon title={errorMessage(result.error, { NOT_FOUND: t('recipient.notFound') })} />}
      {result.data && !recipient && <h2 className="grid-h2">{t('recipient.notFound')}</h2>}
      {recipient && (
        <>
          <RecipientFacts recipient={recipient} />
          {recipient.status === 'ACTIVE' ? <OrderOnBehalf recipientId={recipient.id} /> : <Alert type="warning" showIcon title={t('recipient.notActive')} />}
          <RecentOrders recipientId={recipient.id} recipientName={recipient.name} />
        </>
      )}
    </div>
  );
}

function RecipientFacts({ recipient }: { recipient: RecipientDetail }) {
  const { t } = useTranslation('grid');
  return (
    <section className="grid-card" aria-labelledby="recipient-name">
      <div className="grid-row">
        <h2 id="recipient-name" className="grid-h2">
          {recipient.name}
        </h2>
        <span className="grid-pill">{t(`recipientStatus.${recipient.status}`)}</span>
      </div>
      <span className="grid-muted">
        {t(`gender.${recipient.gender}`)} · {t('age', { age: ageOf(recipient.birthDate) })} · {recipient.village.name}
      </span>
      <dl className="grid-dl">
        <dt>{t('recipient.address')}</dt>
        <dd data-testid="recipient-address">{recipient.address}</dd>
        <dt>{t('recipient.phone')}</dt>
        <dd data-testid="recipient-phone">{recipient.phone ?? t('recipient.noPhone')}</dd>
        <dt>{t('recipient.card')}</dt>
        <dd>{recipient.serviceCardNumber ?? '—'}</dd>
        <dt>{t('recipient.idNumber')}</dt>
        <dd>{recipient.idNumberMasked}</dd>
        <dt>{t('recipient.budget')}</dt>
        <dd data-testid="recipient-budget">
          <strong>{recipient.budget ? formatYuan(recipient.budget.available) : t('recipient.noBudget')}</strong>
        </dd>
        {recipient.pairedCarers.length > 0 && (
          <>
            <dt>{t('recipient.paired')}</dt>
            <dd>{recipient.pairedCarers.map((c) => c.name).join('、')}</dd>
          </>
        )}
      </dl>
      <div className="grid-actions">
        {recipient.phone && (
          <Button size="large" icon={<PhoneOutlined aria-hidden />} href={`tel:${recipient.phone.replace(/[^\d+]/g, '')}`}>
            {t('recipient.call', { phone: recipient.phone })}
          </Button>
        )}
        {recipient.status !== 'EXITED' && <UpdateContact recipient={recipient} large />}
      </div>
    </section>
  );
}

function RecentOrders({ recipientId, recipientName }: { recipientId: string; recipientName: string }) {
  const { t } = useTranslation('grid');
  // read again whenever an order of the villages changes: a burst of them costs one read
  const { result, refetch, liveError } = useLiveQuery({ query: RECIPIENT_ORDERS, variables: { recipientId }, subscription: VILLAGE_ORDERS_UPDATED });
  const orders = result.data?.orders.edges.map((e) => e.node) ?? [];
  return (
    <section aria-labelledby="recent-orders">
      <h3 id="recent-orders" className="grid-h3">
        {t('orders.title')}
      </h3>
      <LiveWarning error={liveError} retry={refetch} />
      {result.error && <Alert type="error" showIcon title={errorMessage(result.error)} />}
      {result.data && !orders.length && <p className="grid-muted">{t('orders.empty')}</p>}
      <ul className="grid-list">
        {orders.map((order) => (
          <li key={order.id}>
            <OrderRow order={order} recipientName={recipientName} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function OrderRow({ order, recipientName }: { order: GridOrder; recipientName: string }) {
  const { t } = useTranslation('grid');
  const name = useLocalName();
  const { confirming, onConfirm } = useConfirmOnBehalf(order.id);
  return (
    <div className="grid-card" data-testid="grid-order" data-order-id={order.id}>
      <div className="grid-row">
        <strong>{name(order.serviceItem)}</strong>
        <OrderStatusPill status={order.status} />
      </div>
      <span className="grid-muted">
        {formatWindow(order.windowStart, order.windowEnd)} · {formatYuan(order.amount)}
      </span>
      {order.carer && <span className="grid-muted">{order.carer.name}</span>}
      {confirming.error && <Alert type="error" showIcon role="alert" title={errorMessage(confirming.error)} />}
      {order.status === 'COMPLETED' && (
        <div className="grid-actions">
          <Button type="primary" size="large" loading={confirming.fetching} onClick={() => void onConfirm()} data-testid="grid-confirm-service">
            {t('orders.confirm')}
          </Button>
          <DisputeOnBehalf orderId={order.id} recipientName={recipientName} />
        </div>
      )}
    </div>
  );
}

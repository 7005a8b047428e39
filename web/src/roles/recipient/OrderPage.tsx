// Ordering one item: the time (a few named choices, one already picked) and a big confirm
// button. The place is the recipient's home. One idempotency key per visit to this page, so
// a double tap or a retry after a dropped connection places one order, not two.
import { useMemo, useState } from 'react';
import { Alert, Button, Spin } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { OrderRefusal } from '../../app/page-parts';
import { formatYuan } from '../../app/format';
import { defaultSlot, slotWindow, timeSlots, type TimeSlot } from '../../app/timeSlots';
import { CATALOG, MY_RECORD, PLACE_ORDER, type CatalogItem } from './operations';
import { CategoryIcon, HotlineButton, SlotPicker, useLocalName } from './parts';
import { RefusalNotice, useNotify } from './notice';

export default function OrderPage() {
  const { t } = useTranslation('recipient');
  const { itemId } = useParams();
  const [catalog] = useQuery({ query: CATALOG });
  const found = catalog.data?.serviceCatalog
    .flatMap((c) => c.items.map((item) => ({ item, categoryCode: c.code })))
    .find(({ item }) => item.id === itemId && item.active);

  if (catalog.fetching && !catalog.data) return <Spin description={t('loading')} />;
  if (catalog.error) return <Alert type="error" showIcon title={errorMessage(catalog.error)} />;
  if (!found) {
    return (
      <div className="rcp-page">
        <h2 className="rcp-h2">{t('order.notFound')}</h2>
        <Link to="/m" className="rcp-link">
          {t('order.back')}
        </Link>
      </div>
    );
  }
  return <OrderForm item={found.item} categoryCode={found.categoryCode} />;
}

function OrderForm({ item, categoryCode }: { item: CatalogItem; categoryCode: string }) {
  const { t } = useTranslation('recipient');
  const notify = useNotify();
  const navigate = useNavigate();
  const name = useLocalName();
  const slots = useMemo(() => timeSlots(item), [item]);
  const [chosen, setChosen] = useState<TimeSlot | undefined>(() => defaultSlot(slots));
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [record] = useQuery({ query: MY_RECORD, requestPolicy: 'cache-first' });
  const [placing, place] = useMutation(PLACE_ORDER);
  const address = record.data?.me?.recipient?.address;

  const submit = async () => {
    if (!chosen) return;
    const result = await place({ input: { serviceItemId: item.id, ...slotWindow(chosen), idempotencyKey } });
    if (result.data) {
      notify('success', t('order.placed'));
      navigate(`/m/orders/${result.data.placeOrder.id}`);
    }
  };

  return (
    <div className="rcp-page">
      <Link to="/m" className="rcp-link rcp-back">
        <ArrowLeftOutlined aria-hidden /> {t('order.back')}
      </Link>
      <div>
        <h2 className="rcp-h3 rcp-h2" style={{ marginBottom: 4 }}>
          <CategoryIcon code={categoryCode} />
          <span data-testid="order-item">{name(item)}</span>
        </h2>
        <p className="rcp-item-price" style={{ margin: 0 }}>
          {formatYuan(item.price)}/{t(`unit.${item.unit}`)}
        </p>
        {item.descriptionZh && (
          <p className="rcp-muted" style={{ margin: '4px 0 0' }} lang="zh-CN">
            {item.descriptionZh}
          </p>
        )}
      </div>

      <section aria-labelledby="when-title">
        <h3 id="when-title" className="rcp-h3">
          {t('order.when')}
        </h3>
        {slots.length ? <SlotPicker slots={slots} chosen={chosen} onChoose={setChosen} labelledBy="when-title" /> : <p>{t('order.noSlot')}</p>}
      </section>

      <section aria-labelledby="where-title">
        <h3 id="where-title" className="rcp-h3">
          {t('order.where')}
        </h3>
        <p style={{ margin: 0 }}>{t('order.home', { address: address ?? '' })}</p>
      </section>

      {placing.error && (
        <RefusalNotice error={placing.error} testId="order-error">
          <OrderRefusal error={placing.error} budgetLowKey="recipient:order.budgetLow" />
        </RefusalNotice>
      )}

      <Button
        type="primary"
        size="large"
        block
        disabled={!chosen}
        loading={placing.fetching}
        onClick={() => void submit()}
        data-testid="place-order"
        style={{ minHeight: 64, fontSize: '1.1em', fontWeight: 700 }}
      >
        {t('order.confirm', { price: formatYuan(item.price) })}
      </Button>
      {placing.error && <HotlineButton />}
    </div>
  );
}

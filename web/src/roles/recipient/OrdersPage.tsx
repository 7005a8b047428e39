// The recipient's orders, live.
import { useTranslation } from 'react-i18next';
import { OrderListSection } from './OrderList';

export default function OrdersPage() {
  const { t } = useTranslation('recipient');
  return (
    <div className="rcp-page">
      <h2 className="rcp-h2">{t('orders.title')}</h2>
      <OrderListSection />
    </div>
  );
}

// The recipient's orders, live; and the way to their complaints and the answers.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { OrderListSection } from './OrderList';

export default function OrdersPage() {
  const { t } = useTranslation('recipient');
  return (
    <div className="rcp-page">
      <h2 className="rcp-h2">{t('orders.title')}</h2>
      <OrderListSection />
      <Link to="/m/complaints" className="rcp-card rcp-link-card" data-testid="my-complaints-link">
        {t('complain.seeMine')}
      </Link>
    </div>
  );
}

// The frame of a step taken on one order (another time, "the service was not right"): the
// order read by the page's :id, said plainly while loading, failing or not found, and a way
// back to the order above the step.
import type { ReactNode } from 'react';
import { Alert, Spin } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { ORDER, type OrderDetail } from './operations';

export function OrderStep({ children }: { children: (order: OrderDetail) => ReactNode }) {
  const { t } = useTranslation('recipient');
  const { id = '' } = useParams();
  const [result] = useQuery({ query: ORDER, variables: { id } });
  const order = result.data?.order;
  if (result.fetching && !result.data) return <Spin description={t('loading')} />;
  if (result.error) return <Alert type="error" showIcon title={errorMessage(result.error)} />;
  if (!order) return <h2 className="rcp-h2">{t('detail.notFound')}</h2>;
  return (
    <div className="rcp-page">
      <Link to={`/m/orders/${order.id}`} className="rcp-link rcp-back">
        <ArrowLeftOutlined aria-hidden /> {t('detail.title')}
      </Link>
      {children(order)}
    </div>
  );
}

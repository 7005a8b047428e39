// The recipient's home: budget left this year, the hotline button, orders under way (live),
// and the catalog by category. Tapping an item is the first of at most three taps to order.
import { Alert, Spin } from 'antd';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { formatYuan } from '../../app/format';
import { useViewer } from '../../app/session';
import { scopeLabel, viewerName } from '../../app/scope';
import { CATALOG, MY_RECORD, type Budget, type CatalogCategory } from './operations';
import { CategoryIcon, HotlineButton, useLocalName } from './parts';
import { ActiveOrders } from './OrderList';

export default function HomePage() {
  const { t } = useTranslation('recipient');
  const viewer = useViewer();
  const [record] = useQuery({ query: MY_RECORD, requestPolicy: 'cache-and-network' });
  const budget = record.data?.me?.recipient?.budget;

  return (
    <div className="rcp-page">
      <div>
        <h2 className="rcp-sr-only">{t('title')}</h2>
        <p className="rcp-whoami" data-testid="signed-in-as">
          {t('common:signedInAs', { name: viewerName(viewer) })}
          {scopeLabel(viewer) !== viewerName(viewer) && ` · ${scopeLabel(viewer)}`}
        </p>
      </div>
      {record.error ? (
        <Alert type="error" showIcon title={errorMessage(record.error)} />
      ) : (
        <BudgetCard budget={budget} loading={record.fetching && !record.data} />
      )}
      <HotlineButton />
      <ActiveOrders />
      <Catalog />
    </div>
  );
}

function BudgetCard({ budget, loading }: { budget: Budget | null | undefined; loading: boolean }) {
  const { t } = useTranslation('recipient');
  return (
    <section className="rcp-budget" aria-labelledby="budget-title" data-testid="budget">
      <h3 id="budget-title" className="rcp-h3">
        {t('budget.title')}
      </h3>
      {loading ? (
        <Spin />
      ) : budget ? (
        <>
          <p className="rcp-budget-amount" data-testid="budget-available">
            {formatYuan(budget.available)}
          </p>
          <p className="rcp-muted" style={{ margin: 0 }}>
            {t('budget.detail', { allocated: formatYuan(budget.allocated), spent: formatYuan(budget.spent), held: formatYuan(budget.held) })}
          </p>
        </>
      ) : (
        <p style={{ margin: 0 }}>{t('budget.none')}</p>
      )}
    </section>
  );
}

function Catalog() {
  const { t } = useTranslation('recipient');
  const [catalog] = useQuery({ query: CATALOG });
  const categories = (catalog.data?.serviceCatalog ?? [])
    .map((c): CatalogCategory => ({ ...c, items: c.items.filter((i) => i.active) }))
    .filter((c) => c.items.length);

  return (
    <section aria-labelledby="catalog-title" className="rcp-page">
      <h3 id="catalog-title" className="rcp-h2">
        {t('catalog.title')}
      </h3>
      {catalog.fetching && !catalog.data && <Spin description={t('loading')} />}
      {catalog.error && <Alert type="error" showIcon title={errorMessage(catalog.error)} />}
      {catalog.data && !categories.length && <p>{t('catalog.empty')}</p>}
      {categories.map((category) => (
        <CategorySection key={category.id} category={category} />
      ))}
    </section>
  );
}

function CategorySection({ category }: { category: CatalogCategory }) {
  const { t } = useTranslation('recipient');
  const name = useLocalName();
  return (
    <section className="rcp-category" aria-labelledby={`category-${category.code}`}>
      <h4 id={`category-${category.code}`} className="rcp-h3">
        <CategoryIcon code={category.code} />
        {name(category)}
      </h4>
      <ul className="rcp-items">
        {category.items.map((item) => (
          <li key={item.id}>
            <Link to={`/m/order/${item.id}`} className="rcp-item" data-testid={`item-${item.code}`}>
              <span className="rcp-item-name">
                {name(item)}
                {item.isUrgent && <span className="rcp-urgent">{t('urgent')}</span>}
              </span>
              <span className="rcp-item-price">
                {formatYuan(item.price)}/{t(`unit.${item.unit}`)}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

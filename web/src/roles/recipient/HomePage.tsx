// The recipient's home, what matters first at the top: urgent help as a red tile (before, it
// was the last category, five screens down), their next visits in plain words (明天上午), the
// budget left this year (read aloud on request), the hotline button, and the catalog by
// category. Tapping an item is the first of at most three taps to order.
import { Alert, Spin } from 'antd';
import { AlertOutlined, RightOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { formatYuan, formatYuanSpoken } from '../../app/format';
import { useViewer } from '../../app/session';
import { scopeLabel, viewerName } from '../../app/scope';
import { CATALOG, MY_RECORD, type Budget, type CatalogCategory, type CatalogItem } from './operations';
import { CategoryIcon, HotlineButton, useLocalName } from './parts';
import { NextVisits } from './OrderList';
import { ReadAloud } from './ReadAloud';

export default function HomePage() {
  const { t } = useTranslation('recipient');
  const viewer = useViewer();
  const [record] = useQuery({ query: MY_RECORD, requestPolicy: 'cache-and-network' });
  const [catalog] = useQuery({ query: CATALOG });
  const budget = record.data?.me?.recipient?.budget;
  const categories = (catalog.data?.serviceCatalog ?? [])
    .map((c): CatalogCategory => ({ ...c, items: c.items.filter((i) => i.active) }))
    .filter((c) => c.items.length);
  const urgent = categories.flatMap((c) => c.items.filter((i) => i.isUrgent).map((item) => ({ item, categoryCode: c.code })));

  return (
    <div className="rcp-page">
      <div>
        <h2 className="rcp-sr-only">{t('title')}</h2>
        <p className="rcp-whoami" data-testid="signed-in-as">
          {t('common:signedInAs', { name: viewerName(viewer) })}
          {scopeLabel(viewer) !== viewerName(viewer) && ` · ${scopeLabel(viewer)}`}
        </p>
      </div>
      {urgent.length > 0 && <UrgentHelp items={urgent.map((u) => u.item)} />}
      <NextVisits />
      {record.error ? (
        <Alert type="error" showIcon title={errorMessage(record.error)} />
      ) : (
        <BudgetCard budget={budget} loading={record.fetching && !record.data} />
      )}
      <HotlineButton />
      <section aria-labelledby="catalog-title" className="rcp-page">
        <h3 id="catalog-title" className="rcp-h2">
          {t('catalog.title')}
        </h3>
        {catalog.fetching && !catalog.data && <Spin description={t('loading')} />}
        {catalog.error && <Alert type="error" showIcon title={errorMessage(catalog.error)} />}
        {catalog.data && !categories.length && <p>{t('catalog.empty')}</p>}
        {categories.map((category) => (
          // urgent items are at the top already: their category keeps the rest
          <CategorySection key={category.id} category={{ ...category, items: category.items.filter((i) => !i.isUrgent) }} />
        ))}
      </section>
    </div>
  );
}

/** 助急: each urgent item as a big red tile, its time "as soon as possible" already chosen on the next page. */
function UrgentHelp({ items }: { items: CatalogItem[] }) {
  const { t } = useTranslation('recipient');
  const name = useLocalName();
  return (
    <section aria-labelledby="urgent-title" className="rcp-urgent-help" data-testid="urgent-help">
      <h3 id="urgent-title" className="rcp-h3">
        <AlertOutlined aria-hidden /> {t('urgentHelp.title')}
      </h3>
      <ul className="rcp-list">
        {items.map((item) => (
          <li key={item.id}>
            <Link to={`/m/order/${item.id}`} className="rcp-urgent-tile" data-testid={`item-${item.code}`}>
              <span className="rcp-urgent-name">{name(item)}</span>
              <span className="rcp-urgent-go">
                {t('urgentHelp.go')} · {formatYuan(item.price)}/{t(`unit.${item.unit}`)} <RightOutlined aria-hidden />
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * What is left this year, and what was used and booked: a confirmed service counts as used even
 * while its month waits to be settled (until then the server keeps it in `held`).
 */
function BudgetCard({ budget, loading }: { budget: Budget | null | undefined; loading: boolean }) {
  const { t } = useTranslation('recipient');
  const spent = budget ? budget.spent + budget.confirmedUnsettled : 0;
  const booked = budget ? budget.held - budget.confirmedUnsettled : 0;
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
          <p className="rcp-muted" style={{ margin: 0 }} data-testid="budget-detail">
            {t('budget.detail', { allocated: formatYuan(budget.allocated), spent: formatYuan(spent), held: formatYuan(booked) })}
          </p>
          <ReadAloud
            testId="read-budget"
            text={t('budget.speak', {
              available: formatYuanSpoken(budget.available),
              allocated: formatYuanSpoken(budget.allocated),
              spent: formatYuanSpoken(spent),
              held: formatYuanSpoken(booked),
            })}
          />
        </>
      ) : (
        <p style={{ margin: 0 }}>{t('budget.none')}</p>
      )}
    </section>
  );
}

function CategorySection({ category }: { category: CatalogCategory }) {
  const { t } = useTranslation('recipient');
  const name = useLocalName();
  if (!category.items.length) return null;
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
              <span className="rcp-item-name">{name(item)}</span>
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

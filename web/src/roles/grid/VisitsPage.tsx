// What the grid worker has to do: first the services waiting for them to confirm on a
// recipient's behalf (all of them, live, until each is confirmed), then the return visits
// assigned to them that are still to do, soonest due first.
import { Alert, Spin } from 'antd';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { countyToday } from '../../app/format';
import { MY_RETURN_VISITS, type ReturnVisit } from './operations';
import { useLocalName } from './parts';
import { PendingConfirmations } from './PendingConfirmations';

export default function VisitsPage() {
  const { t } = useTranslation('grid');
  const [result] = useQuery({ query: MY_RETURN_VISITS, variables: { status: ['SCHEDULED'] }, requestPolicy: 'cache-and-network' });
  const visits = result.data?.returnVisits.edges.map((e) => e.node) ?? [];
  return (
    <div className="grid-page">
      <PendingConfirmations />
      <h2 className="grid-h2">{t('visits.title')}</h2>
      {result.fetching && !result.data && <Spin description={t('loading')} />}
      {result.error && <Alert type="error" showIcon title={errorMessage(result.error)} />}
      {result.data && !visits.length && <p>{t('visits.empty')}</p>}
      <ul className="grid-list">
        {visits.map((visit) => (
          <li key={visit.id}>
            <VisitCard visit={visit} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function VisitCard({ visit }: { visit: ReturnVisit }) {
  const { t } = useTranslation('grid');
  const name = useLocalName();
  const overdue = visit.dueOn < countyToday();
  return (
    <Link to={`/grid/visits/${visit.id}`} className="grid-card" data-testid="return-visit-card" data-visit-id={visit.id}>
      <div className="grid-row">
        <strong>{visit.recipient.name}</strong>
        <span className={`grid-pill${overdue ? ' grid-pill-warn' : ''}`}>{overdue ? t('visits.overdue') : t('visits.due', { date: visit.dueOn })}</span>
      </div>
      <span className="grid-muted">
        {t(`visits.reason.${visit.reason}`)}
        {visit.period ? ` ${visit.period}` : ''} · {visit.village.name}
      </span>
      {visit.order && <span className="grid-muted">{t('visits.about', { service: name(visit.order.serviceItem) })}</span>}
    </Link>
  );
}

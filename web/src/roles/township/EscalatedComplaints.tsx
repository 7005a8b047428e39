// 超时升级的投诉: at the top of every township page, the tickets of the township still waiting
// to be verified after a missed deadline, each linking to the ticket. Kept live by
// complaintEscalated (the station hears when an organisation of its township is late to
// verify), so a ticket escalated while someone is on another page appears at once, marked as
// new; the list itself is the server's, so what escalated before the page opened is there too.
import { useEffect, useRef, useState } from 'react';
import { Alert, Tag } from 'antd';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import { useLiveQuery } from '../../app/live';
import { TAG_COLOURS, useAssigneeName } from '../complaints/parts';
import { COMPLAINT_ESCALATED, ESCALATED, type EscalatedTicket } from './operations';

export function EscalatedComplaints() {
  const { t } = useTranslation('township');
  const assigneeName = useAssigneeName();
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const { result, refetch, liveError } = useLiveQuery({
    query: ESCALATED,
    subscription: COMPLAINT_ESCALATED,
    onEvent: (event: { complaintEscalated: EscalatedTicket }) => setFresh((ids) => new Set(ids).add(event.complaintEscalated.id)),
  });
  // the frame outlives its pages: read again on each page change (not on the first, which the
  // query reads anyway), so a ticket verified meanwhile, which sends no event, goes from the list
  const { pathname } = useLocation();
  const readAt = useRef(pathname);
  useEffect(() => {
    if (readAt.current === pathname) return;
    readAt.current = pathname;
    refetch();
  }, [pathname, refetch]);
  const tickets = result.data?.complaints.edges.map((e) => e.node) ?? [];
  const liveOff = liveError && <Alert type="warning" showIcon title={t('common:live.off')} style={{ marginBottom: 16 }} />;
  if (!tickets.length) return liveOff || null;

  return (
    <>
      {liveOff}
      <Alert
        type="error"
        showIcon
        role="region"
        aria-label={t('escalated.title')}
        data-testid="escalated-complaints"
        style={{ marginBottom: 24 }}
        title={t('escalated.heading', { count: result.data?.complaints.totalCount ?? tickets.length })}
        description={
          <>
            <p style={{ margin: '0 0 8px' }}>{t('escalated.hint')}</p>
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {tickets.map((c) => (
                <li key={c.id} data-testid="escalated-complaint" data-complaint-id={c.id}>
                  <Link to={`/township/complaints/${c.id}`} style={{ textDecoration: 'underline' }}>
                    {t('escalated.ticket', { id: c.id, category: t(`complaints:category.${c.category}`) })}
                  </Link>
                  {c.recipient && ` · ${c.recipient.name}`}
                  {' · '}
                  {t('escalated.waitingFor', { assignee: assigneeName({ organisation: c.assignedOrganisation, township: c.assignedTownship }) ?? '—' })}
                  {c.dueAt && ` · ${t('escalated.due', { due: formatDateTime(c.dueAt) })}`}{' '}
                  <Tag color={TAG_COLOURS.orange}>{t('escalated.level', { count: c.escalationLevel })}</Tag>
                  {fresh.has(c.id) && <Tag color={TAG_COLOURS.red}>{t('escalated.fresh')}</Tag>}
                </li>
              ))}
            </ul>
          </>
        }
      />
    </>
  );
}

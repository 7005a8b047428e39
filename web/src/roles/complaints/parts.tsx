// Pieces of the assignee's complaint pages (dispatch and township): the severity tag, the
// deadline with its overdue / escalated / reopened tags, the order concerned, who the ticket is
// assigned to, and the reminder of waiting tickets for a home page. Importing this module
// registers the 'complaints' namespace.
import { Alert, Button, Space, Tag } from 'antd';
import { useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { registerMessages } from '../../app/i18n';
import { formatDateTime, formatWindow } from '../../app/format';
import { TAG_COLOURS, useLocalName } from '../../app/page-parts';
import { useViewer } from '../../app/session';
import { messages } from './messages';
import { QUEUE_COUNT, type ComplaintSeverity, type QueueTicket, type TicketDetail } from './operations';

registerMessages('complaints', messages);

export { CardHeading, QueryError, TAG_COLOURS } from '../../app/page-parts';

const severityColours: Record<ComplaintSeverity, string> = {
  LOW: TAG_COLOURS.grey,
  NORMAL: TAG_COLOURS.blue,
  HIGH: TAG_COLOURS.orange,
  URGENT: TAG_COLOURS.red,
};

export function SeverityTag({ severity }: { severity: ComplaintSeverity }) {
  const { t } = useTranslation('complaints');
  return <Tag color={severityColours[severity]}>{t(`severity.${severity}`)}</Tag>;
}

/** The deadline of the step the ticket waits for, and why it needs attention (late, escalated, reopened). */
export function Deadline({ ticket }: { ticket: Pick<QueueTicket, 'dueAt' | 'overdue' | 'escalationLevel' | 'reopenCount'> }) {
  const { t } = useTranslation('complaints');
  return (
    <Space size={4} wrap>
      <span>{ticket.dueAt ? formatDateTime(ticket.dueAt) : '—'}</span>
      {ticket.overdue && <Tag color={TAG_COLOURS.red}>{t('tags.overdue')}</Tag>}
      {ticket.escalationLevel > 0 && <Tag color={TAG_COLOURS.orange}>{t('tags.escalated', { count: ticket.escalationLevel })}</Tag>}
      {ticket.reopenCount > 0 && <Tag color={TAG_COLOURS.purple}>{t('tags.reopened', { count: ticket.reopenCount })}</Tag>}
    </Space>
  );
}

/** The order complained about: its number, item and window; or that there is none. */
export function OrderConcerned({ order }: { order: QueueTicket['order'] }) {
  const { t } = useTranslation('complaints');
  const localName = useLocalName();
  if (!order) return <span>{t('queue.noOrder')}</span>;
  return (
    <Space orientation="vertical" size={0}>
      <span>
        #{order.id} {localName(order.serviceItem)}
      </span>
      <span>{formatWindow(order.windowStart, order.windowEnd)}</span>
    </Space>
  );
}

/** An assignee by name: the organisation's, or the township's station. */
export function useAssigneeName(): (assignee: { organisation?: { name: string } | null; township?: { name: string } | null }) => string | undefined {
  const { t } = useTranslation('complaints');
  return ({ organisation, township }) => organisation?.name ?? (township ? t('station', { township: township.name }) : undefined);
}

/** The viewer's own organisation (a dispatcher) or township station (township staff), by name, if any. */
export function useOwnAssignee(): string | undefined {
  const viewer = useViewer();
  return useAssigneeName()(viewer);
}

/** Whether the ticket is assigned to the viewer's organisation or station: theirs to verify. */
export function useIsMine(): (ticket: Pick<TicketDetail, 'assignedOrganisation' | 'assignedTownship'>) => boolean {
  const viewer = useViewer();
  return (ticket) =>
    (ticket.assignedOrganisation !== null && ticket.assignedOrganisation.id === viewer.organisation?.id) ||
    (ticket.assignedTownship !== null && ticket.assignedTownship.id === viewer.township?.id);
}

/**
 * For an area's home page: how many tickets wait for the viewer to verify (and how many are
 * late), with a link to the queue at `queuePath`; nothing when none waits.
 */
export function QueueReminder({ queuePath }: { queuePath: string }) {
  const { t } = useTranslation('complaints');
  const navigate = useNavigate();
  const [{ data }] = useQuery({ query: QUEUE_COUNT, requestPolicy: 'cache-and-network' });
  const waiting = data?.waiting.totalCount ?? 0;
  const late = data?.late.totalCount ?? 0;
  if (!waiting) return null;
  return (
    <Alert
      type={late ? 'error' : 'warning'}
      showIcon
      data-testid="complaint-reminder"
      title={`${t('reminder.waiting', { count: waiting })}${late ? t('reminder.late', { count: late }) : ''}`}
      action={
        <Button size="small" type="primary" onClick={() => void navigate(queuePath)}>
          {t('reminder.go')}
        </Button>
      }
    />
  );
}

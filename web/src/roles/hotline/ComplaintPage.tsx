// One ticket through the closed loop 记录、交办、核实、反馈 and closing: where it stands, its
// deadline, what each step recorded, and the hotline's own next step (assign, answer, close).
// Verification is the assignee's; the hotline waits for it.
import { Card, Col, Descriptions, Result, Row, Skeleton, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from 'urql';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatWindow } from '../../app/format';
import { COMPLAINT, type ComplaintDetail, type ComplaintStatus } from './operations';
import { CardHeading, ComplaintStatusTag, OrderStatusTag, QueryError, SeverityTag, TAG_COLOURS, useLocalName } from './parts';
import { TicketActions } from './TicketActions';

const LOOP: ComplaintStatus[] = ['RECORDED', 'ASSIGNED', 'VERIFIED', 'ANSWERED', 'CLOSED'];
const STEP_NAMES = ['record', 'assign', 'verify', 'answer', 'close'] as const;

export default function ComplaintPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('hotline');
  const [{ data, fetching, error }, refetch] = useQuery({ query: COMPLAINT, variables: { id } });
  const back = (
    <Link to=".." relative="path">
      <ArrowLeftOutlined aria-hidden /> {t('ticket.back')}
    </Link>
  );
  if (error)
    return (
      <Space orientation="vertical">
        {back}
        <QueryError error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      </Space>
    );
  if (!data) return <Skeleton active loading={fetching} />;
  const c = data.complaint;
  if (!c) return <Result status="404" title={t('ticket.notFound')} extra={back} />;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {back}
      <Space align="center" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('ticket.title', { id: c.id })}
        </Typography.Title>
        <span data-testid="ticket-status">
          <ComplaintStatusTag status={c.status} />
        </span>
        <SeverityTag severity={c.severity} />
        {c.overdue && <Tag color={TAG_COLOURS.red}>{t('complaints.overdue')}</Tag>}
        {c.escalationLevel > 0 && <Tag color={TAG_COLOURS.orange}>{t('complaints.escalated', { level: c.escalationLevel })}</Tag>}
      </Space>
      <Card>
        <Steps
          current={LOOP.indexOf(c.status)}
          status={c.status === 'CLOSED' ? 'finish' : c.overdue ? 'error' : 'process'}
          items={STEP_NAMES.map((name, i) => ({
            title: t(`ticket.steps.${name}`),
            description: stepTime(c, LOOP[i]),
          }))}
          responsive
        />
        {c.dueAt && (
          <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }} type={c.overdue ? 'danger' : undefined}>
            {t('ticket.due')}: {formatDateTime(c.dueAt)}
          </Typography.Paragraph>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Details complaint={c} />
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <TicketActions complaint={c} />
            <History complaint={c} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

/** When the ticket reached `status`, from its events. */
function stepTime(c: ComplaintDetail, status: ComplaintStatus): string | undefined {
  const event = [...c.events].reverse().find((e) => e.toStatus === status && e.fromStatus !== e.toStatus);
  if (status === 'RECORDED') return formatDateTime(c.createdAt);
  return event ? formatDateTime(event.at) : undefined;
}

function Details({ complaint: c }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation('hotline');
  const localName = useLocalName();
  const assignee = c.assignedOrganisation?.name ?? (c.assignedTownship ? c.assignedTownship.name : null);
  return (
    <Card title={<CardHeading>{t(`enums.category.${c.category}`)}</CardHeading>}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('ticket.description')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{c.description}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('ticket.complainant')}>
          {c.complainantName}
          {c.complainantPhone ? ` · ${c.complainantPhone}` : ''} · {t(`enums.channel.${c.channel}`)}
        </Descriptions.Item>
        {c.recipient && (
          <Descriptions.Item label={t('complaints.recipient')}>
            <Link to={`../../recipients/${c.recipient.id}`} relative="path">
              {c.recipient.name}
            </Link>
          </Descriptions.Item>
        )}
        {c.order && (
          <Descriptions.Item label={t('ticket.order')}>
            #{c.order.id} {localName(c.order.serviceItem)} · {formatWindow(c.order.windowStart, c.order.windowEnd)} <OrderStatusTag status={c.order.status} />
          </Descriptions.Item>
        )}
        {c.organisation && <Descriptions.Item label={t('ticket.organisation')}>{c.organisation.name}</Descriptions.Item>}
        <Descriptions.Item label={t('ticket.recordedBy')}>
          {c.recordedByName || t('ticket.system')} · {formatDateTime(c.createdAt)}
        </Descriptions.Item>
        {assignee && <Descriptions.Item label={t('ticket.assignedTo')}>{assignee}</Descriptions.Item>}
        {c.findings !== null && (
          <Descriptions.Item label={t('ticket.findings')}>
            {c.upheld !== null && <Tag color={c.upheld ? TAG_COLOURS.red : TAG_COLOURS.green}>{c.upheld ? t('ticket.upheld') : t('ticket.notUpheld')}</Tag>}
            <span style={{ whiteSpace: 'pre-wrap' }}>{c.findings}</span>
          </Descriptions.Item>
        )}
        {c.answer !== null && (
          <Descriptions.Item label={t('ticket.answer')}>
            <Tag color={c.satisfied === false ? TAG_COLOURS.red : c.satisfied ? TAG_COLOURS.green : TAG_COLOURS.grey} data-testid="satisfied">
              {t(`ticket.satisfied.${c.satisfied === null ? 'unknown' : c.satisfied ? 'yes' : 'no'}`)}
            </Tag>
            <span style={{ whiteSpace: 'pre-wrap' }}>{c.answer}</span>
          </Descriptions.Item>
        )}
        {c.reopenCount > 0 && <Descriptions.Item label={t('ticket.reopenTitle')}>{t('ticket.reopenCount', { count: c.reopenCount })}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
}

function History({ complaint: c }: { complaint: ComplaintDetail }) {
  const { t, i18n } = useTranslation('hotline');
  return (
    <Card title={<CardHeading>{t('ticket.history')}</CardHeading>}>
      <Timeline
        items={c.events.map((e) => ({
          content: (
            <div>
              <Typography.Text strong>{i18n.exists(`hotline:ticket.events.${e.action}`) ? t(`ticket.events.${e.action}`) : e.action}</Typography.Text>
              <div>
                <Typography.Text type="secondary">
                  {formatDateTime(e.at)} · {e.actorName ?? t('ticket.system')}
                </Typography.Text>
              </div>
              {/* an escalation's note is the system's own English sentence; its label says it in the reader's words */}
              {e.note && e.action !== 'escalate' && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

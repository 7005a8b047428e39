// One complaint ticket as its assignee sees it: what it is about, its deadline, why it came
// back when the complainant was not satisfied, what each step recorded, and, while it waits
// for the viewer's organisation or station, the verify step (核实): upheld or not and the
// findings, which the hotline answers the complainant from. Verified, it leaves the queue and
// the page goes back to it. Township staff also open tickets of their township that another
// assignee verifies (an escalated one): those they only read.
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Radio, Result, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { TICKET, VERIFY_COMPLAINT, type TicketDetail } from './operations';
import { CardHeading, Deadline, OrderConcerned, QueryError, SeverityTag, TAG_COLOURS, useAssigneeName, useIsMine } from './parts';

export default function TicketPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('complaints');
  const isMine = useIsMine();
  const [{ data, fetching, error }, refetch] = useQuery({ query: TICKET, variables: { id }, requestPolicy: 'cache-and-network' });
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
        <Tag color={c.status === 'ASSIGNED' ? TAG_COLOURS.blue : TAG_COLOURS.green} data-testid="ticket-status">
          {t(`status.${c.status}`)}
        </Tag>
        <SeverityTag severity={c.severity} />
      </Space>
      {c.status === 'ASSIGNED' && c.reopenCount > 0 && <ReopenedNotice ticket={c} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Details ticket={c} />
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            {c.status === 'ASSIGNED' && isMine(c) ? <VerifyForm ticket={c} /> : <Verdict ticket={c} />}
            <History ticket={c} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

/** Why a reopened ticket is back: the complainant's reason (the latest reopen's note) and what was found last time. */
function ReopenedNotice({ ticket: c }: { ticket: TicketDetail }) {
  const { t } = useTranslation('complaints');
  const reason = c.events.findLast((e) => e.action === 'reopen')?.note;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="reopened"
      title={t('ticket.reopenedBecause')}
      description={
        <Space orientation="vertical" size={2}>
          {reason && <span style={{ whiteSpace: 'pre-wrap' }}>{t('ticket.reopenReason', { reason })}</span>}
          {c.findings && <span style={{ whiteSpace: 'pre-wrap' }}>{t('ticket.lastFindings', { findings: c.findings })}</span>}
        </Space>
      }
    />
  );
}

function Details({ ticket: c }: { ticket: TicketDetail }) {
  const { t } = useTranslation('complaints');
  const assigneeName = useAssigneeName();
  const assignee = assigneeName({ organisation: c.assignedOrganisation, township: c.assignedTownship });
  return (
    <Card title={<CardHeading>{t(`category.${c.category}`)}</CardHeading>}>
      <Descriptions column={1} size="small">
        {c.dueAt && c.status === 'ASSIGNED' && (
          <Descriptions.Item label={t('ticket.due')}>
            <Deadline ticket={c} />
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('ticket.description')}>
          <span style={{ whiteSpace: 'pre-wrap' }} data-testid="ticket-description">
            {c.description}
          </span>
        </Descriptions.Item>
        {c.recipient && (
          <Descriptions.Item label={t('ticket.recipient')}>
            {c.recipient.name}（{c.recipient.village.name}）
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('ticket.complainant')}>{c.complainantName}</Descriptions.Item>
        <Descriptions.Item label={t('ticket.order')}>
          <OrderConcerned order={c.order} />
        </Descriptions.Item>
        {c.order?.carer && <Descriptions.Item label={t('ticket.carer')}>{c.order.carer.name}</Descriptions.Item>}
        <Descriptions.Item label={t('ticket.recordedBy')}>
          {t(`channel.${c.channel}`)} · {c.recordedByName || t('ticket.system')} · {formatDateTime(c.createdAt)}
        </Descriptions.Item>
        {assignee && <Descriptions.Item label={t('ticket.assignedTo')}>{assignee}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
}

/** What is known of the verdict when the viewer has no verify step to do: who verifies, or what they found and what was answered. */
function Verdict({ ticket: c }: { ticket: TicketDetail }) {
  const { t } = useTranslation('complaints');
  const assigneeName = useAssigneeName();
  if (c.status === 'ASSIGNED' || c.status === 'RECORDED') {
    const assignee = assigneeName({ organisation: c.assignedOrganisation, township: c.assignedTownship }) ?? '—';
    return <Alert type="info" showIcon title={t('ticket.waitingFor', { assignee })} />;
  }
  return (
    <Card title={<CardHeading>{t('ticket.findings')}</CardHeading>}>
      <Descriptions column={1} size="small">
        {c.upheld !== null && (
          <Descriptions.Item label={t('verify.upheld')}>
            <Tag color={c.upheld ? TAG_COLOURS.red : TAG_COLOURS.green}>{t(c.upheld ? 'verify.upheldYes' : 'verify.upheldNo')}</Tag>
          </Descriptions.Item>
        )}
        {c.findings && (
          <Descriptions.Item label={t('ticket.findings')}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{c.findings}</span>
          </Descriptions.Item>
        )}
        {c.answer && (
          <Descriptions.Item label={t('ticket.answer')}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{c.answer}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

interface VerifyValues {
  upheld: boolean;
  findings: string;
}

/**
 * 核实: upheld or not, and the findings. Confirmed first, because the verdict is final and an
 * upheld one withholds the service's payment and schedules a return visit.
 */
function VerifyForm({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation('complaints');
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<VerifyValues>();
  const [state, verify] = useMutation(VERIFY_COMPLAINT);

  const submit = (v: VerifyValues) =>
    modal.confirm({
      title: t('verify.confirmTitle'),
      content: t(v.upheld ? 'verify.confirmUpheld' : 'verify.confirmNotUpheld'),
      okText: t('verify.confirmOk'),
      cancelText: t('verify.cancel'),
      onOk: async () => {
        // the queue and the home page's count hold connections, not this ticket: say they changed
        const result = await verify(
          { complaintId: ticket.id, upheld: v.upheld, findings: v.findings.trim() },
          { additionalTypenames: ['ComplaintConnection'] },
        );
        if (result.error) return;
        void message.success(t('verify.done', { id: ticket.id }));
        void navigate('..', { relative: 'path' });
      },
    });

  return (
    <Card title={<CardHeading>{t('verify.title')}</CardHeading>} data-testid="verify-form">
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="upheld" label={t('verify.upheld')} rules={[{ required: true, message: t('verify.upheldRequired') }]}>
          <Radio.Group>
            <Radio value={true}>{t('verify.upheldYes')}</Radio>
            <Radio value={false}>{t('verify.upheldNo')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="findings"
          label={t('verify.findings')}
          extra={t('verify.findingsHelp')}
          rules={[{ required: true, whitespace: true, message: t('verify.findingsRequired') }]}
        >
          <Input.TextArea rows={5} maxLength={2000} showCount />
        </Form.Item>
        {state.error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            style={{ marginBottom: 16 }}
            title={errorMessage(state.error, { CONFLICT: t('verify.notWaiting') })}
            data-testid="verify-error"
          />
        )}
        <Button type="primary" htmlType="submit" loading={state.fetching}>
          {t('verify.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function History({ ticket: c }: { ticket: TicketDetail }) {
  const { t, i18n } = useTranslation('complaints');
  return (
    <Card title={<CardHeading>{t('ticket.history')}</CardHeading>}>
      <Timeline
        items={c.events.map((e) => ({
          content: (
            <div>
              <Typography.Text strong>{t(i18n.exists(`complaints:event.${e.action}`) ? `event.${e.action}` : 'event.other')}</Typography.Text>
              <div>
                <Typography.Text type="secondary">
                  {formatDateTime(e.at)} · {e.actorName ?? t('ticket.system')}
                </Typography.Text>
              </div>
              {/* an escalation's note is the system's own English sentence: its label says it all */}
              {e.note && e.action !== 'escalate' && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

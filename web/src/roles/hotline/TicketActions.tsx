// The hotline's step on a ticket, by where it stands: assign a recorded one (交办), answer a
// verified one (反馈, asking whether the complainant is satisfied), close an answered one, or
// reopen it when the complainant is not satisfied (within the period after the answer). An
// assigned ticket waits for its assignee.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Radio, Select } from 'antd';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { ANSWER_COMPLAINT, ASSIGNEES, ASSIGN_COMPLAINT, CLOSE_COMPLAINT, REOPEN_COMPLAINT, type ComplaintDetail } from './operations';
import { formatDateTime } from '../../app/format';
import { CardHeading } from './parts';

export function TicketActions({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation('hotline');
  switch (complaint.status) {
    case 'RECORDED':
      return <AssignStep complaint={complaint} />;
    case 'ASSIGNED':
      return <Alert type="info" showIcon title={t('ticket.waitingVerify')} />;
    case 'VERIFIED':
      return <AnswerStep complaint={complaint} />;
    case 'ANSWERED':
      return (
        <>
          <CloseStep complaint={complaint} />
          <ReopenStep complaint={complaint} />
        </>
      );
    default:
      return <ReopenStep complaint={complaint} />;
  }
}

function Failure({ error }: { error: unknown }) {
  return error ? <Alert type="error" showIcon role="alert" title={errorMessage(error)} style={{ marginTop: 12 }} /> : null;
}

function AssignStep({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation('hotline');
  const { message } = App.useApp();
  const [{ data }] = useQuery({ query: ASSIGNEES, variables: {} });
  const [state, assign] = useMutation(ASSIGN_COMPLAINT);
  const [to, setTo] = useState<'organisation' | 'township'>(complaint.organisation || !complaint.township ? 'organisation' : 'township');
  const townships = (data?.regions ?? []).flatMap((county) => county.children);
  const submit = async (v: { organisationId?: string; townshipId?: string; note?: string }) => {
    const result = await assign({
      complaintId: complaint.id,
      ...(to === 'organisation' ? { organisationId: v.organisationId } : { townshipId: v.townshipId }),
      note: v.note?.trim() || undefined,
    });
    if (!result.error) void message.success(t('ticket.assigned'));
  };
  return (
    <Card title={<CardHeading>{t('ticket.assignTitle')}</CardHeading>}>
      <Form layout="vertical" onFinish={submit} initialValues={{ organisationId: complaint.organisation?.id, townshipId: complaint.township?.id }}>
        <Form.Item label={t('ticket.assignTo')}>
          <Radio.Group
            value={to}
            onChange={(e) => setTo(e.target.value as typeof to)}
            optionType="button"
            options={[
              { value: 'organisation', label: t('ticket.toOrganisation') },
              { value: 'township', label: t('ticket.toTownship') },
            ]}
          />
        </Form.Item>
        {to === 'organisation' ? (
          <Form.Item name="organisationId" label={t('ticket.chooseOrganisation')} rules={[{ required: true, message: t('ticket.required') }]}>
            <Select options={(data?.organisations.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name }))} />
          </Form.Item>
        ) : (
          <Form.Item name="townshipId" label={t('ticket.chooseTownship')} rules={[{ required: true, message: t('ticket.required') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={townships.map((r) => ({ value: r.id, label: r.name }))} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('ticket.note')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={state.fetching}>
          {t('ticket.assign')}
        </Button>
        <Failure error={state.error} />
      </Form>
    </Card>
  );
}

function AnswerStep({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation('hotline');
  const { message } = App.useApp();
  const [state, answer] = useMutation(ANSWER_COMPLAINT);
  const submit = async (v: { answer: string; satisfied: 'yes' | 'no' | 'unknown' }) => {
    const satisfied = v.satisfied === 'unknown' ? null : v.satisfied === 'yes';
    const result = await answer({ complaintId: complaint.id, answer: v.answer.trim(), satisfied });
    if (!result.error) void message.success(t('ticket.answered'));
  };
  return (
    <Card title={<CardHeading>{t('ticket.answerTitle')}</CardHeading>}>
      <Form layout="vertical" onFinish={submit}>
        <Form.Item name="answer" label={t('ticket.answerLabel')} rules={[{ required: true, whitespace: true, message: t('ticket.required') }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="satisfied" label={t('ticket.satisfiedLabel')} rules={[{ required: true, message: t('ticket.required') }]}>
          <Radio.Group
            options={[
              { value: 'yes', label: t('ticket.satisfiedYes') },
              { value: 'no', label: t('ticket.satisfiedNo') },
              { value: 'unknown', label: t('ticket.satisfiedUnknown') },
            ]}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={state.fetching}>
          {t('ticket.answerSubmit')}
        </Button>
        <Failure error={state.error} />
      </Form>
    </Card>
  );
}

function CloseStep({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation('hotline');
  const { message } = App.useApp();
  const [state, close] = useMutation(CLOSE_COMPLAINT);
  const [note, setNote] = useState('');
  const submit = async () => {
    const result = await close({ complaintId: complaint.id, note: note.trim() || undefined });
    if (!result.error) void message.success(t('ticket.closed'));
  };
  return (
    <Card title={<CardHeading>{t('ticket.closeTitle')}</CardHeading>}>
      <Form layout="vertical">
        <Form.Item label={t('ticket.closeNote')} htmlFor="close-note">
          <Input.TextArea id="close-note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
        <Popconfirm title={t('ticket.closeConfirm')} okText={t('ticket.closeSubmit')} cancelText={t('cancel')} onConfirm={submit}>
          <Button type="primary" loading={state.fetching}>
            {t('ticket.closeSubmit')}
          </Button>
        </Popconfirm>
        <Failure error={state.error} />
      </Form>
    </Card>
  );
}

/** Reopening, offered while the period after the answer lasts (the server says until when). */
function ReopenStep({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation('hotline');
  const { message } = App.useApp();
  const [state, reopen] = useMutation(REOPEN_COMPLAINT);
  const [reason, setReason] = useState('');
  if (!complaint.reopenableUntil) return null;
  const submit = async () => {
    const result = await reopen({ complaintId: complaint.id, reason: reason.trim() });
    if (!result.error) void message.success(t('ticket.reopened'));
  };
  return (
    <Card title={<CardHeading>{t('ticket.reopenTitle')}</CardHeading>} style={{ marginTop: 16 }}>
      <Form layout="vertical">
        <p>{t('ticket.reopenHelp', { until: formatDateTime(complaint.reopenableUntil) })}</p>
        <Form.Item label={t('ticket.reopenReason')} htmlFor="reopen-reason" required>
          <Input.TextArea id="reopen-reason" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
        <Popconfirm title={t('ticket.reopenConfirm')} okText={t('ticket.reopenSubmit')} cancelText={t('cancel')} onConfirm={submit} disabled={!reason.trim()}>
          <Button loading={state.fetching} disabled={!reason.trim()}>
            {t('ticket.reopenSubmit')}
          </Button>
        </Popconfirm>
        <Failure error={state.error} />
      </Form>
    </Card>
  );
}

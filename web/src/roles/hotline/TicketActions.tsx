// The hotline's step on a ticket, by where it stands: assign a recorded one (交办), answer a
// verified one (反馈), close an answered one. An assigned ticket waits for its assignee.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Radio, Select } from 'antd';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { ANSWER_COMPLAINT, ASSIGNEES, ASSIGN_COMPLAINT, CLOSE_COMPLAINT, type ComplaintDetail } from './operations';
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
      return <CloseStep complaint={complaint} />;
    default:
      return null;
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
  const submit = async (v: { answer: string }) => {
    const result = await answer({ complaintId: complaint.id, answer: v.answer.trim() });
    if (!result.error) void message.success(t('ticket.answered'));
  };
  return (
    <Card title={<CardHeading>{t('ticket.answerTitle')}</CardHeading>}>
      <Form layout="vertical" onFinish={submit}>
        <Form.Item name="answer" label={t('ticket.answerLabel')} rules={[{ required: true, whitespace: true, message: t('ticket.required') }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
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

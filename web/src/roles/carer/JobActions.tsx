// What the carer can do with a job, by its status: accept or decline a new one, check in on
// arrival, check out with what was done, then correct it or confirm with the service card.
// The status is the one the carer sees (JobCard): checked in on the phone without signal, the
// check-out comes next; checked out so, nothing until the readings are sent.
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space } from 'antd';
import { CheckOutlined, CloseOutlined, EnvironmentOutlined, LogoutOutlined } from '@ant-design/icons';
import { useClient, useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from '@urql/core';
import { errorCode, errorMessage } from '../../app/errors';
import { ACCEPT_JOB, CHECK_IN, CHECK_OUT, DECLINE_JOB, PREVIEW_CHECK_IN, type Job } from './operations';
import { currentPosition, LocationError } from './location';
import { ServiceCardConfirm, WorkDoneEditor } from './AfterService';
import { keepReading } from './pending-readings';
import { formatTime } from '../../app/format';

/** A refusal of a check-in or check-out in words the carer can act on. */
function useReadingError() {
  const { t } = useTranslation('carer');
  return (error: unknown): string => {
    if (error instanceof LocationError) return t(`location.${error.problem}`);
    const extensions = (error as CombinedError).graphQLErrors?.[0]?.extensions;
    // a time in the future is the phone's clock, said with what to do about it; other refusals the server words
    if (errorCode(error) === 'BAD_USER_INPUT' && extensions?.reason === 'DEVICE_TIME_FUTURE') return t('errors.clock');
    return errorMessage(error);
  };
}

/** Takes a fresh position and the device's time of the reading, for checkIn and checkOut. */
async function reading(orderId: string) {
  const position = await currentPosition();
  return { orderId, at: new Date().toISOString(), ...position };
}

export function JobActions({ job, status = job.status, onChanged }: { job: Job; status?: Job['status']; onChanged: () => void }) {
  // what follows a check-out the server has not had yet needs its answer (the visit) first
  if (status !== job.status && status === 'COMPLETED') return null;
  switch (status) {
    case 'DISPATCHED':
      return <AcceptOrDecline job={job} onChanged={onChanged} />;
    case 'ACCEPTED':
      return <CheckIn job={job} onChanged={onChanged} />;
    case 'IN_SERVICE':
      return <CheckOut job={job} onChanged={onChanged} />;
    case 'COMPLETED':
      return (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <WorkDoneEditor job={job} />
          <ServiceCardConfirm job={job} onChanged={onChanged} />
        </Space>
      );
    default:
      return null;
  }
}

function AcceptOrDecline({ job, onChanged }: { job: Job; onChanged: () => void }) {
  const { t } = useTranslation('carer');
  const { message } = App.useApp();
  const [accepting, accept] = useMutation(ACCEPT_JOB);
  const [declining, decline] = useMutation(DECLINE_JOB);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const onAccept = async () => {
    setError(null);
    const result = await accept({ orderId: job.id });
    if (result.error) setError(errorMessage(result.error));
    else void message.success(t('accept.done'));
  };
  const onDecline = async ({ reason }: { reason: string }) => {
    const result = await decline({ orderId: job.id, reason: reason.trim() });
    if (result.error) {
      setError(errorMessage(result.error));
      setOpen(false);
      return;
    }
    setOpen(false);
    void message.info(t('decline.done'));
    onChanged();
  };

  return (
    <>
      {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} />}
      <div className="carer-two-buttons">
        <Button type="primary" size="large" block icon={<CheckOutlined aria-hidden />} loading={accepting.fetching} onClick={() => void onAccept()}>
          {t('accept.button')}
        </Button>
        <Button size="large" block icon={<CloseOutlined aria-hidden />} onClick={() => setOpen(true)}>
          {t('decline.button')}
        </Button>
      </div>
      <Modal
        title={t('decline.title')}
        open={open}
        onCancel={() => setOpen(false)}
        okText={t('decline.confirm')}
        cancelText={t('decline.cancel')}
        okButtonProps={{ danger: true, size: 'large', loading: declining.fetching }}
        cancelButtonProps={{ size: 'large' }}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => void onDecline(v)} preserve={false}>
          <Form.Item
            name="reason"
            label={t('decline.reason')}
            extra={t('decline.reasonHelp')}
            rules={[{ required: true, whitespace: true, message: t('decline.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function CheckIn({ job }: { job: Job; onChanged: () => void }) {
  const { t } = useTranslation('carer');
  const { message, modal } = App.useApp();
  const readingError = useReadingError();
  const client = useClient();
  const [, checkIn] = useMutation(CHECK_IN);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (input: Awaited<ReturnType<typeof reading>>) => {
    const result = await checkIn({ input });
    if (result.error && errorCode(result.error) === 'network') {
      keepReading({ kind: 'checkIn', input });
      void message.info(t('offline.kept', { time: formatTime(input.at) }));
    } else if (result.error) setError(readingError(result.error));
    else void message.success(t('checkIn.done'));
  };

  /** Asks the server first what this check-in would give: refused (too early …) is said, flagged (too far) is asked. */
  const farAway = (meters: number) =>
    new Promise<boolean>((resolve) =>
      modal.confirm({
        title: t('checkIn.farTitle'),
        content: t('checkIn.farBody', { meters }),
        okText: t('checkIn.farConfirm'),
        cancelText: t('checkIn.farCancel'),
        okButtonProps: { size: 'large' },
        cancelButtonProps: { size: 'large' },
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      }),
    );

  const onCheckIn = async () => {
    setBusy(true);
    setError(null);
    try {
      const input = await reading(job.id);
      const preview = await client.query(PREVIEW_CHECK_IN, { input }, { requestPolicy: 'network-only' }).toPromise();
      // without a connection the reading is kept on the phone as before; the server judges it on arrival
      if (preview.error && errorCode(preview.error) !== 'network') return setError(readingError(preview.error));
      const flags = preview.data?.previewCheckIn.flags ?? [];
      if (flags.includes('FAR_FROM_PLACE') && !(await farAway(preview.data!.previewCheckIn.distanceMeters ?? 0))) return;
      await send(input);
    } catch (err) {
      setError(readingError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} />}
      <Button type="primary" size="large" block icon={<EnvironmentOutlined aria-hidden />} loading={busy} onClick={() => void onCheckIn()}>
        {busy ? t('checkIn.locating') : t('checkIn.button')}
      </Button>
    </>
  );
}

function CheckOut({ job }: { job: Job; onChanged: () => void }) {
  const { t } = useTranslation('carer');
  const { message } = App.useApp();
  const readingError = useReadingError();
  const [, checkOut] = useMutation(CHECK_OUT);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ workDone: string }>();

  const onCheckOut = async ({ workDone }: { workDone: string }) => {
    setBusy(true);
    setError(null);
    try {
      const input = { ...(await reading(job.id)), workDone: workDone.trim() };
      const result = await checkOut({ input });
      if (result.error && errorCode(result.error) === 'network') {
        keepReading({ kind: 'checkOut', input });
        void message.info(t('offline.kept', { time: formatTime(input.at) }));
      } else if (result.error) setError(readingError(result.error));
      else void message.success(t('checkOut.done'));
    } catch (err) {
      setError(readingError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={(v) => void onCheckOut(v)}>
      <Form.Item
        name="workDone"
        label={t('checkOut.workDone')}
        extra={t('checkOut.workDoneHelp')}
        rules={[{ required: true, whitespace: true, message: t('checkOut.workDoneRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
      {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} />}
      <Button type="primary" size="large" block htmlType="submit" icon={<LogoutOutlined aria-hidden />} loading={busy}>
        {busy ? t('checkIn.locating') : t('checkOut.button')}
      </Button>
    </Form>
  );
}

// After check-out: the carer may still correct what was done until the service is confirmed,
// and confirm it with the code on the recipient's service card (for recipients without a
// phone, who cannot confirm in the app).
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Typography } from 'antd';
import { EditOutlined, IdcardOutlined } from '@ant-design/icons';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { CONFIRM_SERVICE, RECORD_WORK_DONE, type Job } from './operations';

export function WorkDoneEditor({ job }: { job: Job }) {
  const { t } = useTranslation('carer');
  const { message } = App.useApp();
  const [saving, save] = useMutation(RECORD_WORK_DONE);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onSave = async ({ workDone }: { workDone: string }) => {
    const result = await save({ orderId: job.id, workDone: workDone.trim() });
    if (result.error) return setError(errorMessage(result.error));
    setError(null);
    setEditing(false);
    void message.success(t('workDone.saved'));
  };

  if (!editing) {
    return (
      <div>
        <Typography.Text strong>{t('workDone.label')}</Typography.Text>
        <Typography.Paragraph style={{ marginBottom: 8 }}>{job.visit?.workDone}</Typography.Paragraph>
        <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
          {t('workDone.edit')}
        </Button>
      </div>
    );
  }
  return (
    <Form layout="vertical" initialValues={{ workDone: job.visit?.workDone ?? '' }} onFinish={(v) => void onSave(v)}>
      <Form.Item name="workDone" label={t('workDone.label')} rules={[{ required: true, whitespace: true, message: t('checkOut.workDoneRequired') }]}>
        <Input.TextArea rows={3} maxLength={1000} autoFocus />
      </Form.Item>
      {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} />}
      <div className="carer-two-buttons">
        <Button type="primary" htmlType="submit" loading={saving.fetching} block>
          {t('workDone.save')}
        </Button>
        <Button onClick={() => setEditing(false)} block>
          {t('workDone.cancel')}
        </Button>
      </div>
    </Form>
  );
}

export function ServiceCardConfirm({ job, onChanged }: { job: Job; onChanged: () => void }) {
  const { t } = useTranslation('carer');
  const { message } = App.useApp();
  const [confirming, confirm] = useMutation(CONFIRM_SERVICE);
  const noPhone = !job.recipient.phone;
  // without a phone the card is the only way the carer can get it confirmed: show the form at once
  const [open, setOpen] = useState(noPhone);
  const [error, setError] = useState<string | null>(null);

  const onConfirm = async ({ cardCode }: { cardCode: string }) => {
    const result = await confirm({ orderId: job.id, cardCode: cardCode.trim() });
    if (result.error) {
      const triesLeft = result.error.graphQLErrors[0]?.extensions?.triesLeft;
      return setError(typeof triesLeft === 'number' ? t('confirm.wrongCode', { count: triesLeft }) : errorMessage(result.error));
    }
    setError(null);
    void message.success(t('confirm.done'));
    onChanged();
  };

  if (!open) {
    return (
      <div>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('confirm.helpHasPhone')}
        </Typography.Paragraph>
        <Button size="large" block icon={<IdcardOutlined aria-hidden />} onClick={() => setOpen(true)}>
          {t('confirm.button')}
        </Button>
      </div>
    );
  }
  return (
    <Form layout="vertical" onFinish={(v) => void onConfirm(v)}>
      <Typography.Paragraph>{noPhone ? t('confirm.help') : t('confirm.helpHasPhone')}</Typography.Paragraph>
      <Form.Item name="cardCode" label={t('confirm.code')} rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('confirm.codeInvalid') }]}>
        <Input inputMode="numeric" autoComplete="off" maxLength={6} size="large" />
      </Form.Item>
      {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" size="large" block icon={<IdcardOutlined aria-hidden />} loading={confirming.fetching}>
        {t('confirm.submit')}
      </Button>
    </Form>
  );
}

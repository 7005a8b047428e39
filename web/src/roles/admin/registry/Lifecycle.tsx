// The recipient's lifecycle moves (verify, start services, suspend, resume, exit, screen
// again), each with a reason kept in the status history. (Cards: ServiceCard.)
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../app/errors';
import { CHANGE_RECIPIENT_STATUS, type RecipientDetail, type RecipientStatus } from '../operations';
import { lifecycleMoves } from './labels';

export function Lifecycle({ recipient }: { recipient: RecipientDetail }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [target, setTarget] = useState<RecipientStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [changing, change] = useMutation(CHANGE_RECIPIENT_STATUS);
  const [form] = Form.useForm<{ reason: string }>();
  const moves = lifecycleMoves[recipient.status];
  const status = (s: RecipientStatus) => t(`registry.statuses.${s}`);

  const onFinish = async ({ reason }: { reason: string }) => {
    if (!target) return;
    const result = await change({ recipientId: recipient.id, status: target, reason: reason.trim() });
    if (result.error) return setError(errorMessage(result.error));
    setTarget(null);
    setError(null);
    void message.success(t('registry.lifecycle.done', { status: status(target) }));
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text>{t('registry.lifecycle.current', { status: status(recipient.status) })}</Typography.Text>
      {moves.length === 0 && <Typography.Text type="secondary">{t('registry.lifecycle.none')}</Typography.Text>}
      <Space wrap>
        {moves.map((to) => (
          <Button
            key={to}
            danger={to === 'EXITED'}
            type={to === 'EXITED' ? 'default' : 'primary'}
            ghost={to !== 'EXITED'}
            onClick={() => {
              setError(null);
              setTarget(to);
            }}
          >
            {t(`registry.lifecycle.to.${to}`)}
          </Button>
        ))}
      </Space>
      <Modal
        title={target && t('registry.lifecycle.confirmTitle', { action: t(`registry.lifecycle.to.${target}`), name: recipient.name })}
        open={target !== null}
        onCancel={() => setTarget(null)}
        okText={t('registry.lifecycle.submit')}
        cancelText={t('registry.lifecycle.cancel')}
        okButtonProps={{ danger: target === 'EXITED' || target === 'SUSPENDED', loading: changing.fetching }}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {target === 'EXITED' && <Alert type="warning" showIcon message={t('registry.lifecycle.exitWarning')} style={{ marginBottom: 12 }} />}
        {target === 'ACTIVE' && <Alert type="info" showIcon message={t('registry.lifecycle.activeNote')} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} preserve={false}>
          <Form.Item
            name="reason"
            label={t('registry.lifecycle.reason')}
            extra={t('registry.lifecycle.reasonHelp')}
            rules={[{ required: true, whitespace: true, message: t('registry.lifecycle.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon role="alert" message={error} />}
      </Modal>
    </Space>
  );
}

// Shows the full ID number to staff who may see it, once they say why; the server logs each
// reveal with its reason. The number stays on screen only while the dialog is open.
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../app/errors';
import { REVEAL_ID_NUMBER } from '../operations';

export function RevealIdNumber({ recipientId }: { recipientId: string }) {
  const { t } = useTranslation('admin');
  const [open, setOpen] = useState(false);
  const [idNumber, setIdNumber] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [state, reveal] = useMutation(REVEAL_ID_NUMBER);
  const [form] = Form.useForm<{ reason: string }>();

  const close = () => {
    setOpen(false);
    setIdNumber(null);
    setError(null);
  };
  const onFinish = async ({ reason }: { reason: string }) => {
    const result = await reveal({ recipientId, reason: reason.trim() });
    if (result.error || !result.data) return setError(errorMessage(result.error));
    setError(null);
    setIdNumber(result.data.revealIdNumber);
  };

  return (
    <>
      <Button size="small" icon={<EyeOutlined aria-hidden />} onClick={() => setOpen(true)}>
        {t('registry.reveal.button')}
      </Button>
      <Modal
        title={t('registry.reveal.title')}
        open={open}
        onCancel={close}
        destroyOnHidden
        footer={
          idNumber ? (
            <Button onClick={close}>{t('registry.reveal.cancel')}</Button>
          ) : (
            [
              <Button key="cancel" onClick={close}>
                {t('registry.reveal.cancel')}
              </Button>,
              <Button key="ok" type="primary" loading={state.fetching} onClick={() => form.submit()}>
                {t('registry.reveal.submit')}
              </Button>,
            ]
          )
        }
      >
        {idNumber ? (
          <div>
            <Typography.Text>{t('registry.reveal.result')}</Typography.Text>
            <Typography.Title level={3} className="mono" data-testid="revealed-id-number" copyable>
              {idNumber}
            </Typography.Title>
          </div>
        ) : (
          <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} preserve={false}>
            <Typography.Paragraph type="secondary">{t('registry.reveal.help')}</Typography.Paragraph>
            <Form.Item
              name="reason"
              label={t('registry.reveal.reason')}
              rules={[{ required: true, whitespace: true, message: t('registry.reveal.reasonRequired') }]}
            >
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
            {error && <Alert type="error" showIcon role="alert" message={error} />}
          </Form>
        )}
      </Modal>
    </>
  );
}

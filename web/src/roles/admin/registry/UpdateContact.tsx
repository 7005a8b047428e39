// A recipient's new phone or address (a new number, a repaired house they moved back into
// within the village: a move to another village is MoveRecipient's). An empty phone clears
// it: some recipients have none and are reached through their grid worker. The phone's form
// is the server's to judge; its reason is said at the field.
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../app/errors';
import { showRefusalAtField } from '../../../app/form-refusal';
import { UPDATE_RECIPIENT_CONTACT } from '../operations';

interface Values {
  phone?: string;
  address: string;
}

export function UpdateContact({
  recipient,
  large = false,
}: {
  recipient: { id: string; name: string; phone?: string | null; address: string };
  /** Big controls and a full-width button (the grid worker's phone). */
  large?: boolean;
}) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [state, update] = useMutation(UPDATE_RECIPIENT_CONTACT);
  const [form] = Form.useForm<Values>();

  const onFinish = async (v: Values) => {
    setError(null);
    const result = await update({ recipientId: recipient.id, input: { phone: v.phone?.trim() || null, address: v.address.trim() } });
    if (result.data) {
      setOpen(false);
      void message.success(t('registry.contact.done', { name: recipient.name }));
      return;
    }
    if (!showRefusalAtField(form, result.error)) setError(errorMessage(result.error));
  };

  return (
    <>
      <Button
        icon={<EditOutlined aria-hidden />}
        size={large ? 'large' : undefined}
        block={large}
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        data-testid="update-contact"
      >
        {t('registry.contact.button')}
      </Button>
      <Modal
        open={open}
        title={t('registry.contact.title', { name: recipient.name })}
        okText={t('registry.contact.submit')}
        cancelText={t('registry.contact.cancel')}
        confirmLoading={state.fetching}
        okButtonProps={{ size: large ? 'large' : undefined }}
        cancelButtonProps={{ size: large ? 'large' : undefined }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form<Values>
          form={form}
          layout="vertical"
          size={large ? 'large' : undefined}
          initialValues={{ phone: recipient.phone ?? '', address: recipient.address }}
          onFinish={(v) => void onFinish(v)}
          data-testid="contact-form"
        >
          <Form.Item name="phone" label={t('registry.contact.phone')} extra={t('registry.contact.phoneHelp')}>
            <Input maxLength={20} inputMode="tel" autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="address"
            label={t('registry.contact.address')}
            extra={t('registry.contact.addressHelp')}
            rules={[{ required: true, whitespace: true, message: t('registry.contact.addressRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('registry.contact.moveHint')}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginTop: 12 }} />}
      </Modal>
    </>
  );
}

// Moving a recipient's household to another village (搬迁): the village chosen by township,
// the new address and why. The server cancels what was booked at the old home and hands the
// recipient to the new village's people; then `onMoved` runs (township staff of the old
// township no longer see the recipient afterwards).
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../app/errors';
import { showRefusalAtField } from '../../../app/form-refusal';
import { MOVE_RECIPIENT, REGIONS, type RecipientDetail } from '../operations';

interface MoveForm {
  villageId: string;
  address: string;
  reason: string;
}

export function MoveRecipient({ recipient, onMoved }: { recipient: RecipientDetail; onMoved?: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [{ data }] = useQuery({ query: REGIONS, variables: {}, pause: !open });
  const [moving, move] = useMutation(MOVE_RECIPIENT);
  const [form] = Form.useForm<MoveForm>();
  // county → townships → villages: one group per township, the village they live in left out
  const options = (data?.regions ?? []).flatMap((county) =>
    county.children.map((township) => ({
      label: township.name,
      options: township.children.filter((v) => v.id !== recipient.village.id).map((v) => ({ value: v.id, label: `${township.name} ${v.name}` })),
    })),
  );

  const onFinish = async (v: MoveForm) => {
    const result = await move({ recipientId: recipient.id, input: { villageId: v.villageId, address: v.address.trim(), reason: v.reason.trim() } });
    if (result.error && showRefusalAtField(form, result.error)) return setError(null);
    if (result.error) return setError(errorMessage(result.error));
    const village = options.flatMap((g) => g.options).find((o) => o.value === v.villageId)?.label ?? '';
    setOpen(false);
    void message.success(t('registry.move.done', { village }));
    onMoved?.();
  };

  return (
    <>
      <Button
        onClick={() => {
          setError(null);
          form.resetFields();
          setOpen(true);
        }}
      >
        {t('registry.move.button')}
      </Button>
      <Modal
        open={open}
        title={t('registry.move.title', { name: recipient.name })}
        okText={t('registry.move.submit')}
        cancelText={t('registry.move.cancel')}
        confirmLoading={moving.fetching}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('registry.move.help')}</Typography.Paragraph>
        <Form<MoveForm> form={form} layout="vertical" onFinish={(v) => void onFinish(v)}>
          <Form.Item name="villageId" label={t('registry.move.village')} rules={[{ required: true, message: t('registry.move.required') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={options} loading={!data} />
          </Form.Item>
          <Form.Item name="address" label={t('registry.move.address')} rules={[{ required: true, whitespace: true, message: t('registry.move.required') }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="reason" label={t('registry.move.reason')} rules={[{ required: true, whitespace: true, message: t('registry.move.required') }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon role="alert" title={error} />}
      </Modal>
    </>
  );
}

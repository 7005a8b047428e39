// "The service was not right", said by the grid worker for a recipient (帮办代办): on a
// completed service not yet confirmed, when the recipient tells them nobody came or the work
// was not done. What was wrong and (for "something else") a few words; the order is then
// disputed and a ticket opened, so nothing is paid until it is checked (disputeService).
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Radio, Typography } from 'antd';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { DISPUTE_REASONS, type DisputeReason, disputeDetailsNeeded, disputeReasonLabel, disputeReasonText } from '../../app/dispute';
import { errorMessage } from '../../app/errors';
import { DISPUTE_SERVICE } from './operations';

interface DisputeForm {
  reason: DisputeReason;
  details?: string;
}

export function DisputeOnBehalf({ orderId, recipientName }: { orderId: string; recipientName: string }) {
  const { t } = useTranslation('grid');
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<DisputeForm>();
  const [state, dispute] = useMutation(DISPUTE_SERVICE);
  const reason = Form.useWatch('reason', form);

  const submit = async (v: DisputeForm) => {
    const result = await dispute({ orderId, reason: disputeReasonText(t, v.reason, v.details) });
    if (result.error) return;
    void message.success(t('dispute.done'));
    setOpen(false);
  };

  return (
    <>
      <Button size="large" onClick={() => setOpen(true)} data-testid="grid-dispute-service">
        {t('dispute.open')}
      </Button>
      <Modal
        open={open}
        title={t('dispute.title', { name: recipientName })}
        okText={t('dispute.submit')}
        cancelText={t('dispute.cancel')}
        confirmLoading={state.fetching}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('dispute.help')}</Typography.Paragraph>
        <Form<DisputeForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="dispute-form">
          <Form.Item name="reason" label={t('dispute.what')} rules={[{ required: true, message: t('dispute.reasonRequired') }]}>
            <Radio.Group options={DISPUTE_REASONS.map((r) => ({ value: r, label: disputeReasonLabel(t, r) }))} vertical />
          </Form.Item>
          <Form.Item
            name="details"
            label={t(disputeDetailsNeeded(reason) ? 'dispute.details' : 'dispute.detailsOptional')}
            rules={[{ required: disputeDetailsNeeded(reason), whitespace: true, message: t('dispute.detailsRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
        {state.error && (
          <Alert type="error" showIcon role="alert" title={errorMessage(state.error, { CONFLICT: t('dispute.notOpen') })} data-testid="dispute-error" />
        )}
      </Modal>
    </>
  );
}

// 记录: the operator records a caller's complaint. For a recipient, it may name one of their
// orders (which names the organisation too); without an order, the organisation complained
// about, if any. The hotline always records the caller's number, to answer them.
import { useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { showRefusalAtField } from '../../app/form-refusal';
import { formatWindow } from '../../app/format';
import { ASSIGNEES, RECORD_COMPLAINT, type ComplaintCategory, type ComplaintSeverity, type RecipientOrder, type RecordComplaintVariables } from './operations';
import type { Named } from '../../app/operations';
import { useLocalName } from './parts';

const CATEGORIES: ComplaintCategory[] = ['NO_SHOW', 'LATENESS', 'SERVICE_QUALITY', 'CARER_CONDUCT', 'BILLING', 'SERVICE_NOT_DELIVERED', 'OTHER'];
const SEVERITIES: ComplaintSeverity[] = ['LOW', 'NORMAL', 'HIGH', 'URGENT'];
const PHONE = /^[0-9+\-\s]{5,20}$/;

/** The form holds the mutation's input; the recipient comes from the page. The hotline always
 * records the caller's number (the form requires it). */
type Values = Omit<RecordComplaintVariables['input'], 'recipientId' | 'complainantPhone'> & { complainantPhone: string };

export function RecordComplaintModal({
  recipient,
  orders = [],
  open,
  onClose,
  onRecorded,
}: {
  recipient?: Named & { phone: string | null };
  orders?: RecipientOrder[];
  open: boolean;
  onClose: () => void;
  onRecorded: (complaintId: string) => void;
}) {
  const { t } = useTranslation('hotline');
  const localName = useLocalName();
  const [form] = Form.useForm<Values>();
  const [recording, record] = useMutation(RECORD_COMPLAINT);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ data: assignees }] = useQuery({ query: ASSIGNEES, variables: {}, pause: !open });
  const orderId = Form.useWatch('orderId', form);

  const submit = async (v: Values) => {
    setFailure(null);
    const result = await record({
      input: {
        recipientId: v.orderId ? undefined : recipient?.id,
        orderId: v.orderId,
        organisationId: v.orderId ? undefined : v.organisationId,
        category: v.category,
        severity: v.severity,
        description: v.description.trim(),
        complainantName: v.complainantName?.trim() || undefined,
        complainantPhone: v.complainantPhone.replace(/\s+/g, ''),
      },
    });
    if (result.error && showRefusalAtField(form, result.error)) return;
    if (result.error) return setFailure(errorMessage(result.error));
    form.resetFields();
    onRecorded(result.data!.recordComplaint.id);
  };

  return (
    <Modal
      open={open}
      title={recipient ? t('complaint.recordFor', { name: recipient.name }) : t('complaint.record')}
      okText={t('complaint.submit')}
      cancelText={t('cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={recording.fetching}
      destroyOnHidden
      width={600}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ category: 'SERVICE_QUALITY', severity: 'NORMAL', complainantPhone: recipient?.phone ?? '' }}
      >
        {recipient && (
          <Form.Item name="orderId" label={t('complaint.order')}>
            <Select
              allowClear
              placeholder={t('complaint.orderNone')}
              options={orders.map((o) => ({ value: o.id, label: `#${o.id} ${localName(o.serviceItem)} · ${formatWindow(o.windowStart, o.windowEnd)}` }))}
            />
          </Form.Item>
        )}
        {!orderId && (
          <Form.Item name="organisationId" label={t('complaint.organisation')}>
            <Select allowClear options={(assignees?.organisations.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name }))} />
          </Form.Item>
        )}
        <Form.Item name="category" label={t('complaint.category')} rules={[{ required: true, message: t('order.required') }]}>
          <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`enums.category.${c}`) }))} />
        </Form.Item>
        <Form.Item name="severity" label={t('complaint.severity')} rules={[{ required: true, message: t('order.required') }]}>
          <Select options={SEVERITIES.map((s) => ({ value: s, label: t(`enums.severity.${s}`) }))} />
        </Form.Item>
        <Form.Item name="description" label={t('complaint.description')} rules={[{ required: true, whitespace: true, message: t('order.required') }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item
          name="complainantName"
          label={t('complaint.complainantName')}
          extra={recipient ? t('complaint.complainantNameHelp') : undefined}
          rules={recipient ? [] : [{ required: true, whitespace: true, message: t('order.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="complainantPhone"
          label={t('complaint.complainantPhone')}
          rules={[
            { required: true, message: t('order.required') },
            { pattern: PHONE, message: t('order.phoneInvalid') },
          ]}
        >
          <Input inputMode="tel" />
        </Form.Item>
        {failure && <Alert type="error" showIcon title={failure} role="alert" />}
      </Form>
    </Modal>
  );
}

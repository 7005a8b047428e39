// Small dialogs of the organisations page: a new organisation, the carers' share of each
// service's price, and terminating a contract (with its reason).
import { useState, type ReactNode } from 'react';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { showRefusalAtField } from '../../app/form-refusal';
import { CREATE_ORGANISATION, SET_CARER_PAY_SHARE, TERMINATE_CONTRACT, type ContractRow, type OrganisationRow } from './operations';

/** A modal form: submit calls `send`, which resolves with the refusal or null when done; a refusal naming an input is shown at it. */
function FormDialog<V extends object>({
  title,
  okText,
  danger,
  onClose,
  send,
  children,
}: {
  title: string;
  okText?: string;
  danger?: boolean;
  onClose: () => void;
  send: (values: V) => Promise<unknown>;
  children: ReactNode;
}) {
  const { t } = useTranslation('admin');
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onFinish = async (values: V) => {
    setBusy(true);
    const refusal = await send(values);
    setBusy(false);
    if (!refusal) onClose();
    else if (!showRefusalAtField(form, refusal)) setError(errorMessage(refusal));
  };
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText ?? t('organisations.submit')}
      cancelText={t('organisations.cancel')}
      okButtonProps={{ loading: busy, danger }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)}>
        {children}
      </Form>
      {error && <Alert type="error" showIcon role="alert" message={error} />}
    </Modal>
  );
}

export function OrganisationDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [, create] = useMutation(CREATE_ORGANISATION);
  const required = { required: true, whitespace: true, message: t('organisations.required') };
  const send = async (v: { name: string; creditCode: string; contactName?: string; phone?: string; address?: string }) => {
    const result = await create({
      input: {
        name: v.name.trim(),
        creditCode: v.creditCode.trim().toUpperCase(),
        contactName: v.contactName?.trim() || null,
        phone: v.phone?.trim() || null,
        address: v.address?.trim() || null,
      },
    });
    if (result.error) return result.error;
    void message.success(t('organisations.organisationSaved', { name: v.name.trim() }));
    return null;
  };
  return (
    <FormDialog title={t('organisations.create')} onClose={onClose} send={send}>
      <Form.Item name="name" label={t('organisations.name')} rules={[required]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="creditCode"
        label={t('organisations.creditCode')}
        rules={[required, { pattern: /^\s*[0-9A-Za-z]{18}\s*$/, message: t('organisations.creditCodeInvalid') }]}
      >
        <Input maxLength={18} />
      </Form.Item>
      <Form.Item name="contactName" label={t('organisations.contact')}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="phone" label={t('organisations.phone')}>
        <Input maxLength={20} inputMode="tel" />
      </Form.Item>
      <Form.Item name="address" label={t('organisations.address')}>
        <Input maxLength={200} />
      </Form.Item>
    </FormDialog>
  );
}

/** A percentage with at most two decimals, 0 to 100, as basis points; null when it is not one. */
export function parseShare(text: string): number | null {
  const trimmed = text.trim().replace(/%$/, '');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(trimmed)) return null;
  const basisPoints = Math.round(Number(trimmed) * 100);
  return basisPoints <= 10_000 ? basisPoints : null;
}

/** Basis points as a percentage: "90%", "87.65%". */
export const formatShare = (basisPoints: number) => `${(basisPoints / 100).toFixed(basisPoints % 100 ? 2 : 0)}%`;

export function CarerPayShareDialog({ organisation, onClose }: { organisation: OrganisationRow; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [, setShare] = useMutation(SET_CARER_PAY_SHARE);
  const send = async ({ share }: { share: string }) => {
    const basisPoints = parseShare(share)!;
    const result = await setShare({ organisationId: organisation.id, basisPoints });
    if (result.error) return result.error;
    void message.success(t('organisations.shareSaved', { name: organisation.name, share: formatShare(basisPoints) }));
    return null;
  };
  return (
    <FormDialog title={t('organisations.shareTitle', { name: organisation.name })} onClose={onClose} send={send}>
      <Typography.Paragraph type="secondary">{t('organisations.shareHelp')}</Typography.Paragraph>
      <Form.Item
        name="share"
        label={t('organisations.shareLabel')}
        initialValue={(organisation.carerPayShare / 100).toFixed(organisation.carerPayShare % 100 ? 2 : 0)}
        rules={[
          {
            validator: (_r, value: string | undefined) =>
              parseShare(value ?? '') !== null ? Promise.resolve() : Promise.reject(new Error(t('organisations.shareInvalid'))),
          },
        ]}
      >
        <Input suffix="%" inputMode="decimal" autoComplete="off" />
      </Form.Item>
    </FormDialog>
  );
}

export function TerminateDialog({ contract, onClose }: { contract: ContractRow; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [, terminate] = useMutation(TERMINATE_CONTRACT);
  const send = async ({ reason }: { reason: string }) => {
    const result = await terminate({ contractId: contract.id, reason: reason.trim() });
    if (result.error) return result.error;
    void message.success(t('organisations.terminatedDone', { number: contract.contractNumber }));
    return null;
  };
  return (
    <FormDialog
      title={t('organisations.terminateTitle', { number: contract.contractNumber })}
      okText={t('organisations.terminate')}
      danger
      onClose={onClose}
      send={send}
    >
      <Alert type="warning" showIcon message={t('organisations.terminateWarning')} style={{ marginBottom: 12 }} />
      <Form.Item name="reason" label={t('organisations.terminateReason')} rules={[{ required: true, whitespace: true, message: t('organisations.required') }]}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}

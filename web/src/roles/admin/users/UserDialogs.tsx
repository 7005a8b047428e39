// The accounts page's dialogs: a new sign-in, its role and scope, a new password, and turning
// it off or on. A refusal is said at the field the server names, else under the form.
import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space, Typography, type FormInstance } from 'antd';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../app/errors';
import { showRefusal } from '../../../app/form-refusal';
import { CHANGE_USER_ACCESS, CREATE_USER, RESET_USER_PASSWORD, SET_USER_ACTIVE, type UserRow } from '../operations';
import { accessOf, generatePassword, toAccess, type AccessValues } from './access';
import { ScopeFields } from './ScopeFields';

const USERNAME = /^[A-Za-z0-9._-]{3,64}$/;

/** A modal around a form; `onFinish` resolves with a message for the alert, or null when done. */
function FormModal<V extends object>({
  title,
  okText,
  danger,
  form,
  initialValues,
  onClose,
  onFinish,
  children,
}: {
  title: string;
  okText?: string;
  danger?: boolean;
  form: FormInstance<V>;
  initialValues?: Partial<V>;
  onClose: () => void;
  onFinish: (values: V) => Promise<string | null>;
  children: ReactNode;
}) {
  const { t } = useTranslation('admin');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const finish = async (values: V) => {
    setBusy(true);
    setProblem(null);
    const message = await onFinish(values);
    setBusy(false);
    setProblem(message);
  };
  return (
    <Modal
      open
      title={title}
      width={560}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText ?? t('users.submit')}
      cancelText={t('users.cancel')}
      okButtonProps={{ loading: busy, danger }}
      destroyOnHidden
    >
      <Form<V> form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => void finish(v)}>
        {children}
      </Form>
      {problem && <Alert type="error" showIcon role="alert" title={problem} />}
    </Modal>
  );
}

/** The password field with a button that fills in one to read out. */
function PasswordField({ label }: { label: string }) {
  const { t } = useTranslation('admin');
  const form = Form.useFormInstance();
  return (
    <Form.Item label={label} required extra={t('users.form.passwordHelp')}>
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item
          name="password"
          noStyle
          rules={[
            { required: true, message: t('users.required') },
            { min: 8, message: t('users.form.passwordShort') },
          ]}
        >
          <Input aria-label={label} autoComplete="new-password" spellCheck={false} className="mono" />
        </Form.Item>
        <Button onClick={() => form.setFields([{ name: 'password', value: generatePassword(), errors: [] }])}>{t('users.form.generate')}</Button>
      </Space.Compact>
    </Form.Item>
  );
}

interface NewUserValues extends AccessValues {
  username: string;
  displayName: string;
  phone?: string;
  password: string;
}

export function CreateUserDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<NewUserValues>();
  const [, create] = useMutation(CREATE_USER);
  const onFinish = async (v: NewUserValues) => {
    const result = await create({
      input: {
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        phone: v.phone?.trim() || null,
        password: v.password,
        ...toAccess(v),
      },
    });
    if (result.error) return showRefusal(form, result.error);
    void message.success(t('users.form.created', { username: result.data?.createUser.username }));
    onCreated();
    onClose();
    return null;
  };
  return (
    <FormModal
      title={t('users.form.createTitle')}
      okText={t('users.create')}
      form={form}
      initialValues={{ password: generatePassword() }}
      onClose={onClose}
      onFinish={onFinish}
    >
      <Form.Item
        name="username"
        label={t('users.form.username')}
        extra={t('users.form.usernameHelp')}
        rules={[
          { required: true, message: t('users.required') },
          { pattern: USERNAME, message: t('users.form.usernameInvalid') },
        ]}
      >
        <Input autoComplete="off" spellCheck={false} maxLength={64} />
      </Form.Item>
      <Form.Item name="displayName" label={t('users.form.displayName')} rules={[{ required: true, whitespace: true, message: t('users.required') }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="phone" label={t('users.form.phone')} rules={[{ pattern: /^\s*[0-9+-]{5,20}\s*$/, message: t('users.form.phoneInvalid') }]}>
        <Input inputMode="tel" maxLength={20} />
      </Form.Item>
      <PasswordField label={t('users.form.password')} />
      <ScopeFields />
    </FormModal>
  );
}

export function AccessDialog({ user, onClose }: { user: UserRow; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<AccessValues>();
  const [, change] = useMutation(CHANGE_USER_ACCESS);
  const onFinish = async (v: AccessValues) => {
    const result = await change({ userId: user.id, input: toAccess(v) });
    if (result.error) return showRefusal(form, result.error);
    void message.success(t('users.form.accessSaved', { name: user.displayName || user.username }));
    onClose();
    return null;
  };
  return (
    <FormModal
      title={t('users.form.accessTitle', { name: user.displayName || user.username })}
      form={form}
      initialValues={accessOf(user)}
      onClose={onClose}
      onFinish={onFinish}
    >
      <Typography.Paragraph type="secondary">{t('users.form.accessHelp')}</Typography.Paragraph>
      <ScopeFields initialRecipient={user.recipient} />
    </FormModal>
  );
}

export function PasswordDialog({ user, onClose }: { user: UserRow; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const [, reset] = useMutation(RESET_USER_PASSWORD);
  const name = user.displayName || user.username;
  const onFinish = async ({ password }: { password: string }) => {
    const result = await reset({ userId: user.id, password });
    if (result.error) return showRefusal(form, result.error);
    void message.success(t('users.password.done', { name }));
    onClose();
    return null;
  };
  return (
    <FormModal
      title={t('users.password.title', { name })}
      okText={t('users.password.submit')}
      form={form}
      initialValues={{ password: generatePassword() }}
      onClose={onClose}
      onFinish={onFinish}
    >
      <Alert type="warning" showIcon title={t('users.password.help')} style={{ marginBottom: 16 }} />
      <PasswordField label={t('users.password.label')} />
    </FormModal>
  );
}

/** Turning a sign-in off (or on again), after a confirmation; the server's refusal (one's own) is shown in the dialog. */
export function ActiveDialog({ user, onClose }: { user: UserRow; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [state, setActive] = useMutation(SET_USER_ACTIVE);
  const [problem, setProblem] = useState<string | null>(null);
  const name = user.displayName || user.username;
  const turningOff = user.active;
  const confirm = async () => {
    setProblem(null);
    const result = await setActive({ userId: user.id, active: !turningOff });
    if (result.error) return setProblem(errorMessage(result.error));
    void message.success(t(turningOff ? 'users.activeDialog.off' : 'users.activeDialog.on', { name }));
    onClose();
  };
  return (
    <Modal
      open
      title={t(turningOff ? 'users.activeDialog.offTitle' : 'users.activeDialog.onTitle', { name })}
      onCancel={onClose}
      onOk={() => void confirm()}
      okText={t(turningOff ? 'users.deactivate' : 'users.activate')}
      cancelText={t('users.cancel')}
      okButtonProps={{ loading: state.fetching, danger: turningOff }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t(turningOff ? 'users.activeDialog.offText' : 'users.activeDialog.onText')}</Typography.Paragraph>
      {problem && <Alert type="error" showIcon role="alert" title={problem} />}
    </Modal>
  );
}

// Sign-in for every role; afterwards each goes to their own home (or back where they were sent from).
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { areaFor, homePath } from '../roles';
import { errorMessage } from './errors';
import { LanguageSwitch } from './LanguageSwitch';
import { useSession } from './session';

/** Where to go after signing in: the page that sent them here if their role may see it, else home. */
function destination(next: string | null, role: Parameters<typeof homePath>[0]): string {
  if (next?.startsWith('/') && !next.startsWith('//') && areaFor(next)?.roles.includes(role)) return next;
  return homePath(role);
}

export default function SignInPage() {
  const { t } = useTranslation();
  const { signIn, status, viewer } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (status === 'signed-in' && viewer && !busy) return <Navigate to={destination(params.get('next'), viewer.role)} replace />;

  const submit = async ({ username, password }: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const user = await signIn(username.trim(), password);
      navigate(destination(params.get('next'), user.role), { replace: true });
    } catch (err) {
      setError(errorMessage(err, { UNAUTHENTICATED: t('signIn.failed') }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sign-in">
      <div className="sign-in-language">
        <LanguageSwitch />
      </div>
      <main className="sign-in-main">
        <div className="sign-in-brand">
          <span className="brand-mark brand-mark-large" aria-hidden>
            暖
          </span>
          <Typography.Title level={1} className="sign-in-name">
            {t('appName')}
          </Typography.Title>
          <Typography.Text className="sign-in-tagline">{t('appTagline')}</Typography.Text>
        </div>
        <Card className="sign-in-card">
          <Typography.Title level={2} className="sign-in-title">
            {t('signIn.title')}
          </Typography.Title>
          {error && <Alert type="error" title={error} showIcon className="sign-in-error" role="alert" />}
          <Form layout="vertical" size="large" onFinish={submit} requiredMark={false} disabled={busy}>
            <Form.Item label={t('signIn.username')} name="username" rules={[{ required: true, message: t('signIn.required') }]}>
              <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoCapitalize="none" />
            </Form.Item>
            <Form.Item label={t('signIn.password')} name="password" rules={[{ required: true, message: t('signIn.required') }]}>
              <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('signIn.submit')}
            </Button>
          </Form>
        </Card>
      </main>
    </div>
  );
}

// Sign-in for every role; afterwards each goes to their own home (or back where they were sent
// from). Plain HTML in the shell's own style, not antd: this is the first page a phone on a
// weak link waits for, and antd's form, inputs and styling engine would double what it loads.
import { useId, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { areaFor, homePath } from '../roles';
import { errorMessage } from './errors';
import { HOTLINE_PHONE, HOTLINE_TEL } from './hotline';
import { LanguageSwitch } from './LanguageSwitch';
import { useSession } from './session';

/** Where to go after signing in: the page that sent them here if their role may see it, else home. */
function destination(next: string | null, role: Parameters<typeof homePath>[0]): string {
  if (next?.startsWith('/') && !next.startsWith('//') && areaFor(next)?.roles.includes(role)) return next;
  return homePath(role);
}

function Field({
  name,
  label,
  type,
  autoComplete,
  missing,
  disabled,
}: {
  name: string;
  label: string;
  type: string;
  autoComplete: string;
  missing: string | null;
  disabled: boolean;
}) {
  const help = useId();
  return (
    <div className="sign-in-field">
      <label htmlFor={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={type}
        autoComplete={autoComplete}
        autoCapitalize="none"
        spellCheck={false}
        disabled={disabled}
        aria-invalid={missing ? true : undefined}
        aria-describedby={missing ? help : undefined}
      />
      {missing && (
        <div id={help} className="sign-in-field-error">
          {missing}
        </div>
      )}
    </div>
  );
}

export default function SignInPage() {
  const { t } = useTranslation();
  const { signIn, status, viewer } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<{ username: boolean; password: boolean }>({ username: false, password: false });
  const [busy, setBusy] = useState(false);

  if (status === 'signed-in' && viewer && !busy) return <Navigate to={destination(params.get('next'), viewer.role)} replace />;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const username = String(data.get('username') ?? '').trim();
    const password = String(data.get('password') ?? '');
    setMissing({ username: !username, password: !password });
    if (!username || !password) {
      event.currentTarget.querySelector<HTMLInputElement>(username ? '#password' : '#username')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const user = await signIn(username, password);
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
          <h1 className="sign-in-name">{t('appName')}</h1>
          <span className="sign-in-tagline">{t('appTagline')}</span>
        </div>
        <section className="sign-in-card" aria-labelledby="sign-in-title">
          <h2 className="sign-in-title" id="sign-in-title">
            {t('signIn.title')}
          </h2>
          {error && (
            <div className="sign-in-error" role="alert">
              {error}
            </div>
          )}
          <form onSubmit={(event) => void submit(event)} noValidate>
            <Field
              name="username"
              label={t('signIn.username')}
              type="text"
              autoComplete="username"
              missing={missing.username ? t('signIn.required') : null}
              disabled={busy}
            />
            <Field
              name="password"
              label={t('signIn.password')}
              type="password"
              autoComplete="current-password"
              missing={missing.password ? t('signIn.required') : null}
              disabled={busy}
            />
            <button type="submit" className="sign-in-submit" disabled={busy} aria-busy={busy}>
              {t('signIn.submit')}
            </button>
          </form>
        </section>
        {/* a person to talk to, for whoever cannot get in */}
        <p className="sign-in-help">
          {t('signIn.help')}
          <a className="sign-in-call" href={HOTLINE_TEL} data-testid="sign-in-hotline">
            {t('signIn.call', { phone: HOTLINE_PHONE })}
          </a>
        </p>
      </main>
    </div>
  );
}

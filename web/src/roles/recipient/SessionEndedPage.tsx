// When the server ended the recipient's sign-in by itself (it expired, or was revoked), instead
// of a bare sign-in form: it says so in plain words, in the area's large type, with a big
// button to sign in again and the hotline button to reach a person.
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { HotlineButton } from './parts';

export default function SessionEndedPage() {
  const { t } = useTranslation('recipient');
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <div className="mobile" style={{ fontSize: 20 }}>
      <header className="mobile-header">
        <p className="mobile-title">{t('title')}</p>
      </header>
      <main className="mobile-content">
        <div className="rcp-page" data-testid="session-ended">
          <h1 className="rcp-h2">{t('ended.title')}</h1>
          <p style={{ margin: 0 }}>{t('ended.text')}</p>
          <button
            type="button"
            className="rcp-primary"
            data-testid="sign-in-again"
            onClick={() => void navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`)}
          >
            {t('ended.signIn')}
          </button>
          <HotlineButton />
        </div>
      </main>
    </div>
  );
}

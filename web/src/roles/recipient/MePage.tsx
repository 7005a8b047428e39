// 我的: who they are to the service (the service card's number, to say on the phone; the needs
// list the township agreed with them at the assessment, 救助会诊), the language the app speaks,
// and signing out. Signing out and changing the language used to be one tap on small buttons
// in the header, next to each other; here each is a big button and asks first.
import { Alert, Spin } from 'antd';
import { GlobalOutlined, IdcardOutlined, LogoutOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { plainDay } from '../../app/format';
import { setLanguage, type Language } from '../../app/i18n';
import { useSession } from '../../app/session';
import { MY_CARD, type MyCard } from './operations';
import { HotlineButton, useLocalName, usePlainWords } from './parts';
import { useConfirm } from './notice';

export default function MePage() {
  const { t } = useTranslation('recipient');
  const [card] = useQuery({ query: MY_CARD, requestPolicy: 'cache-and-network' });
  const recipient = card.data?.me?.recipient;
  return (
    <div className="rcp-page">
      <h2 className="rcp-h2">{t('me.title')}</h2>
      {card.fetching && !card.data && <Spin description={t('loading')} />}
      {card.error && <Alert type="error" showIcon title={errorMessage(card.error)} />}
      {recipient && (
        <>
          <p className="rcp-me-name" data-testid="me-name">
            {recipient.name}
          </p>
          <ServiceCard recipient={recipient} />
          <NeedsList recipient={recipient} />
        </>
      )}
      <HotlineButton />
      <LanguageChoice />
      <SignOut />
    </div>
  );
}

function ServiceCard({ recipient }: { recipient: MyCard }) {
  const { t } = useTranslation('recipient');
  const words = usePlainWords();
  return (
    <section className="rcp-card rcp-service-card" aria-labelledby="card-title" data-testid="service-card">
      <h3 id="card-title" className="rcp-h3">
        <IdcardOutlined aria-hidden /> {t('me.card')}
      </h3>
      {recipient.serviceCardNumber ? (
        <>
          <p className="rcp-card-number" data-testid="card-number">
            {recipient.serviceCardNumber}
          </p>
          <p style={{ margin: 0 }}>{t('me.cardHint')}</p>
          {recipient.serviceCardIssuedAt && (
            <p className="rcp-muted" style={{ margin: 0 }}>
              {t('me.cardIssued', { date: plainDay(recipient.serviceCardIssuedAt, words) })}
            </p>
          )}
        </>
      ) : (
        <p style={{ margin: 0 }} data-testid="no-card">
          {t('me.noCard')}
        </p>
      )}
    </section>
  );
}

function NeedsList({ recipient }: { recipient: MyCard }) {
  const { t } = useTranslation('recipient');
  const name = useLocalName();
  const words = usePlainWords();
  const assessment = recipient.latestAssessment;
  return (
    <section className="rcp-card" aria-labelledby="needs-title" data-testid="needs">
      <h3 id="needs-title" className="rcp-h3">
        {t('me.needs')}
      </h3>
      {assessment?.needs.length ? (
        <>
          <ul className="rcp-needs">
            {assessment.needs.map((need) => (
              <li key={need.serviceItem.id} data-testid="need">
                <strong>{name(need.serviceItem)}</strong>
                <span>{t('me.timesPerMonth', { count: need.timesPerMonth })}</span>
                {need.note && <span className="rcp-muted">{need.note}</span>}
              </li>
            ))}
          </ul>
          <p className="rcp-muted" style={{ margin: 0 }}>
            {t('me.needsFrom', { date: plainDay(assessment.assessedOn, words) })}
          </p>
        </>
      ) : (
        <p style={{ margin: 0 }} data-testid="no-needs">
          {t('me.noNeeds')}
        </p>
      )}
    </section>
  );
}

const LANGUAGES: Language[] = ['zh-CN', 'en'];

/** The two languages as big choices, each named in its own words; a change is asked first. */
function LanguageChoice() {
  const { t, i18n } = useTranslation('recipient');
  const [confirm, dialog] = useConfirm();
  const own = (language: Language) => t(language === 'en' ? 'common:language.en' : 'common:language.zh');
  const choose = (language: Language) => {
    if (language === i18n.language) return;
    confirm({
      title: t('me.languageConfirm', { language: own(language) }),
      okText: t('me.languageYes'),
      cancelText: t('me.languageNo'),
      danger: false,
      okTestId: 'confirm-language',
      onOk: () => setLanguage(language),
    });
  };
  return (
    <section aria-labelledby="language-title">
      {dialog}
      <h3 id="language-title" className="rcp-h3">
        <GlobalOutlined aria-hidden /> {t('me.language')}
      </h3>
      <div role="radiogroup" aria-labelledby="language-title" className="rcp-choices">
        {LANGUAGES.map((language) => (
          // biome-ignore lint/a11y/useSemanticElements: large buttons in the ARIA radio pattern, easier to hit than radio inputs on a phone
          <button
            key={language}
            type="button"
            role="radio"
            aria-checked={i18n.language === language}
            lang={language}
            className="rcp-slot"
            data-testid={`language-${language}`}
            onClick={() => choose(language)}
          >
            {own(language)}
          </button>
        ))}
      </div>
    </section>
  );
}

function SignOut() {
  const { t } = useTranslation('recipient');
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [confirm, dialog] = useConfirm();
  const ask = () =>
    confirm({
      title: t('me.signOutConfirm'),
      content: t('me.signOutText'),
      okText: t('me.signOutYes'),
      cancelText: t('me.signOutNo'),
      okTestId: 'confirm-sign-out',
      onOk: async () => {
        await signOut();
        await navigate('/sign-in');
      },
    });
  return (
    <>
      {dialog}
      <button type="button" className="rcp-sign-out" onClick={ask} data-testid="sign-out">
        <LogoutOutlined aria-hidden /> {t('me.signOut')}
      </button>
    </>
  );
}

// One button that switches between Chinese and English (it names the language it switches to).
// A plain button in antd's look, not antd's: the sign-in page shows it before antd has loaded.
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { setLanguage } from './i18n';

export function LanguageSwitch({ size }: { size?: 'small' | 'middle' }) {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <button
      type="button"
      className={size === 'small' ? 'plain-button plain-button-small' : 'plain-button'}
      lang={next}
      data-testid="language-switch"
      aria-label={`${t('language.label')}: ${t('language.switchTo')}`}
      onClick={() => void setLanguage(next)}
    >
      <GlobalOutlined aria-hidden />
      <span>{t('language.switchTo')}</span>
    </button>
  );
}

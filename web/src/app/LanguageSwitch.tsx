import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { setLanguage } from './i18n';

/** One button that switches between Chinese and English (it names the language it switches to). */
export function LanguageSwitch({ size }: { size?: 'small' | 'middle' | 'large' }) {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      size={size}
      icon={<GlobalOutlined aria-hidden />}
      lang={next}
      data-testid="language-switch"
      aria-label={`${t('language.label')}: ${t('language.switchTo')}`}
      onClick={() => void setLanguage(next)}
    >
      {t('language.switchTo')}
    </Button>
  );
}

// The hotline in the recipient's header, on every page: a person is always one tap away. The
// area's header shows it in place of the language switch and sign-out (those are on 我的).
// Loaded with the shell (the area's index imports it), so it stays small: no antd, its style inline.
import type { CSSProperties } from 'react';
import { PhoneFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { HOTLINE_PHONE, HOTLINE_TEL } from '../../app/hotline';

const style: CSSProperties = {
  display: 'inline-flex',
  alignItems: 'center',
  gap: 8,
  minHeight: 48,
  minWidth: 48,
  padding: '0 14px',
  borderRadius: 12,
  background: '#fff',
  color: '#166534',
  fontWeight: 700,
  fontSize: '0.95em',
  textDecoration: 'none',
  whiteSpace: 'nowrap',
};

export function HeaderHotline() {
  const { t } = useTranslation('recipient');
  return (
    <a href={HOTLINE_TEL} style={style} aria-label={t('hotline.label', { phone: HOTLINE_PHONE })} data-testid="header-hotline">
      <PhoneFilled aria-hidden />
      <span>{t('hotline.short')}</span>
    </a>
  );
}

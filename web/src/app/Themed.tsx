// antd's locale and the app's theme around what uses antd: every signed-in page and the problem
// pages. The sign-in page and the shell do without antd, so a phone on a weak link does not
// wait for it before the form shows (BENCHMARKS.md).
import { useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';

// antd's secondary text (45% black) fails WCAG AA contrast on light grey; many users have poor eyesight
const THEME_TOKENS = {
  colorPrimary: '#c2410c',
  // antd's default link blue (#1677ff) is 4.0:1 on white, under WCAG AA's 4.5:1
  colorLink: '#0958d9',
  // antd's error red (#ff4d4f) is 3.3:1 on white: danger buttons and form errors are said darker
  colorError: '#b91c1c',
  borderRadius: 8,
  colorTextSecondary: '#595959',
  colorTextDescription: '#595959',
  colorTextTertiary: '#6b6b6b',
  // antd's placeholder (25% black, 1.8:1) and its lighter hover shades of the primary orange
  // (3.9:1) and the link blue (2.8:1) are hard to read: placeholders are said as tertiary text,
  // and hovering darkens instead
  colorTextPlaceholder: '#6b6b6b',
  colorPrimaryHover: '#9a3412',
  colorPrimaryActive: '#7c2d12',
  colorLinkHover: '#003eb3',
  colorLinkActive: '#002c8c',
};

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
const subscribeToMotion = (changed: () => void) => {
  const query = window.matchMedia(REDUCED_MOTION);
  query.addEventListener('change', changed);
  return () => query.removeEventListener('change', changed);
};

/**
 * Whether the person asked their phone or computer for less motion (WCAG 2.3.3): then antd's
 * dialogs, drawers and lists appear at once instead of zooming and sliding in. Motion makes
 * some people dizzy, and a button still moving can take a shaky finger's tap on its neighbour.
 */
function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribeToMotion, () => window.matchMedia(REDUCED_MOTION).matches);
}

export default function Themed({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const reducedMotion = useReducedMotion();
  const english = i18n.language === 'en';
  useEffect(() => {
    dayjs.locale(english ? 'en' : 'zh-cn');
  }, [english]);
  return (
    <ConfigProvider locale={english ? enUS : zhCN} theme={{ token: { ...THEME_TOKENS, motion: !reducedMotion } }}>
      {children}
    </ConfigProvider>
  );
}

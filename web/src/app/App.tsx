// The shell: language, antd's locale and theme, the session, and the routes: /sign-in, `/`
// sending each person to their role's home, and one area per role built from roles/index.ts.
import { useEffect, type ReactNode } from 'react';
import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createBrowserRouter, Link, Navigate, Outlet, RouterProvider, useLocation, type RouteObject } from 'react-router';
import { useTranslation } from 'react-i18next';
import { areas, homePath } from '../roles';
import type { RoleArea } from './areas';
import { ConsoleLayout } from './ConsoleLayout';
import { MobileLayout } from './MobileLayout';
import { SessionProvider, useSession } from './session';
import SignInPage from './SignInPage';

function Loading() {
  const { t } = useTranslation();
  return (
    <div className="centered" role="status">
      <Spin size="large" description={t('loading')} />
    </div>
  );
}

/** Lets into an area only those whose role it lists; others go to sign-in or their own home. */
function AreaGate({ area }: { area: RoleArea }) {
  const { status, viewer, reload } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (status === 'loading') return <Loading />;
  if (status === 'error') {
    return <Result status="warning" title={t('errors.network')} extra={<Button onClick={reload}>{t('retry')}</Button>} />;
  }
  if (!viewer) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!area.roles.includes(viewer.role)) return <Navigate to={homePath(viewer.role)} replace />;
  return area.layout === 'mobile' ? <MobileLayout area={area} /> : <ConsoleLayout area={area} />;
}

function Home() {
  const { status, viewer } = useSession();
  if (status === 'loading') return <Loading />;
  return <Navigate to={viewer ? homePath(viewer.role) : '/sign-in'} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title={t('notFound')} extra={<Link to="/">{t('backHome')}</Link>} />;
}

const routes: RouteObject[] = [
  {
    path: '/',
    element: <Outlet />,
    hydrateFallbackElement: <Loading />,
    children: [
      { index: true, element: <Home /> },
      { path: 'sign-in', element: <SignInPage /> },
      ...areas.map((area): RouteObject => ({ path: area.path, element: <AreaGate area={area} />, children: area.routes })),
      { path: '*', element: <NotFound /> },
    ],
  },
];
const router = createBrowserRouter(routes);

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
};

function Localised({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  useEffect(() => {
    dayjs.locale(english ? 'en' : 'zh-cn');
  }, [english]);
  return (
    <ConfigProvider locale={english ? enUS : zhCN} theme={{ token: THEME_TOKENS }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <Localised>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </Localised>
  );
}

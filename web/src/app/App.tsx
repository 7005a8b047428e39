// The shell: the session and the routes: /sign-in, `/` sending each person to their role's
// home, and one area per role built from roles/index.ts. It does without antd: antd, its
// locale and the theme (Themed.tsx), the layouts and antd's App with its messages and dialogs
// load with the first signed-in page or problem page, and the sign-in form comes first on a
// weak link.
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { createBrowserRouter, Link, matchRoutes, Navigate, Outlet, RouterProvider, useLocation, type RouteObject } from 'react-router';
import { useTranslation } from 'react-i18next';
import { areaFor, areas, homePath } from '../roles';
import { loadAreaMessages } from '../roles/messages';
import type { RoleArea } from './areas';
import { keptSignIn, SessionProvider, useSession } from './session';
import SignInPage from './SignInPage';

const loadSignedInFrame = () => import('./SignedInFrame');
/** What an area's pages need before they show: the signed-in frame and the area's messages. */
const loadArea = (area: RoleArea) => Promise.all([loadSignedInFrame(), loadAreaMessages(area)]);
/** A lazy component per area, made once: React needs the same one on every render. */
function perArea<P extends object>(load: (area: RoleArea) => Promise<{ default: ComponentType<P> }>) {
  const made = new Map<string, LazyExoticComponent<ComponentType<P>>>();
  return (area: RoleArea) => {
    const component = made.get(area.id) ?? lazy(() => load(area));
    made.set(area.id, component);
    return component;
  };
}
const frameOf = perArea<{ area: RoleArea }>((area) => loadArea(area).then(([module]) => module));
// the page for a session the server ended, with the area's messages
const sessionEndedOf = perArea<object>(async (area) => {
  await loadAreaMessages(area);
  // a lazy component may not resolve to another (the area's page is lazy itself): one around it
  const Page = area.sessionEnded ?? (() => null);
  return { default: () => <Page /> };
});
const Problem = lazy(() => import('./Problem'));
const Themed = lazy(() => import('./Themed'));

function Loading() {
  const { t } = useTranslation();
  return (
    <div className="centered" role="status">
      <div className="loading">
        <span className="spinner" aria-hidden />
        {t('loading')}
      </div>
    </div>
  );
}

/**
 * Lets into an area only those whose role it lists; others go to sign-in (or the area's page for a
 * session the server ended) or their own home.
 */
function AreaGate({ area }: { area: RoleArea }) {
  const { status, viewer, ended, reload } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  // fetched while the session is still being read, not after
  if (status !== 'signed-out') void loadArea(area);
  const SignedInFrame = frameOf(area);
  if (status === 'loading') return <Loading />;
  if (status === 'error') {
    return (
      <Suspense fallback={<Loading />}>
        <Problem status="warning" title={t('errors.network')} retry={reload} />
      </Suspense>
    );
  }
  if (!viewer && ended && area.sessionEnded) {
    const SessionEnded = sessionEndedOf(area);
    return (
      <Suspense fallback={<Loading />}>
        <Themed>
          <SessionEnded />
        </Themed>
      </Suspense>
    );
  }
  if (!viewer) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!area.roles.includes(viewer.role)) return <Navigate to={homePath(viewer.role)} replace />;
  return (
    <Suspense fallback={<Loading />}>
      <SignedInFrame area={area} />
    </Suspense>
  );
}

function Home() {
  const { status, viewer } = useSession();
  if (status === 'loading') return <Loading />;
  return <Navigate to={viewer ? homePath(viewer.role) : '/sign-in'} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<Loading />}>
      <Problem status="404" title={t('notFound')} extra={<Link to="/">{t('backHome')}</Link>} />
    </Suspense>
  );
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
// Someone signed in on this phone before (a recipient opening the app again): the signed-in
// frame (antd, the layouts, the areas' messages) and the first page's lazy files are asked for
// now, together, instead of one after the other once the server has answered who they are.
// '/' is taken as the home of whom the sign-in was last seen to belong to.
const kept = keptSignIn();
if (kept) {
  const pathname = window.location.pathname === '/' && kept.viewer ? homePath(kept.viewer.role) : window.location.pathname;
  const area = areaFor(pathname);
  if (area) void loadArea(area);
  for (const { route } of matchRoutes(routes, pathname) ?? []) if (typeof route.lazy === 'function') void route.lazy();
}

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}

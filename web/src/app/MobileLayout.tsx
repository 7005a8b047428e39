// The mobile frame (recipient mini-program, grid worker, carer): one column up to 480 px,
// the area's base font size (the recipient's is large), big controls, a bottom tab bar. The
// header's right holds the language switch and sign-out, or what the area puts there instead.
import { Button, ConfigProvider } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { RoleArea } from './areas';
import { LanguageSwitch } from './LanguageSwitch';
import { useSession } from './session';

export function MobileLayout({ area }: { area: RoleArea }) {
  const { t } = useTranslation(area.id);
  const { signOut } = useSession();
  const navigate = useNavigate();
  const fontSize = area.baseFontSize ?? 16;
  const target = (to: string) => (to ? `${area.path}/${to}` : area.path);

  return (
    <ConfigProvider
      theme={{
        token: { fontSize, controlHeight: Math.round(fontSize * 2.4), controlHeightLG: Math.round(fontSize * 2.9) },
      }}
    >
      <div className="mobile" style={{ fontSize }}>
        <header className="mobile-header">
          <h1 className="mobile-title">{t('title')}</h1>
          <div className="mobile-actions">
            {area.header ?? (
              <>
                <LanguageSwitch size="small" />
                <Button
                  size="small"
                  icon={<LogoutOutlined aria-hidden />}
                  aria-label={t('common:signOut')}
                  onClick={() => void signOut().then(() => navigate('/sign-in'))}
                />
              </>
            )}
          </div>
        </header>
        <main className="mobile-content">
          <Outlet />
        </main>
        {area.nav.length > 1 && (
          <nav className="mobile-tabs" aria-label={t('common:menu')}>
            {area.nav.map((item) => (
              <NavLink key={item.to} to={target(item.to)} end={item.to === ''} className="mobile-tab">
                <span className="mobile-tab-icon" aria-hidden>
                  {item.icon}
                </span>
                <span>{t(item.label)}</span>
              </NavLink>
            ))}
          </nav>
        )}
      </div>
    </ConfigProvider>
  );
}

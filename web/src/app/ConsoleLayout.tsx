// The consoles' frame: a sidebar menu from the area's nav, a header naming the area and the
// signed-in person with their scope, the language switch and sign-out.
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { RoleArea } from './areas';
import { LanguageSwitch } from './LanguageSwitch';
import { useSession, useViewer } from './session';
import { scopeLabel, viewerName } from './scope';

export function ConsoleLayout({ area }: { area: RoleArea }) {
  const { t } = useTranslation(area.id);
  const viewer = useViewer();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const target = (to: string) => (to ? `${area.path}/${to}` : area.path);
  // the longest nav entry that the path starts with is the current one
  const selected = area.nav
    .map((item) => target(item.to))
    .filter((p) => pathname === p || pathname.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)[0];

  return (
    <Layout className="console">
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={220} theme="light" className="console-sider">
        <div className="console-brand">
          <span className="brand-mark" aria-hidden>
            暖
          </span>
          <span>{t('common:appName')}</span>
        </div>
        <nav aria-label={t('common:menu')}>
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            items={area.nav.map((item) => ({
              key: target(item.to),
              icon: item.icon,
              label: <Link to={target(item.to)}>{t(item.label)}</Link>,
            }))}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="console-header">
          <Typography.Title level={1} className="console-title">
            {t('title')}
          </Typography.Title>
          <Space size="middle" wrap>
            <span className="console-viewer" data-testid="viewer-name">
              {viewerName(viewer)}
              <Typography.Text type="secondary">
                {' '}
                · {t(`common:roles.${viewer.role}`)}
                {scopeLabel(viewer) ? ` · ${scopeLabel(viewer)}` : ''}
              </Typography.Text>
            </span>
            <LanguageSwitch />
            <Button icon={<LogoutOutlined aria-hidden />} onClick={() => void signOut().then(() => navigate('/sign-in'))}>
              {t('common:signOut')}
            </Button>
          </Space>
        </Layout.Header>
        {/* antd's Layout.Content is the page's one <main> */}
        <Layout.Content className="console-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

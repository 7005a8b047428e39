// The admin area: /admin-console, for COUNTY_ADMIN (/admin is the server's Bull Board).
import { AppstoreOutlined, AuditOutlined, DashboardOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import { messages } from './messages';
import './admin.css';

export default defineArea({
  id: 'admin',
  path: '/admin-console',
  roles: ['COUNTY_ADMIN'],
  layout: 'console',
  messages,
  nav: [
    { to: '', label: 'nav.home', icon: <DashboardOutlined /> },
    { to: 'catalog', label: 'nav.catalog', icon: <AppstoreOutlined /> },
    { to: 'recipients', label: 'nav.recipients', icon: <TeamOutlined /> },
    { to: 'organisations', label: 'nav.organisations', icon: <SolutionOutlined /> },
    { to: 'policy', label: 'nav.policy', icon: <AuditOutlined /> },
  ],
  routes: [
    { index: true, lazy: page(() => import('./HomePage')) },
    { path: 'catalog', lazy: page(() => import('./CatalogPage')) },
    { path: 'recipients', lazy: page(() => import('./RecipientsPage')) },
    { path: 'recipients/:id', lazy: page(() => import('./RecipientPage')) },
    { path: 'organisations', lazy: page(() => import('./OrganisationsPage')) },
    { path: 'policy', lazy: page(() => import('./PolicyPage')) },
  ],
});

// The admin area: /admin-console, for COUNTY_ADMIN (/admin is the server's Bull Board).
import {
  AccountBookOutlined,
  AppstoreOutlined,
  AuditOutlined,
  DashboardOutlined,
  HistoryOutlined,
  IdcardOutlined,
  KeyOutlined,
  MessageOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import './admin.css';

export default defineArea({
  id: 'admin',
  path: '/admin-console',
  roles: ['COUNTY_ADMIN'],
  layout: 'console',
  borrows: ['dispatch', 'finance'],
  nav: [
    { to: '', label: 'nav.home', icon: <DashboardOutlined /> },
    { to: 'catalog', label: 'nav.catalog', icon: <AppstoreOutlined /> },
    { to: 'recipients', label: 'nav.recipients', icon: <TeamOutlined /> },
    { to: 'organisations', label: 'nav.organisations', icon: <SolutionOutlined /> },
    { to: 'carers', label: 'nav.carers', icon: <IdcardOutlined /> },
    { to: 'budgets', label: 'nav.budgets', icon: <AccountBookOutlined /> },
    { to: 'policy', label: 'nav.policy', icon: <AuditOutlined /> },
    { to: 'users', label: 'nav.users', icon: <KeyOutlined /> },
    { to: 'audit', label: 'nav.audit', icon: <HistoryOutlined /> },
    { to: 'messages', label: 'nav.messageLog', icon: <MessageOutlined /> },
  ],
  routes: [
    { index: true, lazy: page(() => import('./HomePage')) },
    { path: 'catalog', lazy: page(() => import('./CatalogPage')) },
    { path: 'recipients', lazy: page(() => import('./RecipientsPage')) },
    { path: 'recipients/:id', lazy: page(() => import('./RecipientPage')) },
    { path: 'recipients/:id/card', lazy: page(() => import('./ServiceCardPage')) },
    { path: 'organisations', lazy: page(() => import('./OrganisationsPage')) },
    { path: 'policy', lazy: page(() => import('./PolicyPage')) },
    { path: 'users', lazy: page(() => import('./UsersPage')) },
    { path: 'audit', lazy: page(() => import('./AuditPage')) },
    { path: 'messages', lazy: page(() => import('./MessagesPage')) },
    // the dispatcher's carer pages, for any organisation (the page asks which)
    { path: 'carers', lazy: page(() => import('../dispatch/CarersPage')) },
    { path: 'carers/:id', lazy: page(() => import('../dispatch/CarerPage')) },
    // the finance office's programme years and budget accounts; the admin also opens a year
    { path: 'budgets', lazy: page(() => import('../finance/BudgetsPage')) },
  ],
});

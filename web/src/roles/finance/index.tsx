// The finance area: /finance, for FINANCE: statements (list, run, review, approve, pay,
// download), the charts shared with the evaluator, and carers' income.
import { AccountBookOutlined, BarChartOutlined, TeamOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import { messages } from './messages';

export default defineArea({
  id: 'finance',
  path: '/finance',
  roles: ['FINANCE'],
  layout: 'console',
  messages,
  nav: [
    { to: '', label: 'nav.home', icon: <AccountBookOutlined /> },
    { to: 'dashboard', label: 'nav.dashboard', icon: <BarChartOutlined /> },
    { to: 'carers', label: 'nav.carers', icon: <TeamOutlined /> },
  ],
  routes: [
    { index: true, lazy: page(() => import('./HomePage')) },
    { path: 'settlements/:id', lazy: page(() => import('./StatementPage')) },
    { path: 'dashboard', lazy: page(() => import('../reports/DashboardPage')) },
    { path: 'carers', lazy: page(() => import('./CarersPage')) },
  ],
});

// The finance area: /finance, for FINANCE: statements (list, run, review, approve, pay,
// download), the charts shared with the evaluator, carers' income, and programme years with
// their budget accounts (also the admin console's page, where the admin opens a year).
import { AccountBookOutlined, BarChartOutlined, TeamOutlined, WalletOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';

export default defineArea({
  id: 'finance',
  path: '/finance',
  roles: ['FINANCE'],
  layout: 'console',
  nav: [
    { to: '', label: 'nav.home', icon: <AccountBookOutlined /> },
    { to: 'dashboard', label: 'nav.dashboard', icon: <BarChartOutlined /> },
    { to: 'carers', label: 'nav.carers', icon: <TeamOutlined /> },
    { to: 'budgets', label: 'nav.budgets', icon: <WalletOutlined /> },
  ],
  routes: [
    { index: true, lazy: page(() => import('./HomePage')) },
    { path: 'settlements/:id', lazy: page(() => import('./StatementPage')) },
    { path: 'dashboard', lazy: page(() => import('../reports/DashboardPage')) },
    { path: 'carers', lazy: page(() => import('./CarersPage')) },
    { path: 'budgets', lazy: page(() => import('./BudgetsPage')) },
  ],
});

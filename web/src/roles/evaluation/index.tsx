// The evaluation area: /evaluation, for EVALUATOR: the month's scores, each score's breakdown
// with the sample review, adjustment and sign-off, and the charts shared with finance.
import { AuditOutlined, BarChartOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';

export default defineArea({
  id: 'evaluation',
  path: '/evaluation',
  roles: ['EVALUATOR'],
  layout: 'console',
  nav: [
    { to: '', label: 'nav.home', icon: <AuditOutlined /> },
    { to: 'dashboard', label: 'nav.dashboard', icon: <BarChartOutlined /> },
  ],
  routes: [
    { index: true, lazy: page(() => import('./HomePage')) },
    { path: 'scores/:id', lazy: page(() => import('./ScorePage')) },
    { path: 'dashboard', lazy: page(() => import('../reports/DashboardPage')) },
  ],
});

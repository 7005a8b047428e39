// The grid area: /grid, for GRID_WORKER: the recipients of their villages (registering the
// people they find, contact details, orders and confirmations on their behalf) and the return
// visits assigned to them.
import { SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';

export default defineArea({
  id: 'grid',
  path: '/grid',
  roles: ['GRID_WORKER'],
  layout: 'mobile',
  borrows: ['admin'],
  baseFontSize: 17,
  nav: [
    { to: '', label: 'nav.home', icon: <TeamOutlined /> },
    { to: 'visits', label: 'nav.visits', icon: <SolutionOutlined /> },
  ],
  routes: [
    { index: true, lazy: page(() => import('./HomePage')) },
    { path: 'register', lazy: page(() => import('./RegisterPage')) },
    { path: 'recipients/:id', lazy: page(() => import('./RecipientPage')) },
    { path: 'visits', lazy: page(() => import('./VisitsPage')) },
    { path: 'visits/:id', lazy: page(() => import('./VisitPage')) },
  ],
});

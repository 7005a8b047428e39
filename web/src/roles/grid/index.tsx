// The grid area: /grid, for GRID_WORKER: the recipients of their villages (orders and
// confirmations on their behalf) and the return visits assigned to them.
import { SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import { messages } from './messages';

export default defineArea({
  id: 'grid',
  path: '/grid',
  roles: ['GRID_WORKER'],
  layout: 'mobile',
  baseFontSize: 17,
  messages,
  nav: [
    { to: '', label: 'nav.home', icon: <TeamOutlined /> },
    { to: 'visits', label: 'nav.visits', icon: <SolutionOutlined /> },
  ],
  routes: [
    { index: true, lazy: page(() => import('./HomePage')) },
    { path: 'recipients/:id', lazy: page(() => import('./RecipientPage')) },
    { path: 'visits', lazy: page(() => import('./VisitsPage')) },
    { path: 'visits/:id', lazy: page(() => import('./VisitPage')) },
  ],
});

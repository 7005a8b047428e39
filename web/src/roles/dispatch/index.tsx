// The dispatch area: /dispatch, for DISPATCHER: the live board, carers with their load, and
// the visit exception queue.
import { DashboardOutlined, TeamOutlined, WarningOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import { messages } from './messages';

export default defineArea({
  id: 'dispatch',
  path: '/dispatch',
  roles: ['DISPATCHER'],
  layout: 'console',
  messages,
  nav: [
    { to: '', label: 'nav.home', icon: <DashboardOutlined /> },
    { to: 'carers', label: 'nav.carers', icon: <TeamOutlined /> },
    { to: 'exceptions', label: 'nav.exceptions', icon: <WarningOutlined /> },
  ],
  routes: [
    { index: true, lazy: page(() => import('./HomePage')) },
    { path: 'carers', lazy: page(() => import('./CarersPage')) },
    { path: 'exceptions', lazy: page(() => import('./ExceptionsPage')) },
  ],
});

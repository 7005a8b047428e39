// The dispatch area: /dispatch, for DISPATCHER.
import { DashboardOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import { messages } from './messages';

export default defineArea({
  id: 'dispatch',
  path: '/dispatch',
  roles: ['DISPATCHER'],
  layout: 'console',
  messages,
  nav: [{ to: '', label: 'nav.home', icon: <DashboardOutlined /> }],
  routes: [{ index: true, lazy: page(() => import('./HomePage')) }],
});

// The grid area: /grid, for GRID_WORKER.
import { TeamOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import { messages } from './messages';

export default defineArea({
  id: 'grid',
  path: '/grid',
  roles: ['GRID_WORKER'],
  layout: 'mobile',
  baseFontSize: 17,
  messages,
  nav: [{ to: '', label: 'nav.home', icon: <TeamOutlined /> }],
  routes: [{ index: true, lazy: page(() => import('./HomePage')) }],
});

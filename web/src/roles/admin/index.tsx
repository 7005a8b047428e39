// The admin area: /admin-console, for COUNTY_ADMIN.
import { SettingOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import { messages } from './messages';

export default defineArea({
  id: 'admin',
  path: '/admin-console',
  roles: ['COUNTY_ADMIN'],
  layout: 'console',
  messages,
  nav: [{ to: '', label: 'nav.home', icon: <SettingOutlined /> }],
  routes: [{ index: true, lazy: page(() => import('./HomePage')) }],
});

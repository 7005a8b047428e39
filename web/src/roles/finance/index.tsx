// The finance area: /finance, for FINANCE.
import { AccountBookOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import { messages } from './messages';

export default defineArea({
  id: 'finance',
  path: '/finance',
  roles: ['FINANCE'],
  layout: 'console',
  messages,
  nav: [{ to: '', label: 'nav.home', icon: <AccountBookOutlined /> }],
  routes: [{ index: true, lazy: page(() => import('./HomePage')) }],
});

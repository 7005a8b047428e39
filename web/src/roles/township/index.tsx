// The township area: /township, for TOWNSHIP_STAFF: their township's recipients. The registry
// components (and their words, admin.registry.*) are the admin console's.
import { BankOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import { messages } from './messages';

export default defineArea({
  id: 'township',
  path: '/township',
  roles: ['TOWNSHIP_STAFF'],
  layout: 'console',
  messages,
  nav: [{ to: '', label: 'nav.home', icon: <BankOutlined /> }],
  routes: [
    { index: true, lazy: page(() => import('./HomePage')) },
    { path: 'recipients/:id', lazy: page(() => import('./RecipientPage')) },
  ],
});

// The recipient area: /m, for RECIPIENT.
import { HomeOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import { messages } from './messages';

export default defineArea({
  id: 'recipient',
  path: '/m',
  roles: ['RECIPIENT'],
  layout: 'mobile',
  baseFontSize: 20,
  messages,
  nav: [{ to: '', label: 'nav.home', icon: <HomeOutlined /> }],
  routes: [{ index: true, lazy: page(() => import('./HomePage')) }],
});

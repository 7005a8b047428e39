// The hotline area: /hotline, for HOTLINE_OPERATOR.
import { PhoneOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import { messages } from './messages';

export default defineArea({
  id: 'hotline',
  path: '/hotline',
  roles: ['HOTLINE_OPERATOR'],
  layout: 'console',
  messages,
  nav: [{ to: '', label: 'nav.home', icon: <PhoneOutlined /> }],
  routes: [{ index: true, lazy: page(() => import('./HomePage')) }],
});

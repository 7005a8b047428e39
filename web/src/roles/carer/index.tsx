// The carer area: /carer, for CARER.
import { ScheduleOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import { messages } from './messages';

export default defineArea({
  id: 'carer',
  path: '/carer',
  roles: ['CARER'],
  layout: 'mobile',
  baseFontSize: 17,
  messages,
  nav: [{ to: '', label: 'nav.home', icon: <ScheduleOutlined /> }],
  routes: [{ index: true, lazy: page(() => import('./HomePage')) }],
});

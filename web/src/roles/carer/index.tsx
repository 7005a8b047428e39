// The carer area: /carer, for CARER.
import { ScheduleOutlined, WalletOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';

export default defineArea({
  id: 'carer',
  path: '/carer',
  roles: ['CARER'],
  layout: 'mobile',
  baseFontSize: 17,
  nav: [
    { to: '', label: 'nav.home', icon: <ScheduleOutlined /> },
    { to: 'earnings', label: 'nav.earnings', icon: <WalletOutlined /> },
  ],
  routes: [
    { index: true, lazy: page(() => import('./HomePage')) },
    { path: 'earnings', lazy: page(() => import('./EarningsPage')) },
  ],
});

// The hotline area: /hotline, for HOTLINE_OPERATOR: find a caller, order for them, and record
// and follow complaint tickets.
import { PhoneOutlined, ProfileOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';

export default defineArea({
  id: 'hotline',
  path: '/hotline',
  roles: ['HOTLINE_OPERATOR'],
  layout: 'console',
  borrows: ['admin'],
  nav: [
    { to: '', label: 'nav.home', icon: <PhoneOutlined /> },
    { to: 'complaints', label: 'nav.complaints', icon: <ProfileOutlined /> },
  ],
  routes: [
    { index: true, lazy: page(() => import('./HomePage')) },
    { path: 'recipients/:id', lazy: page(() => import('./RecipientPage')) },
    { path: 'complaints', lazy: page(() => import('./ComplaintsPage')) },
    { path: 'complaints/:id', lazy: page(() => import('./ComplaintPage')) },
  ],
});

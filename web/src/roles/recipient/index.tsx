// The recipient area: /m, for RECIPIENT. The catalog is the home, so an order takes at most
// three taps from it: the item, the time, confirm.
import { AppstoreOutlined, MessageOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import { messages } from './messages';

export default defineArea({
  id: 'recipient',
  path: '/m',
  roles: ['RECIPIENT'],
  layout: 'mobile',
  baseFontSize: 20,
  messages,
  nav: [
    { to: '', label: 'nav.home', icon: <AppstoreOutlined /> },
    { to: 'orders', label: 'nav.orders', icon: <UnorderedListOutlined /> },
    { to: 'complain', label: 'nav.complain', icon: <MessageOutlined /> },
  ],
  routes: [
    {
      lazy: page(() => import('./RecipientFrame')),
      children: [
        { index: true, lazy: page(() => import('./HomePage')) },
        { path: 'order/:itemId', lazy: page(() => import('./OrderPage')) },
        { path: 'orders', lazy: page(() => import('./OrdersPage')) },
        { path: 'orders/:id', lazy: page(() => import('./OrderDetailPage')) },
        { path: 'orders/:id/reschedule', lazy: page(() => import('./ReschedulePage')) },
        { path: 'orders/:id/dispute', lazy: page(() => import('./DisputePage')) },
        { path: 'complain', lazy: page(() => import('./ComplainPage')) },
        { path: 'complaints', lazy: page(() => import('./ComplaintsPage')) },
      ],
    },
  ],
});

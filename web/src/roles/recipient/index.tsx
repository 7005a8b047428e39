// The recipient area: /m, for RECIPIENT. The catalog is the home, so an order takes at most
// three taps from it: the item, the time, confirm. The header holds the hotline on every page;
// the language and signing out are on 我的, each asked first; a session the server ended says so.
import { lazy } from 'react';
import { AppstoreOutlined, MessageOutlined, UnorderedListOutlined, UserOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import { HeaderHotline } from './HeaderHotline';

export default defineArea({
  id: 'recipient',
  path: '/m',
  roles: ['RECIPIENT'],
  layout: 'mobile',
  baseFontSize: 20,
  header: <HeaderHotline />,
  sessionEnded: lazy(() => import('./SessionEndedPage')),
  nav: [
    { to: '', label: 'nav.home', icon: <AppstoreOutlined /> },
    { to: 'orders', label: 'nav.orders', icon: <UnorderedListOutlined /> },
    { to: 'complain', label: 'nav.complain', icon: <MessageOutlined /> },
    { to: 'me', label: 'nav.me', icon: <UserOutlined /> },
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
        { path: 'me', lazy: page(() => import('./MePage')) },
      ],
    },
  ],
});

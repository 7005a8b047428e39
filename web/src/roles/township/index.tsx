// The township area: /township, for TOWNSHIP_STAFF: their township's recipients (registering,
// verifying, assessing needs, issuing and printing cards), and the complaints assigned to
// their station to verify. The registry components (and their words,
// admin.registry.*) are the admin console's; the queue and the verify step are
// roles/complaints, shared with the dispatchers. Every page has the township's escalated
// complaints on top (TownshipFrame).
import { AuditOutlined, BankOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';

export default defineArea({
  id: 'township',
  path: '/township',
  roles: ['TOWNSHIP_STAFF'],
  layout: 'console',
  borrows: ['admin'],
  nav: [
    { to: '', label: 'nav.home', icon: <BankOutlined /> },
    { to: 'complaints', label: 'nav.complaints', icon: <AuditOutlined /> },
  ],
  routes: [
    {
      lazy: page(() => import('./TownshipFrame')),
      children: [
        { index: true, lazy: page(() => import('./HomePage')) },
        { path: 'recipients/:id', lazy: page(() => import('./RecipientPage')) },
        { path: 'recipients/:id/card', lazy: page(() => import('./ServiceCardPage')) },
        { path: 'complaints', lazy: page(() => import('../complaints/QueuePage')) },
        { path: 'complaints/:id', lazy: page(() => import('../complaints/TicketPage')) },
      ],
    },
  ],
});

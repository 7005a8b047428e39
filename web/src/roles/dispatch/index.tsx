// The dispatch area: /dispatch, for DISPATCHER: the live board, carers with their load (each
// with their page: certificates, weekly hours, pairings; the admin console uses both pages), the
// visit exception queue, the missed visits to rebook, and the complaints assigned to the organisation to verify (the pages
// of roles/complaints, shared with the township station).
import { AuditOutlined, ClockCircleOutlined, DashboardOutlined, TeamOutlined, WarningOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';

export default defineArea({
  id: 'dispatch',
  path: '/dispatch',
  roles: ['DISPATCHER'],
  layout: 'console',
  nav: [
    { to: '', label: 'nav.home', icon: <DashboardOutlined /> },
    { to: 'carers', label: 'nav.carers', icon: <TeamOutlined /> },
    { to: 'exceptions', label: 'nav.exceptions', icon: <WarningOutlined /> },
    { to: 'missed', label: 'nav.missed', icon: <ClockCircleOutlined /> },
    { to: 'complaints', label: 'nav.complaints', icon: <AuditOutlined /> },
  ],
  routes: [
    { index: true, lazy: page(() => import('./HomePage')) },
    { path: 'carers', lazy: page(() => import('./CarersPage')) },
    { path: 'carers/:id', lazy: page(() => import('./CarerPage')) },
    { path: 'exceptions', lazy: page(() => import('./ExceptionsPage')) },
    { path: 'missed', lazy: page(() => import('./MissedPage')) },
    { path: 'complaints', lazy: page(() => import('../complaints/QueuePage')) },
    { path: 'complaints/:id', lazy: page(() => import('../complaints/TicketPage')) },
  ],
});

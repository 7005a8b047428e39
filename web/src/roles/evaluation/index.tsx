// The evaluation area: /evaluation, for EVALUATOR.
import { AuditOutlined } from '@ant-design/icons';
import { defineArea, page } from '../../app/areas';
import { messages } from './messages';

export default defineArea({
  id: 'evaluation',
  path: '/evaluation',
  roles: ['EVALUATOR'],
  layout: 'console',
  messages,
  nav: [{ to: '', label: 'nav.home', icon: <AuditOutlined /> }],
  routes: [{ index: true, lazy: page(() => import('./HomePage')) }],
});

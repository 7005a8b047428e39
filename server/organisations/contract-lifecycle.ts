// A purchase contract's lifecycle: signed (created active), and terminated early by the
// county with a reason, once. A contract that simply runs out stays active: whether it is in
// force on a day is its period's business (isInForce), not a status.
import { defineLifecycle } from '../platform/lifecycle.js';
import type { Contract } from '../db/rows.js';

const contractStatuses = ['active', 'terminated'] as const;
export type ContractStatus = (typeof contractStatuses)[number];
type ContractAction = 'sign' | 'terminate';

export const contractLifecycle = defineLifecycle<Contract>()<ContractStatus, ContractAction>({
  name: 'contract',
  table: 'contracts',
  statuses: contractStatuses,
  events: { table: 'contract_events', subject: 'contract_id' },
  actions: {
    /** The county contracts a government purchase with an organisation. */
    sign: { from: [], to: 'active' },
    terminate: { from: ['active'], to: 'terminated' },
  },
  refusal: (_status, action) => (action === 'terminate' ? 'The contract is already terminated.' : undefined),
});

import type { Resolvers } from '../graphql/types.generated.js';
import type { CarerEarnings, ItemSubtotal, RecipientSubtotal, Settlement, SettlementLine } from '../db/rows.js';
import { rowOf } from '../graphql/row-batches.js';
import { guard } from '../graphql/guard.js';
import { fromEnum, toEnum, toId, toOptionalId } from '../platform/enums.js';
import { runSettlement } from './run-settlement.js';
import { approveSettlement, markSettlementPaid } from './approval.js';
import { listSettlements, requireVisibleSettlement, settlementReaders, statementDownloads } from './statements.js';
import { fundPace } from './fund-pace.js';
import { carerEarnings, setCarerPayShare } from './carer-pay.js';
import type { SettlementStatus } from './settlement-lifecycle.js';

export { settlementLoaders } from './loaders.js';

const settling = ['finance', 'county_admin'] as const;

export const settlementResolvers: Resolvers = {
  Query: {
    settlements: guard(settlementReaders, (_p, { year, month, status }, ctx) =>
      listSettlements(ctx.db, ctx.viewer, { year, month, status: status ? (fromEnum(status) as SettlementStatus) : null }),
    ),
    settlement: guard(settlementReaders, (_p, { id }, ctx) => requireVisibleSettlement(ctx.db, ctx.viewer, toId(id))),
    fundPace: guard(settling, (_p, { year }, ctx) => fundPace(ctx.db, year)),
    carerEarnings: guard(['finance', 'county_admin', 'dispatcher', 'carer'], (_p, { year, organisationId, kind }, ctx) =>
      carerEarnings(ctx.db, ctx.viewer, { year, organisationId: toOptionalId(organisationId, 'organisationId'), kind: kind ? fromEnum(kind) : null }),
    ),
  },
  Mutation: {
    runSettlement: guard(settling, (_p, { organisationId, month }, ctx) =>
      runSettlement(ctx.db, { organisationId: toId(organisationId, 'organisationId'), month, runBy: ctx.viewer.userId }),
    ),
    approveSettlement: guard(['finance'], (_p, { settlementId, zeroNote }, ctx) =>
      approveSettlement(ctx.db, ctx.viewer, toId(settlementId, 'settlementId'), zeroNote),
    ),
    markSettlementPaid: guard(['finance'], (_p, { settlementId, paymentReference }, ctx) =>
      markSettlementPaid(ctx.db, ctx.viewer, toId(settlementId, 'settlementId'), paymentReference),
    ),
    setCarerPayShare: guard(['county_admin'], (_p, { organisationId, basisPoints }, ctx) =>
      setCarerPayShare(ctx.db, toId(organisationId, 'organisationId'), basisPoints),
    ),
  },
  Organisation: {
    carerPayShare: (o) => o.carer_pay_share_bp,
  },
  Settlement: {
    organisation: rowOf<Settlement>('organisations', (s) => s.organisation_id),
    score: rowOf<Settlement>('organisation_scores', (s) => s.score_id),
    month: (s) => s.month.slice(0, 7),
    grade: (s) => toEnum(s.grade) as never,
    coefficient: (s) => Number(s.coefficient),
    status: (s) => toEnum(s.status) as never,
    value: (s) => s.value_fen,
    withheldByGrade: (s) => s.withheld_grade_fen,
    withheldByCap: (s) => s.withheld_cap_fen,
    payable: (s) => s.payable_fen,
    carerPay: (s) => s.carer_pay_fen,
    runAt: (s) => s.run_at,
    approvedAt: (s) => s.approved_at,
    paidAt: (s) => s.paid_at,
    paymentReference: (s) => s.payment_reference,
    downloads: (s) => statementDownloads(s.id),
  },
  SettlementLine: {
    order: rowOf<SettlementLine>('orders', (l) => l.order_id),
    recipient: rowOf<SettlementLine>('recipients', (l) => l.recipient_id),
    serviceItem: rowOf<SettlementLine>('service_items', (l) => l.service_item_id),
    carer: rowOf<SettlementLine>('carers', (l) => l.carer_id),
    serviceDate: (l) => l.service_date,
    verifiedMinutes: (l) => l.verified_minutes,
    value: (l) => l.value_fen,
    withheldByGrade: (l) => l.withheld_grade_fen,
    withheldByCap: (l) => l.withheld_cap_fen,
    payable: (l) => l.payable_fen,
    carerPay: (l) => l.carer_pay_fen,
  },
  RecipientSubtotal: {
    recipient: rowOf<RecipientSubtotal>('recipients', (r) => r.recipient_id),
    value: (r) => r.value_fen,
    payable: (r) => r.payable_fen,
  },
  ItemSubtotal: {
    serviceItem: rowOf<ItemSubtotal>('service_items', (i) => i.service_item_id),
    value: (i) => i.value_fen,
    payable: (i) => i.payable_fen,
  },
  FundPace: {
    countyFund: (f) => f.county_fund_fen,
    settled: (f) => f.settled_fen,
    usedPercent: (f) => f.used_percent,
    elapsedPercent: (f) => f.elapsed_percent,
    monthsSettled: (f) => f.months_settled,
  },
  CarerEarnings: {
    carer: rowOf<CarerEarnings>('carers', (c) => c.carer_id),
    months: (c) => c.months.map((m) => ({ month: m.month, services: m.services, amount: m.amount_fen })),
    yearTotal: (c) => c.year_total_fen,
  },
};

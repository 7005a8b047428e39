// The monthly close on the 4th, once every service of the month before is confirmed, disputed
// or missed (a month is refused before: server/scoring/month-close.ts): the worker scores it
// (the job its scheduler runs at 02:00 on the first ten days), the evaluator draws the sample, reviews each sampled service and signs off (which
// has the worker draft the statement), one finance officer runs (or finds) the statement, a
// second approves it (never the one who ran it) and the first marks it paid (never the one who
// approved it).
import { sql } from 'kysely';
import { eachLimit } from './client.js';
import { APPROVE, DRAW_SAMPLE, MARK_PAID, REVIEW_SAMPLE, RUN_SETTLEMENT, SCORES, SIGN_OFF } from './operations.js';
import type { Sim } from './sim.js';

export interface MonthClose {
  month: string;
  grades: { organisationId: number; grade: string; score: number }[];
  statements: { id: number; payableFen: number; services: number }[];
}

export async function closeMonth(sim: Sim, month: string): Promise<MonthClose> {
  await sim.jobs.run('score-previous-month', { month });
  const { organisationScores } = await sim.client.must<{ organisationScores: { id: string; status: string; organisation: { id: string } }[] }>(
    'evaluator',
    SCORES,
    { month },
  );
  const grades: MonthClose['grades'] = [];
  for (const score of organisationScores.filter((s) => s.status === 'DRAFT')) {
    const { drawScoreSample } = await sim.client.must<{ drawScoreSample: { sample: { order: { id: string } }[] } }>('evaluator', DRAW_SAMPLE, { id: score.id });
    await eachLimit(drawScoreSample.sample, 4, async (s) => {
      await sim.client.must('evaluator', REVIEW_SAMPLE, { id: score.id, order: s.order.id, finding: '抽查：签到签退与服务记录一致，服务对象认可' });
    });
    const { signOffScore } = await sim.client.must<{ signOffScore: { grade: string; finalScore: number } }>('evaluator', SIGN_OFF, { id: score.id });
    grades.push({ organisationId: Number(score.organisation.id), grade: signOffScore.grade, score: signOffScore.finalScore });
  }
  const statements: MonthClose['statements'] = [];
  for (const { organisationId } of grades) {
    // the worker drafts it on sign-off; running it as well returns the same statement, whoever got there first
    const { runSettlement: s } = await sim.client.must<{ runSettlement: { id: string; status: string; payable: number } }>('finance', RUN_SETTLEMENT, {
      org: String(organisationId),
      month,
    });
    const {
      rows: [row],
    } = await sql<{ run_by: number | null; services: number }>`select run_by, services from settlements where id = ${Number(s.id)}`.execute(sim.db);
    const ranIt = row.run_by !== null ? sim.cast.usernameOf.get(row.run_by) : null;
    const [approver, payer] = ranIt === 'finance2' ? ['finance', 'finance2'] : ['finance2', 'finance'];
    // a statement of 0 yuan (nothing served, or a failing grade) is approved with a note saying why
    await sim.client.must(approver, APPROVE, { id: s.id, zeroNote: s.payable === 0 ? '本月应付为零：无可结算服务或考核不合格' : null });
    await sim.client.must(payer, MARK_PAID, { id: s.id, ref: `SIM-PAY-${month}-${organisationId}` });
    statements.push({ id: Number(s.id), payableFen: s.payable, services: row.services });
  }
  return { month, grades, statements };
}

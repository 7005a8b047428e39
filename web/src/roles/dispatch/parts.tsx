// What the dispatcher's pages share: the live board, status tags, and the matching factors
// in the reader's words.
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useLiveQuery } from '../../app/live';
import { BOARD, BOARD_UPDATED, type MatchFactor, type OrderStatus } from './operations';

import { TAG_COLOURS } from '../../app/page-parts';

export { CardHeading, QueryError, TAG_COLOURS, useLocalName } from '../../app/page-parts';

/** The organisation's open orders, fetched again whenever one changes (a burst costs one fetch). */
export function useBoard(onEvent?: (orderId: string) => void) {
  return useLiveQuery({
    query: BOARD,
    variables: {},
    subscription: BOARD_UPDATED,
    onEvent: (event: { dispatchBoardUpdated: { id: string } }) => onEvent?.(event.dispatchBoardUpdated.id),
    debounceMs: 400,
  });
}

const statusColours: Partial<Record<OrderStatus, string>> = {
  ASSIGNED: TAG_COLOURS.gold,
  DISPATCHED: TAG_COLOURS.blue,
  ACCEPTED: TAG_COLOURS.cyan,
  IN_SERVICE: TAG_COLOURS.green,
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation('dispatch');
  return <Tag color={statusColours[status] ?? TAG_COLOURS.grey}>{t(`enums.orderStatus.${status}`)}</Tag>;
}

/** Reassigning is allowed until the service starts. */
export const canAssign = (status: OrderStatus) => status === 'ASSIGNED' || status === 'DISPATCHED' || status === 'ACCEPTED';

/** A factor's detail in the reader's language; the server's own words when it says something new. */
function factorDetail(f: MatchFactor, t: TFunction<'dispatch'>): string {
  if (f.name === 'paired') return f.score > 0 ? t('factors.pairedYes') : t('factors.pairedNo');
  if (f.name === 'proximity') {
    if (f.detail === 'lives in the same village') return t('factors.sameVillage');
    if (f.detail === 'distance unknown') return t('factors.distanceUnknown');
    const township = /^same township, (.+)$/.exec(f.detail);
    if (township) return t('factors.sameTownship', { km: township[1] });
    if (/^[\d.]+ km$/.test(f.detail)) return t('factors.distance', { km: f.detail });
  }
  if (f.name === 'load') {
    const jobs = /^(\d+) job/.exec(f.detail);
    if (jobs) return t('factors.jobs', { count: Number(jobs[1]) });
  }
  return f.detail;
}

const problems: [RegExp, string][] = [
  [/^The organisation has no active carers\.$/, 'problems.noActiveCarers'],
  [/^All (\d+) active carers declined this order\.$/, 'problems.allDeclined'],
  [/^No carer holds a valid qualification for this item on that day\.$/, 'problems.noQualification'],
  [/^None of the (\d+) qualified carers works at that time\.$/, 'problems.nobodyWorking'],
  [/^All (\d+) qualified carers working then already have a job at that time\.$/, 'problems.allBusy'],
];

/** Why matching found no carer, in the reader's language; the server's own words when it says something new. */
export function matchProblemText(problem: string, t: TFunction<'dispatch'>): string {
  for (const [pattern, key] of problems) {
    const m = pattern.exec(problem);
    if (m) return t(key, { count: Number(m[1] ?? 0) });
  }
  return problem;
}

/** The matching reasons: each factor with its points (score × weight) of the total. */
export function Factors({ factors }: { factors: MatchFactor[] }) {
  const { t, i18n } = useTranslation('dispatch');
  return (
    <Space orientation="vertical" size={2}>
      {factors.map((f) => (
        <Tooltip key={f.name} title={`${Math.round(f.score * f.weight)} / ${f.weight}`}>
          <Typography.Text data-factor={f.name}>
            <Tag color={f.score >= 0.75 ? TAG_COLOURS.green : f.score > 0 ? TAG_COLOURS.blue : TAG_COLOURS.grey}>
              {i18n.exists(`dispatch:factors.${f.name}`) ? t(`factors.${f.name}`) : f.name}
            </Tag>
            {factorDetail(f, t)}
          </Typography.Text>
        </Tooltip>
      ))}
    </Space>
  );
}

// What the dispatcher's pages share: the live board, status tags, and the matching factors
// in the reader's words.
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useLiveQuery } from '../../app/live';
import { BOARD, BOARD_UPDATED, type BoardOrder, type MatchFactor, type OrderStatus } from './operations';

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

/** A distance as the dispatcher reads it: one decimal and the unit. */
const km = (distanceKm: number | null | undefined) => `${(distanceKm ?? 0).toFixed(1)} km`;

/** A factor's detail in the reader's language, from its reason code and figures. */
function factorDetail(f: MatchFactor, t: TFunction<'dispatch'>): string {
  switch (f.reason) {
    case 'PAIRED':
      return t('factors.pairedYes');
    case 'NOT_PAIRED':
      return t('factors.pairedNo');
    case 'SAME_VILLAGE':
      return t('factors.sameVillage');
    case 'SAME_TOWNSHIP':
      return t('factors.sameTownship', { km: km(f.distanceKm) });
    case 'DISTANCE':
      return t('factors.distance', { km: km(f.distanceKm) });
    case 'DISTANCE_UNKNOWN':
      return t('factors.distanceUnknown');
    case 'WEEK_JOBS':
      return t('factors.jobs', { count: f.weekJobs ?? 0 });
    default:
      return t('factors.other');
  }
}

const problems: Record<string, string> = {
  NO_ORGANISATION: 'problems.noOrganisation',
  NO_ACTIVE_CARERS: 'problems.noActiveCarers',
  ALL_DECLINED: 'problems.allDeclined',
  NO_QUALIFIED_CARER: 'problems.noQualification',
  NOBODY_WORKING: 'problems.nobodyWorking',
  ALL_BUSY: 'problems.allBusy',
};

/** Why matching found no carer, in the reader's language, from the problem's reason code and figures. */
export function matchProblemText(order: Pick<BoardOrder, 'matchProblemReason'>, t: TFunction<'dispatch'>): string {
  const reason = order.matchProblemReason;
  const key = reason ? problems[reason.reason] : undefined;
  return key ? t(key, { count: reason?.carers ?? 0 }) : t('problems.other');
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

// The hotline's status tags, and the shared page parts its pages use.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { TAG_COLOURS } from '../../app/page-parts';

export { CardHeading, QueryError, TAG_COLOURS, useLocalName } from '../../app/page-parts';
import type { ComplaintStatus, ComplaintSeverity, OrderStatus, RecipientStatus } from './operations';

const recipientColours: Record<RecipientStatus, string> = {
  CANDIDATE: TAG_COLOURS.grey,
  VERIFIED: TAG_COLOURS.blue,
  ACTIVE: TAG_COLOURS.green,
  SUSPENDED: TAG_COLOURS.orange,
  EXITED: TAG_COLOURS.grey,
};
const orderColours: Partial<Record<OrderStatus, string>> = {
  PLACED: TAG_COLOURS.grey,
  ASSIGNED: TAG_COLOURS.gold,
  DISPATCHED: TAG_COLOURS.blue,
  ACCEPTED: TAG_COLOURS.blue,
  IN_SERVICE: TAG_COLOURS.blue,
  COMPLETED: TAG_COLOURS.green,
  CONFIRMED: TAG_COLOURS.green,
  CANCELLED: TAG_COLOURS.grey,
  MISSED: TAG_COLOURS.red,
  DISPUTED: TAG_COLOURS.red,
};
const complaintColours: Record<ComplaintStatus, string> = {
  RECORDED: TAG_COLOURS.gold,
  ASSIGNED: TAG_COLOURS.blue,
  VERIFIED: TAG_COLOURS.purple,
  ANSWERED: TAG_COLOURS.cyan,
  CLOSED: TAG_COLOURS.green,
};
const severityColours: Record<ComplaintSeverity, string> = {
  LOW: TAG_COLOURS.grey,
  NORMAL: TAG_COLOURS.blue,
  HIGH: TAG_COLOURS.orange,
  URGENT: TAG_COLOURS.red,
};

export function RecipientStatusTag({ status }: { status: RecipientStatus }) {
  const { t } = useTranslation('hotline');
  return <Tag color={recipientColours[status]}>{t(`enums.recipientStatus.${status}`)}</Tag>;
}

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation('hotline');
  return <Tag color={orderColours[status]}>{t(`enums.orderStatus.${status}`)}</Tag>;
}

export function ComplaintStatusTag({ status }: { status: ComplaintStatus }) {
  const { t } = useTranslation('hotline');
  return <Tag color={complaintColours[status]}>{t(`enums.complaintStatus.${status}`)}</Tag>;
}

export function SeverityTag({ severity }: { severity: ComplaintSeverity }) {
  const { t } = useTranslation('hotline');
  return <Tag color={severityColours[severity]}>{t(`enums.severity.${severity}`)}</Tag>;
}

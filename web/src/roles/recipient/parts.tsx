// Pieces the recipient's pages share: names in the reader's language, category icons, the
// status of an order in plain words, the words for plain dates, what an order's price is to
// the budget, the hotline button, an order's card, the big choices and the "say what
// happened" box of the complaint and dispute forms.
import type { ReactNode } from 'react';
import { Alert, Input } from 'antd';
import { AlertOutlined, CheckCircleFilled, HeartOutlined, HomeOutlined, MedicineBoxOutlined, PhoneOutlined, ShopOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatYuan, plainHours, plainWindow, type PlainWords } from '../../app/format';
import { HOTLINE_PHONE, HOTLINE_TEL } from '../../app/hotline';
import type { OrderStatus, OrderSummary } from './operations';
import { useLocalName } from '../../app/page-parts';
import { slotWindow, useSlotLabel, type TimeSlot } from '../../app/timeSlots';
import './recipient.css';

export { useLocalName };

const categoryIcons: Record<string, ReactNode> = {
  daily_care: <HomeOutlined />,
  health_care: <MedicineBoxOutlined />,
  counselling: <HeartOutlined />,
  resource_linking: <ShopOutlined />,
  farm_emergency: <AlertOutlined />,
};

export function CategoryIcon({ code }: { code: string }) {
  return (
    <span className="rcp-category-icon" aria-hidden>
      {categoryIcons[code] ?? <HomeOutlined />}
    </span>
  );
}

// dark enough to read beside the words; the words carry the meaning, the colour only helps
const statusColors: Record<OrderStatus, string> = {
  PLACED: '#1d4ed8',
  ASSIGNED: '#1d4ed8',
  DISPATCHED: '#0f766e',
  ACCEPTED: '#0f766e',
  IN_SERVICE: '#c2410c',
  COMPLETED: '#b45309',
  CONFIRMED: '#15803d',
  CANCELLED: '#6b7280',
  MISSED: '#b91c1c',
  DISPUTED: '#b91c1c',
};

/** The order's status in plain words, with a coloured dot. */
export function OrderStatusText({ status, big }: { status: OrderStatus; big?: boolean }) {
  const { t } = useTranslation('recipient');
  return (
    <span
      className={`rcp-status${big ? ' rcp-status-big' : ''}`}
      style={{ ['--status-color' as string]: statusColors[status] }}
      data-testid="order-status"
      data-status={status}
    >
      {t(`status.${status}`)}
    </span>
  );
}

/** The words format.ts's plain dates take, in the reader's language: `plainWindow(start, end, words)`. */
export function usePlainWords(): PlainWords {
  const { t, i18n } = useTranslation();
  return { language: i18n.language, t: (key, values) => t(key, values) };
}

/** What an order's price is to the recipient's budget, by its status: held while open, spent once confirmed. */
export type MoneyState = 'HELD' | 'SPENT' | 'RETURNED' | 'CHECKING';

export function moneyState(status: OrderStatus): MoneyState {
  if (status === 'CONFIRMED') return 'SPENT';
  if (status === 'CANCELLED' || status === 'MISSED') return 'RETURNED';
  if (status === 'DISPUTED') return 'CHECKING';
  return 'HELD';
}

/** Orders that are still under way (not yet confirmed, cancelled, disputed or missed). */
export const isActive = (status: OrderStatus) => !['CONFIRMED', 'CANCELLED', 'DISPUTED', 'MISSED'].includes(status);

/** A big green button that dials the county hotline. */
export function HotlineButton() {
  const { t } = useTranslation('recipient');
  return (
    <a className="rcp-call" href={HOTLINE_TEL} data-testid="call-hotline">
      <PhoneOutlined className="rcp-call-icon" aria-hidden />
      <span>{t('hotline.call', { phone: HOTLINE_PHONE })}</span>
    </a>
  );
}

/** One order in a list: what, when, its status and carer; opens the order. */
export function OrderCard({ order }: { order: OrderSummary }) {
  const { t } = useTranslation('recipient');
  const name = useLocalName();
  const words = usePlainWords();
  return (
    <Link to={`/m/orders/${order.id}`} className="rcp-card" data-testid="order-card" data-order-id={order.id}>
      <div className="rcp-row">
        <strong>{name(order.serviceItem)}</strong>
        <span className="rcp-item-price" data-testid="order-money" data-money={moneyState(order.status)}>
          {t(`money.short.${moneyState(order.status)}`, { amount: formatYuan(order.amount) })}
        </span>
      </div>
      <span data-testid="order-when">{plainWindow(order.windowStart, order.windowEnd, words)}</span>
      <OrderStatusText status={order.status} />
      {order.carer && <span className="rcp-muted">{t('orders.carer', { name: order.carer.name })}</span>}
      {order.channel !== 'MINI_PROGRAM' && <span className="rcp-muted">{t(order.channel === 'HOTLINE' ? 'orders.byHotline' : 'orders.byGrid')}</span>}
    </Link>
  );
}

/** Said when the page stopped updating by itself. */
export function LiveWarning({ error }: { error: Error | undefined }) {
  const { t } = useTranslation('recipient');
  return error ? <Alert type="warning" showIcon title={t('live.off')} /> : null;
}

const SLOT_DAYS = ['slot.today', 'slot.tomorrow', 'slot.dayAfter'];

/** A time choice in plain words: "明天 周五 上午 9点到12点", "全天 上午8点到下午6点" (the shell's label says 14:00–17:00). */
function usePlainSlotLabel(): (slot: TimeSlot) => string {
  const { t } = useTranslation();
  const slotLabel = useSlotLabel();
  const words = usePlainWords();
  return (slot) => {
    if (slot.part === 'soon') return slotLabel(slot);
    const { windowStart, windowEnd } = slotWindow(slot);
    return `${t(SLOT_DAYS[slot.dayOffset])} ${t(`slot.weekday.${slot.weekday}`)} ${t(`slot.${slot.part}`)} ${plainHours(windowStart, windowEnd, words)}`;
  };
}

/** The times to choose from, as big buttons in the ARIA radio pattern (one already picked). */
export function SlotPicker({
  slots,
  chosen,
  onChoose,
  labelledBy,
}: {
  slots: TimeSlot[];
  chosen?: TimeSlot;
  onChoose: (slot: TimeSlot) => void;
  labelledBy: string;
}) {
  const slotLabel = usePlainSlotLabel();
  return (
    <div role="radiogroup" aria-labelledby={labelledBy} className="rcp-slots">
      {slots.map((slot) => {
        const on = chosen?.key === slot.key;
        return (
          // biome-ignore lint/a11y/useSemanticElements: large buttons in the ARIA radio pattern, easier to hit than radio inputs on a phone
          <button
            key={slot.key}
            type="button"
            role="radio"
            aria-checked={on}
            className="rcp-slot"
            data-testid={`slot-${slot.key}`}
            onClick={() => onChoose(slot)}
          >
            <span>{slotLabel(slot)}</span>
            {on && <CheckCircleFilled className="rcp-slot-check" aria-hidden />}
          </button>
        );
      })}
    </div>
  );
}

/** A few big buttons to pick one from (the ARIA radio pattern), two to a row: what went wrong. */
export function BigChoices<T extends string>({
  choices,
  chosen,
  onChoose,
  label,
  labelledBy,
  testId,
}: {
  choices: readonly T[];
  chosen?: T;
  onChoose: (choice: T) => void;
  label: (choice: T) => string;
  labelledBy: string;
  testId: (choice: T) => string;
}) {
  return (
    <div role="radiogroup" aria-labelledby={labelledBy} className="rcp-choices">
      {choices.map((c) => (
        // biome-ignore lint/a11y/useSemanticElements: large buttons in the ARIA radio pattern, easier to hit than radio inputs on a phone
        <button key={c} type="button" role="radio" aria-checked={chosen === c} className="rcp-slot" data-testid={testId(c)} onClick={() => onChoose(c)}>
          {label(c)}
        </button>
      ))}
    </div>
  );
}

/** A few lines of what happened, with its label and (when it was needed and left empty) the message under it. */
export function SayWhatHappened({
  id,
  label,
  value,
  onChange,
  missing,
  missingMessage,
  rows = 4,
  maxLength = 2000,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  missing: boolean;
  missingMessage: string;
  rows?: number;
  maxLength?: number;
}) {
  return (
    <div>
      <label htmlFor={id} className="rcp-h3">
        {label}
      </label>
      <Input.TextArea
        id={id}
        rows={rows}
        maxLength={maxLength}
        value={value}
        status={missing ? 'error' : undefined}
        aria-invalid={missing}
        aria-describedby={missing ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {missing && (
        <p id={`${id}-error`} role="alert" style={{ color: '#b91c1c', margin: '4px 0 0' }}>
          {missingMessage}
        </p>
      )}
    </div>
  );
}

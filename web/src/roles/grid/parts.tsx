// Pieces the grid worker's pages share: names in the reader's language, order status, ages,
// the warning that a live page has stopped being live.
import { Alert, App, Button } from 'antd';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { countyToday } from '../../app/format';
import { CONFIRM_SERVICE, type OrderStatus } from './operations';
import './grid.css';

export { useLocalName } from '../../app/page-parts';

/** Whole years from a birth date to today on the county clock. */
export function ageOf(birthDate: string, today = countyToday()): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export function OrderStatusPill({ status }: { status: OrderStatus }) {
  const { t } = useTranslation('grid');
  const tone = status === 'COMPLETED' || status === 'DISPUTED' ? ' grid-pill-warn' : status === 'CONFIRMED' ? ' grid-pill-ok' : '';
  return (
    <span className={`grid-pill${tone}`} data-testid="order-status" data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

/** Said when a live page's subscription failed: what is shown may be old until read again. */
export function LiveWarning({ error, retry }: { error: Error | undefined; retry: () => void }) {
  const { t } = useTranslation('grid');
  if (!error) return null;
  return (
    <Alert
      type="warning"
      showIcon
      title={t('common:live.off')}
      action={
        <Button size="small" onClick={retry}>
          {t('common:retry')}
        </Button>
      }
    />
  );
}

/** Confirming a completed service on the recipient's behalf: the mutation's state, and the action (which says so when done). */
export function useConfirmOnBehalf(orderId: string) {
  const { t } = useTranslation('grid');
  const { message } = App.useApp();
  const [confirming, confirm] = useMutation(CONFIRM_SERVICE);
  const onConfirm = async () => {
    const result = await confirm({ orderId });
    if (result.data) void message.success(t('orders.confirmed'));
  };
  return { confirming, onConfirm };
}

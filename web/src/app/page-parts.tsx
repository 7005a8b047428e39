// Small pieces any page may use: a card title that is a real heading, the alert for a failed
// query, why an order was refused, and catalog names in the reader's language.
import type { ReactNode } from 'react';
import { Alert, Button } from 'antd';
import type { CombinedError } from '@urql/core';
import { useTranslation } from 'react-i18next';
import { budgetShortfall, errorMessage } from './errors';
import { formatYuan } from './format';

/** A card's title as a heading (the layout's h1 is the area, pages start at h2, so sections are h3). */
export function CardHeading({ children }: { children: ReactNode }) {
  return <h3 style={{ margin: 0, fontSize: 16, fontWeight: 600 }}>{children}</h3>;
}

/** A failed query, with a retry when given. */
export function QueryError({ error, retry }: { error: CombinedError; retry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={errorMessage(error)}
      action={
        retry && (
          <Button size="small" onClick={retry}>
            {t('retry')}
          </Button>
        )
      }
    />
  );
}

/**
 * Why an order was refused. Too little budget is said with the server's figures in the
 * reader's language, by the area's `budgetLowKey` (e.g. 'recipient:order.budgetLow', with
 * {{available}} and {{needed}}); English readers get the server's own sentence for all refusals.
 */
export function OrderRefusal({ error, budgetLowKey }: { error: CombinedError; budgetLowKey: string }) {
  const { t, i18n } = useTranslation();
  const short = budgetShortfall(error);
  if (!short || i18n.language === 'en') return <>{errorMessage(error)}</>;
  return <>{t(budgetLowKey, { available: formatYuan(short.availableFen), needed: formatYuan(short.amountFen) })}</>;
}

/** Picks the Chinese or English name of a catalog entry (nameZh / nameEn), as the reader reads. */
export function useLocalName(): (named: { nameZh: string; nameEn: string }) => string {
  const { i18n } = useTranslation();
  return (named) => (i18n.language === 'en' ? named.nameEn : named.nameZh);
}

/**
 * Tag colours dark enough for white text to pass WCAG AA (antd's preset tag colours put
 * mid-tone text on a pale ground, which fails it): `<Tag color={TAG_COLOURS.green}>`.
 */
export const TAG_COLOURS = {
  green: '#237804',
  blue: '#0958d9',
  cyan: '#006d75',
  gold: '#874d00',
  orange: '#ad4e00',
  red: '#a8071a',
  purple: '#531dab',
  grey: '#595959',
} as const;

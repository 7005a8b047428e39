// Paging a connection one page at a time, newest first, as the API's lists page (first and
// after): the cursors of the pages seen so far, so "previous" goes back without asking the
// server where it was, and the footer under a list (how many in all, previous, the page,
// next). Used by every console list that pages.
import { useState } from 'react';
import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export interface CursorPages {
  /** The cursor to ask for the current page with (null: the first page). */
  after: string | null;
  /** The current page, from 0. */
  page: number;
  /** Back to the first page (a new filter). */
  restart(): void;
  back(): void;
  forward(endCursor: string): void;
}

export function useCursorPages(): CursorPages {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    after: cursors[cursors.length - 1],
    page: cursors.length - 1,
    restart: () => setCursors([null]),
    back: () => setCursors((seen) => (seen.length > 1 ? seen.slice(0, -1) : seen)),
    forward: (endCursor) => setCursors((seen) => [...seen, endCursor]),
  };
}

/** Under a paged list: `total` (the list's own words for its count), previous, the page, next. */
export function CursorPager({
  pages,
  connection,
  total,
  onMove,
}: {
  pages: CursorPages;
  connection: { pageInfo: { hasNextPage: boolean; endCursor?: string | null } } | undefined;
  total: string;
  /** Called when the page changes (to close what was open on it). */
  onMove?: () => void;
}) {
  const { t } = useTranslation();
  const endCursor = connection?.pageInfo.endCursor;
  return (
    <Flex justify="space-between" align="center" wrap gap={12}>
      <Typography.Text>{connection ? total : ''}</Typography.Text>
      <Flex gap={8} align="center">
        <Button
          disabled={pages.page === 0}
          onClick={() => {
            pages.back();
            onMove?.();
          }}
        >
          {t('pager.previous')}
        </Button>
        <span aria-live="polite">{t('pager.page', { page: pages.page + 1 })}</span>
        <Button
          disabled={!connection?.pageInfo.hasNextPage || !endCursor}
          onClick={() => {
            if (!endCursor) return;
            pages.forward(endCursor);
            onMove?.();
          }}
        >
          {t('pager.next')}
        </Button>
      </Flex>
    </Flex>
  );
}

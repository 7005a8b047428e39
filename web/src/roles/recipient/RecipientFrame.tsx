// Around every recipient page: their order subscription, opened as soon as they enter the area
// and kept while they move between pages. A page that subscribes only when it opens can miss
// a change made in between (matching often dispatches an order within a second of its placing,
// while the order's page is still loading). Each event invalidates every cached query holding
// an Order (urql's document cache), so the pages on screen read again. Above the page, the
// notice that stays until it is read (notice.tsx).
import { Outlet } from 'react-router';
import { useSubscription } from 'urql';
import { MY_ORDERS_UPDATED } from './operations';
import { FrameNotice, NoticeProvider } from './notice';

export default function RecipientFrame() {
  useSubscription({ query: MY_ORDERS_UPDATED });
  return (
    <NoticeProvider>
      <div className="rcp-frame">
        <FrameNotice />
        <Outlet />
      </div>
    </NoticeProvider>
  );
}

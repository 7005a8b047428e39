// Each area's messages, registered under the area's folder name when someone first enters an
// area that needs them: the sign-in page needs only the common ones (app/messages.ts), and a
// recipient's phone on a weak link should not wait for every role's words. An area needs its
// own and those of the areas whose pages or parts it shows (RoleArea.borrows; checked by
// web/areas.test.ts). complaints and reports, shared parts rather than areas, register their
// own when they load.
import type { RoleArea } from '../app/areas';
import { i18next, registerMessages, type Messages } from '../app/i18n';

const sources: Record<string, () => Promise<{ messages: Messages }>> = {
  admin: () => import('./admin/messages'),
  carer: () => import('./carer/messages'),
  dispatch: () => import('./dispatch/messages'),
  evaluation: () => import('./evaluation/messages'),
  finance: () => import('./finance/messages'),
  grid: () => import('./grid/messages'),
  hotline: () => import('./hotline/messages'),
  recipient: () => import('./recipient/messages'),
  township: () => import('./township/messages'),
};

/** Registers the messages `area` needs that are not registered yet. */
export async function loadAreaMessages(area: Pick<RoleArea, 'id' | 'borrows'>): Promise<void> {
  const wanted = [area.id, ...(area.borrows ?? [])].filter((namespace) => !i18next.hasResourceBundle('zh-CN', namespace));
  await Promise.all(
    wanted.map(async (namespace) => {
      const load = sources[namespace];
      if (!load) throw new Error(`no messages for the namespace ${namespace}`);
      registerMessages(namespace, (await load()).messages);
    }),
  );
}

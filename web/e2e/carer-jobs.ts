// Jobs for the demo carer in browser tests, made through the API as the county would make
// them (the hotline places, the worker's matching takes, the dispatcher sends), and the job
// cards of the carer's phone.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { eventually } from './browser.js';
import type { WebServer } from './server.js';
import { nowMs } from '../../server/platform/clock.js';

export interface CatalogItem {
  id: string;
  code: string;
  nameZh: string;
  price: number;
  requiresProfessional: boolean;
  isUrgent: boolean;
  active: boolean;
}

/** The service catalog as the API lists it. */
export const catalog = async (server: WebServer, token?: string) =>
  (
    await server.world.ok<{ serviceCatalog: { code: string; items: CatalogItem[] }[] }>(
      '{ serviceCatalog { code items { id code nameZh price requiresProfessional isUrgent active } } }',
      {},
      token,
    )
  ).serviceCatalog;

interface JobFacts {
  id: string;
  status: string;
  carer: { id: string } | null;
  organisation: { id: string } | null;
  place: { latitude: number; longitude: number };
  visit: { countable: boolean; flags: string[]; workDone: string } | null;
}

/** An order as the county admin sees it. */
export const orderFacts = async (server: WebServer, orderId: string) =>
  (
    await server.world.ok<{ order: JobFacts }>(
      `query ($id: ID!) { order(id: $id) { id status carer { id } organisation { id } place { latitude longitude } visit { countable flags workDone } } }`,
      { id: orderId },
      await server.token('admin'),
    )
  ).order;

/**
 * An order for one of the demo carer's paired recipients, an hour long from `startsInMinutes`
 * from now, dispatched to the demo carer (tests give each job its own hour: a carer's jobs
 * may not overlap).
 */
export async function dispatchedJob(
  server: WebServer,
  startsInMinutes = 10,
): Promise<{ orderId: string; recipientId: string; item: CatalogItem; place: { latitude: number; longitude: number } }> {
  const { me } = await server.world.ok<{ me: { carer: { id: string; pairedRecipients: { id: string }[] } } }>(
    '{ me { carer { id pairedRecipients { id } } } }',
    {},
    await server.token('carer'),
  );
  const recipientId = me.carer.pairedRecipients[0].id;
  const item = (await catalog(server)).find((c) => c.code === 'daily_care')!.items.find((i) => !i.requiresProfessional && !i.isUrgent && i.active)!;
  const start = new Date(nowMs() + startsInMinutes * 60_000);
  const { placeOrder } = await server.world.ok<{ placeOrder: { id: string } }>(
    'mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }',
    {
      input: {
        recipientId,
        serviceItemId: item.id,
        windowStart: start.toISOString(),
        windowEnd: new Date(start.getTime() + 60 * 60_000).toISOString(),
        callerPhone: '13800001111',
        idempotencyKey: `carer-e2e-${Date.now()}-${startsInMinutes}`,
      },
    },
    await server.token('hotline'),
  );
  // the worker takes it for the contracted organisation (and usually sends it to the paired carer)
  await eventually(async () => (await orderFacts(server, placeOrder.id)).organisation).not.toBeNull();
  await eventually(async () => (await orderFacts(server, placeOrder.id)).status).toMatch(/ASSIGNED|DISPATCHED/);
  const order = await orderFacts(server, placeOrder.id);
  if (order.carer?.id !== me.carer.id) {
    await server.world.ok(
      'mutation ($o: ID!, $c: ID!) { assignCarer(orderId: $o, carerId: $c, reason: "paired carer, e2e") { id } }',
      { o: placeOrder.id, c: me.carer.id },
      await server.token('dispatcher'),
    );
  }
  expect((await orderFacts(server, placeOrder.id)).status).toBe('DISPATCHED');
  return { orderId: placeOrder.id, recipientId, item, place: order.place };
}

/** A job's card on the carer's phone, and the status it shows. */
export const jobCard = (page: Page, orderId: string) => page.getByTestId(`job-${orderId}`);
export const jobStatus = (page: Page, orderId: string) => jobCard(page, orderId).getByTestId('job-status').textContent();

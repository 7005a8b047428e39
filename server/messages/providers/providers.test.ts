// Each provider's adapter against a local stand-in that checks the request as the provider
// documents it (server/messages/providers/stand-ins.ts), then the whole send step on the real
// database: sent with the provider's ID, tried again after a passing fault, failed at once
// after a refusal for good, a WeChat token asked for again when WeChat says it has expired.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createTestWorld, type TestWorld } from '../../testing/harness.js';
import { seedFixtures, type Fixtures } from '../../testing/fixtures.js';
import { setClockForTests } from '../../platform/clock.js';
import { loadConfig } from '../../config.js';
import { queueMessages, type NewMessage } from '../queue-messages.js';
import { sendMessage } from '../send-message.js';
import { configuredChannels, configuredSender } from './configured.js';
import { tencentCloudStandIn, wechatStandIn, type StandIn, type TencentCall, type WechatCall } from './stand-ins.js';

const keys = { secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE', secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE' };
const wechatApp = { appId: 'wx0123456789abcdef', appSecret: 'stand-in-secret' };

let world: TestWorld;
let fx: Fixtures;
let sms: StandIn<TencentCall>;
let voice: StandIn<TencentCall>;
let wechat: Awaited<ReturnType<typeof wechatStandIn>>;
let env: Record<string, string>;

beforeAll(async () => {
  [sms, voice, wechat] = await Promise.all([
    tencentCloudStandIn({ service: 'sms', version: '2021-01-11', ...keys }),
    tencentCloudStandIn({ service: 'vms', version: '2020-09-02', ...keys }),
    wechatStandIn(wechatApp),
  ]);
  env = {
    TENCENTCLOUD_SECRET_ID: keys.secretId,
    TENCENTCLOUD_SECRET_KEY: keys.secretKey,
    SMS_SDK_APP_ID: '1400006666',
    SMS_SIGN_NAME: '峡江县民政局',
    SMS_TEMPLATE_IDS: JSON.stringify({ order_taken: '1110001' }),
    SMS_ENDPOINT: sms.url,
    VOICE_SDK_APP_ID: '1400007777',
    VOICE_TEMPLATE_IDS: JSON.stringify({ order_taken: '2220001' }),
    VOICE_ENDPOINT: voice.url,
    WECHAT_APP_ID: wechatApp.appId,
    WECHAT_APP_SECRET: wechatApp.appSecret,
    WECHAT_TEMPLATES: JSON.stringify({ order_taken: { id: 'tmpl-order-taken', fields: { thing1: 'item', name2: 'carer', time3: 'time' } } }),
    WECHAT_API_URL: wechat.url,
  };
  world = await createTestWorld({ OUTBOX_RELAY: 'false' });
  fx = await seedFixtures(world);
  // mid-morning: no quiet hours
  setClockForTests('2027-05-12T10:00:00+08:00');
});
afterAll(async () => {
  await world?.close();
  await Promise.all([sms?.close(), voice?.close(), wechat?.close()]);
});

const config = (extra: Record<string, string> = {}) => loadConfig({ ...process.env, ...env, ...extra });
const silent = pino({ level: 'silent' });
let about = 0;
const taken = (recipientId: number): NewMessage => ({
  event: 'order_taken',
  to: { recipientId },
  about: `provider-order-${++about}`,
  params: { item: '助浴', carer: '徐月娥', time: '5月13日 周四 上午' },
});
async function queued(recipientId: number): Promise<number> {
  const [id] = await world.db.transaction().execute((trx) => queueMessages(trx, [taken(recipientId)]));
  return id;
}
const messageRow = (id: number) => world.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
async function prefer(recipientId: number, channel: 'sms' | 'voice' | 'wechat', openid: string | null = null) {
  await world.db
    .insertInto('message_preferences')
    .values({ recipient_id: recipientId, channel, wechat_openid: openid })
    .onConflict((oc) => oc.column('recipient_id').doUpdateSet({ channel, wechat_openid: openid }))
    .execute();
}
const phoneOf = async (recipientId: number) =>
  (await world.db.selectFrom('recipients').select('phone').where('id', '=', recipientId).executeTakeFirstOrThrow()).phone;

describe('the message providers', () => {
  it('are off until their settings are given: every channel goes to the log sender', async () => {
    expect(configuredChannels(loadConfig({ ...process.env }))).toEqual([]);
    expect(configuredChannels(config())).toEqual(['sms', 'voice', 'wechat']);
    const id = await queued(fx.recipientA);
    expect(await sendMessage(world.db, configuredSender(loadConfig({ ...process.env }), silent), id)).toBe('sent');
    expect(await messageRow(id)).toMatchObject({ status: 'sent', channel: 'log', provider: 'log' });
    expect(sms.taken).toHaveLength(0);
  });

  it('sends an SMS through Tencent Cloud SendSms, signed, with the template, its parameters in order and the key as SessionContext', async () => {
    await prefer(fx.recipientA, 'sms');
    const id = await queued(fx.recipientA);
    expect(await sendMessage(world.db, configuredSender(config(), silent), id)).toBe('sent');
    const row = await messageRow(id);
    expect(row).toMatchObject({ status: 'sent', channel: 'sms', provider: 'tencent-sms' });
    const call = sms.taken.at(-1)!;
    expect(call.action).toBe('SendSms');
    expect(call.params).toEqual({
      PhoneNumberSet: [`+86${await phoneOf(fx.recipientA)}`],
      SmsSdkAppId: '1400006666',
      SignName: '峡江县民政局',
      TemplateId: '1110001',
      TemplateParamSet: ['助浴', '徐月娥', '5月13日 周四 上午'],
      SessionContext: row.dedupe_key,
    });
    expect(row.provider_message_id).toMatch(/^2019:\d+$/);
  });

  it('refuses a request signed with another key: the stand-in checks the signature', async () => {
    await prefer(fx.recipientA, 'sms');
    const id = await queued(fx.recipientA);
    const before = sms.taken.length;
    await expect(sendMessage(world.db, configuredSender(config({ TENCENTCLOUD_SECRET_KEY: 'not-the-key' }), silent), id)).rejects.toThrow(
      /AuthFailure\.SignatureFailure/,
    );
    expect(sms.taken).toHaveLength(before);
    // a signature failure may be a key being rotated: tried again, not failed
    expect(await messageRow(id)).toMatchObject({ status: 'queued', attempts: 1 });
  });

  it('tries again after a passing fault, and fails at once when the provider refuses the message for good', async () => {
    await prefer(fx.recipientA, 'sms');
    const sender = configuredSender(config(), silent);
    const passing = await queued(fx.recipientA);
    sms.failNext('RequestLimitExceeded');
    await expect(sendMessage(world.db, sender, passing)).rejects.toThrow(/RequestLimitExceeded/);
    expect(await messageRow(passing)).toMatchObject({ status: 'queued', attempts: 1 });
    expect(await sendMessage(world.db, sender, passing)).toBe('sent');

    const final = await queued(fx.recipientA);
    sms.failNext('FailedOperation.PhoneNumberInBlacklist');
    expect(await sendMessage(world.db, sender, final)).toBe('failed');
    const row = await messageRow(final);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(JSON.stringify(row.provider_answer)).toContain('FailedOperation.PhoneNumberInBlacklist');
  });

  it('fails at once an event the county has no approved template for', async () => {
    await prefer(fx.recipientA, 'sms');
    const id = await queued(fx.recipientA);
    expect(await sendMessage(world.db, configuredSender(config({ SMS_TEMPLATE_IDS: '{}' }), silent), id)).toBe('failed');
    expect(JSON.stringify((await messageRow(id)).provider_answer)).toContain('no template approved for order_taken');
  });

  it('calls someone who does not read through Tencent Cloud SendTtsVoice, read twice', async () => {
    await prefer(fx.recipientB, 'voice');
    const id = await queued(fx.recipientB);
    expect(await sendMessage(world.db, configuredSender(config(), silent), id)).toBe('sent');
    const row = await messageRow(id);
    expect(row).toMatchObject({ status: 'sent', channel: 'voice', provider: 'tencent-voice', provider_message_id: expect.stringMatching(/^call-/) });
    expect(voice.taken.at(-1)).toEqual({
      action: 'SendTtsVoice',
      params: {
        TemplateId: '2220001',
        TemplateParamSet: ['助浴', '徐月娥', '5月13日 周四 上午'],
        CalledNumber: `+86${await phoneOf(fx.recipientB)}`,
        VoiceSdkAppid: '1400007777',
        PlayTimes: 2,
        SessionContext: row.dedupe_key,
      },
    });
  });

  it('sends a WeChat subscription message to the openid, its fields filled, the token kept and asked for again once expired', async () => {
    await prefer(fx.recipientB, 'wechat', 'oUser-stand-in-openid');
    const sender = configuredSender(config(), silent);
    const first = await queued(fx.recipientB);
    expect(await sendMessage(world.db, sender, first)).toBe('sent');
    const call: WechatCall = wechat.taken.at(-1)!;
    expect(call.body).toEqual({
      touser: 'oUser-stand-in-openid',
      template_id: 'tmpl-order-taken',
      page: 'pages/index/index',
      data: { thing1: { value: '助浴' }, name2: { value: '徐月娥' }, time3: { value: '5月13日 周四 上午' } },
      miniprogram_state: 'formal',
      lang: 'zh_CN',
    });
    expect(await messageRow(first)).toMatchObject({ status: 'sent', channel: 'wechat', provider: 'wechat' });
    const second = await queued(fx.recipientB);
    expect(await sendMessage(world.db, sender, second)).toBe('sent');
    expect(wechat.tokensIssued()).toBe(1);
    wechat.expireTokens();
    const third = await queued(fx.recipientB);
    expect(await sendMessage(world.db, sender, third)).toBe('sent');
    expect(wechat.tokensIssued()).toBe(2);
  });

  it('takes WeChat’s “not subscribed” as final', async () => {
    await prefer(fx.recipientB, 'wechat', 'oUser-stand-in-openid');
    const id = await queued(fx.recipientB);
    wechat.failNext(43101);
    expect(await sendMessage(world.db, configuredSender(config(), silent), id)).toBe('failed');
    expect(JSON.stringify((await messageRow(id)).provider_answer)).toContain('43101');
  });
});

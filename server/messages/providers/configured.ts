// The senders the configuration gives: a channel's provider when its settings are all there,
// the log sender otherwise (server/messages/senders.ts).
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { channelSender, logSender, type Outgoing, type Sender } from '../senders.js';
import type { MessageEvent } from '../templates.js';
import { tencentSmsSender } from './tencent-sms.js';
import { tencentVoiceSender } from './tencent-voice.js';
import { wechatSubscribeSender, type WechatTemplate } from './wechat-subscribe.js';

/** Which channels have a provider (for the log line at start and the README's check). */
export function configuredChannels(config: Config): Outgoing['channel'][] {
  const tencent = Boolean(config.TENCENTCLOUD_SECRET_ID && config.TENCENTCLOUD_SECRET_KEY);
  return [
    ...(tencent && config.SMS_SDK_APP_ID && config.SMS_SIGN_NAME ? (['sms'] as const) : []),
    ...(tencent && config.VOICE_SDK_APP_ID ? (['voice'] as const) : []),
    ...(config.WECHAT_APP_ID && config.WECHAT_APP_SECRET ? (['wechat'] as const) : []),
  ];
}

/** The sender of every channel under `config`. */
export function configuredSender(config: Config, log: Pick<Logger, 'info'>): Sender {
  const channels = new Set(configuredChannels(config));
  const credentials = { secretId: config.TENCENTCLOUD_SECRET_ID ?? '', secretKey: config.TENCENTCLOUD_SECRET_KEY ?? '' };
  const timeoutMs = config.MESSAGE_PROVIDER_TIMEOUT_MS;
  const senders: Partial<Record<Outgoing['channel'], Sender>> = {};
  if (channels.has('sms')) {
    senders.sms = tencentSmsSender({
      product: { url: config.SMS_ENDPOINT, service: 'sms', version: '2021-01-11', region: config.TENCENTCLOUD_REGION },
      credentials,
      sdkAppId: config.SMS_SDK_APP_ID ?? '',
      signName: config.SMS_SIGN_NAME ?? '',
      templateIds: config.SMS_TEMPLATE_IDS as Partial<Record<MessageEvent, string>>,
      timeoutMs,
    });
  }
  if (channels.has('voice')) {
    senders.voice = tencentVoiceSender({
      product: { url: config.VOICE_ENDPOINT, service: 'vms', version: '2020-09-02', region: config.TENCENTCLOUD_REGION },
      credentials,
      voiceSdkAppId: config.VOICE_SDK_APP_ID ?? '',
      templateIds: config.VOICE_TEMPLATE_IDS as Partial<Record<MessageEvent, string>>,
      timeoutMs,
    });
  }
  if (channels.has('wechat')) {
    senders.wechat = wechatSubscribeSender({
      apiUrl: config.WECHAT_API_URL,
      appId: config.WECHAT_APP_ID ?? '',
      appSecret: config.WECHAT_APP_SECRET ?? '',
      templates: config.WECHAT_TEMPLATES as Partial<Record<MessageEvent, WechatTemplate>>,
      miniprogramState: config.WECHAT_MINIPROGRAM_STATE,
      timeoutMs,
    });
  }
  return channelSender(senders, logSender(log));
}

// SMS through Tencent Cloud SMS (API 3.0, SendSms of version 2021-01-11): one number per
// call, the template the provider approved for the event (SMS_TEMPLATE_IDS) with its
// parameters in the template's order, the signature name (签名) the county registered, and
// the message's key as SessionContext, which the provider's delivery receipt carries back.
import type { MessageEvent } from '../templates.js';
import { templateParams } from '../templates.js';
import { PermanentRefusal, type Handed, type Outgoing, type Sender } from '../senders.js';
import { callTencentCloud, isPermanentTencentError, type TencentCloudProduct } from './tencent-cloud.js';
import type { Tc3Credentials } from './tc3.js';

export interface TencentSmsSettings {
  product: TencentCloudProduct;
  credentials: Tc3Credentials;
  sdkAppId: string;
  signName: string;
  /** The approved template's ID for each event. */
  templateIds: Partial<Record<MessageEvent, string>>;
  timeoutMs: number;
}

/** A mainland number as E.164 (+86…), as the API wants it. */
export function e164(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '');
  return digits.startsWith('+') ? digits : `+86${digits.replace(/^0086/, '')}`;
}

/** The template's parameters, in order, as strings (the API takes an array of strings). */
export function templateParamSet(event: MessageEvent, params: Record<string, string | number>): string[] {
  return templateParams(event).map((name) => String(params[name] ?? ''));
}

/** The approved template of the message's event; none approved is a refusal for good (`setting` names where to add it). */
export function approvedTemplate(templateIds: Partial<Record<MessageEvent, string>>, message: Outgoing, setting: string): string {
  const templateId = templateIds[message.event as MessageEvent];
  if (!templateId) throw new PermanentRefusal(`${message.channel}: no template approved for ${message.event} (${setting})`, { event: message.event });
  return templateId;
}

export function tencentSmsSender(settings: TencentSmsSettings): Sender {
  return {
    async send(message: Outgoing): Promise<Handed> {
      const templateId = approvedTemplate(settings.templateIds, message, 'SMS_TEMPLATE_IDS');
      const answer = await callTencentCloud(
        settings.product,
        settings.credentials,
        'SendSms',
        {
          PhoneNumberSet: [e164(message.address)],
          SmsSdkAppId: settings.sdkAppId,
          SignName: settings.signName,
          TemplateId: templateId,
          TemplateParamSet: templateParamSet(message.event as MessageEvent, message.params),
          SessionContext: message.key,
        },
        settings.timeoutMs,
      );
      const status = (answer.SendStatusSet as { SerialNo?: string; Code?: string; Message?: string }[] | undefined)?.[0];
      if (!status) throw new Error('sms SendSms: an answer without SendStatusSet');
      if (status.Code !== 'Ok') {
        const text = `sms SendSms: ${status.Code} ${status.Message ?? ''}`.trim();
        if (isPermanentTencentError(status.Code ?? '')) throw new PermanentRefusal(text, answer);
        throw new Error(text);
      }
      return { provider: 'tencent-sms', providerMessageId: status.SerialNo ?? '', answer };
    },
  };
}
